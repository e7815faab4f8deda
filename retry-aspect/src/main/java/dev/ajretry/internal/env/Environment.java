package dev.ajretry.internal.env;

import dev.ajretry.RetryConfigurationException;
import dev.ajretry.RetryEvent;
import dev.ajretry.RetryListener;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The one home of ajretry's JVM-wide state: how calls wait (the waiter), where asynchronous attempts run (the
 * scheduler and executor), who listens (the listeners), the named retry budgets, the application's retryable
 * classes and the operators' overrides. The public facades of {@code dev.ajretry.runtime} read and change it; the
 * engine reads it. {@link #reset()} puts all of it back as at start, for tests; {@link #shutdown()} stops the
 * threads ajretry started, for containers.
 *
 * <p>The scheduling part lives in {@link Scheduling} and the listeners in {@link Listeners}, package-private parts of
 * this root that only it calls. Reads on a call's path are lock-free (a volatile or opaque read); changes are rare
 * and synchronized. No user code runs under that lock. Internal: no compatibility promise; used by the aspect, the engine and
 * the runtime facades only.
 */
public final class Environment {

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

    /** The user's scheduler if one is set, else the default one (created on first use). */
    public static ScheduledExecutorService scheduler() {
        return Scheduling.scheduler();
    }

    /** Uses {@code users} for the waits of asynchronous retries from now on; null restores the default one. */
    public static void useScheduler(ScheduledExecutorService users) {
        Scheduling.useScheduler(users);
    }

    /** Runs retried attempts on {@code users} once their wait is over; null runs them on the scheduler's thread. */
    public static void useExecutor(Executor users) {
        Scheduling.useExecutor(users);
    }

    /**
     * Runs {@code task} after {@code nanos}: on the scheduler, then on the executor if one is set. A
     * {@link Droppable} task is told when it will never run (rejected by the executor, dropped by a shutdown).
     */
    public static Future<?> schedule(Runnable task, long nanos) {
        return Scheduling.schedule(task, nanos);
    }

    /**
     * Runs {@code task} after {@code nanos} of real time on the scheduler's own thread, never handed to the executor:
     * for the timer of a blocking attempt, whose only work is to interrupt a thread, and must not wait in a queue of
     * attempts. Real time whatever the sleeper: an attempt's timeout measures what the attempt really takes.
     *
     * @throws java.util.concurrent.RejectedExecutionException if the scheduler rejects it
     */
    public static Future<?> time(Runnable task, long nanos) {
        return Scheduling.scheduler().schedule(task, nanos, TimeUnit.NANOSECONDS);
    }

    // ---- listeners -----------------------------------------------------------------------------------------------

    /** Registers {@code listener}; the returned action unregisters it. */
    public static Runnable addListener(RetryListener listener) {
        return Listeners.addListener(listener);
    }

    /** True if any listener is registered: only then are events built. */
    public static boolean anyListener() {
        return Listeners.anyListener();
    }

    /** True if a listener wants first-attempt successes (usually none: one opaque read). */
    public static boolean anyFirstAttemptListener() {
        return Listeners.anyFirstAttemptListener();
    }

    /** A call succeeded at its first attempt: tells the listeners that asked for it. */
    public static void firstAttemptSucceeded(Method method) {
        Listeners.firstAttemptSucceeded(method);
    }

    /** Tells every listener; a listener that throws is logged and skipped, whatever it threw. */
    public static void publish(RetryEvent event) {
        Listeners.publish(event);
    }

    static RetryListener[] loadServices(ClassLoader loader) {
        return Listeners.loadServices(loader);
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

    /** Every budget that exists now, by name. */
    public static List<TokenBucket> budgets() {
        List<TokenBucket> all = new ArrayList<>(BUDGETS.values());
        all.sort(Comparator.comparing(TokenBucket::name));
        return all;
    }

    // ---- the application's retryable classes ---------------------------------------------------------------------

    private static volatile Class<?>[] retryable = new Class<?>[0];
    /** The classes {@code ajretry.retryable} names, replaced whenever the overrides are read again. */
    private static volatile Class<?>[] retryableByOverrides = new Class<?>[0];

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
        retryableByOverrides = new Class<?>[0];
    }

    /** The classes marked retryable: by the overrides ({@code ajretry.retryable}), then in registration order. */
    public static List<Class<?>> retryable() {
        List<Class<?>> all = new ArrayList<>(List.of(retryableByOverrides));
        all.addAll(List.of(retryable));
        return List.copyOf(all);
    }

    /** True if {@code failure} is an instance of a class marked retryable. */
    public static boolean isRetryable(Throwable failure) {
        return isInstanceOfAny(retryableByOverrides, failure) || isInstanceOfAny(retryable, failure);
    }

    private static boolean isInstanceOfAny(Class<?>[] classes, Throwable failure) {
        for (Class<?> c : classes) {
            if (c.isInstance(failure)) {
                return true;
            }
        }
        return false;
    }

    // ---- operators' overrides ------------------------------------------------------------------------------------

    private static volatile Overrides overrides;
    /** Why the overrides could not be read: kept, so that the file is read once even when it is unusable. */
    private static RetryConfigurationException overridesFailure;
    /**
     * Overrides installed from outside ({@link #installOverrides}), oldest first: only the newest is in force, so
     * that the source installed last (the application context started last) decides, and closing it brings back the
     * one before.
     */
    private static final List<Map<String, Overrides.Value>> EXTERNAL = new ArrayList<>();

    /**
     * The overrides in force, read at first use. If they cannot be read (a malformed file, an invalid global value),
     * every call throws the same {@link RetryConfigurationException} until the next {@link #reset()}; the file is
     * not read again.
     */
    public static Overrides overrides() {
        Overrides current = overrides;
        if (current == null) {
            synchronized (Environment.class) {
                if (overrides == null) {
                    if (overridesFailure != null) {
                        throw overridesFailure;
                    }
                    try {
                        overrides = loadOverrides();
                    } catch (RetryConfigurationException e) {
                        overridesFailure = e;
                        throw e;
                    }
                }
                current = overrides;
            }
        }
        return current;
    }

    /** Reads the overrides now, with the newest external source, and marks their retryable classes. */
    private static Overrides loadOverrides() {
        Map<String, Overrides.Value> external = EXTERNAL.isEmpty() ? Map.of() : EXTERNAL.get(EXTERNAL.size() - 1);
        Overrides loaded = Overrides.load(Thread.currentThread().getContextClassLoader(), external);
        retryableByOverrides = loaded.retryable().toArray(new Class<?>[0]);
        return loaded;
    }

    /**
     * Installs {@code values} (full keys, such as {@code ajretry.com.acme.Client.tries}, with the origin messages
     * name) as the overrides' external source: above {@code ajretry.properties}, below system properties. Read and
     * checked now, on this thread (its context class loader finds the classes keys name), so that an invalid global
     * value fails here, where the application starts, and nothing is installed. Every policy built before is
     * forgotten and built again at its method's next call, so it does not matter whether a method was called
     * before; a budget that exists already keeps its sizes. The returned action removes the source (then the one
     * installed before it, if still installed, is in force again) and forgets the policies again. Several sources
     * may be installed at once: the newest wins, whole, over the others.
     *
     * @throws RetryConfigurationException if the file cannot be read or a global value is invalid
     */
    public static Runnable installOverrides(Map<String, Overrides.Value> values) {
        Map<String, Overrides.Value> installed = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(values));
        synchronized (Environment.class) {
            EXTERNAL.add(installed);
            try {
                overrides = loadOverrides();
                overridesFailure = null;
            } catch (RetryConfigurationException e) {
                EXTERNAL.remove(EXTERNAL.size() - 1);
                overrides = null;
                overridesFailure = null;
                throw e;
            }
            forgetPolicies();
        }
        return () -> {
            synchronized (Environment.class) {
                // By identity: two sources with equal contents are still two installations.
                if (EXTERNAL.removeIf(source -> source == installed)) {
                    overrides = null; // read again at the next use, so that closing never throws
                    overridesFailure = null;
                    forgetPolicies();
                }
            }
        };
    }

    // ---- lifecycle -----------------------------------------------------------------------------------------------

    private static final List<Runnable> RESET_HOOKS = new CopyOnWriteArrayList<>();

    /**
     * Runs {@code hook} at every {@link #reset()} and whenever the overrides' external source changes: how the
     * engine's caches (built policies) are forgotten.
     */
    public static void whenReset(Runnable hook) {
        RESET_HOOKS.add(hook);
    }

    /**
     * Puts the JVM-wide state back as at start: the real sleeper for every thread, the default scheduler and no
     * executor, only the service-loaded listeners, no budget, no retryable class, the overrides read again (an
     * installed external source stays installed: only its own removal takes it away), and every method's policy
     * built again at its next call. Per-thread sleepers are left to the code that installed
     * them. For tests; calls running meanwhile see either state.
     */
    public static synchronized void reset() {
        waiter = REAL;
        Scheduling.reset();
        Listeners.reset();
        BUDGETS.clear();
        clearRetryable();
        overrides = null;
        overridesFailure = null;
        forgetPolicies();
    }

    private static void forgetPolicies() {
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
        Scheduling.shutdown();
    }
}
