package dev.ajretry.runtime;

import dev.ajretry.internal.env.Environment;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;

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
 * {@link #useScheduler(ScheduledExecutorService)}; stop its threads with {@link RetryEnvironment#shutdown()}.
 * Thread-safe.
 */
public final class AsyncRetries {

    /** Threads of the default scheduler. */
    public static final int DEFAULT_THREADS = Environment.DEFAULT_THREADS;

    private AsyncRetries() {
    }

    /** The user's scheduler if one is set, else the shared default one (created on first use). */
    public static ScheduledExecutorService scheduler() {
        return Environment.scheduler();
    }

    /**
     * Uses {@code scheduler} for the waits of asynchronous retries from now on; null restores the default one. A
     * call whose next wait the scheduler rejects (it is shut down) ends at once with its last failure, the
     * {@link java.util.concurrent.RejectedExecutionException} attached as suppressed. Tasks it drops without a word
     * ({@code shutdownNow()}) cannot be seen: those calls stay pending, so stop it with {@code shutdown()} (which lets
     * delayed tasks run by default) once no call is waiting. With {@code setRemoveOnCancelPolicy(true)}, a call that
     * ends early (its future cancelled or completed by the caller) takes its pending wait out of the queue at once.
     */
    public static void useScheduler(ScheduledExecutorService scheduler) {
        Environment.useScheduler(scheduler);
    }

    /**
     * Runs retried attempts on {@code executor} once their wait is over, instead of on the scheduler's thread; null
     * restores the default. Use it when an attempt does noticeable work before returning its stage. If it rejects an
     * attempt (throws from {@code execute}), that call ends at once with its last failure, the rejection attached as
     * suppressed (give-up reason {@code HAND_OFF_FAILED}).
     */
    public static void useExecutor(Executor executor) {
        Environment.useExecutor(executor);
    }

    /** Runs {@code task} after {@code delay}: on the scheduler, then on the executor if one is set. */
    static Future<?> schedule(Runnable task, Duration delay) {
        return Environment.schedule(task, delay.toNanos());
    }
}
