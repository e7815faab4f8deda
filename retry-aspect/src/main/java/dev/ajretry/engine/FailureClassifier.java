package dev.ajretry.engine;

import dev.ajretry.RetryableError;
import dev.ajretry.RetryableException;

import java.util.Arrays;

/**
 * Says whether a failure is retried, by the precedence rules of {@code @Retry}:
 * {@code abortOn} beats everything; an {@link InterruptedException} is never retried; the markers
 * ({@link RetryableException}, {@link RetryableError}) are always retried; otherwise the failure must be an
 * instance of a class in {@code exceptions}, and an {@link Error} only counts when {@code exceptions} names
 * {@code Error} or a subclass of it.
 *
 * <p>Immutable and thread-safe. The class arrays are copied once, when the policy is built.
 */
public final class FailureClassifier {

    /** What the classifier concluded about one failure. */
    public enum Verdict {
        /** Worth another attempt. */
        RETRY,
        /** Matched {@code abortOn}. */
        ABORT_ON,
        /** An {@link InterruptedException}: retrying would swallow the interrupt. */
        INTERRUPTED,
        /** Not covered by {@code exceptions} nor by a marker. */
        NOT_LISTED
    }

    private final Class<?>[] retried;
    private final Class<?>[] retriedErrors;
    private final Class<?>[] aborted;

    /**
     * @param exceptions the classes that are retried, subclasses included
     * @param abortOn    the classes that are never retried, subclasses included
     */
    public FailureClassifier(Class<? extends Throwable>[] exceptions, Class<? extends Throwable>[] abortOn) {
        this.retried = exceptions.clone();
        this.retriedErrors = Arrays.stream(exceptions).filter(Error.class::isAssignableFrom).toArray(Class<?>[]::new);
        this.aborted = abortOn.clone();
    }

    /** The verdict on {@code failure}. */
    public Verdict classify(Throwable failure) {
        if (isInstanceOfAny(aborted, failure)) {
            return Verdict.ABORT_ON;
        }
        if (failure instanceof InterruptedException) {
            return Verdict.INTERRUPTED;
        }
        if (failure instanceof RetryableException || failure instanceof RetryableError) {
            return Verdict.RETRY;
        }
        // Errors (OutOfMemoryError, StackOverflowError, AssertionError...) are only retried when named as errors:
        // Throwable.class in `exceptions` is taken to mean "every exception", not "every fatal condition".
        Class<?>[] candidates = failure instanceof Error ? retriedErrors : retried;
        return isInstanceOfAny(candidates, failure) ? Verdict.RETRY : Verdict.NOT_LISTED;
    }

    private static boolean isInstanceOfAny(Class<?>[] classes, Throwable failure) {
        for (Class<?> c : classes) {
            if (c.isInstance(failure)) {
                return true;
            }
        }
        return false;
    }
}
