package dev.ajretry.runtime;

import java.time.Duration;
import java.util.concurrent.Future;

/**
 * How a retried call waits between attempts, and the monotonic clock those waits and {@code maxDuration} deadlines
 * are measured against. The engine asks the {@link Sleepers#current() current} sleeper for
 * every wait, zero waits included, so a test sleeper sees the whole schedule; the default sleeper returns at once
 * for a zero wait instead of calling {@code Thread.sleep(0)}.
 *
 * <p>Replace it in tests ({@link RecordingSleeper}) to assert the exact waits without sleeping.
 * Implementations must be thread-safe when installed for every thread.
 */
@FunctionalInterface
public interface Sleeper {

    /**
     * Waits for {@code wait}, or less if interrupted.
     *
     * @param wait how long, never negative, possibly {@link Duration#ZERO}
     * @throws InterruptedException if the thread is interrupted before or while waiting; the engine then stops
     *                              retrying, sets the thread's interrupt flag again and throws the last failure
     */
    void sleep(Duration wait) throws InterruptedException;

    /**
     * The current time of a monotonic clock, in nanoseconds, as {@link System#nanoTime()}: only differences between
     * two readings mean something. A test sleeper overrides it to give a virtual clock that waits advance.
     */
    default long nanoTime() {
        return System.nanoTime();
    }

    /**
     * Runs {@code task} after {@code delay} without blocking the caller: how an asynchronous retried call (a method
     * returning a {@code CompletionStage}) waits between attempts. The default hands it to {@link AsyncRetries}' shared
     * scheduler. A test sleeper records the delay and runs the task at once.
     *
     * @return a handle whose {@code cancel} stops the task if it has not started
     */
    default Future<?> schedule(Runnable task, Duration delay) {
        return AsyncRetries.schedule(task, delay);
    }
}
