package dev.ajretry.internal.call;

import dev.ajretry.AttemptTimeoutException;
import dev.ajretry.RetryEvent.GiveUpReason;
import dev.ajretry.internal.env.Droppable;
import dev.ajretry.internal.env.Environment;
import dev.ajretry.internal.env.TokenBucket;
import dev.ajretry.internal.env.Waiter;
import dev.ajretry.internal.failure.Suppressed;
import dev.ajretry.internal.spec.RetrySpec;
import dev.ajretry.internal.text.Texts;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The asynchronous driver of a method with {@code hedges}: like {@link StageCall}, but with up to {@code 1 + hedges}
 * attempts in flight at once. While no attempt has succeeded and fewer than that run, a new attempt (same arguments)
 * starts {@code hedgeDelay} after the latest one started. The first success completes the call and the others are
 * cancelled; a failure that would be retried ends only its attempt, the next follows the schedule; one that would not
 * ends the call. Every attempt counts against the tries, spends the budget and is bound by the deadline and its own
 * {@code attemptTimeout}.
 *
 * <p>Steps. Outcomes of overlapping attempts arrive on many threads at once, so every step of a call (an attempt
 * starting, an attempt's outcome, a wait or a timer that is over) runs through {@link #drive}, which runs one step at
 * a time: a step handed on while another runs is queued and run by the same loop, after it. The per-call state
 * ({@link Attempts}, the counts) is touched only by steps. What is read from outside a step (to cancel everything when
 * the call's future completes, {@link #release}) is in atomic fields.
 */
final class HedgedCall {

    private final RetrySpec policy;
    private final Waiter waiter;
    private final long start;
    private final Object target;
    private final Object[] arguments;
    private final StageCall.Attempt attempt;
    private final CompletableFuture<Object> result;

    // ---- touched by steps only ---------------------------------------------------------------------------------
    private Attempts series;
    /** Attempts started so far, the first included. */
    private long started;
    /** Attempts in flight. */
    private int running;

    // ---- read by release() too ---------------------------------------------------------------------------------
    /** The attempts in flight, one slot each, {@code 1 + hedges} slots. */
    private final AtomicReferenceArray<Flight> flights;
    /** The wait before the next retry, while one is scheduled. */
    private volatile Scheduled retry;
    /** The wait before the next hedge, while one is scheduled. */
    private volatile Scheduled hedge;
    /** The recovery's stage, while it runs. */
    private volatile CompletableFuture<?> recovering;

    // ---- the steps' loop, guarded by this ----------------------------------------------------------------------
    private boolean draining;
    private ArrayDeque<Runnable> queued;

    private HedgedCall(RetrySpec policy, Object target, Object[] arguments, StageCall.Attempt attempt, Waiter waiter) {
        this.policy = policy;
        this.waiter = waiter;
        this.start = policy.startTime();
        this.target = target;
        this.arguments = arguments;
        this.attempt = attempt;
        this.result = policy.newResultFuture();
        this.flights = new AtomicReferenceArray<>(1 + policy.hedges());
        // handle, not whenComplete: see StageCall's constructor.
        result.handle((value, failure) -> {
            release();
            return null;
        });
    }

    /** Starts the call: the first attempt now, on the caller's thread; returns the future of the whole call. */
    static Object start(RetrySpec policy, Object target, Object[] arguments, StageCall.Attempt attempt) {
        return start(policy, target, arguments, attempt, Environment.waiter(), false);
    }

    /**
     * {@link #start} for a reactive driver (retry-reactor's hedged Mono): waiting on {@code waiter}, its scheduler,
     * and with the series held, and registered on the thread, from the first attempt on: the woven method's frame,
     * from which a first attempt's context is found on the other paths, is gone by the time an attempt runs.
     */
    static Object startHeld(RetrySpec policy, Object target, Object[] arguments, StageCall.Attempt attempt,
                            Waiter waiter) {
        return start(policy, target, arguments, attempt, waiter, true);
    }

    private static Object start(RetrySpec policy, Object target, Object[] arguments, StageCall.Attempt attempt,
                                Waiter waiter, boolean held) {
        HedgedCall call;
        try {
            call = new HedgedCall(policy, target, arguments, attempt, waiter);
            if (held) {
                call.series();
            }
        } catch (Throwable brokenClock) {
            CompletableFuture<Object> failed = policy.newResultFuture();
            failed.completeExceptionally(brokenClock);
            return failed;
        }
        call.drive(() -> call.startAttempt(false));
        return call.result;
    }

    /** Runs {@code step} now, or after the step running now, on the thread that runs it: one step at a time. */
    private void drive(Runnable step) {
        synchronized (this) {
            if (draining) {
                if (queued == null) {
                    queued = new ArrayDeque<>(4);
                }
                queued.add(step);
                return;
            }
            draining = true;
        }
        Runnable next = step;
        boolean drained = false;
        try {
            while (next != null) {
                runGuarded(next);
                synchronized (this) {
                    next = queued == null ? null : queued.poll();
                    if (next == null) {
                        draining = false;
                    }
                }
            }
            drained = true;
        } finally {
            if (!drained) {
                // Only if the loop itself failed (runGuarded catches what a step throws): the steps queued behind it
                // still run.
                Runnable rest;
                synchronized (this) {
                    draining = false;
                    rest = queued == null ? null : queued.poll();
                }
                if (rest != null) {
                    drive(rest);
                }
            }
        }
    }

    /**
     * Runs one step. Whatever escapes it (a sleeper's clock that throws as an attempt starts, a scheduler that throws
     * something no step expects) ends the call with it: no future stays pending because a step failed. The JVM's
     * fatal errors end the call too, and are not thrown on: the thread that runs a step is a scheduler's, or the
     * caller's, who expects no exception from an asynchronous call.
     */
    private void runGuarded(Runnable step) {
        try {
            step.run();
        } catch (Throwable escaped) {
            if (series != null) {
                OnThread.leave(series);
            }
            result.completeExceptionally(escaped);
        }
    }

    // ---- steps -------------------------------------------------------------------------------------------------

    private void startAttempt(boolean isHedge) {
        if (endedByCaller()) {
            return;
        }
        long number = ++started;
        Flight flight = new Flight(number);
        occupy(flight);
        Attempts current = series;
        if (current != null) {
            current.attemptStarted(number);
        }
        if (policy.timesAttempts()) {
            flight.arm();
        }
        Object returned = null;
        Throwable thrown = null;
        if (current != null) {
            OnThread.enter(current, number);
            current.running(number, isHedge);
        }
        try {
            returned = attempt.run();
        } catch (Throwable t) {
            thrown = t;
        } finally {
            if (current != null) {
                current.running(0, false);
                OnThread.leave(current);
            }
        }
        CompletionStage<?> stage = thrown == null ? (CompletionStage<?>) returned : null;
        if (stage == null) {
            Throwable failure = thrown != null ? thrown
                    : new NullPointerException(policy.method() + " returned null instead of a CompletionStage");
            ended(flight, flight.settledInTime() ? failure : timeout(number, failure), null);
            return;
        }
        CompletableFuture<?> future = StageCall.toFuture(stage);
        flight.future = future;
        // Read after the future is written, as release() reads it after the result completed: one of the two sees it.
        if (future != null && result.isDone()) {
            future.cancel(true);
        }
        stage.handle((value, failure) -> { // handle, not whenComplete: see StageCall's constructor
            if (flight.settle()) {
                // The timeout passed, though the timer had not run yet: late all the same.
                Throwable outcome = flight.late() ? timeout(number, null)
                        : failure == null ? null : StageCall.unwrap(failure);
                drive(() -> ended(flight, outcome, value));
            }
            return null;
        });
        if (flight.timedOutWhileStarting()) {
            if (future != null) {
                future.cancel(true);
            }
            ended(flight, timeout(number, null), null);
            return;
        }
        // Once the stage is returned, and only if it has not answered yet: with a test sleeper the wait is over at
        // once, and a hedge must not overtake an attempt that answered within its own call.
        if (flight.awaited()) {
            scheduleHedge();
        }
    }

    /** Attempt {@code flight} ended: with {@code failure}, or (null) with {@code value}. */
    private void ended(Flight flight, Throwable failure, Object value) {
        vacate(flight);
        if (endedByCaller()) {
            return;
        }
        try {
            if (failure != null) {
                failed(flight, failure);
            } else if (policy.checksResults() && policy.rejects(value)) {
                rejected(flight, value);
            } else {
                if (series == null || started == 1) {
                    policy.succeededAtOnce(); // the first attempt, before any hedge started (the series held or not)
                } else {
                    Attempts.succeededBeside(series, flight.number);
                }
                result.complete(value);
            }
        } catch (Throwable finalFailure) {
            // The call ended: a predicate or a reporter threw, or the final failure itself (StageCall's rule).
            if (failure != null && !Texts.isFatal(finalFailure)) {
                Suppressed.attach(finalFailure, failure);
            }
            result.completeExceptionally(finalFailure);
        }
    }

    private void failed(Flight flight, Throwable failure) {
        GiveUpReason verdict = policy.classifier().classify(failure);
        Attempts call = series();
        Decision decision = call.failedBeside(failure, verdict, flight.number, running > 0, retry != null);
        if (decision == null) {
            return; // the others run on
        }
        if (decision.retries()) {
            scheduleRetry(decision.waitNanos(), failure, null);
            return;
        }
        Object recovered = call.finish(call.needsArguments() ? ArgumentCapture.of(target, arguments) : null);
        completeWith(recovered, call.finalFailure());
    }

    private void rejected(Flight flight, Object value) {
        Decision decision = series().rejectedBeside(value, flight.number, running > 0, retry != null);
        if (decision == null) {
            return;
        }
        if (decision.retries()) {
            scheduleRetry(decision.waitNanos(), null, value);
            return;
        }
        result.complete(value); // tries or time used up: the last result as it is
    }

    /** The retry's wait is over: the next attempt. */
    private void retryNow() {
        retry = null;
        if (!endedByCaller()) {
            startAttempt(false);
        }
    }

    /**
     * The hedge's wait is over: a hedge starts if there is room beside the running attempts, a try left, a token
     * in the budget and time before the deadline. Otherwise none: the next attempt to start arms the next wait.
     */
    private void hedgeNow() {
        hedge = null;
        if (endedByCaller() || running >= 1 + policy.hedges() || (policy.tries() > 0 && started >= policy.tries())) {
            return;
        }
        if (policy.timed() && waiter.nanoTime() - start >= policy.maxDurationNanos()) {
            return;
        }
        TokenBucket budget = policy.budget();
        if (budget != null) {
            if (!budget.allowsRetry()) {
                return;
            }
            budget.spend();
        }
        Reporter.hedging(series(), started + 1, policy.hedgeDelayNanos());
        startAttempt(true);
    }

    /**
     * The next retry could not be handed off ({@code why}): unless attempts still run (the last of them ends the
     * call), the call ends now with the last failure, the reason attached, or with the last rejected result.
     */
    private void retryDropped(Throwable lastFailure, Object lastResult, Throwable why) {
        retry = null;
        if (endedByCaller()) {
            return;
        }
        if (running > 0) {
            return; // the attempts still running may yet succeed; the last to fail ends the call
        }
        try {
            Attempts call = series();
            if (lastFailure != null) {
                call.notHandedOff(lastFailure, why);
                Object recovered = call.finish(call.needsArguments() ? ArgumentCapture.of(target, arguments) : null);
                completeWith(recovered, call.finalFailure());
            } else {
                call.notHandedOff(lastResult);
                result.complete(lastResult);
            }
        } catch (Throwable finalFailure) {
            if (lastFailure != null && !Texts.isFatal(finalFailure)) {
                Suppressed.attach(finalFailure, lastFailure);
            }
            result.completeExceptionally(finalFailure);
        }
    }

    // ---- scheduling ------------------------------------------------------------------------------------------

    private void scheduleRetry(long wait, Throwable lastFailure, Object lastResult) {
        Scheduled next = new Scheduled(this::retryNow, why -> retryDropped(lastFailure, lastResult, why));
        retry = next;
        next.schedule(wait);
    }

    /**
     * After an attempt started and returned its stage: the next hedge, {@code hedgeDelay} later, if another attempt
     * could start now (room beside the running ones, a try left). A wait armed for an earlier attempt is dropped: a
     * hedge counts from the latest start.
     */
    private void scheduleHedge() {
        Scheduled previous = hedge;
        if (previous != null) {
            previous.release(); // a newer attempt started: the hedge counts from it
            hedge = null;
        }
        if (running >= 1 + policy.hedges() || (policy.tries() > 0 && started >= policy.tries())) {
            return; // no room, or no try left: the next attempt to start (a retry) arms it again
        }
        Scheduled next = new Scheduled(this::hedgeNow, why -> hedge = null);
        hedge = next;
        next.schedule(policy.hedgeDelayNanos());
    }

    /**
     * A scheduled step (a retry's or a hedge's wait), claimed once: by its wait being over, by a failed hand-off, or
     * by the call ending first ({@link #release}, which cancels it).
     */
    private final class Scheduled extends AtomicBoolean implements Droppable {
        private static final long serialVersionUID = 1L;
        private final transient Runnable step;
        private final transient java.util.function.Consumer<Throwable> onDropped;
        private transient volatile Future<?> handle;

        Scheduled(Runnable step, java.util.function.Consumer<Throwable> onDropped) {
            this.step = step;
            this.onDropped = onDropped;
        }

        void schedule(long wait) {
            Future<?> scheduled;
            try {
                scheduled = waiter.schedule(this, wait);
            } catch (Throwable rejected) {
                dropped(rejected);
                return;
            }
            handle = scheduled;
            if (scheduled instanceof CompletableFuture) {
                ((CompletableFuture<?>) scheduled).whenComplete((ignored, failure) -> {
                    if (failure != null) {
                        dropped(failure);
                    }
                });
            }
            if (result.isDone()) {
                release();
            }
        }

        @Override
        public void run() {
            if (compareAndSet(false, true)) {
                drive(step);
            }
        }

        @Override
        public void dropped(Throwable why) {
            if (compareAndSet(false, true)) {
                drive(() -> onDropped.accept(why));
            }
        }

        void release() {
            Future<?> scheduled = handle;
            if (scheduled != null && compareAndSet(false, true)) {
                scheduled.cancel(false);
            }
        }
    }

    // ---- attempts in flight ------------------------------------------------------------------------------------

    /** One attempt in flight ({@link TimedStage}: settled once, by its outcome or by its timeout). */
    private final class Flight extends TimedStage {
        private static final long serialVersionUID = 1L;

        /** Its stage, as a future to cancel; null until the method returned it, or if it cannot be cancelled. */
        volatile CompletableFuture<?> future;

        Flight(long number) {
            super(number);
        }

        void arm() {
            arm(policy);
        }

        @Override
        void timedOut() {
            CompletableFuture<?> running = future;
            if (running != null) {
                running.cancel(true);
            }
            drive(() -> ended(this, timeout(number, null), null));
        }

        /** Cancels the attempt: its stage, and its timer. */
        void cancel() {
            stopTimer();
            CompletableFuture<?> running = future;
            if (running != null) {
                running.cancel(true);
            }
        }
    }

    private void occupy(Flight flight) {
        for (int i = 0; i < flights.length(); i++) {
            if (flights.get(i) == null) {
                flights.set(i, flight);
                running++;
                return;
            }
        }
        throw new IllegalStateException("no room for attempt " + flight.number + " of " + policy.method());
    }

    private void vacate(Flight flight) {
        for (int i = 0; i < flights.length(); i++) {
            if (flights.get(i) == flight) {
                flights.set(i, null);
                running--;
                return;
            }
        }
    }

    // ---- the end -------------------------------------------------------------------------------------------------

    /** The series, created at the first hedge or the first outcome that needs it. */
    private Attempts series() {
        if (series == null) {
            series = new Attempts(policy, start, waiter);
            series.attemptsStarted(started);
        }
        return series;
    }

    private AttemptTimeoutException timeout(long number, Throwable cause) {
        return new AttemptTimeoutException(policy.method(), number, Duration.ofNanos(policy.attemptTimeoutNanos()),
                cause);
    }

    /** As StageCall's: a recovery stage is followed; anything else completes the call. */
    private void completeWith(Object recovered, Throwable finalFailure) {
        if (recovered instanceof CompletionStage) {
            recovering = StageCall.toFuture((CompletionStage<?>) recovered);
            if (recovering != null && result.isDone()) {
                recovering.cancel(true);
            }
            StageCall.completeFrom((CompletionStage<?>) recovered, result, finalFailure);
        } else {
            result.complete(recovered);
        }
    }

    /** The call's future completed, by this driver or by the caller: every attempt, wait and timer is cancelled. */
    private void release() {
        Scheduled next = retry;
        if (next != null) {
            next.release();
        }
        Scheduled nextHedge = hedge;
        if (nextHedge != null) {
            nextHedge.release();
        }
        for (int i = 0; i < flights.length(); i++) {
            Flight flight = flights.get(i);
            if (flight != null) {
                flight.cancel();
            }
        }
        CompletableFuture<?> recovery = recovering;
        if (recovery != null) {
            recovery.cancel(true);
        }
    }

    private boolean endedByCaller() {
        return StageCall.endedByCaller(series, result);
    }

}
