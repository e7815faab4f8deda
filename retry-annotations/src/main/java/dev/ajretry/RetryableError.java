package dev.ajretry;

/**
 * A marker for exception classes that are always retried by a {@link Retry} method, whether its
 * {@link Retry#exceptions()} lists them or not. Only {@link Retry#abortOn()} wins over it.
 *
 * <p>Implement it on an exception class of your own:
 * <pre>{@code
 * class ServiceUnavailableException extends IOException implements RetryableError { ... }
 * }</pre>
 * Only {@link Throwable} subclasses are meaningful implementors.
 */
public interface RetryableError {
}
