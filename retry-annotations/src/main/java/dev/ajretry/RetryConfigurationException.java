package dev.ajretry;

/**
 * Thrown, before the method body runs, when the {@link Retry} policy of a method is invalid. The message names the
 * class, the method and the attribute, for example
 * {@code @Retry on com.acme.Client.fetch(String): backoff = 0.0, must be > 0 and finite}.
 */
public class RetryConfigurationException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /** An exception with the full message, which names class, method and attribute. */
    public RetryConfigurationException(String message) {
        super(message);
    }
}
