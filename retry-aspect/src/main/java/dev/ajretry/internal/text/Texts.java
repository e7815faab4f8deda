package dev.ajretry.internal.text;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Values as log lines and events show them: shortened, and never throwing. A user's {@code toString()} (or an
 * exception's {@code getMessage()}) that fails, a lazy entity whose session is closed, an order and its lines that
 * print each other until the stack overflows, must not replace the failure the caller is owed: whatever it throws
 * is shown as {@code <com.acme.Order: toString() threw java.lang.StackOverflowError>} instead.
 *
 * <p>What is contained: every {@link Throwable} a {@code toString()} throws, checked ones thrown sneakily and
 * {@link Error}s included, and {@link StackOverflowError} too: it comes from the user's own recursion, and once it
 * has unwound to the frame that catches it here the stack is as deep as it was before the call, so going on is
 * safe (this is what {@code Arrays.toString}'s callers, logging frameworks and debuggers do too). The other
 * {@link VirtualMachineError}s ({@link OutOfMemoryError}, {@link InternalError}) say the JVM itself is failing; they
 * are not caught: nothing reliable can follow them. See {@link #isFatal}.
 *
 * <p>Every place of ajretry that turns a value it does not own into text goes through here. Thread-safe: no state.
 */
public final class Texts {

    /** The longest text of one value; longer ones are cut and end with "...". */
    public static final int MAX_LENGTH = 200;

    private Texts() {
    }

    /** {@code String.valueOf(value)}, shortened, never throwing (but for {@link #isFatal} errors). */
    public static String text(Object value) {
        try {
            return abbreviate(String.valueOf(value));
        } catch (Throwable e) {
            return unprintable(value, e);
        }
    }

    /** Each argument as {@link #text} shows it; arrays with their elements. */
    public static List<String> describe(Object[] arguments) {
        List<String> texts = new ArrayList<>(arguments.length);
        for (Object argument : arguments) {
            texts.add(argument != null && argument.getClass().isArray()
                    ? (argument instanceof Object[] ? deepText((Object[]) argument) : primitiveArray(argument))
                    : text(argument));
        }
        return texts;
    }

    /** "unbounded" for negative tries, else the number. */
    public static String tries(int tries) {
        return tries < 0 ? "unbounded" : Integer.toString(tries);
    }

    /**
     * True for the errors that are never contained: the {@link VirtualMachineError}s but {@link StackOverflowError}
     * (see the class comment). Code that catches {@code Throwable} around a user's code rethrows these.
     */
    public static boolean isFatal(Throwable thrown) {
        return thrown instanceof VirtualMachineError && !(thrown instanceof StackOverflowError);
    }

    /**
     * What is shown for a value whose text could not be had: its class (which no {@code toString()} can change) and
     * what its {@code toString()} threw. Rethrows {@code thrown} if it {@link #isFatal is fatal}.
     */
    private static String unprintable(Object value, Throwable thrown) {
        if (isFatal(thrown)) {
            throw (VirtualMachineError) thrown;
        }
        return "<" + value.getClass().getName() + ": toString() threw " + thrown.getClass().getName() + ">";
    }

    private static String deepText(Object[] array) {
        try {
            return abbreviate(Arrays.deepToString(array));
        } catch (Throwable e) {
            return unprintable(array, e);
        }
    }

    private static String primitiveArray(Object array) {
        int length = java.lang.reflect.Array.getLength(array);
        StringBuilder text = new StringBuilder("[");
        for (int i = 0; i < length; i++) {
            text.append(i == 0 ? "" : ", ").append(java.lang.reflect.Array.get(array, i));
        }
        return abbreviate(text.append(']').toString());
    }

    private static String abbreviate(String text) {
        return text.length() <= MAX_LENGTH ? text : text.substring(0, MAX_LENGTH) + "...";
    }
}
