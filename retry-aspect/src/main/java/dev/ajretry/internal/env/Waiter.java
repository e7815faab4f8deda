package dev.ajretry.internal.env;

import java.util.concurrent.Future;

/**
 * How the engine waits between attempts and reads the clock its deadlines are measured on; the engine's side of the
 * public {@code Sleeper}, which {@code dev.ajretry.runtime.Sleepers} adapts to it. Times are nanoseconds.
 */
public interface Waiter {

    /** Waits {@code nanos} (>= 0), or less if interrupted. */
    void sleep(long nanos) throws InterruptedException;

    /** A monotonic clock, as {@link System#nanoTime()}. */
    long nanoTime();

    /** Runs {@code task} after {@code nanos} without blocking the caller; the handle's {@code cancel} stops it. */
    Future<?> schedule(Runnable task, long nanos);
}
