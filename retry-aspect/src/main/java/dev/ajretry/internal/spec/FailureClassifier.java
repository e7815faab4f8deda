package dev.ajretry.internal.spec;

import dev.ajretry.internal.failure.Causes;
import dev.ajretry.internal.failure.Suppressed;
import dev.ajretry.internal.env.Environment;
import dev.ajretry.internal.text.Texts;

import dev.ajretry.RetryEvent.GiveUpReason;
import dev.ajretry.FailurePredicate;
import dev.ajretry.RetryableError;
import dev.ajretry.RetryableException;
import org.slf4j.LoggerFactory;

import java.lang.ref.WeakReference;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;

/**
 * Says whether a failure is retried, by the precedence rules of {@code @Retry}: {@code abortOn} beats everything; an
 * {@link InterruptedException} is never retried; a failure must then be covered by a marker
 * ({@link RetryableException}, {@link RetryableError}), by a class registered in {@code RetryableExceptions}, or by
 * {@code exceptions} (an {@link Error} only when {@code exceptions} names {@code Error} or a subclass). The
 * {@code giveUpIf} predicate is not part of the verdict: the decision asks it ({@link #givesUp}) only when a retry
 * would otherwise follow.
 *
 * <p>With {@code matchCauses}, the lists, the markers and the registry look at every link of the failure's chain
 * ({@link Causes#find}): {@code abortOn} matching any link wins, any retryable link makes the failure retryable.
 * Only the failure itself says {@code INTERRUPTED}: a timed-out attempt's {@code AttemptTimeoutException} has the
 * interrupted attempt's exception as its cause, and is retried.
 *
 * <p>Thread-safe. The class arrays are copied once, when the policy is built. Without {@code matchCauses}, what the
 * lists say of a failure depends only on its class, so the answer for the last class seen is kept ({@link Seen}): a
 * series failing again and again with one exception type walks the lists once. That cache is the only mutable
 * state; a race on it costs a recomputation, never a wrong answer. With {@code matchCauses} the answer depends on
 * the chain, and is computed for each failure.
 */
public final class FailureClassifier {

    private final Class<?>[] retried;
    private final Class<?>[] retriedErrors;
    private final Class<?>[] aborted;
    private final FailurePredicate giveUpIf;
    private final boolean matchCauses;
    /** The tests of one link of a chain, for {@code matchCauses}: built once, so that a walk allocates nothing. */
    private final Predicate<Throwable> abortsLink;
    private final Predicate<Throwable> retriesLink;
    private static final Predicate<Throwable> ASKS_FOR_ITS_WAIT = FailureTraits::isRetryAfter;
    /** The traits of the failure class seen last; null before the first failure. */
    private Seen seen;

    private static final int ABORTED = 1;
    private static final int INTERRUPTED = 2;
    private static final int LISTED = 4;
    private static final int RETRY_AFTER = 8;

    /**
     * A failure class and what the lists say of it. The class is held weakly: a class of a child loader (a plugin's
     * exception thrown through the woven method) must not stay reachable through the woven class's policy. Immutable
     * but for the referent, which a racing reader may see null: it then recomputes.
     */
    private static final class Seen extends WeakReference<Class<?>> {
        final int traits;

        Seen(Class<?> type, int traits) {
            super(type);
            this.traits = traits;
        }
    }

    /**
     * @param exceptions the classes that are retried, subclasses included
     * @param abortOn    the classes that are never retried, subclasses included
     * @param giveUpIf    asked about failures that would be retried; null for none
     * @param matchCauses whether the lists, the markers and the registry look at the failure's causes too
     */
    public FailureClassifier(Class<? extends Throwable>[] exceptions, Class<? extends Throwable>[] abortOn,
                             FailurePredicate giveUpIf, boolean matchCauses) {
        this.retried = exceptions.clone();
        this.retriedErrors = Arrays.stream(exceptions).filter(Error.class::isAssignableFrom).toArray(Class<?>[]::new);
        this.aborted = abortOn.clone();
        this.giveUpIf = giveUpIf;
        this.matchCauses = matchCauses;
        this.abortsLink = link -> isInstanceOfAny(aborted, link);
        this.retriesLink = link -> isListed(link) || Environment.isRetryable(link);
    }

    /** True if the lists, the markers and the registry look at the failure's causes too. */
    public boolean matchesCauses() {
        return matchCauses;
    }

    /** The classes {@code exceptions} names: retried, subclasses included. */
    public List<Class<?>> retried() {
        return List.of(retried);
    }

    /** The classes {@code abortOn} names: never retried, subclasses included. */
    public List<Class<?>> aborted() {
        return List.of(aborted);
    }

    /** The {@code giveUpIf} predicate, or null. */
    public FailurePredicate giveUpIf() {
        return giveUpIf;
    }

    /**
     * The verdict on {@code failure}: null if it is worth another attempt, else why not: {@code ABORT_ON},
     * {@code INTERRUPTED} (retrying would swallow the interrupt), {@code NOT_RETRYABLE} (not covered by
     * {@code exceptions}, a marker or the registry). The {@code giveUpIf} predicate is not asked here: see
     * {@link #givesUp}.
     */
    public GiveUpReason classify(Throwable failure) {
        if (matchCauses) {
            return classifyChain(failure);
        }
        int traits = traits(failure);
        if ((traits & ABORTED) != 0) {
            return GiveUpReason.ABORT_ON;
        }
        if ((traits & INTERRUPTED) != 0) {
            return GiveUpReason.INTERRUPTED;
        }
        // The registry changes at run time (RetryableExceptions.register), so it is asked each time, not cached.
        if ((traits & LISTED) == 0 && !Environment.isRetryable(failure)) {
            return GiveUpReason.NOT_RETRYABLE;
        }
        return null;
    }

    private GiveUpReason classifyChain(Throwable failure) {
        if (Causes.find(failure, abortsLink) != null) {
            return GiveUpReason.ABORT_ON;
        }
        if (failure instanceof InterruptedException) {
            return GiveUpReason.INTERRUPTED;
        }
        return Causes.find(failure, retriesLink) != null ? null : GiveUpReason.NOT_RETRYABLE;
    }

    /**
     * True if the {@code giveUpIf} predicate says "give up" on {@code failure} (false without one). Asked by the
     * decision only when a retry would otherwise follow. A predicate that throws says "give up": the exception is
     * logged and attached to the failure (bounded, see {@code Suppressed}).
     */
    public boolean givesUp(Throwable failure) {
        return giveUpIf != null && failure != null && saysGiveUp(failure);
    }

    /**
     * True if {@code failure} implements {@link dev.ajretry.RetryAfter} (with {@code matchCauses}, if one of its
     * links does): only then is the server's word read.
     */
    public boolean asksForItsWait(Throwable failure) {
        return matchCauses ? anyLinkAsksForItsWait(failure) : (traits(failure) & RETRY_AFTER) != 0;
    }

    private static boolean anyLinkAsksForItsWait(Throwable failure) {
        return Causes.find(failure, ASKS_FOR_ITS_WAIT) != null;
    }

    private int traits(Throwable failure) {
        Class<?> type = failure.getClass();
        Seen last = seen;
        if (last != null && last.refersTo(type)) {
            return last.traits;
        }
        int traits = (isInstanceOfAny(aborted, failure) ? ABORTED : 0)
                | (failure instanceof InterruptedException ? INTERRUPTED : 0)
                | (isListed(failure) ? LISTED : 0)
                | (FailureTraits.isRetryAfter(failure) ? RETRY_AFTER : 0);
        seen = new Seen(type, traits);
        return traits;
    }

    private boolean isListed(Throwable failure) {
        // Errors (OutOfMemoryError, StackOverflowError, AssertionError...) are only retried when named as errors:
        // Throwable.class in `exceptions` is taken to mean "every exception", not "every fatal condition".
        return isInstanceOfAny(failure instanceof Error ? retriedErrors : retried, failure)
                || failure instanceof RetryableException || FailureTraits.isRetryableError(failure);
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
