package dev.ajretry.micrometer;

import dev.ajretry.RetryEvent;
import dev.ajretry.RetryEvent.GiveUpReason;
import dev.ajretry.RetryListener;
import dev.ajretry.runtime.RetryListeners;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Records every {@code @Retry} method's calls as Micrometer meters. One line registers it:
 * <pre>{@code
 * RetryMetrics.bindTo(meterRegistry);
 * }</pre>
 *
 * <p>Meters, per method (tag {@code method}, the declaring class's name and the method's, {@code com.acme.Client.fetch}):
 * <ul>
 *   <li>{@value #CALLS}: counter of calls, tagged like MicroProfile Fault Tolerance's retry metric:
 *       {@code retried} ({@code true}/{@code false}) and {@code retryResult} ({@code valueReturned},
 *       {@code maxRetriesReached}, {@code maxDurationReached}, {@code exceptionNotRetryable}), plus {@code outcome}:
 *       {@code success_first_attempt}, {@code success_after_retries}, {@code gave_up} (tries, deadline or budget used
 *       up) or {@code aborted} (a failure that is not retried, {@code giveUpIf}, an interrupt, nesting);</li>
 *   <li>{@value #RETRIES}: counter of retries (attempts after the first);</li>
 *   <li>{@value #ATTEMPTS}: counter of attempts, the first included;</li>
 *   <li>{@value #WAITS}: timer of the waits between attempts.</li>
 *   <li>{@value #HEDGES}: hedges started ({@code @Retry(hedges = ...)}): extra attempts beside running ones.</li>
 * </ul>
 * A first-attempt success costs a map lookup and a counter increment; nothing is recorded for methods never called.
 * Thread-safe.
 */
public final class RetryMetrics implements RetryListener {

    /** Calls by outcome. */
    public static final String CALLS = "ft.retry.calls.total";
    /** Retries: attempts after the first. */
    public static final String RETRIES = "ft.retry.retries.total";
    /** Attempts, the first included. */
    public static final String ATTEMPTS = "ajretry.retry.attempts";
    /** Time spent waiting between attempts. */
    public static final String WAITS = "ajretry.retry.waits";
    /** Hedges started: extra attempts beside attempts still running. */
    public static final String HEDGES = "ajretry.retry.hedges";

    private final MeterRegistry registry;
    private final Map<Method, Meters> meters = new ConcurrentHashMap<>();

    private RetryMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Starts recording into {@code registry}; closing the registration stops it. */
    public static RetryListeners.Registration bindTo(MeterRegistry registry) {
        return RetryListeners.register(new RetryMetrics(registry));
    }

    @Override
    public boolean wantsFirstAttemptSuccesses() {
        return true;
    }

    @Override
    public void onFirstAttemptSuccess(Method method) {
        Meters m = meters(method);
        m.attempts.increment();
        m.call(Outcome.SUCCESS_FIRST_ATTEMPT).increment();
    }

    @Override
    public void onRetry(RetryEvent event) {
        Meters m = meters(event.method());
        m.attempts.increment();
        m.retries.increment();
        m.waits.record(event.nextWait());
    }

    @Override
    public void onHedge(RetryEvent event) {
        meters(event.method()).hedges.increment();
    }

    @Override
    public void onSuccess(RetryEvent event) {
        Meters m = meters(event.method());
        m.attempts.increment();
        m.call(Outcome.SUCCESS_AFTER_RETRIES).increment();
    }

    @Override
    public void onGiveUp(RetryEvent event) {
        Meters m = meters(event.method());
        m.attempts.increment();
        m.call(outcome(event.giveUpReason(), event.attempt() > 1)).increment();
    }

    private static Outcome outcome(GiveUpReason reason, boolean retried) {
        switch (reason) {
            case TRIES_EXHAUSTED:
            case BUDGET_EXHAUSTED:
                return retried ? Outcome.GAVE_UP_RETRIED : Outcome.GAVE_UP;
            case DEADLINE:
                return retried ? Outcome.DEADLINE_RETRIED : Outcome.DEADLINE;
            default:
                return retried ? Outcome.ABORTED_RETRIED : Outcome.ABORTED;
        }
    }

    private Meters meters(Method method) {
        return meters.computeIfAbsent(method, m -> new Meters(m.getDeclaringClass().getName() + "." + m.getName()));
    }

    /** The call outcomes, each with the tags it is recorded under. */
    private enum Outcome {
        SUCCESS_FIRST_ATTEMPT("false", "valueReturned", "success_first_attempt"),
        SUCCESS_AFTER_RETRIES("true", "valueReturned", "success_after_retries"),
        GAVE_UP("false", "maxRetriesReached", "gave_up"),
        GAVE_UP_RETRIED("true", "maxRetriesReached", "gave_up"),
        DEADLINE("false", "maxDurationReached", "gave_up"),
        DEADLINE_RETRIED("true", "maxDurationReached", "gave_up"),
        ABORTED("false", "exceptionNotRetryable", "aborted"),
        ABORTED_RETRIED("true", "exceptionNotRetryable", "aborted");

        final String retried;
        final String retryResult;
        final String outcome;

        Outcome(String retried, String retryResult, String outcome) {
            this.retried = retried;
            this.retryResult = retryResult;
            this.outcome = outcome;
        }
    }

    /** The meters of one method; counters per outcome created at first use. */
    private final class Meters {
        final String method;
        final Counter attempts;
        final Counter retries;
        final Timer waits;
        final Counter hedges;
        /** One counter per outcome, registered with the method's other meters: no lock on the success path. */
        final Counter[] calls = new Counter[Outcome.values().length];

        Meters(String method) {
            this.method = method;
            attempts = Counter.builder(ATTEMPTS).tag("method", method)
                    .description("Attempts of @Retry methods, the first included").register(registry);
            retries = Counter.builder(RETRIES).tag("method", method)
                    .description("Retries of @Retry methods: attempts after the first").register(registry);
            waits = Timer.builder(WAITS).tag("method", method)
                    .description("Waits between the attempts of @Retry methods").register(registry);
            hedges = Counter.builder(HEDGES).tag("method", method)
                    .description("Hedges of @Retry methods: attempts started beside running ones").register(registry);
            for (Outcome outcome : Outcome.values()) {
                calls[outcome.ordinal()] = Counter.builder(CALLS).tag("method", method)
                        .tag("retried", outcome.retried).tag("retryResult", outcome.retryResult)
                        .tag("outcome", outcome.outcome).description("Calls of @Retry methods, by outcome")
                        .register(registry);
            }
        }

        Counter call(Outcome outcome) {
            return calls[outcome.ordinal()];
        }
    }
}
