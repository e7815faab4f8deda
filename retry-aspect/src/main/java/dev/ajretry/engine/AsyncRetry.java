package dev.ajretry.engine;

import dev.ajretry.runtime.Sleeper;
import dev.ajretry.runtime.Sleepers;

import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Future;

/**
 * The asynchronous driver: retries a method that returns a {@link CompletionStage} without ever blocking a thread.
 * It makes the same decisions as the blocking driver (through {@link RetrySeries}); it only waits differently, by
 * scheduling the next attempt with the sleeper's {@link Sleeper#schedule}.
 *
 * <p>An attempt fails when the method throws or when its stage completes exceptionally ({@link CompletionException}
 * unwrapped). The call returns at once a future that completes with the first accepted result, or exceptionally with
 * the last failure itself, earlier failures attached; or with a recovery method's result (which may be a stage).
 * Cancelling that future stops further attempts and cancels the attempt in flight where its stage allows.
 *
 * <p>Threads: the first attempt runs on the caller's thread, later ones where {@link Sleeper#schedule} runs them
 * (see {@link dev.ajretry.runtime.AsyncRetries}). The {@code RetryContext} and MDC of an attempt are set on the thread
 * that runs it, for the time the method takes to return its stage.
 */
public final class AsyncRetry {

    /** One attempt: calls the method body (the aspect's {@code proceed()}). */
    @FunctionalInterface
    public interface Attempt {
        Object run() throws Throwable;
    }

    private final RetryPolicy policy;
    private final Sleeper waiter;
    private final long start;
    private final Object target;
    private final Object[] arguments;
    private final Attempt attempt;
    private final CompletableFuture<Object> result;

    /** Touched by one attempt at a time: each attempt starts after the previous one's outcome was handled. */
    private RetrySeries series;
    private volatile Future<?> pendingWait;
    private volatile CompletableFuture<?> inFlight;

    private AsyncRetry(RetryPolicy policy, Object target, Object[] arguments, Attempt attempt) {
        this.policy = policy;
        this.waiter = Sleepers.current();
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
    public static Object start(RetryPolicy policy, Object target, Object[] arguments, Attempt attempt) {
        AsyncRetry call = new AsyncRetry(policy, target, arguments, attempt);
        call.runAttempt();
        return call.result;
    }

    private void runAttempt() {
        if (result.isDone()) {
            return;
        }
        Object returned = null;
        Throwable thrown = null;
        RetrySeries current = series;
        if (current != null) {
            current.enterAttempt();
        }
        try {
            returned = attempt.run();
        } catch (Throwable t) {
            thrown = t;
        } finally {
            if (current != null) {
                current.exitAttempt();
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
        stage.whenComplete((value, failure) -> {
            inFlight = null;
            if (failure != null) {
                failed(unwrap(failure));
            } else {
                returned(value);
            }
        });
    }

    private void returned(Object value) {
        try {
            if (policy.checksResults() && policy.rejects(value)) {
                if (series == null) {
                    series = RetrySeries.forAsync(policy, start, waiter);
                }
                long wait = series.decideAfterRejectedResult(value);
                if (wait < 0) {
                    result.complete(value); // tries or time used up: the last result as it is
                } else {
                    retryAfter(wait);
                }
                return;
            }
            if (series != null) {
                series.succeeded();
                policy.succeeded();
            } else {
                policy.succeededAtOnce();
            }
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
            if (series == null) {
                series = RetrySeries.forAsync(policy, start, waiter);
            }
            long wait = series.decideAfterFailure(failure, series.classify(failure));
            if (wait >= 0) {
                retryAfter(wait);
            } else if (series.needsArguments()) {
                completeWith(series.finish(target, arguments));
            }
        } catch (Throwable finalFailure) {
            // The series ended: this is the failure the caller gets, as the blocking driver would have thrown it.
            result.completeExceptionally(finalFailure);
        }
    }

    private void retryAfter(long wait) {
        pendingWait = waiter.schedule(() -> {
            pendingWait = null;
            if (!result.isDone()) {
                series.resumeAfterWait(wait);
                runAttempt();
            }
        }, wait == 0 ? Duration.ZERO : Duration.ofNanos(wait));
        if (result.isCancelled()) {
            cancelled();
        }
    }

    /** A recovery value: a stage is followed, anything else completes the call. */
    private void completeWith(Object recovered) {
        if (recovered instanceof CompletionStage) {
            ((CompletionStage<?>) recovered).whenComplete((value, failure) -> {
                if (failure != null) {
                    result.completeExceptionally(unwrap(failure));
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
        RetrySeries current = series;
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

    /** The failure itself: {@code CompletableFuture} wraps a failure from a dependent stage in a CompletionException. */
    static Throwable unwrap(Throwable failure) {
        Throwable unwrapped = failure;
        while (unwrapped instanceof CompletionException && unwrapped.getCause() != null) {
            unwrapped = unwrapped.getCause();
        }
        return unwrapped instanceof CancellationException ? failure : unwrapped;
    }
}
