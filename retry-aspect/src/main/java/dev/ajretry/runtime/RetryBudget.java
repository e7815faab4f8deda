package dev.ajretry.runtime;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A named retry budget shared by every method that names it in {@code @Retry(budget = "...")}: a token bucket in the
 * spirit of gRPC's retry throttling. It keeps retries from multiplying the load on a dependency that is down.
 *
 * <ul>
 *   <li>It starts full, with {@link #maxTokens()} tokens.</li>
 *   <li>Each failed attempt that would be retried spends one token; each successful call earns back
 *       {@link #tokenRatio()} of one, up to the maximum.</li>
 *   <li>Retries are allowed only while more than half the tokens are left. First attempts are never blocked: a
 *       call always makes its first attempt, it only loses its retries.</li>
 * </ul>
 * With the defaults (10 tokens, 0.1 per success), a dependency that fails every call sees about five calls' worth of
 * retries and then only first attempts; once it answers again, fifty successes restore full retrying.
 *
 * <p>Lock-free: a single atomic counter (in thousandths of a token), written with compare-and-set; a success when the
 * bucket is already full reads it and writes nothing. Thread-safe.
 */
public final class RetryBudget {

    private static final long SCALE = 1000;

    private final String name;
    private final int maxTokens;
    private final double tokenRatio;
    private final long max;
    private final long threshold;
    private final long refill;
    private final AtomicLong milliTokens;

    RetryBudget(String name, int maxTokens, double tokenRatio) {
        if (maxTokens < 1 || !(tokenRatio > 0) || tokenRatio > maxTokens || Double.isInfinite(tokenRatio)) {
            throw new IllegalArgumentException("retry budget " + name + ": maxTokens = " + maxTokens
                    + " must be >= 1 and tokenRatio = " + tokenRatio + " must be > 0 and <= maxTokens");
        }
        this.name = name;
        this.maxTokens = maxTokens;
        this.tokenRatio = tokenRatio;
        this.max = maxTokens * SCALE;
        this.threshold = max / 2;
        this.refill = Math.max(1, Math.round(tokenRatio * SCALE));
        this.milliTokens = new AtomicLong(max);
    }

    /** The budget's name. */
    public String name() {
        return name;
    }

    /** Tokens when full. */
    public int maxTokens() {
        return maxTokens;
    }

    /** Tokens a success earns back. */
    public double tokenRatio() {
        return tokenRatio;
    }

    /** Tokens left now. */
    public double tokens() {
        return milliTokens.get() / (double) SCALE;
    }

    /** True while more than half the tokens are left: a failed attempt may be retried. */
    public boolean allowsRetry() {
        return milliTokens.get() > threshold;
    }

    /** A retry that is made spends a token (never below zero). */
    public void failed() {
        long current;
        do {
            current = milliTokens.get();
            if (current == 0) {
                return;
            }
        } while (!milliTokens.compareAndSet(current, Math.max(0, current - SCALE)));
    }

    /** A success earns back {@link #tokenRatio()} tokens, up to the maximum; a full bucket is not written. */
    public void succeeded() {
        long current;
        do {
            current = milliTokens.get();
            if (current >= max) {
                return;
            }
        } while (!milliTokens.compareAndSet(current, Math.min(max, current + refill)));
    }

    /** Fills the bucket again; for tests. */
    public void reset() {
        milliTokens.set(max);
    }

    @Override
    public String toString() {
        return "RetryBudget[" + name + ", " + tokens() + " of " + maxTokens + " tokens, +" + tokenRatio
                + " per success]";
    }
}
