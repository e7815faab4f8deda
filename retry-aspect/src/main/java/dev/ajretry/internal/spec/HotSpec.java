package dev.ajretry.internal.spec;

import dev.ajretry.internal.env.Environment;
import dev.ajretry.internal.env.TokenBucket;

import org.aspectj.lang.JoinPoint;

import java.lang.ref.WeakReference;

/**
 * What a call that succeeds at its first attempt reads of its method's policy, and nothing that holds a user's
 * class: the deadline (to read the clock first or not), whether attempts are timed, whether results are tested, the
 * budget to refill. The
 * {@link RetrySpec} itself is behind a weak reference; its woven class's table ({@link Specs}) holds it strongly for
 * as long as the class lives.
 *
 * <p>Why it exists: the identity cache of {@link Specs} can then hold it strongly, and a hit costs one load less than
 * a cache holding the spec weakly (measured: retry-benchmarks/RESULTS.md), without keeping a dropped class alive.
 * Why it is a weak reference itself: it is the cache's entry, its referent the join point it was found for
 * ({@link #keyedBy}), so that a hit reads the entry and nothing else. The spec's own copy has no referent.
 *
 * <p>Immutable and thread-safe.
 */
public final class HotSpec extends WeakReference<JoinPoint.StaticPart> {

    /**
     * What {@link #startTime()} returns for a method with an {@code attemptTimeout}: no clock value (the call that
     * holds the first attempt's timer reads the clock itself, for a deadline), a sign for the aspect to start that
     * call. {@link System#nanoTime()} does not return it in practice (it is 292 years before any origin).
     */
    public static final long TIMED_ATTEMPTS = Long.MIN_VALUE;

    private static final byte PLAIN = 0;
    private static final byte DEADLINE = 1;
    private static final byte TIMED = 2;

    /**
     * How a call starts, in one field so that the success path of a plain method tests one value, as it did before
     * per-attempt timeouts existed: {@link #PLAIN}, {@link #DEADLINE} (read the clock), {@link #TIMED} (start a call
     * holding the first attempt's timer).
     */
    private final byte starts;
    private final boolean checksResults;
    private final TokenBucket budget;
    private final WeakReference<RetrySpec> spec;

    HotSpec(RetrySpec spec, long maxDurationNanos, boolean checksResults, boolean timesAttempts,
            TokenBucket budget) {
        super(null);
        this.starts = timesAttempts ? TIMED : maxDurationNanos >= 0 ? DEADLINE : PLAIN;
        this.checksResults = checksResults;
        this.budget = budget;
        this.spec = new WeakReference<>(spec);
    }

    private HotSpec(JoinPoint.StaticPart joinPoint, HotSpec from) {
        super(joinPoint);
        this.starts = from.starts;
        this.checksResults = from.checksResults;
        this.budget = from.budget;
        this.spec = from.spec;
    }

    /** This hot part as the identity cache's entry for {@code joinPoint}, which it holds weakly. */
    HotSpec keyedBy(JoinPoint.StaticPart joinPoint) {
        return new HotSpec(joinPoint, this);
    }

    /** The whole policy: for every call that does more than succeed at once. */
    public RetrySpec spec() {
        RetrySpec whole = spec.get();
        if (whole == null) {
            // Only a policy forgotten by a reset and collected since, under a call that began before it: not at run
            // time in production, where a policy lives as long as its class (and this handle is only reachable
            // through that class's join points).
            throw new IllegalStateException("the policy of this call was reset and collected while the call ran");
        }
        return whole;
    }

    /**
     * Before a blocking call's first attempt: the clock for a method with a deadline, 0 for a plain one, and
     * {@link #TIMED_ATTEMPTS} for one with an {@code attemptTimeout}, whose call the aspect then starts with
     * {@code BlockingCall.timed} (which reads the clock itself for a deadline). One test of one field on the success
     * path of a plain method.
     */
    public long startTime() {
        byte how = starts;
        if (how == PLAIN) {
            return 0L;
        }
        return how == DEADLINE ? Environment.waiter().nanoTime() : TIMED_ATTEMPTS;
    }

    /** {@link RetrySpec#checksResults()}. */
    public boolean checksResults() {
        return checksResults;
    }

    /** A first-attempt success: the budget earns its share, and the listeners that asked for it are told. */
    public void succeededAtOnce() {
        if (budget != null) {
            budget.earn();
        }
        if (Environment.anyFirstAttemptListener()) {
            Environment.firstAttemptSucceeded(spec().javaMethod());
        }
    }
}
