package dev.ajretry;

import java.time.Duration;

/**
 * The failure of an attempt that was still running when its {@link Retry#attemptTimeout()} passed. It implements
 * {@link RetryableError}, so a timed-out attempt is retried whatever {@link Retry#exceptions()} lists, unless
 * {@link Retry#abortOn()} names this class (or a superclass of it, such as {@link RuntimeException}).
 *
 * <p>For a blocking method, the calling thread was interrupted when the timeout passed; the attempt's own exception
 * (often an {@link InterruptedException} or an {@code InterruptedIOException}), if it threw one, is the cause, and a
 * result it returned late is discarded. For a method returning a {@code CompletionStage}, the attempt's stage was
 * cancelled where it allows it; there is no cause. Either way the interrupt ajretry raised does not reach the caller.
 *
 * <p>When the tries are used up on a timeout, the caller gets this exception, the earlier attempts' failures
 * attached as suppressed.
 */
public class AttemptTimeoutException extends RuntimeException implements RetryableError {

    private static final long serialVersionUID = 1L;

    /** The method, as log lines name it. */
    private final String method;
    private final long attempt;
    private final Duration timeout;

    /**
     * @param method  the method, as log lines name it ({@code com.acme.Client.fetch(String)})
     * @param attempt the attempt that timed out, from 1
     * @param timeout the method's {@code attemptTimeout}
     * @param cause   what the attempt threw after it was interrupted; null if nothing (or for a stage)
     */
    public AttemptTimeoutException(String method, long attempt, Duration timeout, Throwable cause) {
        super(method + ": attempt " + attempt + " timed out after " + text(timeout) + " (attemptTimeout)", cause);
        this.method = method;
        this.attempt = attempt;
        this.timeout = timeout;
    }

    /** The method whose attempt timed out, as log lines name it. */
    public String method() {
        return method;
    }

    /** The attempt that timed out, from 1. */
    public long attempt() {
        return attempt;
    }

    /** The method's {@code attemptTimeout}. */
    public Duration timeout() {
        return timeout;
    }

    /** Whole milliseconds when it is a whole number of them (as timeouts are set), else nanoseconds. */
    private static String text(Duration timeout) {
        return timeout.toNanos() % 1_000_000 == 0 ? timeout.toMillis() + " ms" : timeout.toNanos() + " ns";
    }
}
