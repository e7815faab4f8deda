package dev.ajretry.internal.call;

import dev.ajretry.internal.failure.Suppressed;
import dev.ajretry.internal.env.Environment;
import dev.ajretry.internal.text.Texts;

import dev.ajretry.internal.spec.HotSpec;
import dev.ajretry.internal.spec.RetrySpec;

import dev.ajretry.AttemptTimeoutException;
import dev.ajretry.RetryEvent.GiveUpReason;

/**
 * The blocking driver: what the aspect's retry loop calls for a method that does not return a stage. It carries
 * out what {@link Attempts} decided, with one of two verbs: sleep (then return, for the next attempt), or throw (the
 * very failure the caller gets). The loop itself, with {@code proceed()}, is in the aspect, inlined in each woven
 * method; a call that succeeds on its first attempt meets only {@link #succeeded}.
 *
 * <p>Protocol: after a failure, {@link #failed} returns the call for its next attempt, or throws; unless the call
 * gave up and needs its arguments ({@link #needsArguments}), which the aspect captures and hands to
 * {@link #giveUp}. After a result, for a call that holds state, {@link #returned}; for methods with a result
 * predicate, {@link #afterResult}; the next attempt runs if {@link #retrying} says so. Last, {@link #succeeded}. A
 * method with an {@code attemptTimeout} starts with {@link #timed} instead of no call.
 */
public final class BlockingCall {

    private BlockingCall() {
    }

    /**
     * An attempt threw {@code failure}: waits and returns the call, for another attempt; or returns it in the
     * {@link #needsArguments} state; or throws what the caller must get, {@code failure} itself, the earlier
     * failures attached.
     *
     * @param call  null at the first failure of a call, then what this method returned
     * @param start what {@link HotSpec#startTime()} returned before the first attempt
     */
    public static Attempts failed(Attempts call, HotSpec hot, long start, Throwable thrown) {
        // A timed attempt's timer is disarmed first, whatever follows: its interrupt is cleared before anything looks
        // at the thread, and the attempt's failure becomes a timeout if the timer fired first.
        Throwable failure = call != null ? call.attemptEnded(thrown) : thrown;
        RetrySpec policy = call != null ? call.policy : hot.spec();
        GiveUpReason verdict = policy.classifier().classify(failure);
        if (call == null) {
            boolean willRetry = verdict == null && policy.tries() != 1;
            if (!willRetry && !Environment.anyListener() && !policy.logArguments() && !policy.recovers(failure)) {
                // Nothing to report but a DEBUG line, and no call state to create: the failure goes back as it is.
                Reporter.notRetried(policy, failure, verdict);
                throw Rethrow.unchecked(failure);
            }
        }
        Attempts current = call;
        try {
            if (current == null) {
                current = new Attempts(policy, start, null);
            }
            Decision decision = current.failed(failure, verdict, Thread.currentThread().isInterrupted());
            if (decision.retries()) {
                waitFor(current, decision.waitNanos(), failure);
            } else if (!current.needsArguments()) {
                current.finish(null);
            }
            return current;
        } catch (Throwable ending) {
            // Whatever ends the call here (the final failure, or a user callback that threw) leaves the thread as it
            // found it: no call registered, no MDC entry, for the next call on a pooled thread.
            if (current != null) {
                OnThread.leave(current);
            }
            // Nothing is lost: what ends the call instead of its failure (a sleeper's clock that threw...) carries it;
            // but nothing is allocated for a JVM that is failing.
            if (!Texts.isFatal(ending)) {
                Suppressed.attach(ending, failure);
            }
            throw ending;
        }
    }

    /**
     * Before the first attempt of a method with an {@code attemptTimeout} (its {@link HotSpec#startTime()} said
     * {@link HotSpec#TIMED_ATTEMPTS}): the call, holding the first attempt's timer, and the clock's start for a
     * deadline. (Other methods start with no call at all: their success path allocates nothing.)
     */
    public static Attempts timed(HotSpec hot) {
        RetrySpec policy = hot.spec();
        Attempts call = new Attempts(policy, policy.startTime(), null);
        call.startTimer();
        return call;
    }

    /**
     * An attempt returned, for a call that holds state ({@code call} not null): disarms a timed attempt's timer.
     *
     * @throws AttemptTimeoutException if the attempt passed its timeout: its result is discarded, and the aspect's
     *                                 loop hands this failure to {@link #failed}, as any other
     */
    public static void returned(Attempts call) {
        Throwable timedOut = call.attemptEnded(null);
        if (timedOut != null) {
            throw (AttemptTimeoutException) timedOut;
        }
    }

    /**
     * For methods with a result predicate, after an attempt returned {@code result}: if the predicate rejects it and
     * another attempt follows, waits and returns the call {@link #retrying}; if it accepts it, or the tries or the
     * time are used up (the caller then gets the result as it is), returns the call (or null) for
     * {@link #succeeded}.
     *
     * @throws RuntimeException what the predicate threw: it reaches the caller (documented), the thread left clean
     */
    public static Attempts afterResult(Attempts call, HotSpec hot, long start, Object result) {
        RetrySpec policy = call != null ? call.policy : hot.spec();
        Decision decision;
        try {
            if (!policy.rejects(result)) {
                if (call != null) {
                    Attempts.succeeded(call, policy); // after retries; a first-attempt success is the aspect's
                }
                return call;
            }
            if (call == null) {
                call = new Attempts(policy, start, null);
            }
            decision = call.rejected(result, Thread.currentThread().isInterrupted());
        } catch (Throwable predicateFailure) {
            // Whatever the predicate throws (an InterruptedException thrown sneakily too: it is no interrupted wait)
            // reaches the caller, the thread left clean.
            if (call != null) {
                OnThread.leave(call);
            }
            throw predicateFailure;
        }
        if (decision.retries()) {
            try {
                sleep(call, decision.waitNanos());
            } catch (InterruptedException interrupt) {
                // The sleeper cleared the flag by throwing; set it again so the caller's code still sees the interrupt.
                Thread.currentThread().interrupt();
                call.interruptedWhileWaiting(result);
                return call;
            } catch (Throwable brokenSleeper) {
                OnThread.leave(call);
                throw Rethrow.unchecked(brokenSleeper);
            }
            resume(call, decision.waitNanos());
        }
        return call;
    }

    /** True if the call goes on with another attempt now. */
    public static boolean retrying(Attempts call) {
        return call != null && call.retrying();
    }

    /** True if the call gave up and the aspect must capture its arguments for {@link #giveUp}. */
    public static boolean needsArguments(Attempts call) {
        return call.needsArguments();
    }

    /**
     * Ends a call that {@link #needsArguments}: reports the give-up, then returns the recovery method's value or
     * throws the final failure.
     */
    public static Object giveUp(Attempts call, ArgumentCapture capture) {
        if (capture == null || !capture.captured()) {
            // Cannot happen when the aspect's capture advice matches every retried method; if it did, say so loudly.
            call.policy.log().error("{}: could not capture the arguments to recover or log; is retry-aspect woven"
                    + " completely?", call.policy.method());
            return call.finish(null);
        }
        return call.finish(capture);
    }

    /**
     * The call returns normally: after a first-attempt success ({@code call} null), after retries, or with a
     * rejected result it gave up on (then nothing happens: a give-up is no success).
     */
    public static void succeeded(Attempts call, HotSpec hot) {
        if (call == null) {
            hot.succeededAtOnce();
        } else {
            Attempts.succeeded(call, call.policy);
        }
    }

    private static void waitFor(Attempts call, long wait, Throwable failure) {
        try {
            sleep(call, wait);
        } catch (InterruptedException interrupt) {
            // The sleeper cleared the flag by throwing; set it again so the caller's code still sees the interrupt.
            Thread.currentThread().interrupt();
            call.interruptedWhileWaiting(failure, interrupt);
            if (!call.needsArguments()) {
                call.finish(null);
            }
            return;
        }
        // A sleeper that throws anything else ends the call through failed()'s guard, which attaches the failure.
        resume(call, wait);
    }

    private static void sleep(Attempts call, long wait) throws InterruptedException {
        call.waiter().sleep(wait);
    }

    /** After the wait: the next attempt runs on this thread, with the call registered for it (and timed). */
    private static void resume(Attempts call, long wait) {
        call.waited(wait);
        OnThread.enter(call, call.attempts() + 1);
        if (call.policy.timesAttempts()) {
            call.startTimer();
        }
    }
}
