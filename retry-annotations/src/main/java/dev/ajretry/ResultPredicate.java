package dev.ajretry;

import java.time.Duration;

/**
 * Looks at the value an attempt returned and says "this result is a failure, try again": an HTTP response whose
 * status is 503, an empty page while data is still being replicated. Named by {@link Retry#retryIfResult()}.
 *
 * <p>A result it rejects counts as a failed attempt: it uses up a try and is followed by the scheduled wait. When
 * the tries are used up (or the deadline is reached) the caller gets the last result as it is, no exception. A
 * primitive result is passed boxed (this boxing happens only for methods that have a result predicate).
 *
 * <p>Implementations need a public no-argument constructor; one instance is created per method and shared by
 * every call, so it must be thread-safe. If it throws, that exception propagates to the caller.
 *
 * @param <T> the method's return type (boxed for primitives)
 */
@FunctionalInterface
public interface ResultPredicate<T> {

    /** True if {@code result} is a failure worth another attempt. */
    boolean test(T result);

    /**
     * How long to wait before the next attempt, for a result this predicate rejected: the server's word in a
     * response, such as the {@code Retry-After} header of a 429, or a {@code retry_interval} field in its body. Asked
     * only when another attempt would follow. A positive duration is the next wait, with the rules of
     * {@link RetryAfter}: not raised to {@code minDelay}, not lowered to {@code maxDelay}, not jittered, and if it
     * would end past {@code maxDuration} (or is longer than {@code ajretry.maxRetryAfter}) the series gives up at
     * once, returning this result. {@code null} (the default), zero or negative: the wait the schedule says. If it
     * throws, that exception propagates to the caller, as from {@link #test}.
     *
     * <pre>{@code
     * public Duration retryAfter(HttpResponse<String> response) {
     *     return response.headers().firstValue("Retry-After").map(s -> Duration.ofSeconds(Long.parseLong(s)))
     *             .orElse(null);
     * }
     * }</pre>
     */
    default Duration retryAfter(T result) {
        return null;
    }

    /** The default of {@link Retry#retryIfResult()}: every result is accepted. Not instantiated. */
    final class Never implements ResultPredicate<Object> {
        private Never() {
        }

        @Override
        public boolean test(Object result) {
            return false;
        }
    }
}
