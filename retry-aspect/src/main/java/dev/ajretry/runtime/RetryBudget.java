package dev.ajretry.runtime;

import dev.ajretry.internal.env.TokenBucket;

/**
 * A named retry budget shared by every method that names it in {@code @Retry(budget = "...")}: a token bucket in the
 * spirit of gRPC's retry throttling. It keeps retries from multiplying the load on a dependency that is down.
 *
 * <ul>
 *   <li>It starts full, with {@link #maxTokens()} tokens.</li>
 *   <li>Each retry that is made spends one token (the last attempt of a call that gives up is followed by no retry
 *       and spends nothing); each successful call earns back {@link #tokenRatio()} of one, up to the maximum.</li>
 *   <li>Retries are allowed only while more than half the tokens are left. First attempts are never blocked: a
 *       call always makes its first attempt, it only loses its retries.</li>
 * </ul>
 * With the defaults (10 tokens, 0.1 per success), a dependency that fails every call sees five retries and then only
 * first attempts; once it answers again, each success earns a tenth of a token back, and fifty refill the bucket.
 *
 * <p>Lock-free: a single atomic counter, written with compare-and-set; a success when the bucket is already full
 * reads it and writes nothing. Thread-safe. Get one with {@link RetryBudgets#find} or {@link RetryBudgets#configure}.
 */
public final class RetryBudget {

    private final TokenBucket bucket;

    RetryBudget(TokenBucket bucket) {
        this.bucket = bucket;
    }

    /** The budget's name. */
    public String name() {
        return bucket.name();
    }

    /** The tokens of a full bucket. */
    public int maxTokens() {
        return bucket.maxTokens();
    }

    /** The tokens a successful call earns back. */
    public double tokenRatio() {
        return bucket.tokenRatio();
    }

    /** Tokens left now. */
    public double tokens() {
        return bucket.tokens();
    }

    /** True while more than half the tokens are left: a failed attempt may be retried. */
    public boolean allowsRetry() {
        return bucket.allowsRetry();
    }

    /** Fills the bucket again: after an outage is over, or between tests. */
    public void reset() {
        bucket.reset();
    }

    @Override
    public String toString() {
        return bucket.toString();
    }
}
