package dev.ajretry.internal.call;

import java.time.Duration;

/**
 * Where a call is, for {@code dev.ajretry.runtime.RetryContext}: the method as log lines name it, the attempt running
 * now (1-based), the tries, the series id (null before the first retry), the time since the series started, and
 * whether the attempt is a hedge.
 */
public record CallContext(String method, long attempt, int tries, String seriesId, Duration elapsed, boolean hedge) {

    /** The MDC key of the series id during retried attempts. */
    public static final String MDC_SERIES = "ajretry.series";

    /** The MDC key of the attempt number during retried attempts. */
    public static final String MDC_ATTEMPT = "ajretry.attempt";
}
