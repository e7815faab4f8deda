package dev.ajretry.reactor;

import dev.ajretry.internal.call.ReactiveSeries;
import dev.ajretry.internal.env.Environment;
import dev.ajretry.internal.env.Waiter;
import dev.ajretry.internal.spec.RetrySpec;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SynchronousSink;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.util.retry.Retry;

import java.time.Duration;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The Reactor driver: one subscription of a retried {@code Mono} or {@code Flux} method's result, which is one call of
 * the method as ajretry counts calls (one series, one give-up report). It only builds a pipeline and carries out what
 * {@link ReactiveSeries} decides; every decision (the schedule, the predicates, the budget, the deadline...) is the
 * engine's, the same as for the other drivers.
 *
 * <p>The pipeline, built at subscription:
 * <pre>
 *   defer(invoke the method)           each (re)subscription is one attempt: a fresh call of the method body
 *     takeUntilOther(timer)            attemptTimeout: the attempt's subscription is cancelled, it fails (timed)
 *     handle(retryIfResult)            a rejected value fails the attempt (REJECTED, carrying the value)
 *   retryWhen(decide)                  Reactor's operator re-subscribes when the companion emits, after the wait
 *   doOnSuccess / doOnComplete         a success: the budget refilled, reported after retries
 *   onErrorResume(ENDING)              a give-up whose outcome is not a failure: the recovery, the last result
 *   doOnCancel                         the subscriber cancelled: nothing more is reported
 * </pre>
 * Why Reactor's {@code retryWhen} and not an operator of our own: it already re-subscribes in a loop (no stack growth
 * when attempts fail synchronously), cancels both the attempt in flight and the pending wait when the subscriber
 * disposes, and serializes the steps, which {@link ReactiveSeries} needs. What the companion emits is the end of a
 * wait; what it fails with is what the subscriber gets, as it is.
 */
final class ReactorCall {

    /** One attempt: calls the method body (the aspect's {@code proceed()}). */
    @FunctionalInterface
    interface Attempt {
        Object run() throws Throwable;
    }

    /** The states of a timed attempt ({@link #timed}). */
    private static final int RUNNING = 0;
    private static final int ENDED = 1;
    private static final int TIMED_OUT = 2;

    private final RetrySpec policy;
    private final ReactiveSeries series;
    private final Attempt attempt;
    /** Where waits and attempt timers are scheduled: Reactor's parallel scheduler, as of this subscription. */
    private final Scheduler scheduler;
    /** The installed sleeper (a test's {@code RecordingSleeper}) that takes the waits instead; else null. */
    private final Waiter sleeper;

    private ReactorCall(RetrySpec policy, Object target, Object[] arguments, Attempt attempt) {
        this.policy = policy;
        this.attempt = attempt;
        // Looked up per subscription, never kept: StepVerifier.withVirtualTime replaces it while a test runs.
        this.scheduler = Schedulers.parallel();
        Waiter installed = Environment.waiter();
        this.sleeper = installed == Environment.REAL ? null : installed;
        this.series = ReactiveSeries.start(policy, sleeper != null ? sleeper : new SchedulerClock(scheduler), target,
                arguments);
    }

    /** The {@code Mono} the woven method returns: each subscription runs a series of its own. */
    static Mono<Object> mono(RetrySpec policy, Object target, Object[] arguments, Attempt attempt) {
        if (policy.hedges() > 0) {
            return hedged(policy, target, arguments, attempt);
        }
        return Mono.defer(() -> new ReactorCall(policy, target, arguments, attempt).mono());
    }

    /**
     * A hedged {@code Mono} ({@code hedges}): attempts side by side, which {@code retryWhen} cannot run, so the
     * engine's hedging driver runs them. Each attempt is the method's {@code Mono} subscribed as a future (cancelling
     * the future cancels the subscription: the losers are disposed); hedges and retries wait on Reactor's parallel
     * scheduler, so virtual time controls them, or on a test sleeper if one is installed. Disposing the subscriber
     * cancels the call's future, and with it every attempt in flight and every pending wait. A recovery that returns
     * a {@code Mono} is followed.
     */
    private static Mono<Object> hedged(RetrySpec policy, Object target, Object[] arguments, Attempt attempt) {
        return Mono.defer(() -> {
            Waiter installed = Environment.waiter();
            Waiter waiter = installed == Environment.REAL ? new SchedulerClock(Schedulers.parallel()) : installed;
            java.util.concurrent.CompletableFuture<Object> call = ReactiveSeries.hedged(policy, target, arguments,
                    () -> {
                        Object returned = attempt.run();
                        if (returned == null) {
                            throw new NullPointerException(policy.method() + " returned null instead of a Mono");
                        }
                        return ((Mono<?>) returned).toFuture();
                    }, waiter);
            return Mono.fromFuture(call)
                    .flatMap(value -> value instanceof Publisher ? Mono.from((Publisher<?>) value) : Mono.just(value));
        });
    }

    /** The {@code Flux} the woven method returns: each subscription runs a series of its own, from the start. */
    static Flux<Object> flux(RetrySpec policy, Object target, Object[] arguments, Attempt attempt) {
        return Flux.defer(() -> new ReactorCall(policy, target, arguments, attempt).flux());
    }

    private Mono<Object> mono() {
        Mono<Object> attempts = Mono.defer(() -> Mono.from(timed(invoke("Mono"))));
        if (policy.checksResults()) {
            attempts = attempts.handle(this::check);
        }
        return attempts.retryWhen(Retry.from(signals -> signals.concatMap(signal -> next(signal.failure()))))
                .doOnSuccess(value -> series.succeeded())
                .onErrorResume(Ending.class, ending -> Mono.from(ending.outcome))
                .doOnCancel(series::cancel);
    }

    private Flux<Object> flux() {
        Flux<Object> attempts = Flux.defer(() -> timed(invoke("Flux")));
        if (policy.checksResults()) {
            attempts = attempts.handle(this::check);
        }
        return attempts.retryWhen(Retry.from(signals -> signals.concatMap(signal -> next(signal.failure()))))
                .doOnComplete(series::succeeded)
                .onErrorResume(Ending.class, ending -> Flux.from(ending.outcome))
                .doOnCancel(series::cancel);
    }

    /**
     * One attempt: invokes the method, with the attempt's {@code RetryContext} and MDC on this thread while the method
     * builds its publisher; a method that throws, or returns null, fails the attempt.
     */
    @SuppressWarnings("unchecked")
    private Publisher<Object> invoke(String kind) {
        Object returned;
        try {
            series.enterAttempt();
            returned = attempt.run();
        } catch (Throwable thrown) {
            return Mono.error(thrown);
        } finally {
            series.leaveAttempt();
        }
        if (returned == null) {
            return Mono.error(new NullPointerException(policy.method() + " returned null instead of a " + kind));
        }
        return (Publisher<Object>) returned;
    }

    /**
     * {@code attemptTimeout}: the attempt's publisher, cut off (its subscription cancelled) and failed with an
     * {@code AttemptTimeoutException} if it has not ended within the timeout of its subscription. Settled once, by
     * the attempt's terminal signal or by the timer, whichever comes first. Why not {@code timeout(...)}: on a Flux it
     * times each element, not the attempt; and not a timer that fails into {@code takeUntilOther}: an error of the
     * other publisher does not cancel the attempt (Reactor 3.8), only its first element does.
     */
    private Publisher<Object> timed(Publisher<Object> attempt) {
        long nanos = series.attemptTimeoutNanos();
        if (nanos < 0) {
            return attempt;
        }
        long number = series.attempt();
        AtomicInteger state = new AtomicInteger(RUNNING);
        Mono<Long> cutOff = Mono.delay(Duration.ofNanos(nanos), scheduler)
                .flatMap(tick -> state.compareAndSet(RUNNING, TIMED_OUT) ? Mono.just(tick) : Mono.never());
        return Flux.from(attempt)
                .doOnTerminate(() -> state.compareAndSet(RUNNING, ENDED))
                .takeUntilOther(cutOff)
                .concatWith(Mono.defer(() -> state.get() == TIMED_OUT ? Mono.error(series.timedOut(number))
                        : Mono.empty()));
    }

    /** {@code retryIfResult}: a rejected value fails the attempt; a predicate that throws ends the call with that. */
    private void check(Object value, SynchronousSink<Object> sink) {
        boolean rejected;
        try {
            rejected = series.rejects(value);
        } catch (Throwable predicateFailure) {
            sink.error(new Ending(Mono.error(predicateFailure)));
            return;
        }
        if (rejected) {
            sink.error(new Rejected(value));
        } else {
            sink.next(value);
        }
    }

    /**
     * The companion's step after a failed attempt: the wait (its end re-subscribes), or the end of the call: the
     * failure the subscriber gets, or an {@link Ending} carrying what it gets instead.
     */
    private Mono<Long> next(Throwable failure) {
        if (failure instanceof Ending) {
            return Mono.error(failure);
        }
        long wait;
        try {
            if (failure instanceof Rejected) {
                Object value = ((Rejected) failure).value;
                wait = series.rejected(value);
                if (wait == ReactiveSeries.GIVE_UP) {
                    return Mono.error(new Ending(Mono.justOrEmpty(value)));
                }
            } else {
                wait = series.failed(failure);
                if (wait == ReactiveSeries.GIVE_UP) {
                    return endWith(this::giveUp);
                }
            }
        } catch (Throwable ending) {
            return Mono.error(ending); // a broken clock or callback: it carries the failure (ReactiveSeries)
        }
        return waitFor(wait)
                .doOnNext(tick -> series.waited(wait))
                .onErrorResume(why -> endWith(() -> notHandedOff(why)));
    }

    /** The call gave up on a failure: the recovery's publisher or value, or the final failure itself. */
    private Publisher<?> giveUp() {
        return follow(series.giveUp());
    }

    /** The wait could not be scheduled: the call ends ({@code HAND_OFF_FAILED}) with its last outcome. */
    private Publisher<?> notHandedOff(Throwable why) {
        Object outcome = series.notHandedOff(why);
        return series.endedWithResult() ? Mono.justOrEmpty(outcome) : follow(outcome);
    }

    /** A recovery's outcome: its publisher is followed (a failure of it carries the call's), a value is emitted. */
    private Publisher<?> follow(Object recovered) {
        if (recovered instanceof Publisher) {
            return Flux.from((Publisher<?>) recovered).onErrorMap(series::recoveryFailed);
        }
        return Mono.justOrEmpty(recovered);
    }

    /** Ends the call with what {@code outcome} gives, or, if it throws (the final failure), with that failure. */
    private static Mono<Long> endWith(Outcome outcome) {
        Publisher<?> publisher;
        try {
            publisher = outcome.get();
        } catch (Throwable finalFailure) {
            return Mono.error(finalFailure);
        }
        return Mono.error(new Ending(publisher));
    }

    @FunctionalInterface
    private interface Outcome {
        Publisher<?> get();
    }

    /**
     * The wait before the next attempt: on the installed sleeper when there is one (a test's, which records it and
     * usually runs the next attempt at once), else on the Reactor scheduler (which virtual time controls).
     */
    private Mono<Long> waitFor(long wait) {
        if (sleeper == null) {
            return Mono.delay(Duration.ofNanos(wait), scheduler);
        }
        return Mono.create(sink -> {
            try {
                Future<?> handle = sleeper.schedule(() -> sink.success(wait), wait);
                sink.onCancel(() -> handle.cancel(false));
            } catch (Throwable rejected) {
                sink.error(rejected);
            }
        });
    }

    /**
     * An attempt's value that {@code retryIfResult} rejected, on its way to the companion. Not a failure anyone
     * sees: no stack trace, no suppressed list.
     */
    private static final class Rejected extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient Object value;

        Rejected(Object value) {
            super("rejected result", null, false, false);
            this.value = value;
        }
    }

    /**
     * The end of a call whose outcome is no failure of an attempt (a recovery, the last rejected result, a predicate
     * that threw), on its way past {@code retryWhen}, which ends with whatever its companion fails with.
     */
    private static final class Ending extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient Publisher<?> outcome;

        Ending(Publisher<?> outcome) {
            super("ending", null, false, false);
            this.outcome = outcome;
        }
    }
}
