package dev.ajretry;

import java.time.Duration;

/**
 * Implemented by a failure that knows how long to wait before the next attempt: typically an exception built from
 * an HTTP 429 or 503 response and its {@code Retry-After} header.
 *
 * <p>When the failure of an attempt implements it, its duration replaces the wait the schedule computed for that
 * attempt. It is taken as the server said it: not raised to {@link Retry#minDelay()}, not lowered to
 * {@link Retry#maxDelay()}, not jittered. If it would end past {@link Retry#maxDuration()}, the series gives up at
 * once. A {@code null} or negative duration falls back to the computed wait.
 *
 * <pre>{@code
 * class TooManyRequestsException extends IOException implements RetryAfter {
 *     private final Duration retryAfter;
 *     TooManyRequestsException(Duration retryAfter) { this.retryAfter = retryAfter; }
 *     public Duration retryAfter() { return retryAfter; }
 * }
 * }</pre>
 * Implementing {@code RetryAfter} does not make a failure retried: it must still be covered by
 * {@link Retry#exceptions()} or a marker.
 */
public interface RetryAfter {

    /** How long to wait before the next attempt; {@code null} or negative for "as the schedule says". */
    Duration retryAfter();
}
