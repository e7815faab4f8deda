package dev.ajretry.internal.spec;

import dev.ajretry.internal.failure.Suppressed;
import dev.ajretry.internal.env.Environment;
import dev.ajretry.internal.text.Texts;

import dev.ajretry.RetryEvent.GiveUpReason;
import dev.ajretry.FailurePredicate;
import dev.ajretry.RetryableError;
import dev.ajretry.RetryableException;
import org.slf4j.LoggerFactory;

import java.util.Arrays;

/**
 * Says whether a failure is retried, by the precedence rules of {@code @Retry}: {@code abortOn} beats everything; an
 * {@link InterruptedException} is never retried; a failure must then be covered by a marker
 * ({@link RetryableException}, {@link RetryableError}), by a class registered in {@code RetryableExceptions}, or by
 * {@code exceptions} (an {@link Error} only when {@code exceptions} names {@code Error} or a subclass). The
 * {@code giveUpIf} predicate is not part of the verdict: the decision asks it ({@link #givesUp}) only when a retry
 * would otherwise follow.
 *
 * <p>Immutable and thread-safe. The class arrays are copied once, when the policy is built.
 */
public final class FailureClassifier {

    private final Class<?>[] retried;
    private final Class<?>[] retriedErrors;
    private final Class<?>[] aborted;
    private final FailurePredicate giveUpIf;

    /**
     * @param exceptions the classes that are retried, subclasses included
     * @param abortOn    the classes that are never retried, subclasses included
     * @param giveUpIf   asked about failures that would be retried; null for none
     */
    public FailureClassifier(Class<? extends Throwable>[] exceptions, Class<? extends Throwable>[] abortOn,
                             FailurePredicate giveUpIf) {
        this.retried = exceptions.clone();
        this.retriedErrors = Arrays.stream(exceptions).filter(Error.class::isAssignableFrom).toArray(Class<?>[]::new);
        this.aborted = abortOn.clone();
        this.giveUpIf = giveUpIf;
    }

    /**
     * The verdict on {@code failure}: null if it is worth another attempt, else why not: {@code ABORT_ON},
     * {@code INTERRUPTED} (retrying would swallow the interrupt), {@code NOT_RETRYABLE} (not covered by
     * {@code exceptions}, a marker or the registry). The {@code giveUpIf} predicate is not asked here: see
     * {@link #givesUp}.
     */
    public GiveUpReason classify(Throwable failure) {
        if (isInstanceOfAny(aborted, failure)) {
            return GiveUpReason.ABORT_ON;
        }
        if (failure instanceof InterruptedException) {
            return GiveUpReason.INTERRUPTED;
        }
        if (!isListed(failure)) {
            return GiveUpReason.NOT_RETRYABLE;
        }
        return null;
    }

    /**
     * True if the {@code giveUpIf} predicate says "give up" on {@code failure} (false without one). Asked by the
     * decision only when a retry would otherwise follow. A predicate that throws says "give up": the exception is
     * logged and attached to the failure (bounded, see {@code Suppressed}).
     */
    public boolean givesUp(Throwable failure) {
        return giveUpIf != null && failure != null && saysGiveUp(failure);
    }

    private boolean isListed(Throwable failure) {
        // Errors (OutOfMemoryError, StackOverflowError, AssertionError...) are only retried when named as errors:
        // Throwable.class in `exceptions` is taken to mean "every exception", not "every fatal condition".
        // The lists first: the usual failure is listed, and then the marker checks are not needed at all.
        return isInstanceOfAny(failure instanceof Error ? retriedErrors : retried, failure)
                || failure instanceof RetryableException || FailureTraits.isRetryableError(failure)
                || Environment.isRetryable(failure);
    }

    private boolean saysGiveUp(Throwable failure) {
        try {
            return giveUpIf.test(failure);
        } catch (Throwable e) {
            if (Texts.isFatal(e)) {
                throw (VirtualMachineError) e;
            }
            // Nothing is lost: the caller gets the failure, with what went wrong in the predicate attached. Both are
            // shown through Texts: either may be an exception that cannot be printed.
            LoggerFactory.getLogger(FailureClassifier.class).warn("giveUpIf predicate {} threw {} on {}; giving up",
                    giveUpIf.getClass().getName(), Texts.text(e), Texts.text(failure));
            Suppressed.attach(failure, e);
            return true;
        }
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
