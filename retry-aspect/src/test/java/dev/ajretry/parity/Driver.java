package dev.ajretry.parity;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * The ways a {@code @Retry} method is called and fails: the blocking loop, and the asynchronous driver fed three
 * ways, since an asynchronous method can fail in three ways its caller cannot tell apart. Every scenario runs on
 * each; they must all behave the same.
 */
enum Driver {
    /** {@code String call()}: the blocking loop; a failed attempt throws. */
    BLOCKING,
    /** {@code CompletableFuture<String> callAsync()}: a failed attempt returns {@code failedFuture(failure)}. */
    ASYNC_FAILED_FUTURE,
    /**
     * The same, the failure coming through a dependent stage ({@code thenApply}), so the future completes with a
     * {@code CompletionException} around it, which the driver must unwrap.
     */
    ASYNC_DEPENDENT_STAGE,
    /** The same, but a failed attempt throws synchronously instead of returning a failed future. */
    ASYNC_THROWS;

    boolean async() {
        return this != BLOCKING;
    }

    /** How this driver's asynchronous method delivers a failure. */
    CompletableFuture<String> failAsync(Throwable failure) {
        switch (this) {
            case ASYNC_FAILED_FUTURE:
                return CompletableFuture.failedFuture(failure);
            case ASYNC_DEPENDENT_STAGE:
                return CompletableFuture.<String>failedFuture(failure).thenApply(Function.identity());
            case ASYNC_THROWS:
                throw Fixture.<RuntimeException>sneaky(failure);
            default:
                throw new IllegalStateException(this + " has no asynchronous method");
        }
    }

    /** How this driver's asynchronous method delivers a value. */
    CompletableFuture<String> succeedAsync(String value) {
        return this == ASYNC_DEPENDENT_STAGE
                ? CompletableFuture.completedFuture(value).thenApply(Function.identity())
                : CompletableFuture.completedFuture(value);
    }

    /** What the caller gets from one call of the fixture. */
    record Delivered(String value, Throwable failure, boolean escapedTheFuture, boolean completedWithinTheCall) {
    }

    /**
     * Calls the fixture's method for this driver. For the asynchronous ones the failure is the future's, unwrapped
     * from the {@code ExecutionException} of {@code get()}; a call that throws instead of returning its future is
     * reported as such ({@code escapedTheFuture}), since the caller of an asynchronous method expects none.
     */
    Delivered invoke(Fixture fixture) {
        if (!async()) {
            try {
                return new Delivered(fixture.call(), null, false, true);
            } catch (Throwable thrown) {
                return new Delivered(null, thrown, false, true);
            }
        }
        CompletableFuture<String> future;
        try {
            future = fixture.callAsync();
        } catch (Throwable thrown) {
            return new Delivered(null, thrown, true, true);
        }
        boolean done = future.isDone();
        try {
            return new Delivered(future.get(10, TimeUnit.SECONDS), null, false, done);
        } catch (ExecutionException failed) {
            return new Delivered(null, failed.getCause(), false, done);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return new Delivered(null, interrupted, false, done);
        } catch (TimeoutException | RuntimeException other) {
            return new Delivered(null, other, false, done);
        }
    }
}
