package dev.ajretry.internal.env;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.Delayed;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.RunnableScheduledFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Where asynchronous attempts wait and run: the user's scheduler or the default one, and the user's executor; part
 * of the {@link Environment}, which is the only class that uses it.
 */
final class Scheduling {

    private static final Logger LOG = LoggerFactory.getLogger(Scheduling.class);

    private Scheduling() {
    }

    /** The user's scheduler, or null for the default one. */
    private static volatile ScheduledExecutorService scheduler;
    /** The default scheduler, created at first use; stopped by {@link #shutdown()}, created again if needed. */
    private static ScheduledThreadPoolExecutor defaultScheduler;
    private static volatile Executor executor;
    private static final AtomicInteger SCHEDULER_THREADS = new AtomicInteger();

    /** The user's scheduler if one is set, else the default one (created on first use). */
    static ScheduledExecutorService scheduler() {
        ScheduledExecutorService users = scheduler;
        return users != null ? users : defaultScheduler();
    }

    private static synchronized ScheduledExecutorService defaultScheduler() {
        if (defaultScheduler == null || defaultScheduler.isShutdown()) {
            defaultScheduler = new DefaultScheduler();
        }
        return defaultScheduler;
    }

    /**
     * The default scheduler. A cancelled task leaves its queue at once (a call that ended must not keep its pending
     * retry, and the call's memory, until the wait is over); and a {@link Droppable} task is queued in a
     * {@link Queued} wrapper that remembers it, so that {@link #shutdown()} can tell the tasks it drops.
     */
    private static final class DefaultScheduler extends ScheduledThreadPoolExecutor {
        DefaultScheduler() {
            super(Environment.DEFAULT_THREADS, daemons());
            setRemoveOnCancelPolicy(true);
        }

        @Override
        protected <V> RunnableScheduledFuture<V> decorateTask(Runnable runnable, RunnableScheduledFuture<V> task) {
            return runnable instanceof Droppable ? new Queued<>(this, task, (Droppable) runnable) : task;
        }
    }

    /** A droppable task in the default scheduler's queue: the pool's own task, and the droppable it runs. */
    private static final class Queued<V> implements RunnableScheduledFuture<V> {
        final ScheduledThreadPoolExecutor pool;
        final RunnableScheduledFuture<V> task;
        final Droppable droppable;

        Queued(ScheduledThreadPoolExecutor pool, RunnableScheduledFuture<V> task, Droppable droppable) {
            this.pool = pool;
            this.task = task;
            this.droppable = droppable;
        }

        @Override
        public void run() {
            task.run();
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            boolean cancelled = task.cancel(mayInterruptIfRunning);
            // The pool's remove-on-cancel looks for its own task, which is not in the queue: this wrapper is.
            if (cancelled) {
                pool.remove(this);
            }
            return cancelled;
        }

        @Override
        public boolean isCancelled() {
            return task.isCancelled();
        }

        @Override
        public boolean isDone() {
            return task.isDone();
        }

        @Override
        public V get() throws InterruptedException, ExecutionException {
            return task.get();
        }

        @Override
        public V get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException, TimeoutException {
            return task.get(timeout, unit);
        }

        @Override
        public long getDelay(TimeUnit unit) {
            return task.getDelay(unit);
        }

        @Override
        public int compareTo(Delayed other) {
            return task.compareTo(other instanceof Queued ? ((Queued<?>) other).task : other);
        }

        @Override
        public boolean isPeriodic() {
            return task.isPeriodic();
        }
    }

    /** Uses {@code users} for the waits of asynchronous retries from now on; null restores the default one. */
    static synchronized void useScheduler(ScheduledExecutorService users) {
        scheduler = users;
    }

    /** Runs retried attempts on {@code users} once their wait is over; null runs them on the scheduler's thread. */
    static synchronized void useExecutor(Executor users) {
        executor = users;
    }

    /**
     * Runs {@code task} after {@code nanos}: on the scheduler, then on the executor if one is set. If the executor
     * rejects it then, a {@link Droppable} task is told so; a plain one's rejection is thrown on the scheduler's
     * thread, where nobody sees it.
     *
     * @throws java.util.concurrent.RejectedExecutionException if the scheduler rejects it now
     */
    static Future<?> schedule(Runnable task, long nanos) {
        Executor handOff = executor;
        Runnable run = handOff == null ? task : new HandOff(handOff, task);
        return scheduler().schedule(run, nanos, TimeUnit.NANOSECONDS);
    }

    /** Hands {@code task} to the user's executor once its wait is over; droppable, as the task is. */
    private static final class HandOff implements Droppable {
        private final Executor executor;
        private final Runnable task;

        HandOff(Executor executor, Runnable task) {
            this.executor = executor;
            this.task = task;
        }

        @Override
        public void run() {
            try {
                executor.execute(task);
            } catch (Throwable rejected) {
                // Usually a RejectedExecutionException (shut down, or full), but an executor may throw anything.
                if (!(task instanceof Droppable)) {
                    throw rejected;
                }
                ((Droppable) task).dropped(rejected);
            }
        }

        @Override
        public void dropped(Throwable why) {
            if (task instanceof Droppable) {
                ((Droppable) task).dropped(why);
            }
        }
    }

    @SuppressWarnings("removal") // AccessController: until JDK 24, a new thread captures its creator's context
    private static ThreadFactory daemons() {
        return task -> java.security.AccessController.doPrivileged(
                (java.security.PrivilegedAction<Thread>) () -> newDaemon(task));
    }

    /**
     * A scheduler thread that keeps nothing of the application whose call happened to start it: not its context
     * class loader, and (created in a privileged block) not its access control context, whose protection domains
     * reference its class loader. A long-lived thread holding either would keep an undeployed application in memory.
     */
    private static Thread newDaemon(Runnable task) {
        Thread thread = new Thread(task, "ajretry-scheduler-" + SCHEDULER_THREADS.incrementAndGet());
        thread.setDaemon(true);
        thread.setContextClassLoader(Environment.class.getClassLoader());
        return thread;
    }

    /** No user scheduler nor executor: the default ones. */
    static synchronized void reset() {
        scheduler = null;
        executor = null;
    }

    /** Stops the default scheduler; the calls whose next attempt it drops end now (see Environment#shutdown). */
    static void shutdown() {
        ScheduledThreadPoolExecutor pool;
        synchronized (Scheduling.class) {
            pool = defaultScheduler;
            defaultScheduler = null;
        }
        if (pool == null) {
            return;
        }
        for (Runnable dropped : pool.shutdownNow()) {
            if (dropped instanceof Queued) {
                try {
                    ((Queued<?>) dropped).droppable.dropped(new RejectedExecutionException("ajretry's scheduler was"
                            + " shut down (RetryEnvironment.shutdown()) before the next attempt of this call"));
                } catch (RuntimeException e) {
                    LOG.warn("A call dropped by the shutdown of ajretry's scheduler failed to end; ignored", e);
                }
            }
        }
    }
}
