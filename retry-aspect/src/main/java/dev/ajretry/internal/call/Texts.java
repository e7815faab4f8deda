package dev.ajretry.internal.call;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

/**
 * Values as log lines and events show them: shortened, and never throwing. A user's {@code toString()} that fails (a
 * lazy entity whose session is closed) must not replace the failure the caller is owed.
 */
final class Texts {

    /** The longest text of one value; longer ones are cut and end with "...". */
    static final int MAX_LENGTH = 200;

    private Texts() {
    }

    /** {@code String.valueOf(value)}, shortened, never throwing. */
    static String text(Object value) {
        return safely(() -> abbreviate(String.valueOf(value)));
    }

    /** Each argument as {@link #text} shows it; arrays with their elements. */
    static List<String> describe(Object[] arguments) {
        List<String> texts = new ArrayList<>(arguments.length);
        for (Object argument : arguments) {
            texts.add(argument != null && argument.getClass().isArray()
                    ? (argument instanceof Object[] ? safely(() -> abbreviate(Arrays.deepToString((Object[]) argument)))
                    : primitiveArray(argument))
                    : text(argument));
        }
        return texts;
    }

    /** "unbounded" for negative tries, else the number. */
    static String tries(int tries) {
        return tries < 0 ? "unbounded" : Integer.toString(tries);
    }

    private static String safely(Supplier<String> text) {
        try {
            return text.get();
        } catch (RuntimeException | LinkageError | AssertionError e) {
            return "<toString() threw " + e.getClass().getName() + ">";
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
