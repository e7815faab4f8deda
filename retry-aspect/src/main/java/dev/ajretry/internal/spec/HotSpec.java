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

    private final long maxDurationNanos;
    private final boolean checksResults;
    private final boolean timesAttempts;
    private final TokenBucket budget;
    private final WeakReference<RetrySpec> spec;

    HotSpec(RetrySpec spec, long maxDurationNanos, boolean checksResults, boolean timesAttempts,
            TokenBucket budget) {
        super(null);
        this.maxDurationNanos = maxDurationNanos;
        this.checksResults = checksResults;
        this.timesAttempts = timesAttempts;
        this.budget = budget;
        this.spec = new WeakReference<>(spec);
    }

    private HotSpec(JoinPoint.StaticPart joinPoint, HotSpec from) {
        super(joinPoint);
        this.maxDurationNanos = from.maxDurationNanos;
        this.checksResults = from.checksResults;
        this.timesAttempts = from.timesAttempts;
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

    /** {@link RetrySpec#startTime()}: the clock only for methods with a deadline. */
    public long startTime() {
        return maxDurationNanos >= 0 ? Environment.waiter().nanoTime() : 0L;
    }

    /** {@link RetrySpec#timesAttempts()}: only then does a call hold state from its first attempt on. */
    public boolean timesAttempts() {
        return timesAttempts;
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
