package dev.ajretry.internal.spec;

/**
 * The deterministic schedule of waits between attempts, in nanoseconds: a pure function from the previous wait to
 * the next one.
 *
 * <p>{@code first()} is the delay clamped to [min, max]; {@code next(w)} is {@code w * backoff + jitter}, never
 * below 0, then clamped to [min, max]. The argument of {@code next} is the previous wait as clamped, so a wait that
 * reached the maximum stays there and each step is O(1), whatever the attempt number.
 *
 * <p>Arithmetic saturates at {@link Long#MAX_VALUE}: with a huge backoff, or after many attempts, the wait stops
 * growing instead of overflowing; it is never negative and never NaN. Results are rounded to the nearest
 * nanosecond, so decimal backoffs such as 1.1 give exact millisecond waits.
 *
 * <p>Immutable and thread-safe.
 */
public final class WaitSchedule {

    /** The largest wait, used for "no upper bound". */
    public static final long UNBOUNDED = Long.MAX_VALUE;

    private final long firstNanos;
    private final double backoff;
    private final long jitterNanos;
    private final long minNanos;
    private final long maxNanos;

    /**
     * @param delayNanos  the first wait before clamping, {@code >= 0}
     * @param backoff     the multiplier, {@code > 0} and finite
     * @param jitterNanos added after multiplying, may be negative
     * @param minNanos    lower clamp, {@code >= 0}
     * @param maxNanos    upper clamp, {@code >= minNanos}; {@link #UNBOUNDED} for none
     * @throws IllegalArgumentException if a value is out of range (the policy validates with better messages first)
     */
    public WaitSchedule(long delayNanos, double backoff, long jitterNanos, long minNanos, long maxNanos) {
        if (delayNanos < 0 || !(backoff > 0) || Double.isInfinite(backoff) || minNanos < 0 || maxNanos < minNanos) {
            throw new IllegalArgumentException("invalid schedule: delay=" + delayNanos + "ns, backoff=" + backoff
                    + ", jitter=" + jitterNanos + "ns, min=" + minNanos + "ns, max=" + maxNanos + "ns");
        }
        this.backoff = backoff;
        this.jitterNanos = jitterNanos;
        this.minNanos = minNanos;
        this.maxNanos = maxNanos;
        this.firstNanos = clamp(delayNanos);
    }

    /** The multiplier from one wait to the next. */
    public double backoff() {
        return backoff;
    }

    /** Added after multiplying, in nanoseconds; may be negative. */
    public long jitterNanos() {
        return jitterNanos;
    }

    /** The wait after the first failed attempt. */
    public long first() {
        return firstNanos;
    }

    /** The wait that follows a wait of {@code previousNanos}. */
    public long next(long previousNanos) {
        // In double: the product of two longs' worth of range cannot overflow, and it is compared before narrowing.
        double next = previousNanos * backoff + jitterNanos;
        long rounded = next >= 0x1p63 ? Long.MAX_VALUE : next <= 0 ? 0 : Math.round(next);
        return clamp(rounded);
    }

    private long clamp(long nanos) {
        return Math.min(Math.max(nanos, minNanos), maxNanos);
    }

    @Override
    public String toString() {
        return "WaitSchedule[first=" + firstNanos + "ns, backoff=" + backoff + ", jitter=" + jitterNanos
                + "ns, min=" + minNanos + "ns, max=" + (maxNanos == UNBOUNDED ? "unbounded" : maxNanos + "ns") + "]";
    }
}
