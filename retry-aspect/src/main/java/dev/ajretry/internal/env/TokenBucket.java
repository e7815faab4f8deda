package dev.ajretry.internal.env;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The token bucket behind a named retry budget ({@code dev.ajretry.runtime.RetryBudget} is its public view): a
 * counter in thousandths of a token, written with compare-and-set; a success when the bucket is already full reads it
 * and writes nothing. Retries are allowed while more than half the tokens are left; a retry that is made spends one;
 * a call that succeeds earns back {@code tokenRatio}. Lock-free and thread-safe.
 */
public final class TokenBucket {

    private static final long SCALE = 1000;

    private final String name;
    private final int maxTokens;
    private final double tokenRatio;
    private final long max;
    private final long threshold;
    private final long refill;
    private final AtomicLong milliTokens;

    TokenBucket(String name, int maxTokens, double tokenRatio) {
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
    public void spend() {
        long current;
        do {
            current = milliTokens.get();
            if (current == 0) {
                return;
            }
        } while (!milliTokens.compareAndSet(current, Math.max(0, current - SCALE)));
    }

    /** A success earns back {@link #tokenRatio()} tokens, up to the maximum; a full bucket is not written. */
    public void earn() {
        long current;
        do {
            current = milliTokens.get();
            if (current >= max) {
                return;
            }
        } while (!milliTokens.compareAndSet(current, Math.min(max, current + refill)));
    }

    /** Fills the bucket again. */
    public void reset() {
        milliTokens.set(max);
    }

    @Override
    public String toString() {
        return "TokenBucket[" + name + ", " + tokens() + " of " + maxTokens + " tokens, +" + tokenRatio
                + " per success]";
    }
}
