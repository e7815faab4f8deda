package dev.ajretry.internal.call;

import dev.ajretry.internal.failure.Suppressed;
import dev.ajretry.internal.env.Environment;
import dev.ajretry.internal.env.TokenBucket;
import dev.ajretry.internal.env.Waiter;
import dev.ajretry.internal.text.Texts;

import dev.ajretry.internal.spec.Recovery;
import dev.ajretry.internal.spec.RetrySpec;

import dev.ajretry.AttemptTimeoutException;
import dev.ajretry.RandomJitter;
import dev.ajretry.AttemptRecord;
import dev.ajretry.RetryEvent.GiveUpReason;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The attempts of one call of a {@code @Retry} method, from its first failure on: the per-call state, and the steps
 * both drivers take through it. Each step notes what happened, asks {@link Decider} what to do, and reports it
 * ({@link Reporter}); the driver then carries the decision out: {@link BlockingCall} sleeps or throws,
 * {@link StageCall} schedules or completes. A call that succeeds on its first attempt never creates one, unless its
 * method times each attempt (a blocking call then holds the first attempt's timer here).
 *
 * <p>The fields a call always needs are kept to a minimum (64 bytes with compressed pointers), so that a call that
 * fails and then succeeds allocates little; what only some calls need lives in {@link Extra}, allocated on demand.
 *
 * <p>Public only because the aspect holds one while its loop runs; it has no public member.
 *
 * <p>Not thread-safe: it belongs to one call; the asynchronous driver hands it from attempt to attempt, each
 * starting after the previous one's outcome was handled.
 */
public final class Attempts {

    /** How many earlier failures are attached as suppressed, and how many attempts the history keeps. */
    static final int HISTORY = 16;

    private static final AtomicLong SERIES_IDS = new AtomicLong();

    private static final byte RETRYING = 0;
    private static final byte CAPTURING = 1;
    private static final byte SUCCEEDED = 2;
    private static final byte GAVE_UP = 3;

    final RetrySpec policy;
    /** Timing, history, ids and MDC state; null until something needs one of them. */
    private Extra extra;
    private byte state = RETRYING;
    /** True for a call driven by {@link StageCall}: no thread affinity, no thread interrupt to honour. */
    final boolean async;
    /** Registered on its thread by {@link OnThread}. */
    boolean registered;
    /** Whether the ring of older failures has wrapped (so it holds the last 15). */
    private boolean olderFull;
    /** Attempts made so far. */
    private long attempts;
    /** The schedule's last base wait, in nanoseconds: the input of the next one. */
    private long baseWait;
    /** Earlier failures for the final one's suppressed list; the ring is allocated at the second distinct one. */
    private Throwable newestEarlier;
    private Throwable[] olderEarlier;
    private int olderNext;
    /** The failure the call ends with (null for a rejected result), set with the give-up decision. */
    private Throwable finalFailure;
    private Decision ending;
    /** The call this one hides on its thread while registered ({@link OnThread}). */
    Attempts outer;

    /** What only some calls need. */
    static final class Extra {
        /** How the call waits and reads the clock, when it is not the caller thread's current sleeper. */
        Waiter waiter;
        /** When the attempts ran, for the deadline, events and the give-up report; null when not timing. */
        Timeline timeline;
        /** 0 until a log line, the MDC or a context needs it. */
        long id;
        /** The MDC values this call replaced on its thread ({@link OnThread}). */
        String outerMdcSeries;
        String outerMdcAttempt;
        /**
         * How many frames of the retried method were on the thread's stack when the call registered
         * ({@link OnThread#enter}): a deeper frame of the same method is a recursive call, not this one.
         */
        int frames = Contexts.UNCOUNTED;
        /** The running attempt's timer, for a blocking method with an {@code attemptTimeout}; null between attempts. */
        AttemptTimer timer;
        /** For a hedged call only, whose attempts overlap; null for the others. */
        Overlap overlap;
    }

    /** What a hedged call's series needs besides the rest: its attempts overlap. */
    static final class Overlap {
        /** The attempt whose synchronous part runs now (0: the next after those made, as for other calls). */
        long runningAttempt;
        /** Whether that attempt is a hedge. */
        boolean runningHedge;
        /** The retries decided so far: the schedule's position. */
        long retriesDecided;
        /** A give-up reached while other attempts ran: the last of them ends the call with its reason. */
        Decision stopped;
    }

    /** The hedged call's part, created at first use. */
    private Overlap overlap() {
        Extra e = extra();
        if (e.overlap == null) {
            e.overlap = new Overlap();
        }
        return e.overlap;
    }

    /**
     * @param start  what {@link RetrySpec#startTime()} returned before the first attempt
     * @param waiter the asynchronous caller's sleeper; null for a blocking call, which uses its thread's current one
     */
    Attempts(RetrySpec policy, long start, Waiter waiter) {
        this.policy = policy;
        this.async = waiter != null;
        if (async) {
            extra().waiter = waiter;
        }
        if (policy.timed() || Environment.anyListener() || policy.log().isWarnEnabled()) {
            extra().timeline = new Timeline(policy.timed() ? start : clock(), policy.timed());
        }
    }

    Extra extra() {
        if (extra == null) {
            extra = new Extra();
        }
        return extra;
    }

    /** The extra state if there is some, else null; for readers that must not allocate it. */
    Extra extraOrNull() {
        return extra;
    }

    // ---- the steps -------------------------------------------------------------------------------------------

    /**
     * For a blocking method with an {@code attemptTimeout}: arms the timer of the attempt about to start on this
     * thread. A scheduler that rejects it (a user's, shut down) leaves the attempt untimed, and says so.
     */
    void startTimer() {
        try {
            extra().timer = AttemptTimer.arm(policy.attemptTimeoutNanos());
        } catch (RuntimeException rejected) {
            policy.log().warn("{}: attempt {} runs without its attemptTimeout: the scheduler rejected its timer ({})",
                    policy.method(), attempts + 1, Texts.text(rejected));
        }
    }

    /**
     * The running attempt ended, with {@code failure} (null: it returned): disarms its timer, if it has one. Returns
     * the attempt's outcome as the series sees it: {@code failure} as it is, or, if the timeout passed first, an
     * {@link AttemptTimeoutException} with {@code failure} as its cause (a result returned late is discarded).
     */
    Throwable attemptEnded(Throwable failure) {
        // Small, so that a failure of an untimed attempt pays no call here (C2 inlines only small callees there).
        Extra e = extra;
        return e == null || e.timer == null ? failure : timedAttemptEnded(e, failure);
    }

    private Throwable timedAttemptEnded(Extra e, Throwable failure) {
        AttemptTimer timer = e.timer;
        e.timer = null;
        if (!timer.disarm()) {
            return failure;
        }
        return timedOut(attempts + 1, failure);
    }

    /** Attempt {@code attempt} passed the method's {@code attemptTimeout}; {@code cause} is what it threw, if any. */
    AttemptTimeoutException timedOut(long attempt, Throwable cause) {
        return new AttemptTimeoutException(policy.method(), attempt, Duration.ofNanos(policy.attemptTimeoutNanos()),
                cause);
    }

    /**
     * Attempt {@code attempts + 1} failed with {@code failure}: notes it, decides, and reports a retry. A give-up is
     * recorded, for {@link #finish} to report once the driver has what it needs (the arguments, for a recovery).
     *
     * @param verdict     the classifier's verdict on the failure (null: retryable)
     * @param interrupted whether the calling thread is interrupted (always false for an asynchronous call)
     */
    Decision failed(Throwable failure, GiveUpReason verdict, boolean interrupted) {
        long attempt = ++attempts;
        long now = attemptEnded(attempt, failure);
        int limits = verdict == null ? limits(attempt, interrupted) : 0;
        double random = random();
        long base = policy.baseWait(attempt, baseWait, random);
        Decision decision = Decider.afterFailure(policy, attempt, failure, verdict, base, random, elapsed(now), limits);
        if (decision.retries()) {
            retrying(attempt, base, decision);
            Reporter.retrying(this, attempt, failure, null, decision.waitNanos(), decision.fromServer());
            remember(failure);
        } else {
            endInFailure(failure, decision, null);
        }
        return decision;
    }

    /**
     * Attempt {@code attempts + 1} returned {@code result}, which the predicate rejected: notes it, decides, and
     * reports. A give-up is reported at once: the caller gets the result as it is.
     */
    Decision rejected(Object result, boolean interrupted) {
        long attempt = ++attempts;
        long now = attemptEnded(attempt, null);
        int limits = limits(attempt, interrupted);
        double random = random();
        long base = policy.baseWait(attempt, baseWait, random);
        Decision decision = Decider.afterRejectedResult(policy, attempt, result, base, random, elapsed(now), limits);
        if (decision.retries()) {
            retrying(attempt, base, decision);
            Reporter.retrying(this, attempt, null, result, decision.waitNanos(), decision.fromServer());
        } else {
            endWithResult(result, decision);
        }
        return decision;
    }

    // ---- the steps of a hedged call, whose attempts overlap (HedgedCall) ----------------------------------------

    /**
     * A hedged call's series was created after {@code count} attempts had started (it is created at the first hedge
     * or the first outcome that needs it): from now on {@link #attempts} counts the attempts started.
     */
    void attemptsStarted(long count) {
        attempts = count;
    }

    /** A hedged call started attempt {@code number}: a retry or a hedge. */
    void attemptStarted(long number) {
        attempts = number;
        if (timing()) {
            extra.timeline.startedAt(number, clock());
        }
    }

    /**
     * A hedged call's attempt {@code number} failed, while {@code others} attempts still run or a retry is pending
     * ({@code retryPending}). Returns a retry (the driver schedules it), a give-up (the series ended: the driver
     * finishes it, the others cancelled), or null: the series goes on with the others, this failure kept for the
     * suppressed list. A failure that is not retried, or a {@code giveUpIf} that says so, ends the call; the tries,
     * the deadline or the budget only stop further retries while others run, and end the call with the last one.
     */
    Decision failedBeside(Throwable failure, GiveUpReason verdict, long number, boolean others,
                          boolean retryPending) {
        long now = attemptEnded(number, failure);
        boolean recovers = policy.recovers(failure);
        if (verdict != null) {
            Decision decision = Decision.giveUp(verdict, recovers);
            endInFailure(failure, decision, null);
            return decision;
        }
        Overlap e = overlap();
        if (!retryPending && e.stopped == null) {
            double random = random();
            long base = policy.baseWait(e.retriesDecided + 1, baseWait, random);
            Decision decision = Decider.afterFailure(policy, attempts, failure, null, base, random, elapsed(now),
                    limits(attempts, false));
            if (decision.retries()) {
                e.retriesDecided++;
                retrying(number, base, decision);
                Reporter.retrying(this, number, failure, null, decision.waitNanos(), decision.fromServer());
                remember(failure);
                return decision;
            }
            if (!others || decision.reason() == GiveUpReason.GIVE_UP_PREDICATE) {
                endInFailure(failure, decision, null);
                return decision;
            }
            e.stopped = decision;
        }
        if (others || retryPending) {
            remember(failure);
            return null;
        }
        Decision last = Decision.giveUp(e.stopped != null ? e.stopped.reason() : GiveUpReason.TRIES_EXHAUSTED,
                recovers);
        endInFailure(failure, last, null);
        return last;
    }

    /**
     * Like {@link #failedBeside}, for a result the predicate rejected: a give-up returns {@code result} as it is
     * (reported at once), so it returns a retry, a give-up, or null.
     */
    Decision rejectedBeside(Object result, long number, boolean others, boolean retryPending) {
        long now = attemptEnded(number, null);
        Overlap e = overlap();
        if (!retryPending && e.stopped == null) {
            double random = random();
            long base = policy.baseWait(e.retriesDecided + 1, baseWait, random);
            Decision decision = Decider.afterRejectedResult(policy, attempts, result, base, random, elapsed(now),
                    limits(attempts, false));
            if (decision.retries()) {
                e.retriesDecided++;
                retrying(number, base, decision);
                Reporter.retrying(this, number, null, result, decision.waitNanos(), decision.fromServer());
                return decision;
            }
            if (!others) {
                endWithResult(result, decision);
                return decision;
            }
            e.stopped = decision;
        }
        if (others || retryPending) {
            return null;
        }
        Decision last = Decision.giveUp(e.stopped != null ? e.stopped.reason() : GiveUpReason.TRIES_EXHAUSTED, false);
        endWithResult(result, last);
        return last;
    }

    /** A hedged call's attempt {@code number} succeeded, the call's series existing: reported as a success. */
    static void succeededBeside(Attempts call, long number) {
        if (call.state != RETRYING) {
            return;
        }
        call.state = SUCCEEDED;
        Reporter.succeeded(call, number);
        call.policy.succeeded();
    }

    /** A retry was decided: the schedule moves on, the history notes the wait, the budget pays for the retry. */
    private void retrying(long attempt, long base, Decision decision) {
        baseWait = base;
        noteWait(attempt, decision.waitNanos(), decision.fromServer());
        TokenBucket budget = policy.budget();
        if (budget != null) {
            budget.spend();
        }
    }

    /** The wait that {@code decision} asked for is over: the next attempt is about to start. */
    void waited(long wait) {
        if (timing()) {
            extra.timeline.waited(wait);
        }
        state = RETRYING;
    }

    /** The wait before the next attempt was cut short by an interrupt: the call ends with its last failure. */
    void interruptedWhileWaiting(Throwable lastFailure, InterruptedException interrupt) {
        endInFailure(lastFailure, Decision.giveUp(GiveUpReason.INTERRUPTED, policy.recovers(lastFailure)), interrupt);
    }

    /** Like {@link #interruptedWhileWaiting} after a rejected result: the caller gets that result as it is. */
    void interruptedWhileWaiting(Object lastResult) {
        endWithResult(lastResult, Decision.giveUp(GiveUpReason.INTERRUPTED, false));
    }

    /**
     * An asynchronous call's next attempt could not be handed off: the call ends with its last failure, {@code why}
     * (the rejection, the sleeper's exception, the shutdown) attached, as after an interrupted wait.
     */
    void notHandedOff(Throwable lastFailure, Throwable why) {
        endInFailure(lastFailure, Decision.giveUp(GiveUpReason.HAND_OFF_FAILED, policy.recovers(lastFailure)), why);
    }

    /** Like {@link #notHandedOff(Throwable, Throwable)} after a rejected result: the caller gets that result. */
    void notHandedOff(Object lastResult) {
        endWithResult(lastResult, Decision.giveUp(GiveUpReason.HAND_OFF_FAILED, false));
    }

    /**
     * The call succeeded, {@code call} being its attempts, or null if the first attempt succeeded: refills the
     * method's budget and tells who listens. Nothing happens for a call that already gave up on a rejected result:
     * a give-up is no success.
     */
    static void succeeded(Attempts call, RetrySpec policy) {
        if (call == null) {
            policy.succeededAtOnce();
            return;
        }
        if (call.state != RETRYING) {
            return;
        }
        call.endSucceeded();
    }

    /** The success of a call that holds state: reported, unless it was its first attempt (a timed one). */
    private void endSucceeded() {
        state = SUCCEEDED;
        if (attempts == 0) {
            // A call that holds its state from the start (a timed attempt) and succeeded at once: no series to end.
            policy.succeededAtOnce();
            return;
        }
        OnThread.leave(this);
        Reporter.succeeded(this, attempts + 1);
        policy.succeeded();
    }

    /** The call stopped for good without an outcome of its own (an asynchronous call cancelled by its caller). */
    void cancelled() {
        state = GAVE_UP;
    }

    /** True if the call gave up and its driver must hand {@link #finish} the call's arguments. */
    boolean needsArguments() {
        return state == CAPTURING;
    }

    /** True while the call goes on: its last decision was a retry. */
    boolean retrying() {
        return state == RETRYING;
    }

    /**
     * Ends a call that gave up on a failure: reports the give-up, then returns the recovery method's value or throws
     * the final failure itself.
     *
     * @param capture the call's target and arguments, or null if they are not needed or could not be had
     */
    Object finish(ArgumentCapture capture) {
        state = GAVE_UP;
        try {
            Recovery recovery = policy.recovery();
            boolean recovering = ending.recovers() && capture != null;
            List<String> arguments = policy.logArguments() && capture != null
                    ? Texts.describe(capture.arguments()) : null;
            Reporter.gaveUp(this, finalFailure, recovering, () -> recovering ? "recovering with "
                    + recovery.description() : "throwing " + Texts.text(finalFailure), arguments);
            if (recovering) {
                if (finalFailure instanceof InterruptedException) {
                    // The method's InterruptedException carried the interrupt; recovering swallows the exception,
                    // so the flag must be set again for the caller to see it.
                    Thread.currentThread().interrupt();
                }
                return recoverWith(recovery, capture);
            }
            throw Rethrow.unchecked(finalFailure);
        } finally {
            OnThread.leave(this);
        }
    }

    private Object recoverWith(Recovery recovery, ArgumentCapture capture) {
        try {
            return recovery.invoke(capture.target(), capture.arguments(), finalFailure);
        } catch (Throwable thrown) {
            throw Rethrow.unchecked(thrown); // the recovery's own failure, the final one attached
        }
    }

    /** Records the give-up; {@code why}, what cut the series short (an interrupt, a failed hand-off), is attached. */
    private void endInFailure(Throwable failure, Decision decision, Throwable why) {
        attachEarlierFailures(failure);
        Suppressed.attach(failure, why);
        finalFailure = failure;
        ending = decision;
        state = policy.logArguments() || decision.recovers() ? CAPTURING : GAVE_UP;
    }

    private void endWithResult(Object result, Decision decision) {
        state = GAVE_UP;
        ending = decision;
        try {
            Reporter.gaveUp(this, null, false, () -> "returning the last result" + Reporter.resultText(policy, result),
                    null);
        } finally {
            OnThread.leave(this);
        }
    }

    /**
     * What the environment forbids, as {@link Decider} limits: the shared budget (only a retry that is made spends a
     * token, in {@link #retrying}), nesting (looked at for the first failure only; logged once per pair), the
     * thread's interrupt.
     */
    private int limits(long attempt, boolean interrupted) {
        int limits = interrupted ? Decider.INTERRUPTED : 0;
        TokenBucket budget = policy.budget();
        if (budget != null && !budget.allowsRetry()) {
            limits |= Decider.BUDGET_SPENT;
        }
        if (attempt == 1) {
            Nesting.check(this);
            if (policy.singleAttemptWhenNested() && Nesting.isNested(this)) {
                limits |= Decider.NESTED;
            }
        }
        return limits;
    }

    private double random() {
        return policy.randomJitter() == RandomJitter.NONE ? 0 : ThreadLocalRandom.current().nextDouble();
    }

    private long elapsed(long now) {
        return policy.timed() ? extra.timeline.elapsed(now) : 0L;
    }

    // ---- what the reporter and the thread registration read ------------------------------------------------

    /** Attempts made so far. */
    long attempts() {
        return attempts;
    }

    /** The attempt running now, or the last one once the call has ended. */
    /** True while a hedge's synchronous part runs ({@link #running}). */
    boolean runningHedge() {
        return extra != null && extra.overlap != null && extra.overlap.runningHedge;
    }

    /**
     * For a hedged call: attempt {@code attempt} (a hedge or not) is about to run its synchronous part; 0 when it is
     * over, for the context to count as for other calls.
     */
    void running(long attempt, boolean hedge) {
        Overlap e = overlap();
        e.runningAttempt = attempt;
        e.runningHedge = hedge;
    }

    long currentAttempt() {
        if (extra != null && extra.overlap != null && extra.overlap.runningAttempt > 0) {
            return extra.overlap.runningAttempt;
        }
        return state == RETRYING ? attempts + 1 : attempts;
    }

    /** The give-up decision, once the call gave up. */
    Decision ending() {
        return ending;
    }

    /** The failure the call gave up with; null for a rejected result. */
    Throwable finalFailure() {
        return finalFailure;
    }

    /** The series id every log line carries, assigned on first use. */
    String id() {
        Extra e = extra();
        if (e.id == 0) {
            e.id = SERIES_IDS.incrementAndGet();
        }
        return Long.toString(e.id, 36);
    }

    /** Time since the series started, or zero when it is not timed. */
    Duration elapsed() {
        return timing() ? Duration.ofNanos(Math.max(0, extra.timeline.elapsed(clock()))) : Duration.ZERO;
    }

    /** How the call waits: the asynchronous caller's sleeper, or the blocking caller's thread's current one. */
    Waiter waiter() {
        return extra != null && extra.waiter != null ? extra.waiter : Environment.waiter();
    }

    // ---- history and suppressed failures ---------------------------------------------------------------------

    /** Whether the clock is read at each failure, for the history, events and the deadline. */
    private boolean timing() {
        return extra != null && extra.timeline != null;
    }

    /**
     * Notes the end of a failed attempt ({@code failure} null for a rejected result) in the timeline, when timing.
     * Returns the time on the clock, or 0 when not timing.
     */
    private long attemptEnded(long attempt, Throwable failure) {
        if (!timing()) {
            return 0L;
        }
        long now = clock();
        extra.timeline.ended(attempt, now, failure);
        return now;
    }

    /** Notes the wait that follows attempt {@code attempt}, for the history. */
    private void noteWait(long attempt, long wait, boolean fromServer) {
        if (timing()) {
            extra.timeline.waits(attempt, wait, fromServer);
        }
    }

    /** The failed attempts so far, oldest first, at most the last {@link Timeline#SIZE}. */
    List<AttemptRecord> history() {
        return timing() && attempts > 0 ? extra.timeline.records(attempts) : List.of();
    }

    private void remember(Throwable failure) {
        if (failure == newestEarlier) {
            return;
        }
        if (newestEarlier != null) {
            if (olderEarlier == null) {
                olderEarlier = new Throwable[HISTORY - 1];
            }
            olderEarlier[olderNext] = newestEarlier;
            olderNext = (olderNext + 1) % olderEarlier.length;
            olderFull |= olderNext == 0;
        }
        newestEarlier = failure;
    }

    /** Adds the kept earlier failures to {@code last}'s suppressed list, oldest first, each instance once. */
    private void attachEarlierFailures(Throwable last) {
        if (newestEarlier == null) {
            return;
        }
        // Bounded and by identity (Suppressed): a reused exception instance must not grow on every call.
        if (olderEarlier != null) {
            int from = olderFull ? olderNext : 0;
            int count = olderFull ? olderEarlier.length : olderNext;
            for (int i = 0; i < count; i++) {
                Suppressed.attach(last, olderEarlier[(from + i) % olderEarlier.length]);
            }
        }
        Suppressed.attach(last, newestEarlier);
    }

    private long clock() {
        return waiter().nanoTime();
    }

}
