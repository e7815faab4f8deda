package dev.ajretry.internal.spec;

import dev.ajretry.internal.env.Environment;
import dev.ajretry.internal.env.Overrides;
import dev.ajretry.internal.env.TokenBucket;
import dev.ajretry.rules.RetryRules;

import java.util.function.Consumer;

/**
 * A named retry budget with the sizes the overrides give it ({@code ajretry.budget.NAME.maxTokens},
 * {@code .tokenRatio}), else the defaults: what a method naming the budget gets when its spec is built, and what
 * retry-spring-boot checks at startup. One place, so both report a bad size with the same message.
 */
public final class Budgets {

    private Budgets() {
    }

    /**
     * The budget {@code name}, created with its sizes if it is new; null, with the reason given to {@code problems},
     * if the name or the sizes make no budget (the message names the key and where it was set).
     */
    public static TokenBucket sized(String name, Overrides overrides, Consumer<String> problems) {
        String unusable = RetryRules.budgetName(name);
        if (unusable != null) {
            problems.accept(unusable);
            return null;
        }
        Overrides.Value max = overrides.global("budget." + name + ".maxTokens");
        Overrides.Value ratio = overrides.global("budget." + name + ".tokenRatio");
        try {
            int maxTokens = max == null ? Environment.DEFAULT_MAX_TOKENS : Integer.parseInt(max.text());
            double tokenRatio = ratio == null ? Environment.DEFAULT_TOKEN_RATIO : Double.parseDouble(ratio.text());
            return Environment.budget(name, maxTokens, tokenRatio);
        } catch (IllegalArgumentException e) { // NumberFormatException too
            String maxTrailing = max == null ? null
                    : Overrides.trailingText(max.text(), text -> Overrides.parses(text, Integer::parseInt));
            String ratioTrailing = ratio == null ? null
                    : Overrides.trailingText(ratio.text(), text -> Overrides.parses(text, Double::parseDouble));
            if (maxTrailing != null) {
                problems.accept(RetryRules.trailingText(max.origin(), max.text(), maxTrailing));
            } else if (ratioTrailing != null) {
                problems.accept(RetryRules.trailingText(ratio.origin(), ratio.text(), ratioTrailing));
            } else {
                problems.accept(RetryRules.budgetSizes(name, e.getMessage(), max != null ? max.origin() : null,
                        ratio != null ? ratio.origin() : null));
            }
            return null;
        }
    }
}
