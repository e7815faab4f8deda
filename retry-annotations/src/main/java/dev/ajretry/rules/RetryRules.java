package dev.ajretry.rules;

import dev.ajretry.RandomJitter;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The rules every {@code @Retry} value must follow, in one place: the compiler-time check
 * ({@code dev.ajretry.processor.RetryProcessor}) and the engine's check at a method's first call both apply them, so
 * both say the same thing in the same words.
 *
 * <p><b>Internal.</b> Public only because the engine, in another module, uses it; not an API for users, and no
 * compatibility is promised from one version to the next.
 */
public final class RetryRules {

    private RetryRules() {
    }

    /**
     * The problems of the numeric and jitter attributes, each a phrase such as
     * {@code tries = 0, must be >= 1 (total attempts, the first included) or negative (until success)}.
     *
     * @param label how to name an attribute in a message (the engine adds where an override came from)
     */
    public static List<String> numbers(int tries, long delay, double backoff, long jitter, long minDelay,
                                       long maxDelay, long maxDuration, RandomJitter randomJitter,
                                       double jitterRatio, UnaryOperator<String> label) {
        List<String> problems = new ArrayList<>();
        if (tries == 0) {
            problems.add(label.apply("tries") + " = 0, must be >= 1 (total attempts, the first included)"
                    + " or negative (until success)");
        }
        if (delay < 0) {
            problems.add(label.apply("delay") + " = " + delay + ", must be >= 0");
        }
        if (!(backoff > 0) || Double.isInfinite(backoff)) {
            problems.add(label.apply("backoff") + " = " + backoff + ", must be > 0 and finite");
        }
        if (minDelay < 0) {
            problems.add(label.apply("minDelay") + " = " + minDelay + ", must be >= 0");
        }
        if (maxDelay != -1 && maxDelay < Math.max(0, minDelay)) {
            problems.add(label.apply("maxDelay") + " = " + maxDelay + ", must be -1 (unbounded) or >= minDelay ("
                    + minDelay + ")");
        }
        if (maxDuration != -1 && maxDuration <= 0) {
            problems.add(label.apply("maxDuration") + " = " + maxDuration + ", must be -1 (none) or > 0");
        }
        if (!Double.isNaN(jitterRatio)) {
            if (randomJitter != RandomJitter.PROPORTIONAL) {
                problems.add(label.apply("jitterRatio") + " = " + jitterRatio + " only applies to randomJitter ="
                        + " PROPORTIONAL, not " + randomJitter);
            } else if (!(jitterRatio >= 0 && jitterRatio <= 1)) {
                problems.add(label.apply("jitterRatio") + " = " + jitterRatio + ", must be in [0, 1]");
            }
        }
        if (randomJitter != RandomJitter.NONE && delay == 0 && jitter <= 0) {
            problems.add(label.apply("randomJitter") + " = " + randomJitter + " with delay = 0: every wait would be 0,"
                    + " so the jitter would do nothing");
        }
        if (randomJitter == RandomJitter.DECORRELATED && (backoff != 1.0 || jitter != 0)) {
            problems.add(label.apply("randomJitter") + " = DECORRELATED computes every wait from the previous one;"
                    + " backoff (" + backoff + ") and jitter (" + jitter + ") must keep their defaults");
        }
        return problems;
    }

    /** The most parameters a method with {@code recover} or {@code logArguments} may have. */
    public static final int MAX_CAPTURED_PARAMETERS = 10;
}
