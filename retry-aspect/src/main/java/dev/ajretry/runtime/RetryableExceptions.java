package dev.ajretry.runtime;

import dev.ajretry.internal.env.Environment;

import java.util.List;

/**
 * Exception classes you do not own, marked retryable for the whole application, as if they implemented
 * {@link dev.ajretry.RetryableError}:
 * <pre>{@code
 * RetryableExceptions.register(java.net.SocketTimeoutException.class, java.net.ConnectException.class);
 * }</pre>
 * or, without code, the property {@code ajretry.retryable} (a system property or in {@code ajretry.properties} on
 * the class path) listing class names separated by commas. Subclasses are covered. Like the markers, they lose to a
 * method's {@code abortOn} and {@code giveUpIf}. Thread-safe.
 */
public final class RetryableExceptions {

    private RetryableExceptions() {
    }

    /** Marks {@code classes}, and their subclasses, retryable for every {@code @Retry} method. */
    @SafeVarargs
    public static void register(Class<? extends Throwable>... classes) {
        Environment.addRetryable(classes);
    }

    /** Forgets every class registered so far (in code or by the property). */
    public static void clear() {
        Environment.clearRetryable();
    }

    /** The registered classes, in registration order. */
    public static List<Class<?>> all() {
        return Environment.retryable();
    }

    /** True if {@code failure} is an instance of a registered class. */
    public static boolean covers(Throwable failure) {
        return Environment.isRetryable(failure);
    }
}
