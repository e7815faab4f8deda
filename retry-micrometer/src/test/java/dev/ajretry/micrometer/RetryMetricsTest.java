package dev.ajretry.micrometer;

import dev.ajretry.Retry;
import dev.ajretry.runtime.RecordingSleeper;
import dev.ajretry.runtime.RetryListeners;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** Real woven calls recorded into Micrometer's SimpleMeterRegistry. */
class RetryMetricsTest {

    private static final String METHOD = "dev.ajretry.micrometer.RetryMetricsTest$Client.fetch";

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private RetryListeners.Registration metrics;
    private RecordingSleeper sleeper;

    @BeforeEach
    void bind() {
        metrics = RetryMetrics.bindTo(registry);
        sleeper = RecordingSleeper.installOnThisThread();
    }

    @AfterEach
    void unbind() {
        metrics.close();
        sleeper.close();
    }

    static final class Client {
        int failuresLeft;
        IOException failure = new IOException("down");

        @Retry(tries = 3, delay = 100, exceptions = IOException.class, abortOn = FileNotFoundException.class)
        String fetch() throws IOException {
            if (failuresLeft > 0) {
                failuresLeft--;
                throw failure;
            }
            return "ok";
        }

        @Retry(tries = 10, delay = 300, maxDuration = 500)
        String deadline() throws IOException {
            throw new IOException("slow");
        }

        final java.util.List<java.util.concurrent.CompletableFuture<String>> hedged = new java.util.ArrayList<>();

        /** Every attempt waits for the test to answer it: under the test sleeper a hedge starts at once. */
        @Retry(tries = 3, hedges = 1, hedgeDelay = 50)
        java.util.concurrent.CompletableFuture<String> hedged() {
            java.util.concurrent.CompletableFuture<String> attempt = new java.util.concurrent.CompletableFuture<>();
            hedged.add(attempt);
            return attempt;
        }
    }

    private double calls(String method, String outcome, String retried, String retryResult) {
        Counter counter = registry.find(RetryMetrics.CALLS).tag("method", method).tag("outcome", outcome)
                .tag("retried", retried).tag("retryResult", retryResult).counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void callsAreCountedByOutcomeWithMicroProfileTags() throws Exception {
        Client client = new Client();
        client.fetch();
        client.fetch();
        client.failuresLeft = 1;
        client.fetch();
        client.failuresLeft = 5;
        catchThrowable(client::fetch);
        client.failuresLeft = 1;
        client.failure = new FileNotFoundException("gone");
        catchThrowable(client::fetch);

        assertThat(calls(METHOD, "success_first_attempt", "false", "valueReturned")).isEqualTo(2);
        assertThat(calls(METHOD, "success_after_retries", "true", "valueReturned")).isEqualTo(1);
        assertThat(calls(METHOD, "gave_up", "true", "maxRetriesReached")).isEqualTo(1);
        assertThat(calls(METHOD, "aborted", "false", "exceptionNotRetryable")).isEqualTo(1);
    }

    @Test
    void attemptsRetriesAndWaitsAreRecorded() throws Exception {
        Client client = new Client();
        client.failuresLeft = 2;
        client.fetch();
        client.fetch();

        assertThat(registry.get(RetryMetrics.ATTEMPTS).tag("method", METHOD).counter().count()).isEqualTo(4);
        assertThat(registry.get(RetryMetrics.RETRIES).tag("method", METHOD).counter().count()).isEqualTo(2);
        Timer waits = registry.get(RetryMetrics.WAITS).tag("method", METHOD).timer();
        assertThat(waits.count()).isEqualTo(2);
        assertThat(waits.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(200);
    }

    @Test
    void hedgesAreCounted() throws Exception {
        Client client = new Client();
        java.util.concurrent.CompletableFuture<String> call = client.hedged();
        client.hedged.get(1).complete("hedge");

        assertThat(call.get(10, TimeUnit.SECONDS)).isEqualTo("hedge");
        assertThat(registry.get(RetryMetrics.HEDGES).tag("method", "dev.ajretry.micrometer.RetryMetricsTest$Client"
                + ".hedged").counter().count()).isEqualTo(1);
    }

    @Test
    void aDeadlineIsMaxDurationReached() {
        catchThrowable(new Client()::deadline);

        assertThat(calls("dev.ajretry.micrometer.RetryMetricsTest$Client.deadline", "gave_up", "true",
                "maxDurationReached")).isEqualTo(1);
        assertThat(sleeper.waits()).containsExactly(Duration.ofMillis(300));
    }

    @Test
    void unboundNothingMoreIsRecorded() throws Exception {
        Client client = new Client();
        client.fetch();
        metrics.close();
        client.fetch();
        metrics = RetryMetrics.bindTo(new SimpleMeterRegistry());

        assertThat(calls(METHOD, "success_first_attempt", "false", "valueReturned")).isEqualTo(1);
    }
}
