package dev.ajretry.internal.text;

import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

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

    /** The longest give-up line, in characters (8 KiB); a longer one is cut and says so. */
    public static final int LINE_MAX_LENGTH = 8192;

    /** Classes of exceptions whose {@code toString()} is {@link Throwable}'s own; see {@link #appendThrowable}. */
    private static final ClassValue<Boolean> OWN_TO_STRING = new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
            try {
                return type.getMethod("toString").getDeclaringClass() == Throwable.class;
            } catch (NoSuchMethodException | SecurityException e) {
                return false;
            }
        }
    };

    private Texts() {
    }

    /**
     * The text of {@code value}, at most {@link #MAX_LENGTH} characters and "...", never throwing (but for
     * {@link #isFatal} errors). Its cost is bounded too, before it allocates: arrays, and the collections and maps of
     * the JDK ({@code java.*} classes), show their first elements only, in the shape of {@code Arrays.deepToString}
     * and {@code AbstractCollection.toString} ({@code [a, b, [c]]}, {@code {k=v}}, a container inside itself as
     * {@code [...]}); a JDK {@code String}, {@code StringBuilder} or {@code StringBuffer} is read only up to the
     * cut. Any other value is shown by its own {@code toString()}, cut: a type of the application may hide its
     * contents on purpose (a token), so its elements are never read around it.
     */
    public static String text(Object value) {
        StringBuilder text = new StringBuilder();
        append(text, value, null);
        if (text.length() > MAX_LENGTH) {
            text.setLength(MAX_LENGTH);
            text.append("...");
        }
        return text.toString();
    }

    /** Each argument as {@link #text} shows it. */
    public static List<String> describe(Object[] arguments) {
        List<String> texts = new ArrayList<>(arguments.length);
        for (Object argument : arguments) {
            texts.add(text(argument));
        }
        return texts;
    }

    /** Cuts {@code line} at {@link #LINE_MAX_LENGTH} characters, saying so. */
    public static String line(StringBuilder line) {
        if (line.length() > LINE_MAX_LENGTH) {
            line.setLength(LINE_MAX_LENGTH);
            line.append("... (cut at ").append(LINE_MAX_LENGTH).append(" characters)");
        }
        return line.toString();
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

    /** True once {@code text} holds more than {@link #MAX_LENGTH} characters: nothing more is worth formatting. */
    private static boolean full(StringBuilder text) {
        return text.length() > MAX_LENGTH;
    }

    /**
     * Appends the text of {@code value}, stopping soon after {@link #MAX_LENGTH}: what {@link #text} cuts is never
     * formatted. {@code open} holds the containers being printed (null until the first one), against cycles.
     */
    private static void append(StringBuilder text, Object value, Map<Object, Boolean> open) {
        if (full(text)) {
            return;
        }
        int mark = text.length();
        try {
            if (value == null) {
                text.append("null");
            } else if (value.getClass().isArray() || isJdk(value) && (value instanceof Collection
                    || value instanceof Map)) {
                appendContainer(text, value, open == null ? new IdentityHashMap<>() : open);
            } else if (value instanceof CharSequence && isJdk(value)) {
                CharSequence chars = (CharSequence) value;
                text.append(chars, 0, Math.min(chars.length(), MAX_LENGTH + 1 - mark));
            } else if (value instanceof Throwable) {
                appendThrowable(text, (Throwable) value);
            } else {
                appendCut(text, String.valueOf(value));
            }
        } catch (Throwable e) {
            text.setLength(mark);
            text.append(unprintable(value, e));
        }
    }

    private static void appendContainer(StringBuilder text, Object container, Map<Object, Boolean> open) {
        if (open.put(container, Boolean.TRUE) != null) {
            text.append(container instanceof Map ? "{...}" : "[...]"); // inside itself, as deepToString says it
            return;
        }
        try {
            if (container instanceof Map) {
                text.append('{');
                String separator = "";
                for (Map.Entry<?, ?> entry : ((Map<?, ?>) container).entrySet()) {
                    if (full(text)) {
                        break;
                    }
                    text.append(separator);
                    append(text, entry.getKey(), open);
                    text.append('=');
                    append(text, entry.getValue(), open);
                    separator = ", ";
                }
                text.append('}');
                return;
            }
            text.append('[');
            if (container instanceof Collection) {
                String separator = "";
                for (Object element : (Collection<?>) container) {
                    if (full(text)) {
                        break;
                    }
                    text.append(separator);
                    append(text, element, open);
                    separator = ", ";
                }
            } else {
                int length = Array.getLength(container);
                for (int i = 0; i < length && !full(text); i++) {
                    text.append(i == 0 ? "" : ", ");
                    if (container instanceof Object[]) {
                        append(text, ((Object[]) container)[i], open);
                    } else {
                        text.append(Array.get(container, i)); // a primitive: boxed, for the few elements shown
                    }
                }
            }
            text.append(']');
        } finally {
            open.remove(container);
        }
    }

    /**
     * An exception as {@code toString()} shows it. When that is {@link Throwable}'s own, it is assembled here from
     * the message, so that a megabyte message is not copied whole only to be cut.
     */
    private static void appendThrowable(StringBuilder text, Throwable failure) {
        if (!OWN_TO_STRING.get(failure.getClass())) {
            appendCut(text, failure.toString());
            return;
        }
        text.append(failure.getClass().getName());
        String message = failure.getLocalizedMessage();
        if (message != null) {
            text.append(": ");
            appendCut(text, message);
        }
    }

    private static void appendCut(StringBuilder text, String value) {
        text.append(value, 0, Math.min(value.length(), Math.max(0, MAX_LENGTH + 1 - text.length())));
    }

    /** A class of the JDK itself, whose {@code toString()} shows every element, as no application class hides. */
    private static boolean isJdk(Object value) {
        String name = value.getClass().getName();
        return name.startsWith("java.");
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
}
