package dev.ajretry.reactor;

import dev.ajretry.internal.env.Waiter;
import reactor.core.Disposable;
import reactor.core.scheduler.Scheduler;

import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The clock of a Reactor call's deadline ({@code maxDuration}) and history, when no test sleeper is installed. A
 * scheduler that keeps its own time, as reactor-test's {@code VirtualTimeScheduler} does, tells it: a test's virtual
 * time then moves the deadline as it moves the waits. Reactor's own schedulers tell wall-clock time
 * ({@code Scheduler.now}'s default reads {@code System.currentTimeMillis()}), which a deadline must not follow (it
 * jumps when the system clock is set): for them, {@link System#nanoTime()}.
 *
 * <p>A clock, and for a hedged {@code Mono} the scheduler of its waits too; the other calls' waits are scheduled by
 * {@link ReactorCall} itself, with {@code Mono.delay}.
 */
final class SchedulerClock implements Waiter {

    /** Per scheduler class: whether it overrides {@code now}, i.e. keeps a time of its own. */
    private static final ClassValue<Boolean> OWN_TIME = new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
            try {
                return type.getMethod("now", TimeUnit.class).getDeclaringClass() != Scheduler.class;
            } catch (NoSuchMethodException | SecurityException e) {
                return false;
            }
        }
    };

    private final Scheduler scheduler;
    private final boolean ownTime;

    SchedulerClock(Scheduler scheduler) {
        this.scheduler = scheduler;
        this.ownTime = OWN_TIME.get(unwrapped(scheduler).getClass());
    }

    /**
     * {@code Schedulers.parallel()} returns Reactor's cached wrapper, which delegates {@code now} whatever the
     * scheduler inside does; the wrapper hands out that scheduler as a {@code Supplier}.
     */
    private static Scheduler unwrapped(Scheduler scheduler) {
        if (scheduler instanceof Supplier) {
            Object inner = ((Supplier<?>) scheduler).get();
            if (inner instanceof Scheduler) {
                return (Scheduler) inner;
            }
        }
        return scheduler;
    }

    @Override
    public long nanoTime() {
        return ownTime ? scheduler.now(TimeUnit.NANOSECONDS) : System.nanoTime();
    }

    @Override
    public void sleep(long nanos) {
        throw new UnsupportedOperationException("a Reactor call never blocks a thread to wait");
    }

    /**
     * For a hedged Mono only, whose waits the engine's hedging driver schedules (the others use {@code Mono.delay}):
     * on this scheduler, so that virtual time moves them too.
     */
    @Override
    public Future<?> schedule(Runnable task, long nanos) {
        Disposable scheduled = scheduler.schedule(task, nanos, TimeUnit.NANOSECONDS);
        return new Scheduled(scheduled);
    }

    /** A scheduler's {@link Disposable} as the {@link Future} the engine cancels. */
    private static final class Scheduled implements Future<Object> {
        private final Disposable disposable;
        private volatile boolean cancelled;

        Scheduled(Disposable disposable) {
            this.disposable = disposable;
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            cancelled = true;
            disposable.dispose();
            return true;
        }

        @Override
        public boolean isCancelled() {
            return cancelled;
        }

        @Override
        public boolean isDone() {
            return disposable.isDisposed();
        }

        @Override
        public Object get() {
            throw new UnsupportedOperationException("a scheduled wait has no value");
        }

        @Override
        public Object get(long timeout, TimeUnit unit) {
            throw new UnsupportedOperationException("a scheduled wait has no value");
        }
    }
}
