package dev.ajretry;

/**
 * Random spreading of the waits, so that many clients that failed together do not retry together. The variants are
 * those compared by AWS's "Exponential Backoff and Jitter" study, whose conclusion was that full and decorrelated
 * jitter cut the total work and completion time of competing clients the most, and that any jitter beats none.
 *
 * <p>Random values come from {@link java.util.concurrent.ThreadLocalRandom}. {@link Retry#minDelay()} and
 * {@link Retry#maxDelay()} clamp the result. A wait given by {@link RetryAfter} or {@link Retry.WaitOn} is never
 * jittered.
 */
public enum RandomJitter {

    /** No randomness: the schedule's waits as computed (the additive {@link Retry#jitter()} still applies). */
    NONE,

    /**
     * Each computed wait {@code w} becomes uniform in {@code [w * (1 - r), w * (1 + r)]}, where {@code r} is
     * {@link Retry#jitterRatio()} (default 0.2, as gRPC uses). The schedule goes on from {@code w}, not from the
     * randomized value.
     */
    PROPORTIONAL,

    /**
     * Each computed wait {@code w} becomes uniform in {@code [0, w]} ("full jitter"). The schedule goes on from
     * {@code w}, not from the randomized value.
     */
    FULL,

    /**
     * Each wait is {@code min(maxDelay, uniform(delay, previous * 3))}, where {@code previous} is the previous wait
     * of this kind, starting from {@code delay} ("decorrelated jitter"). It replaces {@link Retry#backoff()} and
     * {@link Retry#jitter()}, which must keep their defaults.
     */
    DECORRELATED
}
