package dev.ajretry.runtime;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The named {@link RetryBudget}s. A budget is created the first time a method names it, with the sizes configured
 * for it, else the defaults ({@value #DEFAULT_MAX_TOKENS} tokens, {@value #DEFAULT_TOKEN_RATIO} per success). Sizes
 * come from {@link #configure} (before the first call of a method naming the budget) or from the properties
 * {@code ajretry.budget.NAME.maxTokens} and {@code ajretry.budget.NAME.tokenRatio} (system properties or
 * {@code ajretry.properties}). Thread-safe.
 */
public final class RetryBudgets {

    /** Tokens of a budget nobody configured. */
    public static final int DEFAULT_MAX_TOKENS = 10;

    /** Tokens a success earns back in a budget nobody configured. */
    public static final double DEFAULT_TOKEN_RATIO = 0.1;

    private static final Map<String, RetryBudget> BUDGETS = new ConcurrentHashMap<>();

    private RetryBudgets() {
    }

    /**
     * Creates the budget {@code name} with these sizes. Fails if it exists already with other sizes: methods that
     * share it must agree.
     */
    public static RetryBudget configure(String name, int maxTokens, double tokenRatio) {
        RetryBudget budget = BUDGETS.computeIfAbsent(name, n -> new RetryBudget(n, maxTokens, tokenRatio));
        if (budget.maxTokens() != maxTokens || budget.tokenRatio() != tokenRatio) {
            throw new IllegalStateException(budget + " exists already; cannot configure it with maxTokens = "
                    + maxTokens + ", tokenRatio = " + tokenRatio);
        }
        return budget;
    }

    /** The budget {@code name}, created with the given sizes if it does not exist yet. */
    public static RetryBudget named(String name, int maxTokens, double tokenRatio) {
        return BUDGETS.computeIfAbsent(name, n -> new RetryBudget(n, maxTokens, tokenRatio));
    }

    /** The budget {@code name} if it exists, else null. */
    public static RetryBudget find(String name) {
        return BUDGETS.get(name);
    }
}
