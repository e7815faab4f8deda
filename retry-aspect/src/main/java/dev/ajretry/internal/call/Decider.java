package dev.ajretry.internal.call;

import dev.ajretry.internal.spec.RetrySpec;

import dev.ajretry.RetryEvent.GiveUpReason;

/**
 * The one decision of a retry series: after an attempt failed, or returned a result the method's predicate rejects,
 * retry after which wait, or give up for which reason (to a recovery method or not). A pure function of its arguments: it logs nothing, sleeps
 * nothing, reads no clock and touches no thread state. What the caller's environment knows (the time, the random
 * draw, whether the budget or the thread forbids a retry) comes in as arguments, so that every rule can be tested as
 * a table.
 *
 * <p>The rules, in order (docs/policy.md, "What is retried"): the failure's own verdict ({@code abortOn}, an
 * {@link InterruptedException}, not listed); a single attempt when nested; the tries; the budget; the next wait (the
 * server's {@code RetryAfter}, bounded by {@code ajretry.maxRetryAfter}, else {@code waitOn}, else the schedule,
 * randomized and clamped) against the deadline; an interrupted thread; and last the {@code giveUpIf} predicate,
 * asked only when every other rule would retry, so that it never turns another reason into
 * {@code GIVE_UP_PREDICATE}. The predicate is the one call out of this function: the user's code, asked once.
 */
final class Decider {

    /** {@code limits} bit: the method runs inside another retried method (looked at for the first attempt only). */
    static final int NESTED = 1;
    /** {@code limits} bit: the retry budget allows no retry now. */
    static final int BUDGET_SPENT = 2;
    /** {@code limits} bit: the calling thread is interrupted (blocking driver only). */
    static final int INTERRUPTED = 4;

    private Decider() {
    }

    /**
     * Decides after attempt {@code attempt} failed with {@code failure}.
     *
     * @param verdict what the policy's classifier said of the failure: null if it is retryable
     * @param base    the schedule's base wait for this retry ({@link RetrySpec#baseWait})
     * @param random  uniform in [0, 1), for random jitter
     * @param elapsed nanoseconds since the series started on its clock, for methods with a {@code maxDuration}
     * @param limits  {@link #NESTED}, {@link #BUDGET_SPENT}, {@link #INTERRUPTED}, or'ed
     */
    static Decision afterFailure(RetrySpec spec, long attempt, Throwable failure, GiveUpReason verdict, long base,
                                 double random, long elapsed, int limits) {
        boolean recovers = spec.recovers(failure);
        if (verdict != null) {
            return Decision.giveUp(verdict, recovers);
        }
        return afterRetryableOutcome(spec, attempt, failure, null, base, random, elapsed, limits, recovers);
    }

    /**
     * Decides after attempt {@code attempt} returned a result that the method's {@code retryIfResult} predicate
     * rejected. (An accepted result needs no decision: the driver asks the predicate first, so that a call whose
     * result is accepted allocates nothing.) A give-up after a rejected result returns that result as it is, never
     * to a recovery method.
     */
    static Decision afterRejectedResult(RetrySpec spec, long attempt, Object result, long base, double random,
                                        long elapsed, int limits) {
        return afterRetryableOutcome(spec, attempt, null, result, base, random, elapsed, limits, false);
    }

    /** @param failure the failure; null for a rejected {@code result}, whose predicate then has the server's word */
    private static Decision afterRetryableOutcome(RetrySpec spec, long attempt, Throwable failure, Object result,
                                                  long base, double random, long elapsed, int limits,
                                                  boolean recovers) {
        if (attempt == 1 && (limits & NESTED) != 0 && spec.singleAttemptWhenNested()) {
            return Decision.giveUp(GiveUpReason.NESTED, recovers);
        }
        if (spec.exhaustedAfter(attempt)) {
            return Decision.giveUp(GiveUpReason.TRIES_EXHAUSTED, recovers);
        }
        if ((limits & BUDGET_SPENT) != 0) {
            return Decision.giveUp(GiveUpReason.BUDGET_EXHAUSTED, recovers);
        }
        long told = failure != null ? spec.serversWord(failure) : spec.resultsWord(result);
        if (told > spec.maxRetryAfterNanos()) {
            // The server asked for longer than the operator allows (ajretry.maxRetryAfter): as past a deadline.
            return Decision.serverAskedTooMuch(told, recovers);
        }
        long wait = told >= 0 ? told : spec.scheduledWait(failure, base, random);
        // tenacity's stop_before_delay: a wait that would end at the deadline or after it is not started.
        if (spec.timed() && wait >= spec.maxDurationNanos() - elapsed) {
            return Decision.pastDeadline(wait, recovers);
        }
        if ((limits & INTERRUPTED) != 0) {
            return Decision.giveUp(GiveUpReason.INTERRUPTED, recovers);
        }
        // Last: giveUpIf is asked only about a failure that would otherwise be retried.
        if (spec.givesUp(failure)) {
            return Decision.giveUp(GiveUpReason.GIVE_UP_PREDICATE, recovers);
        }
        return told >= 0 ? Decision.retryAsTold(wait) : Decision.retry(wait);
    }
}
