package dev.ajretry;

import java.time.Duration;

/**
 * One failed attempt of a series, as the give-up log line and {@link RetryEvent#history()} report it.
 *
 * @param attempt     1-based attempt number
 * @param startOffset when it started, from the start of the series; null if unknown (the first attempt of a method
 *                    without {@code maxDuration} is not timed, to keep the success path free of clock reads)
 * @param duration    how long it ran until it failed; null if unknown
 * @param failure     what it threw; null if it returned a result that {@code retryIfResult} rejected
 * @param waitAfter   the wait that followed it; null for the last attempt
 * @param waitFromServer true if that wait is what the server asked for (the failure's {@link RetryAfter}, or the
 *                    rejected result's {@link ResultPredicate#retryAfter}), not the schedule's
 *
 * <p>{@link #toString()} is the text of the attempt in the give-up line; the failure's text is cut at 200 characters,
 * and it never throws, even for a failure whose {@code toString()} does (shown as
 * {@code <com.acme.BadException: toString() threw ...>}).
 */
public record AttemptRecord(long attempt, Duration startOffset, Duration duration, Throwable failure,
                            Duration waitAfter, boolean waitFromServer) {

    /** An attempt followed by the schedule's wait (or by none). */
    public AttemptRecord(long attempt, Duration startOffset, Duration duration, Throwable failure, Duration waitAfter) {
        this(attempt, startOffset, duration, failure, waitAfter, false);
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("#").append(attempt);
        if (startOffset != null) {
            text.append(" at +").append(startOffset.toMillis()).append(" ms ran ").append(duration.toMillis())
                    .append(" ms,");
        }
        text.append(failure == null ? " returned a rejected result" : " failed with " + FailureText.of(failure));
        if (waitAfter != null) {
            text.append(", then waited ").append(waitAfter.toMillis()).append(" ms")
                    .append(waitFromServer ? " as the server asked" : "");
        }
        return text.toString();
    }
}
