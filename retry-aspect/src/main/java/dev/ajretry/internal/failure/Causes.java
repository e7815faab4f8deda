package dev.ajretry.internal.failure;

import java.util.concurrent.CompletionException;
import java.util.function.Predicate;

/**
 * Walks chains of causes, the one place that does: every walk is bounded ({@value #MAX_DEPTH} links) and stops at a
 * cycle, since a cause chain is user data and may loop ({@code a.initCause(b); b.initCause(a)}), never end (a
 * {@code getCause()} that returns a new exception each time), or throw (a {@code getCause()} of its own: the chain
 * ends there). Allocation-free; stateless and thread-safe.
 */
public final class Causes {

    /** The most links any walk follows. Far beyond any real chain (the JDK's own wrappers nest a few deep). */
    public static final int MAX_DEPTH = 1_024;

    private Causes() {
    }

    /**
     * The failure a {@link CompletionException} wraps: the first throwable down {@code failure}'s chain (itself
     * first) that is not a {@code CompletionException} with a cause. A chain of wrappers with no such end (a cycle,
     * or longer than {@link #MAX_DEPTH}) has no "failure itself": {@code failure} is returned as it is.
     */
    public static Throwable unwrapCompletion(Throwable failure) {
        Throwable current = failure;
        // Floyd's cycle check: the slow pointer moves every second step; meeting it again means a loop.
        Throwable slow = failure;
        for (int depth = 0; depth < MAX_DEPTH; depth++) {
            if (!(current instanceof CompletionException)) {
                return current;
            }
            Throwable cause = current.getCause();
            if (cause == null) {
                return current;
            }
            current = cause;
            if ((depth & 1) == 1) {
                slow = slow.getCause();
            }
            if (current == slow) {
                return failure;
            }
        }
        return failure;
    }

    /**
     * The outermost link of {@code failure}'s chain (itself first, then each cause) that {@code test} accepts, or
     * null if none does within {@link #MAX_DEPTH} links or once a chain that loops has had every link tested (a link
     * of the loop may be tested more than once before the loop is seen: {@code test} must be a pure function).
     */
    public static Throwable find(Throwable failure, Predicate<Throwable> test) {
        Throwable current = failure;
        Throwable slow = failure;
        for (int depth = 0; depth < MAX_DEPTH && current != null; depth++) {
            if (test.test(current)) {
                return current;
            }
            current = causeOf(current);
            if ((depth & 1) == 1) {
                slow = causeOf(slow);
            }
            if (current != null && current == slow) {
                return null; // every link of the loop has been tested
            }
        }
        return null;
    }

    /** {@code link.getCause()}, or null if that throws: a hostile {@code getCause()} ends the chain. */
    private static Throwable causeOf(Throwable link) {
        try {
            return link.getCause();
        } catch (RuntimeException | LinkageError hostile) {
            return null;
        }
    }
}
