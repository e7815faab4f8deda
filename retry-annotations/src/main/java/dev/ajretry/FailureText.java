package dev.ajretry;

/**
 * A failure as {@link AttemptRecord#toString()} and {@link RetryEvent#toString()} show it: never throwing. An
 * exception whose {@code toString()} or {@code getMessage()} throws (or overflows the stack) is shown as
 * {@code <com.acme.BadException: toString() threw java.lang.IllegalStateException>}; the other
 * {@link VirtualMachineError}s (out of memory) are not contained. The same rules as the engine's texts
 * ({@code dev.ajretry.internal.text.Texts}, which this API module cannot see), so the give-up line and a listener
 * that prints a record show the same text.
 */
final class FailureText {

    private FailureText() {
    }

    static String of(Throwable failure) {
        try {
            return String.valueOf(failure);
        } catch (Throwable e) {
            if (e instanceof VirtualMachineError && !(e instanceof StackOverflowError)) {
                throw e;
            }
            return "<" + failure.getClass().getName() + ": toString() threw " + e.getClass().getName() + ">";
        }
    }
}
