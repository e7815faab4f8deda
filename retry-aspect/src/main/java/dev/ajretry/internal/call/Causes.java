package dev.ajretry.internal.call;

import java.util.concurrent.CompletionException;

/**
 * Walks chains of causes, the one place that does: every walk is bounded ({@value #MAX_DEPTH} links) and stops at a
 * cycle, since a cause chain is user data and may loop ({@code a.initCause(b); b.initCause(a)}) or never end (a
 * {@code getCause()} that returns a new exception each time). Allocation-free; stateless and thread-safe.
 */
final class Causes {

    /** The most links any walk follows. Far beyond any real chain (the JDK's own wrappers nest a few deep). */
    static final int MAX_DEPTH = 1_024;

    private Causes() {
    }

    /**
     * The failure a {@link CompletionException} wraps: the first throwable down {@code failure}'s chain (itself
     * first) that is not a {@code CompletionException} with a cause. A chain of wrappers with no such end (a cycle,
     * or longer than {@link #MAX_DEPTH}) has no "failure itself": {@code failure} is returned as it is.
     */
    static Throwable unwrapCompletion(Throwable failure) {
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
}
