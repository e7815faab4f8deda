package dev.ajretry;

/**
 * A failure as {@link AttemptRecord#toString()} and {@link RetryEvent#toString()} show it: at most 200 characters
 * and "...", and never throwing. An
 * exception whose {@code toString()} or {@code getMessage()} throws (or overflows the stack) is shown as
 * {@code <com.acme.BadException: toString() threw java.lang.IllegalStateException>}; the other
 * {@link VirtualMachineError}s (out of memory) are not contained. The same rules as the engine's texts
 * ({@code dev.ajretry.internal.text.Texts}, which this API module cannot see), so the give-up line and a listener
 * that prints a record show the same text.
 */
final class FailureText {

    /** The longest text of a failure (as the engine cuts every value); longer ones are cut and end with "...". */
    static final int MAX_LENGTH = 200;

    private FailureText() {
    }

    static String of(Throwable failure) {
        try {
            String text;
            if (failure.getClass().getMethod("toString").getDeclaringClass() == Throwable.class) {
                // Throwable's own toString(), assembled here so that a megabyte message is not copied only to be cut
                String message = failure.getLocalizedMessage();
                text = message == null ? failure.getClass().getName() : failure.getClass().getName() + ": "
                        + message.substring(0, Math.min(message.length(), MAX_LENGTH + 1));
            } else {
                text = failure.toString();
            }
            return text.length() <= MAX_LENGTH ? text : text.substring(0, MAX_LENGTH) + "...";
        } catch (Throwable e) {
            if (e instanceof VirtualMachineError && !(e instanceof StackOverflowError)) {
                throw (VirtualMachineError) e;
            }
            return "<" + failure.getClass().getName() + ": toString() threw " + e.getClass().getName() + ">";
        }
    }
}
