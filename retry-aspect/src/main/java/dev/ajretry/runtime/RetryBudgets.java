package dev.ajretry.runtime;

import dev.ajretry.internal.env.Environment;
import dev.ajretry.internal.env.TokenBucket;

import java.util.List;

/**
 * The named {@link RetryBudget}s. A budget is created the first time a method names it, with the sizes configured
 * for it, else the defaults ({@value #DEFAULT_MAX_TOKENS} tokens, {@value #DEFAULT_TOKEN_RATIO} per success). Sizes
 * come from {@link #configure} (before the first call of a method naming the budget) or from the properties
 * {@code ajretry.budget.NAME.maxTokens} and {@code ajretry.budget.NAME.tokenRatio} (system properties or
 * {@code ajretry.properties}). Thread-safe.
 */
public final class RetryBudgets {

    /** Tokens of a budget nobody sized. */
    public static final int DEFAULT_MAX_TOKENS = Environment.DEFAULT_MAX_TOKENS;

    /** Tokens a successful call earns back, for a budget nobody sized. */
    public static final double DEFAULT_TOKEN_RATIO = Environment.DEFAULT_TOKEN_RATIO;

    private RetryBudgets() {
    }

    /**
     * Creates the budget {@code name} with these sizes. Fails if it exists already with other sizes: methods that
     * share it must agree.
     */
    public static RetryBudget configure(String name, int maxTokens, double tokenRatio) {
        TokenBucket bucket = Environment.budget(name, maxTokens, tokenRatio);
        if (bucket.maxTokens() != maxTokens || bucket.tokenRatio() != tokenRatio) {
            throw new IllegalStateException(bucket + " exists already; cannot configure it with maxTokens = "
                    + maxTokens + ", tokenRatio = " + tokenRatio);
        }
        return new RetryBudget(bucket);
    }

    /** Every budget that exists now (named by a method that was called, or configured), sorted by name. */
    public static List<RetryBudget> all() {
        return Environment.budgets().stream().map(RetryBudget::new).toList();
    }

    /** The budget {@code name}, or null if no method named it yet and nobody configured it. */
    public static RetryBudget find(String name) {
        TokenBucket bucket = Environment.findBudget(name);
        return bucket == null ? null : new RetryBudget(bucket);
    }
}
