package dev.ajretry.internal.call;

import dev.ajretry.internal.failure.Causes;
import dev.ajretry.internal.failure.Suppressed;
import dev.ajretry.internal.env.Droppable;
import dev.ajretry.internal.env.Environment;
import dev.ajretry.internal.env.Waiter;
import dev.ajretry.internal.text.Texts;

import dev.ajretry.internal.spec.RetrySpec;

import dev.ajretry.AttemptTimeoutException;
import dev.ajretry.RetryEvent.GiveUpReason;

import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The asynchronous driver: retries a method that returns a {@link CompletionStage} without ever blocking a thread.
 * It takes the same steps as the blocking driver ({@link Attempts}: the same decisions, the same reports); it only
 * carries them out with other verbs: schedule the next attempt with the sleeper's {@link Waiter#schedule}, or
 * complete the call's future.
 *
 * <p>An attempt fails when the method throws or when its stage completes exceptionally ({@link CompletionException}
 * unwrapped). The call returns at once a future that completes with the first accepted result, or exceptionally with
 * the last failure itself, earlier failures attached; or with a recovery method's result (which may be a stage).
 *
 * <p>Every call ends. A next attempt that cannot be handed off (the scheduler or executor rejects it, the sleeper's
 * {@code schedule} throws, the default scheduler is shut down while the wait is pending) ends the call with the last
 * failure, the reason attached ({@code HAND_OFF_FAILED}). Whatever completes the returned future, this driver or
 * the caller ({@code cancel}, {@code complete}, {@code orTimeout}...), ends the series: the pending wait is
 * cancelled (and leaves the scheduler's queue where the scheduler removes cancelled tasks), and the attempt in
 * flight is cancelled where its stage allows, also one that was starting meanwhile.
 *
 * <p>Threads: the first attempt runs on the caller's thread, later ones where {@link Waiter#schedule} runs them
 * (see {@code dev.ajretry.runtime.AsyncRetries}). The {@code RetryContext} and MDC of an attempt are set on the thread
 * that runs it, for the time the method takes to return its stage.
 */
public final class StageCall {

    /** One attempt: calls the method body (the aspect's {@code proceed()}). */
    @FunctionalInterface
    public interface Attempt {
        Object run() throws Throwable;
    }

    private final RetrySpec policy;
    private final Waiter waiter;
    private final long start;
    private final Object target;
    private final Object[] arguments;
    private final Attempt attempt;
    private final CompletableFuture<Object> result;

    /**
     * Touched by one step at a time (see {@link #drive}): each attempt starts after the previous one's outcome was
     * handled. So are the last outcome's fields: what the call ends with if the next attempt cannot be handed off.
     */
    private Attempts series;
    private Throwable lastFailure;
    private Object lastResult;
    /** The wait before the next attempt, while it is scheduled. */
    private volatile NextAttempt pending;
    /** The stage of the attempt (or of the recovery) running now, if it can be cancelled. */
    private volatile CompletableFuture<?> inFlight;
    /** The timer of the attempt running now, for a method with an {@code attemptTimeout}; stopped by release(). */
    private volatile TimedAttempt timedAttempt;
    /** The thread running this call's steps in {@link #drive}, or null; guarded by {@code this}. */
    private Thread driver;
    /** The step handed on while that loop's step ran, for the loop to run next; guarded by {@code this}. */
    private Runnable deferred;

    private StageCall(RetrySpec policy, Object target, Object[] arguments, Attempt attempt) {
        this.policy = policy;
        this.waiter = Environment.waiter();
        this.start = policy.startTime();
        this.target = target;
        this.arguments = arguments;
        this.attempt = attempt;
        this.result = policy.newResultFuture();
        // Whoever completes it: this driver, or the caller with cancel(), complete(), orTimeout()...
        // handle, never whenComplete, on a stage that may fail with the user's exception: a whenComplete stage
        // wraps that failure in a CompletionException, whose constructor calls its toString(), which may throw
        // (from the thread that completes the stage: the caller's, at the first attempt).
        result.handle((value, failure) -> {
            release();
            return null;
        });
    }

    /**
     * Starts the call: runs the first attempt now, on the caller's thread, and returns the future of the whole
     * series, an instance of the method's declared return type.
     */
    public static Object start(RetrySpec policy, Object target, Object[] arguments, Attempt attempt) {
        if (policy.hedges() > 0) {
            return HedgedCall.start(policy, target, arguments, attempt);
        }
        StageCall call;
        try {
            call = new StageCall(policy, target, arguments, attempt);
        } catch (Throwable brokenClock) {
            // The sleeper's clock, read for the deadline before the first attempt, threw: the call fails through
            // its future, as every later failure does; its caller expects no exception from the call itself.
            CompletableFuture<Object> failed = policy.newResultFuture();
            failed.completeExceptionally(brokenClock);
            return failed;
        }
        call.drive(call::runAttempt);
        return call.result;
    }

    /**
     * Runs {@code step}, then every step it hands on synchronously, as a loop. A step is handed on when a scheduled
     * wait is over (which a test sleeper's {@code schedule} does at once, inside the call) or when an attempt's stage
     * completes (at once if it is complete when returned). Run nested, each attempt would add frames to the stack
     * until it overflowed (some 600 attempts); so a step handed on by the thread that runs this call's loop is left
     * for the loop. A step handed on by another thread (a scheduler's, a stage's) starts a loop there.
     */
    private void drive(Runnable step) {
        Thread me = Thread.currentThread();
        synchronized (this) {
            if (driver == me) {
                deferred = step;
                return;
            }
            // Another thread's loop may still be unwinding from the step that handed the call on: it stops there.
            driver = me;
        }
        Runnable next = step;
        try {
            while (next != null) {
                next.run();
                synchronized (this) {
                    if (driver != me) {
                        return; // the call was handed on to a loop on another thread
                    }
                    next = deferred;
                    deferred = null;
                }
            }
        } finally {
            synchronized (this) {
                if (driver == me) {
                    driver = null;
                    deferred = null;
                }
            }
        }
    }

    private void runAttempt() {
        if (endedByCaller()) {
            return;
        }
        Object returned = null;
        Throwable thrown = null;
        Attempts current = series;
        long number = current == null ? 1 : current.attempts() + 1;
        TimedAttempt timed = policy.timesAttempts() ? time(number) : null;
        if (current != null) {
            OnThread.enter(current, number);
        }
        try {
            returned = attempt.run();
        } catch (Throwable t) {
            thrown = t;
        } finally {
            if (current != null) {
                OnThread.leave(current);
            }
        }
        CompletionStage<?> stage = thrown == null ? (CompletionStage<?>) returned : null;
        if (stage == null) {
            Throwable failure = thrown != null ? thrown
                    : new NullPointerException(policy.method() + " returned null instead of a CompletionStage");
            failed(timed != null && !timed.settledInTime() ? timeout(number, failure) : failure);
            return;
        }
        follow(stage);
        if (timed == null) {
            // Untimed, the most common: a callback that captures only what it needs (one per attempt).
            stage.handle((value, failure) -> { // handle, not whenComplete: see the constructor
                drive(() -> {
                    inFlight = null;
                    if (failure != null) {
                        failed(unwrap(failure));
                    } else {
                        returned(value);
                    }
                });
                return null;
            });
            return;
        }
        stage.handle((value, failure) -> { // handle, not whenComplete: see the constructor
            if (!timed.settle()) {
                return null; // the timer came first and failed the attempt: this outcome is discarded
            }
            boolean timedOut = timed.late(); // the timeout passed, though the timer had not run yet: late all the same
            drive(() -> {
                inFlight = null;
                if (timedOut) {
                    failed(timeout(number, null));
                } else if (failure != null) {
                    failed(unwrap(failure));
                } else {
                    returned(value);
                }
            });
            return null;
        });
        if (timed.timedOutWhileStarting()) {
            // The method took longer than the timeout to return its stage: the attempt fails now, its stage cancelled.
            cancel(stage);
            inFlight = null;
            failed(timeout(number, null));
        }
    }

    // ---- attemptTimeout ------------------------------------------------------------------------------------------

    /** Arms the timer of attempt {@code number}; null if the scheduler rejected it (the attempt runs untimed). */
    private TimedAttempt time(long number) {
        TimedAttempt timed = new TimedAttempt(number);
        timedAttempt = timed;
        if (!timed.arm(policy)) {
            return null;
        }
        // The call may have ended while the timer was being armed, before release() could see it.
        if (result.isDone()) {
            timed.stopTimer();
        }
        return timed;
    }

    private AttemptTimeoutException timeout(long number, Throwable cause) {
        return new AttemptTimeoutException(policy.method(), number, Duration.ofNanos(policy.attemptTimeoutNanos()),
                cause);
    }

    /** One attempt of a method with an {@code attemptTimeout} ({@link TimedStage}). */
    private final class TimedAttempt extends TimedStage {
        private static final long serialVersionUID = 1L;

        TimedAttempt(long number) {
            super(number);
        }

        @Override
        void timedOut() {
            CompletableFuture<?> running = inFlight;
            if (running != null) {
                running.cancel(true);
            }
            drive(() -> {
                inFlight = null;
                failed(timeout(number, null));
            });
        }
    }

    private void returned(Object value) {
        if (endedByCaller()) {
            return;
        }
        try {
            if (policy.checksResults() && policy.rejects(value)) {
                if (series == null) {
                    series = new Attempts(policy, start, waiter);
                }
                Decision decision = series.rejected(value, false);
                if (decision.retries()) {
                    lastFailure = null;
                    lastResult = value;
                    retryAfter(decision.waitNanos());
                } else {
                    result.complete(value); // tries or time used up: the last result as it is
                }
                return;
            }
            Attempts.succeeded(series, policy);
            result.complete(value);
        } catch (Throwable predicateFailure) {
            result.completeExceptionally(predicateFailure);
        }
    }

    private void failed(Throwable failure) {
        if (endedByCaller()) {
            return;
        }
        try {
            GiveUpReason verdict = policy.classifier().classify(failure);
            if (series == null) {
                series = new Attempts(policy, start, waiter);
            }
            Decision decision = series.failed(failure, verdict, false);
            if (decision.retries()) {
                lastFailure = failure;
                lastResult = null;
                retryAfter(decision.waitNanos());
            } else {
                giveUp();
            }
        } catch (Throwable finalFailure) {
            // The call ended: this is the failure the caller gets, as the blocking driver would have thrown it; if
            // it is not the attempt's own (a sleeper's clock that threw...), it carries it.
            if (!Texts.isFatal(finalFailure)) {
                Suppressed.attach(finalFailure, failure);
            }
            result.completeExceptionally(finalFailure);
        }
    }

    /** The series gave up on a failure: reports it, then completes with the recovery or throws the final failure. */
    private void giveUp() {
        Object recovered = series.finish(series.needsArguments() ? ArgumentCapture.of(target, arguments) : null);
        completeWith(recovered, series.finalFailure());
    }

    private void retryAfter(long wait) {
        NextAttempt next = new NextAttempt(wait);
        pending = next;
        Future<?> handle;
        try {
            handle = waiter.schedule(next, wait);
        } catch (Throwable rejected) {
            // A shut-down scheduler, a broken sleeper: the call ends now, with its last failure.
            next.dropped(rejected);
            return;
        }
        next.scheduled(handle);
    }

    /**
     * The next attempt could not be handed off ({@code why}): the call ends with the last failure, {@code why}
     * attached, or its recovery; after a rejected result, with that result as it is.
     */
    private void notHandedOff(Throwable why) {
        if (endedByCaller()) {
            return;
        }
        try {
            if (lastFailure != null) {
                series.notHandedOff(lastFailure, why);
                giveUp();
            } else {
                series.notHandedOff(lastResult);
                result.complete(lastResult);
            }
        } catch (Throwable finalFailure) {
            if (!Texts.isFatal(finalFailure)) {
                Suppressed.attach(finalFailure, lastFailure); // as in failed(): nothing is lost
            }
            result.completeExceptionally(finalFailure);
        }
    }

    /**
     * A scheduled next attempt. One of three claims it, once: its wait is over ({@link #run}), it cannot be handed
     * off ({@link #dropped}: an executor may have run it before it threw, a sleeper's schedule too), or the call
     * ended meanwhile ({@link #release}).
     */
    private final class NextAttempt extends AtomicBoolean implements Droppable {
        private static final long serialVersionUID = 1L;
        private final long wait;
        private volatile Future<?> handle;

        NextAttempt(long wait) {
            this.wait = wait;
        }

        @Override
        public void run() {
            if (compareAndSet(false, true)) {
                drive(() -> {
                    pending = null;
                    if (!endedByCaller()) {
                        series.waited(wait);
                        runAttempt();
                    }
                });
            }
        }

        @Override
        public void dropped(Throwable why) {
            if (compareAndSet(false, true)) {
                drive(() -> {
                    pending = null;
                    notHandedOff(why);
                });
            }
        }

        /** The waiter took the task; its handle is kept to cancel it if the call ends first. */
        void scheduled(Future<?> scheduled) {
            handle = scheduled;
            if (scheduled instanceof CompletableFuture) {
                // A sleeper's own future may tell that the task will never run.
                ((CompletableFuture<?>) scheduled).whenComplete((ignored, failure) -> {
                    if (failure != null) {
                        dropped(failure);
                    }
                });
            }
            // The call may have ended while the task was being scheduled, before release() could see the handle.
            if (result.isDone()) {
                release();
            }
        }

        /** The call ended before the wait was over: the task is cancelled, and leaves its scheduler's queue. */
        void release() {
            Future<?> scheduled = handle;
            if (scheduled != null && compareAndSet(false, true)) {
                scheduled.cancel(false);
            }
        }
    }

    /**
     * A recovery value: a stage is followed, anything else completes the call. A recovery stage that fails hands
     * on its failure with the call's final failure attached, as a recovery method that throws does.
     */
    private void completeWith(Object recovered, Throwable finalFailure) {
        if (recovered instanceof CompletionStage) {
            follow((CompletionStage<?>) recovered);
            completeFrom((CompletionStage<?>) recovered, result, finalFailure);
        } else {
            result.complete(recovered);
        }
    }

    /**
     * Completes {@code result} as the recovery's stage completes: with its value, or with its failure, the call's
     * final failure attached (both asynchronous drivers).
     */
    static void completeFrom(CompletionStage<?> recovery, CompletableFuture<Object> result, Throwable finalFailure) {
        recovery.handle((value, failure) -> { // not whenComplete: see the constructor
            if (failure != null) {
                Throwable thrown = unwrap(failure);
                Suppressed.attach(thrown, finalFailure);
                result.completeExceptionally(thrown);
            } else {
                result.complete(value);
            }
            return null;
        });
    }

    /**
     * Keeps {@code stage}, the attempt's or the recovery's, to cancel it if the call ends before it completes; cancels
     * it at once if the call ended while it was starting.
     */
    private void follow(CompletionStage<?> stage) {
        CompletableFuture<?> future = toFuture(stage);
        inFlight = future;
        // Read after inFlight is written, as release() reads inFlight after the result completed: one of the two sees it.
        if (future != null && result.isDone()) {
            future.cancel(true);
        }
    }

    /**
     * The result completed, by this driver or by the caller: nothing of the call may stay pending. The series itself
     * is left to the step that runs next, if any: it sees {@link #endedByCaller()}.
     */
    private void release() {
        NextAttempt next = pending;
        if (next != null) {
            next.release();
        }
        CompletableFuture<?> running = inFlight;
        if (running != null) {
            running.cancel(true);
        }
        TimedAttempt timed = timedAttempt;
        if (timed != null) {
            timed.stopTimer();
        }
    }

    private static void cancel(CompletionStage<?> stage) {
        CompletableFuture<?> future = toFuture(stage);
        if (future != null) {
            future.cancel(true);
        }
    }

    private boolean endedByCaller() {
        return endedByCaller(series, result);
    }

    /**
     * True, and {@code series} (null before one exists) stopped, if {@code result} was completed from outside while
     * the series went on (both asynchronous drivers).
     */
    static boolean endedByCaller(Attempts series, CompletableFuture<?> result) {
        if (!result.isDone()) {
            return false;
        }
        if (series != null && series.retrying()) {
            series.cancelled();
        }
        return true;
    }

    /** The stage as a future to cancel, or null for a stage that cannot be cancelled from here. */
    static CompletableFuture<?> toFuture(CompletionStage<?> stage) {
        try {
            return stage.toCompletableFuture();
        } catch (UnsupportedOperationException notSupported) {
            return null; // a stage that cannot be cancelled from here; it still completes
        }
    }

    /**
     * The failure itself: {@code CompletableFuture} wraps a failure from a dependent stage in a CompletionException.
     * The walk is {@link Causes}': bounded and safe against a chain that loops.
     */
    static Throwable unwrap(Throwable failure) {
        Throwable unwrapped = Causes.unwrapCompletion(failure);
        return unwrapped instanceof CancellationException ? failure : unwrapped;
    }
}
