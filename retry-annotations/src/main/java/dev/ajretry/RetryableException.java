package dev.ajretry;

/**
 * An unchecked exception that asks for a retry: a {@link Retry} method that throws it is retried whatever its
 * {@link Retry#exceptions()} says, unless {@link Retry#abortOn()} names it.
 *
 * <p>Subclass it for failures of your own that are always worth another attempt, or throw it directly with the
 * cause that made the attempt fail.
 */
public class RetryableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** A retryable exception with no message and no cause. */
    public RetryableException() {
        super();
    }

    /** A retryable exception with a message. */
    public RetryableException(String message) {
        super(message);
    }

    /** A retryable exception with a message and the cause of the failed attempt. */
    public RetryableException(String message, Throwable cause) {
        super(message, cause);
    }

    /** A retryable exception wrapping the cause of the failed attempt. */
    public RetryableException(Throwable cause) {
        super(cause);
    }

    /**
     * For subclasses that are thrown often and want to skip the stack trace or suppression, as
     * {@link Throwable#Throwable(String, Throwable, boolean, boolean)} describes.
     */
    protected RetryableException(String message, Throwable cause, boolean enableSuppression,
                                 boolean writableStackTrace) {
        super(message, cause, enableSuppression, writableStackTrace);
    }
}
