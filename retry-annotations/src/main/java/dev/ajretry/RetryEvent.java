package dev.ajretry;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.List;

/**
 * What a {@link RetryListener} is told. Immutable.
 *
 * @param kind          which moment of the series this is
 * @param method        the retried method
 * @param description   the method as log lines name it, {@code com.acme.Client.fetch(String)}
 * @param seriesId      the series id, as in the log lines
 * @param attempt       the attempt that just failed ({@link Kind#RETRY}), succeeded ({@link Kind#SUCCESS}) or was
 *                      the last ({@link Kind#GIVE_UP})
 * @param tries         the method's tries (negative: unbounded)
 * @param failure       the failure of that attempt; null on success and for a rejected result
 * @param nextWait      the wait before the next attempt ({@link Kind#RETRY}); null otherwise
 * @param elapsed       time since the series started (see {@code dev.ajretry.runtime.RetryContext} on when that is)
 * @param giveUpReason  why the series ended ({@link Kind#GIVE_UP}); null otherwise
 * @param recovered     true if a {@code recover} method is about to be called ({@link Kind#GIVE_UP})
 * @param history       the failed attempts so far, oldest first, at most the last 16
 * @param arguments     the method's arguments as text, only with {@code logArguments = true} at give-up; else empty
 * @param nextWaitFromServer true if {@code nextWait} is what the server asked for (the failure's {@link RetryAfter},
 *                      or the rejected result's {@link ResultPredicate#retryAfter}), not the schedule's
 *
 * <p>{@link #toString()} lists the components as a record does; it never throws, even for a failure whose
 * {@code toString()} does (see {@link AttemptRecord}).
 */
public record RetryEvent(Kind kind, Method method, String description, String seriesId, long attempt, int tries,
                         Throwable failure, Duration nextWait, Duration elapsed, GiveUpReason giveUpReason,
                         boolean recovered, List<AttemptRecord> history, List<String> arguments,
                         boolean nextWaitFromServer) {

    /** An event whose next wait, if any, is the schedule's. */
    public RetryEvent(Kind kind, Method method, String description, String seriesId, long attempt, int tries,
                      Throwable failure, Duration nextWait, Duration elapsed, GiveUpReason giveUpReason,
                      boolean recovered, List<AttemptRecord> history, List<String> arguments) {
        this(kind, method, description, seriesId, attempt, tries, failure, nextWait, elapsed, giveUpReason, recovered,
                history, arguments, false);
    }

    @Override
    public String toString() {
        return "RetryEvent[kind=" + kind + ", method=" + method + ", description=" + description + ", seriesId="
                + seriesId + ", attempt=" + attempt + ", tries=" + tries + ", failure="
                + (failure == null ? "null" : FailureText.of(failure)) + ", nextWait=" + nextWait + ", elapsed="
                + elapsed + ", giveUpReason=" + giveUpReason + ", recovered=" + recovered + ", history=" + history
                + ", arguments=" + arguments + ", nextWaitFromServer=" + nextWaitFromServer + "]";
    }

    /** The moments listeners hear about. */
    public enum Kind {
        /** An attempt failed and another will follow after {@link #nextWait()}. */
        RETRY,
        /** An attempt succeeded after at least one retry. (A first-attempt success is not an event.) */
        SUCCESS,
        /** The series ended with a failure: the caller gets the exception, or the recovery value. */
        GIVE_UP,
        /** A hedge started beside attempts still running ({@code hedges}); {@code attempt} is its number. */
        HEDGE
    }

    /** Why a series gave up. */
    public enum GiveUpReason {
        /** Every try was used. */
        TRIES_EXHAUSTED,
        /** The failure is listed in {@code abortOn}. */
        ABORT_ON,
        /** The failure is neither listed in {@code exceptions} nor marked retryable. */
        NOT_RETRYABLE,
        /** The {@code giveUpIf} predicate said so. */
        GIVE_UP_PREDICATE,
        /** The next wait would have ended after {@code maxDuration}. */
        DEADLINE,
        /** The thread was interrupted, or the attempt threw {@link InterruptedException}. */
        INTERRUPTED,
        /** The method's retry budget allows no retry now. */
        BUDGET_EXHAUSTED,
        /** The method runs inside another retried method and makes a single attempt ({@code Nested.SINGLE_ATTEMPT}). */
        NESTED,
        /**
         * An asynchronous call's next attempt could not be handed off: the scheduler or the executor rejected it (it
         * was shut down, or full), the sleeper's {@code schedule} threw, or {@code RetryEnvironment.shutdown()}
         * dropped the pending wait. The reason is attached to the last failure as suppressed.
         */
        HAND_OFF_FAILED
    }
}
