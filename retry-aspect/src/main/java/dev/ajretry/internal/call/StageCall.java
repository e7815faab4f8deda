package dev.ajretry.internal.call;

import dev.ajretry.internal.env.Environment;
import dev.ajretry.internal.env.Waiter;

import dev.ajretry.internal.spec.RetrySpec;

import dev.ajretry.RetryEvent.GiveUpReason;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Future;

/**
 * The asynchronous driver: retries a method that returns a {@link CompletionStage} without ever blocking a thread.
 * It takes the same steps as the blocking driver ({@link Attempts}: the same decisions, the same reports); it only
 * carries them out with other verbs: schedule the next attempt with the sleeper's {@link Waiter#schedule}, or
 * complete the call's future.
 *
 * <p>An attempt fails when the method throws or when its stage completes exceptionally ({@link CompletionException}
 * unwrapped). The call returns at once a future that completes with the first accepted result, or exceptionally with
 * the last failure itself, earlier failures attached; or with a recovery method's result (which may be a stage).
 * Cancelling that future stops further attempts and cancels the attempt in flight where its stage allows.
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

    /** Touched by one attempt at a time: each attempt starts after the previous one's outcome was handled. */
    private Attempts series;
    private volatile Future<?> pendingWait;
    private volatile CompletableFuture<?> inFlight;
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
        result.whenComplete((value, failure) -> {
            if (result.isCancelled()) {
                cancelled();
            }
        });
    }

    /**
     * Starts the call: runs the first attempt now, on the caller's thread, and returns the future of the whole
     * series, an instance of the method's declared return type.
     */
    public static Object start(RetrySpec policy, Object target, Object[] arguments, Attempt attempt) {
        StageCall call = new StageCall(policy, target, arguments, attempt);
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
        if (result.isDone()) {
            return;
        }
        Object returned = null;
        Throwable thrown = null;
        Attempts current = series;
        if (current != null) {
            OnThread.enter(current, current.attempts() + 1);
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
        if (thrown != null) {
            failed(thrown);
            return;
        }
        CompletionStage<?> stage = (CompletionStage<?>) returned;
        if (stage == null) {
            failed(new NullPointerException(policy.method() + " returned null instead of a CompletionStage"));
            return;
        }
        inFlight = toFuture(stage);
        stage.whenComplete((value, failure) -> drive(() -> {
            inFlight = null;
            if (failure != null) {
                failed(unwrap(failure));
            } else {
                returned(value);
            }
        }));
    }

    private void returned(Object value) {
        try {
            if (policy.checksResults() && policy.rejects(value)) {
                if (series == null) {
                    series = new Attempts(policy, start, waiter);
                }
                Decision decision = series.rejected(value, false);
                if (decision.retries()) {
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
        if (result.isDone()) {
            return;
        }
        try {
            GiveUpReason verdict = policy.classifier().classify(failure);
            if (series == null) {
                series = new Attempts(policy, start, waiter);
            }
            Decision decision = series.failed(failure, verdict, false);
            if (decision.retries()) {
                retryAfter(decision.waitNanos());
            } else {
                Object recovered = series.finish(series.needsArguments() ? ArgumentCapture.of(target, arguments) : null);
                completeWith(recovered, series.finalFailure());
            }
        } catch (Throwable finalFailure) {
            // The call ended: this is the failure the caller gets, as the blocking driver would have thrown it.
            result.completeExceptionally(finalFailure);
        }
    }

    private void retryAfter(long wait) {
        pendingWait = waiter.schedule(() -> drive(() -> {
            pendingWait = null;
            if (!result.isDone()) {
                series.waited(wait);
                runAttempt();
            }
        }), wait);
        if (result.isCancelled()) {
            cancelled();
        }
    }

    /**
     * A recovery value: a stage is followed, anything else completes the call. A recovery stage that fails hands
     * on its failure with the call's final failure attached, as a recovery method that throws does.
     */
    private void completeWith(Object recovered, Throwable finalFailure) {
        if (recovered instanceof CompletionStage) {
            ((CompletionStage<?>) recovered).whenComplete((value, failure) -> {
                if (failure != null) {
                    Throwable thrown = unwrap(failure);
                    if (finalFailure != null && thrown != finalFailure) {
                        thrown.addSuppressed(finalFailure);
                    }
                    result.completeExceptionally(thrown);
                } else {
                    result.complete(value);
                }
            });
        } else {
            result.complete(recovered);
        }
    }

    private void cancelled() {
        Future<?> wait = pendingWait;
        if (wait != null) {
            wait.cancel(false);
        }
        CompletableFuture<?> running = inFlight;
        if (running != null) {
            running.cancel(true);
        }
        Attempts current = series;
        if (current != null) {
            current.cancelled();
        }
    }

    private static CompletableFuture<?> toFuture(CompletionStage<?> stage) {
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
