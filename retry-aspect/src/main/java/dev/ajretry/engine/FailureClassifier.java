package dev.ajretry.engine;

import dev.ajretry.FailurePredicate;
import dev.ajretry.RetryableError;
import dev.ajretry.RetryableException;
import dev.ajretry.runtime.RetryableExceptions;
import org.slf4j.LoggerFactory;

import java.util.Arrays;

/**
 * Says whether a failure is retried, by the precedence rules of {@code @Retry}: {@code abortOn} beats everything; an
 * {@link InterruptedException} is never retried; a failure must then be covered by a marker
 * ({@link RetryableException}, {@link RetryableError}), by a class registered in {@link RetryableExceptions}, or by
 * {@code exceptions} (an {@link Error} only when {@code exceptions} names {@code Error} or a subclass); and last, the
 * {@code giveUpIf} predicate may still say "give up".
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
        /** Not covered by {@code exceptions}, a marker or the registry. */
        NOT_LISTED,
        /** The {@code giveUpIf} predicate said so. */
        GIVE_UP_PREDICATE
    }

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

    /** The verdict on {@code failure}. */
    public Verdict classify(Throwable failure) {
        if (isInstanceOfAny(aborted, failure)) {
            return Verdict.ABORT_ON;
        }
        if (failure instanceof InterruptedException) {
            return Verdict.INTERRUPTED;
        }
        if (!isListed(failure)) {
            return Verdict.NOT_LISTED;
        }
        return giveUpIf != null && saysGiveUp(failure) ? Verdict.GIVE_UP_PREDICATE : Verdict.RETRY;
    }

    private boolean isListed(Throwable failure) {
        // Errors (OutOfMemoryError, StackOverflowError, AssertionError...) are only retried when named as errors:
        // Throwable.class in `exceptions` is taken to mean "every exception", not "every fatal condition".
        // The lists first: the usual failure is listed, and then the marker checks are not needed at all.
        return isInstanceOfAny(failure instanceof Error ? retriedErrors : retried, failure)
                || failure instanceof RetryableException || FailureTraits.isRetryableError(failure)
                || RetryableExceptions.covers(failure);
    }

    private boolean saysGiveUp(Throwable failure) {
        try {
            return giveUpIf.test(failure);
        } catch (VirtualMachineError fatal) {
            throw fatal;
        } catch (Throwable e) {
            // Nothing is lost: the caller gets the failure, with what went wrong in the predicate attached.
            LoggerFactory.getLogger(FailureClassifier.class).warn("giveUpIf predicate {} threw {} on {}; giving up",
                    giveUpIf.getClass().getName(), e.toString(), failure.toString());
            if (e != failure) {
                failure.addSuppressed(e);
            }
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
