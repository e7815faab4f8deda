package dev.ajretry.runtime;

import java.util.Arrays;
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

    private static volatile Class<?>[] registered = new Class<?>[0];

    private RetryableExceptions() {
    }

    /** Marks {@code classes} (and their subclasses) retryable everywhere, from now on. */
    @SafeVarargs
    public static synchronized void register(Class<? extends Throwable>... classes) {
        Class<?>[] grown = Arrays.copyOf(registered, registered.length + classes.length);
        for (int i = 0; i < classes.length; i++) {
            if (classes[i] == null) {
                throw new NullPointerException("classes[" + i + "]");
            }
            grown[registered.length + i] = classes[i];
        }
        registered = grown;
    }

    /** Removes every class registered in code or by property; for tests. */
    public static synchronized void clear() {
        registered = new Class<?>[0];
    }

    /** The registered classes. */
    public static List<Class<?>> all() {
        return List.of(registered);
    }

    /** True if {@code failure} is an instance of a registered class. */
    public static boolean covers(Throwable failure) {
        for (Class<?> c : registered) {
            if (c.isInstance(failure)) {
                return true;
            }
        }
        return false;
    }
}
