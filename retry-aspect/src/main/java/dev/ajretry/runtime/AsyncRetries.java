package dev.ajretry.runtime;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Where asynchronous retries wait and run: methods returning a {@code CompletionStage} or {@code CompletableFuture}
 * never block a thread between attempts; the next attempt is scheduled instead.
 *
 * <ul>
 *   <li>The first attempt runs on the caller's thread, inside the call.</li>
 *   <li>Each later attempt runs when its wait is over, on the scheduler's thread by default, or handed to the
 *       executor set with {@link #useExecutor(Executor)}.</li>
 * </ul>
 * The default scheduler is shared by the whole JVM, created at first use, with {@value #DEFAULT_THREADS} daemon
 * threads named {@code ajretry-scheduler-N}. Its threads only start attempts (which should themselves be
 * non-blocking: that is why the method returns a stage); they never sleep. Replace it with
 * {@link #useScheduler(ScheduledExecutorService)}. Thread-safe.
 */
public final class AsyncRetries {

    /** Threads of the default scheduler. */
    public static final int DEFAULT_THREADS = 2;

    /** The user's scheduler, or null for the default one. */
    private static volatile ScheduledExecutorService scheduler;
    /** The shared default scheduler, created at first use and kept (replacing it with a user's does not stop it). */
    private static volatile ScheduledExecutorService defaultScheduler;
    private static volatile Executor executor;
    private static final AtomicInteger THREADS = new AtomicInteger();

    private AsyncRetries() {
    }

    /** Schedules with the user's scheduler if one is set, else the shared default one (created on first use). */
    public static ScheduledExecutorService scheduler() {
        ScheduledExecutorService users = scheduler;
        if (users != null) {
            return users;
        }
        ScheduledExecutorService shared = defaultScheduler;
        if (shared == null) {
            synchronized (AsyncRetries.class) {
                if (defaultScheduler == null) {
                    ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(DEFAULT_THREADS, daemons());
                    // A cancelled call's pending retry must not stay in the queue until its wait is over.
                    pool.setRemoveOnCancelPolicy(true);
                    defaultScheduler = pool;
                }
                shared = defaultScheduler;
            }
        }
        return shared;
    }

    /** Uses {@code scheduler} for the waits of asynchronous retries from now on; null restores the default one. */
    public static synchronized void useScheduler(ScheduledExecutorService scheduler) {
        AsyncRetries.scheduler = scheduler;
    }

    /**
     * Runs retried attempts on {@code executor} once their wait is over, instead of on the scheduler's thread; null
     * restores the default. Use it when an attempt does noticeable work before returning its stage.
     */
    public static synchronized void useExecutor(Executor executor) {
        AsyncRetries.executor = executor;
    }

    /** Runs {@code task} after {@code delay}: on the scheduler, then on the executor if one is set. */
    public static Future<?> schedule(Runnable task, Duration delay) {
        Executor handOff = executor;
        Runnable run = handOff == null ? task : () -> handOff.execute(task);
        long nanos = delay.toNanos();
        return scheduler().schedule(run, nanos, TimeUnit.NANOSECONDS);
    }

    private static ThreadFactory daemons() {
        return task -> {
            Thread thread = new Thread(task, "ajretry-scheduler-" + THREADS.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
