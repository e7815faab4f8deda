package dev.ajretry.internal.spec;

import dev.ajretry.internal.failure.Causes;
import dev.ajretry.internal.failure.Suppressed;
import dev.ajretry.RandomJitter;
import dev.ajretry.RetryAfter;
import dev.ajretry.internal.text.Texts;
import org.slf4j.Logger;

import java.time.Duration;
import java.util.function.Predicate;

/**
 * The wait before a retry, as a pipeline of named steps, each a pure function of its inputs (randomness comes in as
 * a number in [0, 1)):
 * <ol>
 *   <li>{@link #base}: the schedule, {@code delay} grown by {@code backoff} and {@code jitter} and clamped between
 *       {@code minDelay} and {@code maxDelay} ({@link WaitSchedule}); or, for {@link RandomJitter#DECORRELATED}, the
 *       decorrelated draw, clamped;</li>
 *   <li>{@link #randomized}: the random jitter ({@code PROPORTIONAL} or {@code FULL}) applied to that base, then
 *       clamped again;</li>
 *   <li>{@link #serversWord}: a failure implementing {@link RetryAfter} replaces all of that, unclamped and not
 *       jittered;</li>
 *   <li>{@link #waitOnEntry}: else a {@code waitOn} entry matching the failure replaces it;</li>
 *   <li>the deadline, last: {@code Decider} gives up instead of starting a wait that would end at or after
 *       {@code maxDuration}.</li>
 * </ol>
 * {@link #next} joins steps 2 to 4. Immutable and thread-safe.
 */
public final class Waits {

    private final WaitSchedule schedule;
    private final long delayNanos;
    private final long minNanos;
    private final long maxNanos;
    private final RandomJitter randomJitter;
    private final double jitterRatio;
    private final Class<?>[] waitOnClasses;
    private final long[] waitOnNanos;
    /** Where a {@code retryAfter()} that throws is reported. */
    private final Logger log;
    private final String method;
    /** For {@code matchCauses}: a link of a chain that sets the wait; built once, so that a walk allocates nothing. */
    private final Predicate<Throwable> setsTheWait = link -> FailureTraits.isRetryAfter(link) || waitOnEntry(link) >= 0;

    Waits(WaitSchedule schedule, long delayNanos, long minNanos, long maxNanos, RandomJitter randomJitter,
          double jitterRatio, Class<?>[] waitOnClasses, long[] waitOnNanos, Logger log, String method) {
        this.schedule = schedule;
        this.delayNanos = delayNanos;
        this.minNanos = minNanos;
        this.maxNanos = maxNanos;
        this.randomJitter = randomJitter;
        this.jitterRatio = jitterRatio;
        this.waitOnClasses = waitOnClasses;
        this.waitOnNanos = waitOnNanos;
        this.log = log;
        this.method = method;
    }

    /** The schedule of base waits. */
    public WaitSchedule schedule() {
        return schedule;
    }

    /** {@code delay}, in nanoseconds, before clamping. */
    public long delayNanos() {
        return delayNanos;
    }

    /** {@code minDelay}, in nanoseconds. */
    public long minNanos() {
        return minNanos;
    }

    /** {@code maxDelay}, in nanoseconds; {@link WaitSchedule#UNBOUNDED} for none. */
    public long maxNanos() {
        return maxNanos;
    }

    /** The ratio of {@code PROPORTIONAL} random jitter. */
    public double jitterRatio() {
        return jitterRatio;
    }

    /** The kind of random jitter: whether a retry needs a random draw at all. */
    public RandomJitter randomJitter() {
        return randomJitter;
    }

    /**
     * Step 1: the schedule's base wait for the retry after attempt {@code attempt}: the wait before randomization,
     * and the input of the next one. For {@link RandomJitter#DECORRELATED} it is itself random, from {@code random}:
     * {@code min(maxDelay, uniform(delay, previous * 3))}, starting from {@code previous = delay}.
     *
     * @param previous the previous base wait (ignored for the first)
     */
    public long base(long attempt, long previous, double random) {
        if (randomJitter == RandomJitter.DECORRELATED) {
            double from = delayNanos;
            double to = Math.max(from, 3.0 * (attempt == 1 ? delayNanos : previous));
            return clamp(saturate(from + random * (to - from)));
        }
        return attempt == 1 ? schedule.first() : schedule.next(previous);
    }

    /** Steps 2 and 4, without the server's word: a {@code waitOn} entry, else the randomized base. */
    public long scheduled(Throwable failure, long base, double random) {
        if (failure != null) {
            long listed = waitOnEntry(failure);
            if (listed >= 0) {
                return listed;
            }
        }
        return randomized(base, random);
    }

    /** Steps 2 to 4: the server's word, else a {@code waitOn} entry, else the randomized base. */
    public long next(Throwable failure, long base, double random) {
        if (failure != null) {
            long told = serversWord(failure);
            if (told >= 0) {
                return told;
            }
            long listed = waitOnEntry(failure);
            if (listed >= 0) {
                return listed;
            }
        }
        return randomized(base, random);
    }

    /** Step 2: the base spread by the random jitter, clamped between {@code minDelay} and {@code maxDelay}. */
    long randomized(long base, double random) {
        if (randomJitter == RandomJitter.PROPORTIONAL) {
            return clamp(saturate(base * (1 - jitterRatio + 2 * jitterRatio * random)));
        }
        return randomJitter == RandomJitter.FULL ? clamp(saturate(base * random)) : base;
    }

    /**
     * Step 3: the wait the failure asks for through {@link RetryAfter}, or -1 (none, null, negative, or a
     * {@code retryAfter()} that threw: logged, attached to the failure, and the schedule is used).
     */
    public long serversWord(Throwable failure) {
        return serversWord(failure, failure);
    }

    /**
     * {@link #serversWord(Throwable)} of {@code link}, one link of the chain of {@code failure} (for
     * {@code matchCauses}): what its {@code retryAfter()} throws is attached to {@code failure}, which the caller gets.
     */
    public long serversWord(Throwable link, Throwable failure) {
        if (!FailureTraits.isRetryAfter(link)) {
            return -1;
        }
        Duration told;
        try {
            told = ((RetryAfter) link).retryAfter();
        } catch (Throwable e) {
            if (Texts.isFatal(e)) {
                throw (VirtualMachineError) e;
            }
            log.warn("{}: retryAfter() of {} threw {}; using the scheduled wait", method,
                    link.getClass().getName(), Texts.text(e));
            Suppressed.attach(failure, e);
            return -1;
        }
        return told == null || told.isNegative() ? -1 : nanos(told);
    }

    /**
     * The wait a rejected result asks for through its predicate's {@code ResultPredicate.retryAfter}: -1 unless it
     * is positive (null, zero and negative mean "as the schedule says").
     */
    public static long resultsWord(Duration told) {
        return told == null || told.isNegative() || told.isZero() ? -1 : nanos(told);
    }

    /**
     * For {@code matchCauses}: the outermost link of {@code failure}'s chain that implements {@link RetryAfter} or
     * matches a {@code waitOn} entry, which sets the wait; {@code failure} itself if none does.
     */
    public Throwable waitLink(Throwable failure) {
        Throwable link = Causes.find(failure, setsTheWait);
        return link != null ? link : failure;
    }

    private static long nanos(Duration told) {
        try {
            return told.toNanos();
        } catch (ArithmeticException tooLong) {
            return Long.MAX_VALUE;
        }
    }

    /** Step 4: the wait of the most specific {@code waitOn} entry the failure matches, or -1. */
    long waitOnEntry(Throwable failure) {
        int best = -1;
        for (int i = 0; i < waitOnClasses.length; i++) {
            // A later match replaces an earlier one only if it is a subclass of it.
            if (waitOnClasses[i].isInstance(failure)
                    && (best < 0 || waitOnClasses[best].isAssignableFrom(waitOnClasses[i]))) {
                best = i;
            }
        }
        return best < 0 ? -1 : waitOnNanos[best];
    }

    private long clamp(long nanos) {
        return Math.min(Math.max(nanos, minNanos), maxNanos);
    }

    private static long saturate(double nanos) {
        return nanos >= 0x1p63 ? Long.MAX_VALUE : nanos <= 0 ? 0 : Math.round(nanos);
    }

    @Override
    public String toString() {
        return schedule + (randomJitter == RandomJitter.NONE ? "" : ", " + randomJitter + " jitter");
    }
}
