package dev.ajretry.internal.call;

import java.util.concurrent.CompletableFuture;

import dev.ajretry.internal.env.Waiter;
import dev.ajretry.internal.failure.Suppressed;
import dev.ajretry.internal.spec.RetrySpec;
import dev.ajretry.internal.text.Texts;

import dev.ajretry.AttemptTimeoutException;
import dev.ajretry.RetryConfigurationException;
import dev.ajretry.RetryEvent.GiveUpReason;
import dev.ajretry.rules.RetryRules;
import dev.ajretry.rules.TrapRules;

import java.time.Duration;
import java.util.List;

/**
 * The engine's side of a reactive driver in another module (retry-reactor's): one series of attempts, with the same
 * steps, decisions and reports as {@link StageCall}'s, for a driver that only schedules or emits. The driver reports
 * each outcome and gets back what to do: a wait, after which it starts the next attempt, or {@link #GIVE_UP}, after
 * which it asks what the caller gets ({@link #giveUp}).
 *
 * <p><b>Internal.</b> Public only because that driver lives in another module; no compatibility promise, no API for
 * users. It knows nothing of Reactor: retry-aspect depends on no reactive library.
 *
 * <p>Protocol, per subscription of the method's publisher: {@link #start}; for each attempt, {@link #enterAttempt}
 * and {@link #leaveAttempt} around the method's invocation; then one of {@link #succeeded}, {@link #failed} or
 * {@link #rejected} (after {@link #rejects}); after a wait, {@link #waited}; a wait that cannot be scheduled,
 * {@link #notHandedOff}; a give-up, {@link #giveUp}. {@link #cancel} may come from any thread at any time.
 *
 * <p>Not thread-safe but for {@link #cancel}: the driver takes one step at a time, each attempt starting after the
 * previous one's outcome was handled (as Reactor's {@code retryWhen} does).
 */
public final class ReactiveSeries {

    /** What {@link #failed} and {@link #rejected} return when the series ends: no wait, no next attempt. */
    public static final long GIVE_UP = -1;

    private final RetrySpec policy;
    private final Waiter waiter;
    private final long start;
    private final Object target;
    private final Object[] arguments;
    /** Created at the first attempt ({@link #enterAttempt}), or at the first outcome if the driver skips that. */
    private Attempts series;
    /** The last outcome, for {@link #notHandedOff}: a failure, or a rejected result. */
    private Throwable lastFailure;
    private Object lastResult;
    private boolean lastWasResult;
    private volatile boolean cancelled;

    private ReactiveSeries(RetrySpec policy, Waiter waiter, Object target, Object[] arguments) {
        this.policy = policy;
        this.waiter = waiter;
        // The deadline counts from the subscription, on the driver's clock (a virtual one in tests).
        this.start = policy.timed() ? waiter.nanoTime() : 0L;
        this.target = target;
        this.arguments = arguments;
    }

    /**
     * A new series, at a subscription.
     *
     * @param waiter    the driver's clock (for the deadline, the history and events); its {@code sleep} is never
     *                  called, and its {@code schedule} only if the driver calls it
     * @param target    the call's target (null for a static method) and {@code arguments}, for a recovery method and
     *                  {@code logArguments}
     */
    public static ReactiveSeries start(RetrySpec policy, Waiter waiter, Object target, Object[] arguments) {
        return new ReactiveSeries(policy, waiter, target, arguments);
    }

    /**
     * A hedged call ({@code hedges}), for a driver whose attempts each deliver one value (a {@code Mono}, as a
     * future that cancels its subscription when cancelled): the engine's own hedging driver runs it, scheduling its
     * hedges and retries on {@code waiter} (the driver's scheduler, or a test sleeper). As for every reactive call, the
     * series is registered from the first attempt on ({@link #enterAttempt} says why). Returns the call's future.
     */
    public static CompletableFuture<Object> hedged(RetrySpec policy, Object target, Object[] arguments,
                                                   StageCall.Attempt attempt, Waiter waiter) {
        @SuppressWarnings("unchecked")
        CompletableFuture<Object> call = (CompletableFuture<Object>) HedgedCall.startHeld(policy, target, arguments,
                attempt, waiter);
        return call;
    }

    /**
     * For retry-aspect's advice on a {@code Mono} or {@code Flux} method, which runs inside each attempt when
     * retry-reactor's aspect wove the method: if no reactive series of that method is invoking it on this thread,
     * retry-reactor is on the class path (else the policy's trap check failed first) but did not weave the method.
     *
     * @throws RetryConfigurationException saying so, before the method body runs
     */
    public static void checkRetried(RetrySpec policy) {
        Attempts active = OnThread.active();
        if (active == null || !active.policy.javaMethod().equals(policy.javaMethod())) {
            throw new RetryConfigurationException(RetryRules.report(policy.method(),
                    List.of(TrapRules.reactorNotWoven(policy.javaMethod().getReturnType().getName()))));
        }
    }

    /** The number of the attempt about to start, or running. */
    public long attempt() {
        return series == null ? 1 : series.attempts() + 1;
    }

    /**
     * Before the method is invoked for an attempt: registers the series on this thread, for {@code RetryContext} and
     * the MDC, until {@link #leaveAttempt}. Unlike the other drivers, from the first attempt on: that attempt runs at
     * subscription, when the woven method's own frame, from which {@code RetryContext} finds a first attempt on the
     * other paths, is gone. So a reactive call holds its state from its first attempt (a publisher's subscription
     * allocates its operators anyway).
     */
    public void enterAttempt() {
        if (series == null) {
            series = new Attempts(policy, start, waiter);
        }
        OnThread.enter(series, series.attempts() + 1);
    }

    /** The method returned (or threw): the thread is left as it was. */
    public void leaveAttempt() {
        if (series != null) {
            OnThread.leave(series);
        }
    }

    /** True if the method's {@code retryIfResult} predicate rejects {@code value}; what it throws, it throws. */
    public boolean rejects(Object value) {
        return policy.checksResults() && policy.rejects(value);
    }

    /** The policy's {@code attemptTimeout} in nanoseconds; -1 for none. */
    public long attemptTimeoutNanos() {
        return policy.timesAttempts() ? policy.attemptTimeoutNanos() : -1;
    }

    /** The failure of attempt {@code attempt} that passed the {@code attemptTimeout}: the attempt was cut off. */
    public AttemptTimeoutException timedOut(long attempt) {
        return new AttemptTimeoutException(policy.method(), attempt, Duration.ofNanos(policy.attemptTimeoutNanos()),
                null);
    }

    /**
     * The attempt failed with {@code failure}: returns the wait before the next attempt (reported, budget spent), or
     * {@link #GIVE_UP}, after which the driver calls {@link #giveUp}.
     *
     * @throws Throwable what ends the call instead (a broken clock or callback), {@code failure} attached to it
     */
    public long failed(Throwable failure) {
        if (stopped()) {
            return GIVE_UP;
        }
        try {
            GiveUpReason verdict = policy.classifier().classify(failure);
            if (series == null) {
                series = new Attempts(policy, start, waiter);
            }
            Decision decision = series.failed(failure, verdict, false);
            lastFailure = failure;
            lastResult = null;
            lastWasResult = false;
            return decision.retries() ? decision.waitNanos() : GIVE_UP;
        } catch (Throwable finalFailure) {
            throw withOriginal(finalFailure, failure);
        }
    }

    /**
     * The attempt's result {@code value} was rejected ({@link #rejects}): returns the wait before the next attempt,
     * or {@link #GIVE_UP}: then the caller gets {@code value} as it is (the give-up is already reported).
     */
    public long rejected(Object value) {
        if (stopped()) {
            return GIVE_UP;
        }
        if (series == null) {
            series = new Attempts(policy, start, waiter);
        }
        Decision decision = series.rejected(value, false);
        lastFailure = null;
        lastResult = value;
        lastWasResult = true;
        return decision.retries() ? decision.waitNanos() : GIVE_UP;
    }

    /** The wait {@code wait} that {@link #failed} or {@link #rejected} asked for is over: the next attempt starts. */
    public void waited(long wait) {
        series.waited(wait);
    }

    /**
     * After {@link #failed} gave up: reports the give-up, then returns the recovery method's value (a publisher, for
     * the driver to follow) or throws the final failure itself, the earlier ones attached.
     */
    public Object giveUp() {
        return series.finish(series.needsArguments() ? ArgumentCapture.of(target, arguments) : null);
    }

    /**
     * The next attempt could not be scheduled ({@code why}: the scheduler is shut down or rejected it): the call ends
     * as after an interrupted wait, {@code HAND_OFF_FAILED}. Returns what the caller gets: after a failure, the
     * recovery's value (or throws the failure, {@code why} attached); after a rejected result, that result.
     */
    public Object notHandedOff(Throwable why) {
        if (!lastWasResult) {
            series.notHandedOff(lastFailure, why);
            return giveUp();
        }
        series.notHandedOff(lastResult);
        return lastResult;
    }

    /** True if the last outcome was a rejected result (what {@link #notHandedOff} returns is then that result). */
    public boolean endedWithResult() {
        return lastWasResult;
    }

    /**
     * The recovery's publisher failed with {@code thrown}: that failure goes on, the call's final failure attached,
     * as when a recovery method throws.
     */
    public Throwable recoveryFailed(Throwable thrown) {
        if (series != null && !Texts.isFatal(thrown)) {
            Suppressed.attach(thrown, series.finalFailure());
        }
        return thrown;
    }

    /** The attempt succeeded: refills the budget; after retries, reports the success. */
    public void succeeded() {
        if (!cancelled) {
            Attempts.succeeded(series, policy);
        }
    }

    /** The subscriber cancelled: no step of the series reports anything more. Any thread. */
    public void cancel() {
        cancelled = true;
    }

    private boolean stopped() {
        if (cancelled && series != null && series.retrying()) {
            series.cancelled();
        }
        return cancelled;
    }

    /** What ends the call instead of {@code failure} carries it: nothing is lost (but nothing allocated for a JVM that fails). */
    private static RuntimeException withOriginal(Throwable finalFailure, Throwable failure) {
        if (finalFailure != failure && !Texts.isFatal(finalFailure)) {
            Suppressed.attach(finalFailure, failure);
        }
        return Rethrow.unchecked(finalFailure);
    }
}
