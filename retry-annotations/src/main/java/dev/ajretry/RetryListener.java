package dev.ajretry;

/**
 * Told of the moments of every retried series: each failed attempt that will be retried, a success after retries,
 * and the give-up. Enough to feed metrics (Micrometer) or a crash reporter.
 *
 * <p>Register one in code with {@code dev.ajretry.runtime.RetryListeners.register}, or for the whole application through
 * {@link java.util.ServiceLoader}: a file {@code META-INF/services/dev.ajretry.RetryListener} naming the
 * class (public, with a public no-argument constructor).
 *
 * <p>Listeners are called on the thread of the retried call, in registration order (service-loaded ones first). A
 * listener that throws is logged and otherwise ignored: it never breaks the retried call. Events are built only
 * when at least one listener is registered; a call that succeeds at its first attempt sends none.
 */
public interface RetryListener {

    /** An attempt failed, and the next will follow after {@code event.nextWait()}. */
    default void onRetry(RetryEvent event) {
    }

    /** An attempt succeeded after at least one retry. */
    default void onSuccess(RetryEvent event) {
    }

    /**
     * A hedge started: an extra attempt beside those still running ({@code @Retry(hedges = ...)}, methods returning a
     * {@code CompletionStage}); {@code event.attempt()} is its number.
     */
    default void onHedge(RetryEvent event) {
    }

    /** The series ended with a failure; {@code event.history()} tells every attempt. */
    default void onGiveUp(RetryEvent event) {
    }

    /**
     * Whether this listener wants {@link #onFirstAttemptSuccess}: every call that succeeds at once, which is most
     * calls. Only while at least one registered listener says yes does a successful call do anything more than
     * return (it reads one flag either way). Metrics that count all calls say yes.
     */
    default boolean wantsFirstAttemptSuccesses() {
        return false;
    }

    /**
     * A call of {@code method} succeeded at its first attempt. Called on the caller's thread, on the success path:
     * keep it short and allocation-free (look up a cached counter and increment it). No event object is built.
     */
    default void onFirstAttemptSuccess(java.lang.reflect.Method method) {
    }
}
