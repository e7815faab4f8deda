package dev.ajretry.internal.env;

import dev.ajretry.RetryEvent;
import dev.ajretry.RetryListener;
import dev.ajretry.internal.text.Texts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
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
 * The one home of ajretry's JVM-wide state: how calls wait (the waiter), where asynchronous attempts run (the
 * scheduler and executor), who listens (the listeners), the named retry budgets, the application's retryable
 * classes and the operators' overrides. The public facades of {@code dev.ajretry.runtime} read and change it; the
 * engine reads it. {@link #reset()} puts all of it back as at start, for tests; {@link #shutdown()} stops the
 * threads ajretry started, for containers.
 *
 * <p>Reads on a call's path are lock-free (a volatile or opaque read); changes are rare and synchronized on this
 * class. No user code runs under that lock. Internal: no compatibility promise; used by the aspect, the engine and
 * the runtime facades only.
 */
public final class Environment {

    private static final Logger LOG = LoggerFactory.getLogger(Environment.class);

    /** Threads of the default scheduler. */
    public static final int DEFAULT_THREADS = 2;

    private Environment() {
    }

    // ---- waiting -------------------------------------------------------------------------------------------------

    /** Really sleeps; returns at once for a zero wait (after checking the interrupt, as a sleep would). */
    public static final Waiter REAL = new Waiter() {
        @Override
        public void sleep(long nanos) throws InterruptedException {
            if (nanos > 0) {
                TimeUnit.NANOSECONDS.sleep(nanos);
            } else if (Thread.interrupted()) {
                throw new InterruptedException();
            }
        }

        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public Future<?> schedule(Runnable task, long nanos) {
            return Environment.schedule(task, nanos);
        }

        @Override
        public String toString() {
            return "real time";
        }
    };

    private static volatile Waiter waiter = REAL;
    private static final ThreadLocal<Waiter> WAITER_ON_THREAD = new ThreadLocal<>();
    // Read before the thread-local so that a JVM where nobody installs per-thread waiters never pays for the lookup.
    private static final AtomicInteger THREAD_WAITERS = new AtomicInteger();

    /** The waiter of the current thread: its own if one is installed, else the JVM-wide one. */
    public static Waiter waiter() {
        if (THREAD_WAITERS.get() > 0) {
            Waiter own = WAITER_ON_THREAD.get();
            if (own != null) {
                return own;
            }
        }
        return waiter;
    }

    /** Installs {@code installed} for every thread; the returned action restores the one there before. */
    public static synchronized Runnable installWaiter(Waiter installed) {
        Waiter previous = waiter;
        waiter = installed;
        return () -> {
            synchronized (Environment.class) {
                waiter = previous;
            }
        };
    }

    /** Installs {@code installed} for the current thread; the returned action (on this thread) restores it. */
    public static Runnable installWaiterOnThisThread(Waiter installed) {
        Waiter previous = WAITER_ON_THREAD.get();
        Thread owner = Thread.currentThread();
        WAITER_ON_THREAD.set(installed);
        THREAD_WAITERS.incrementAndGet();
        return () -> {
            if (Thread.currentThread() != owner) {
                throw new IllegalStateException("a per-thread sleeper must be uninstalled on " + owner.getName());
            }
            if (previous == null) {
                WAITER_ON_THREAD.remove();
            } else {
                WAITER_ON_THREAD.set(previous);
            }
            THREAD_WAITERS.decrementAndGet();
        };
    }

    // ---- scheduling ----------------------------------------------------------------------------------------------

    /** The user's scheduler, or null for the default one. */
    private static volatile ScheduledExecutorService scheduler;
    /** The default scheduler, created at first use; stopped by {@link #shutdown()}, created again if needed. */
    private static ScheduledThreadPoolExecutor defaultScheduler;
    private static volatile Executor executor;
    private static final AtomicInteger SCHEDULER_THREADS = new AtomicInteger();

    /** The user's scheduler if one is set, else the default one (created on first use). */
    public static ScheduledExecutorService scheduler() {
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
            super(DEFAULT_THREADS, daemons());
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
    public static synchronized void useScheduler(ScheduledExecutorService users) {
        scheduler = users;
    }

    /** Runs retried attempts on {@code users} once their wait is over; null runs them on the scheduler's thread. */
    public static synchronized void useExecutor(Executor users) {
        executor = users;
    }

    /**
     * Runs {@code task} after {@code nanos}: on the scheduler, then on the executor if one is set. If the executor
     * rejects it then, a {@link Droppable} task is told so; a plain one's rejection is thrown on the scheduler's
     * thread, where nobody sees it.
     *
     * @throws java.util.concurrent.RejectedExecutionException if the scheduler rejects it now
     */
    public static Future<?> schedule(Runnable task, long nanos) {
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

    // ---- listeners -----------------------------------------------------------------------------------------------

    private static volatile RetryListener[] listeners = loadServices(Thread.currentThread().getContextClassLoader());
    /**
     * The listeners that want first-attempt successes; empty almost always, read on every successful call. Read
     * through an opaque access, not a volatile one: a call needs no ordering with the registration, only to see it
     * soon (opaque reads are not hoisted out of loops), and it saves a barrier on every successful call.
     */
    private static RetryListener[] successListeners = successListeners(listeners);
    private static final VarHandle SUCCESS_LISTENERS;

    static {
        try {
            SUCCESS_LISTENERS = MethodHandles.lookup().findStaticVarHandle(Environment.class, "successListeners",
                    RetryListener[].class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Registers {@code listener}; the returned action unregisters it. */
    public static synchronized Runnable addListener(RetryListener listener) {
        if (listener == null) {
            throw new NullPointerException("listener");
        }
        RetryListener[] grown = Arrays.copyOf(listeners, listeners.length + 1);
        grown[grown.length - 1] = listener;
        setListeners(grown);
        return () -> removeListener(listener);
    }

    private static synchronized void removeListener(RetryListener listener) {
        List<RetryListener> kept = new ArrayList<>(Arrays.asList(listeners));
        for (int i = 0; i < kept.size(); i++) {
            if (kept.get(i) == listener) {
                kept.remove(i);
                break;
            }
        }
        setListeners(kept.toArray(new RetryListener[0]));
    }

    private static void setListeners(RetryListener[] all) {
        listeners = all;
        SUCCESS_LISTENERS.setVolatile(successListeners(all));
    }

    private static RetryListener[] successListeners(RetryListener[] all) {
        return Arrays.stream(all).filter(RetryListener::wantsFirstAttemptSuccesses).toArray(RetryListener[]::new);
    }

    /** True if any listener is registered: only then are events built. */
    public static boolean anyListener() {
        return listeners.length > 0;
    }

    /** A call succeeded at its first attempt: tells the listeners that asked for it (usually none: one read). */
    public static void firstAttemptSucceeded(Method method) {
        RetryListener[] wanting = (RetryListener[]) SUCCESS_LISTENERS.getOpaque();
        if (wanting.length == 0) {
            return;
        }
        for (RetryListener listener : wanting) {
            try {
                listener.onFirstAttemptSuccess(method);
            } catch (Throwable e) {
                listenerFailed(listener, "a first-attempt success", method.toString(), e);
            }
        }
    }

    /** Tells every listener; a listener that throws is logged and skipped. */
    public static void publish(RetryEvent event) {
        for (RetryListener listener : listeners) {
            try {
                switch (event.kind()) {
                    case RETRY:
                        listener.onRetry(event);
                        break;
                    case SUCCESS:
                        listener.onSuccess(event);
                        break;
                    default:
                        listener.onGiveUp(event);
                        break;
                }
            } catch (Throwable e) {
                listenerFailed(listener, "a " + event.kind() + " event", event.description(), e);
            }
        }
    }

    /**
     * Logs that {@code listener} threw {@code thrown}, with its stack trace if the logger can print it. Anything a
     * listener throws, sneaky checked exceptions and errors included, is logged and skipped: a listener never breaks
     * the call. Only the {@link Texts#isFatal fatal} errors go on.
     */
    private static void listenerFailed(RetryListener listener, String moment, String method, Throwable thrown) {
        if (Texts.isFatal(thrown)) {
            throw (VirtualMachineError) thrown;
        }
        String name = listener.getClass().getName();
        try {
            LOG.warn("Retry listener {} threw on {} of {}; ignored", name, moment, method, thrown);
        } catch (Throwable unprintable) {
            if (Texts.isFatal(unprintable)) {
                throw unprintable;
            }
            // The logger could not print the exception (logback reads the message of the exception, its causes and
            // its suppressed, and one of them throws or overflows the stack): say what happened without it.
            LOG.warn("Retry listener {} threw {} on {} of {}; ignored (its stack trace cannot be printed: {})", name,
                    Texts.text(thrown), moment, method, Texts.text(unprintable));
        }
    }

    static RetryListener[] loadServices(ClassLoader loader) {
        List<RetryListener> found = new ArrayList<>();
        try {
            for (RetryListener listener : ServiceLoader.load(RetryListener.class, loader)) {
                found.add(listener);
            }
        } catch (ServiceConfigurationError e) {
            LOG.error("Could not load the RetryListener services; no service-loaded listener is active", e);
        }
        return found.toArray(new RetryListener[0]);
    }

    // ---- retry budgets -------------------------------------------------------------------------------------------

    /** Tokens of a budget nobody sized. */
    public static final int DEFAULT_MAX_TOKENS = 10;
    /** Tokens a success earns back, for a budget nobody sized. */
    public static final double DEFAULT_TOKEN_RATIO = 0.1;

    private static final Map<String, TokenBucket> BUDGETS = new ConcurrentHashMap<>();

    /** The budget {@code name}, created with these sizes if it does not exist yet. */
    public static TokenBucket budget(String name, int maxTokens, double tokenRatio) {
        return BUDGETS.computeIfAbsent(name, n -> new TokenBucket(n, maxTokens, tokenRatio));
    }

    /** The budget {@code name}, or null if no method named it and nobody configured it. */
    public static TokenBucket findBudget(String name) {
        return BUDGETS.get(name);
    }

    // ---- the application's retryable classes ---------------------------------------------------------------------

    private static volatile Class<?>[] retryable = new Class<?>[0];

    /** Marks {@code classes} (and their subclasses) retryable for every method. */
    public static synchronized void addRetryable(Class<?>... classes) {
        Class<?>[] grown = Arrays.copyOf(retryable, retryable.length + classes.length);
        for (int i = 0; i < classes.length; i++) {
            if (classes[i] == null) {
                throw new NullPointerException("classes[" + i + "]");
            }
            grown[retryable.length + i] = classes[i];
        }
        retryable = grown;
    }

    /** Forgets every class marked retryable. */
    public static synchronized void clearRetryable() {
        retryable = new Class<?>[0];
    }

    /** The classes marked retryable, in registration order. */
    public static List<Class<?>> retryable() {
        return List.of(retryable);
    }

    /** True if {@code failure} is an instance of a class marked retryable. */
    public static boolean isRetryable(Throwable failure) {
        for (Class<?> c : retryable) {
            if (c.isInstance(failure)) {
                return true;
            }
        }
        return false;
    }

    // ---- operators' overrides ------------------------------------------------------------------------------------

    private static volatile Overrides overrides;

    /** The overrides in force, read at first use. */
    public static Overrides overrides() {
        Overrides current = overrides;
        if (current == null) {
            synchronized (Environment.class) {
                if (overrides == null) {
                    overrides = Overrides.load(Thread.currentThread().getContextClassLoader());
                }
                current = overrides;
            }
        }
        return current;
    }

    // ---- lifecycle -----------------------------------------------------------------------------------------------

    private static final List<Runnable> RESET_HOOKS = new CopyOnWriteArrayList<>();

    /** Runs {@code hook} at every {@link #reset()}: how the engine's caches (built policies) are forgotten. */
    public static void whenReset(Runnable hook) {
        RESET_HOOKS.add(hook);
    }

    /**
     * Puts the JVM-wide state back as at start: the real sleeper for every thread, the default scheduler and no
     * executor, only the service-loaded listeners, no budget, no retryable class, the overrides read again, and
     * every method's policy built again at its next call. Per-thread sleepers are left to the code that installed
     * them. For tests; calls running meanwhile see either state.
     */
    public static synchronized void reset() {
        waiter = REAL;
        scheduler = null;
        executor = null;
        setListeners(loadServices(Thread.currentThread().getContextClassLoader()));
        BUDGETS.clear();
        clearRetryable();
        overrides = null;
        for (Runnable hook : RESET_HOOKS) {
            hook.run();
        }
    }

    /**
     * Stops the threads ajretry started (the default scheduler's), for a container that undeploys the application.
     * Call it once the application makes no more calls. An asynchronous call still waiting for its next attempt
     * does not get it: it ends now, on this thread, as a call whose next attempt was rejected does (with its last
     * failure, a {@link RejectedExecutionException} saying so attached, or its recovery; reason
     * {@code HAND_OFF_FAILED}); attempts running on the scheduler's threads are interrupted. A later asynchronous
     * retry starts a new scheduler. A user's scheduler is the user's to stop.
     */
    public static void shutdown() {
        ScheduledThreadPoolExecutor pool;
        synchronized (Environment.class) {
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
