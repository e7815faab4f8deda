package dev.ajretry.woven;

import dev.ajretry.Retry;
import dev.ajretry.runtime.RecordingSleeper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 12, "every call ends": when the next attempt runs inside {@code schedule()} (a {@code RecordingSleeper}) or an
 * attempt's stage is already complete, the asynchronous driver loops instead of recursing, so ten thousand tries
 * neither overflow the stack nor leave the call pending; with a recovery method too.
 */
class AsyncAttemptsRunIterativelyTest {

    static final int TRIES = 10_000;

    static class Service {
        int attempts;
        IOException last;

        private IOException next() {
            attempts++;
            last = new IOException("attempt " + attempts);
            return last;
        }

        @Retry(tries = TRIES, delay = 1)
        CompletableFuture<String> failedFutures() {
            return CompletableFuture.failedFuture(next());
        }

        @Retry(tries = TRIES, delay = 1)
        CompletableFuture<String> dependentStages() {
            return CompletableFuture.<String>failedFuture(next()).thenApply(Function.identity());
        }

        @Retry(tries = TRIES, delay = 1)
        CompletableFuture<String> throwing() throws IOException {
            throw next();
        }

        @Retry(tries = TRIES, delay = 1, recover = "fallback")
        CompletableFuture<String> recovering() {
            return CompletableFuture.failedFuture(next());
        }

        CompletableFuture<String> fallback(Throwable failure) {
            return CompletableFuture.completedFuture("recovered from " + failure.getMessage());
        }

        @Retry(tries = TRIES, delay = 1, retryIfResult = AsyncRetryTest.Pending.class)
        CompletableFuture<String> polled() {
            attempts++;
            return CompletableFuture.completedFuture("pending");
        }

        @Retry(tries = TRIES, delay = 1)
        CompletableFuture<String> succeedingLast() {
            return attempts + 1 < TRIES ? CompletableFuture.failedFuture(next())
                    : CompletableFuture.completedFuture("ok after " + ++attempts);
        }
    }

    private static Throwable failureOf(CompletableFuture<?> future) throws Exception {
        assertThat(future).as("completed within the call").isDone();
        try {
            future.get(0, TimeUnit.SECONDS);
            throw new AssertionError("expected a failure");
        } catch (ExecutionException e) {
            return e.getCause();
        }
    }

    @Test
    void tenThousandFailedFuturesEndWithTheLastFailure() throws Exception {
        Service service = new Service();
        try (RecordingSleeper sleeper = RecordingSleeper.installOnThisThread()) {
            assertThat(failureOf(service.failedFutures())).isSameAs(service.last);
            assertThat(service.attempts).isEqualTo(TRIES);
            assertThat(sleeper.waits()).hasSize(TRIES - 1);
        }
    }

    @Test
    void tenThousandDependentStagesEndWithTheLastFailure() throws Exception {
        Service service = new Service();
        try (RecordingSleeper ignored = RecordingSleeper.installOnThisThread()) {
            assertThat(failureOf(service.dependentStages())).isSameAs(service.last);
            assertThat(service.attempts).isEqualTo(TRIES);
        }
    }

    @Test
    void tenThousandSynchronousThrowsEndWithTheLastFailure() throws Exception {
        Service service = new Service();
        try (RecordingSleeper ignored = RecordingSleeper.installOnThisThread()) {
            assertThat(failureOf(service.throwing())).isSameAs(service.last);
            assertThat(service.attempts).isEqualTo(TRIES);
        }
    }

    @Test
    void tenThousandFailuresThenTheRecovery() throws Exception {
        Service service = new Service();
        try (RecordingSleeper ignored = RecordingSleeper.installOnThisThread()) {
            CompletableFuture<String> future = service.recovering();
            assertThat(future).isDone();
            assertThat(future.get(0, TimeUnit.SECONDS)).isEqualTo("recovered from attempt " + TRIES);
        }
    }

    @Test
    void tenThousandRejectedResultsEndWithTheLastResult() throws Exception {
        Service service = new Service();
        try (RecordingSleeper ignored = RecordingSleeper.installOnThisThread()) {
            CompletableFuture<String> future = service.polled();
            assertThat(future).isDone();
            assertThat(future.get(0, TimeUnit.SECONDS)).isEqualTo("pending");
            assertThat(service.attempts).isEqualTo(TRIES);
        }
    }

    @Test
    void aSuccessAtTheTenThousandthTry() throws Exception {
        Service service = new Service();
        try (RecordingSleeper ignored = RecordingSleeper.installOnThisThread()) {
            CompletableFuture<String> future = service.succeedingLast();
            assertThat(future).isDone();
            assertThat(future.get(0, TimeUnit.SECONDS)).isEqualTo("ok after " + TRIES);
        }
    }
}
