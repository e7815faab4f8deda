package dev.ajretry.junit;

import dev.ajretry.Retry;
import dev.ajretry.RetryEvent;
import dev.ajretry.runtime.Sleepers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static java.time.Duration.ofMillis;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** The extension as users use it: instant retries, exact waits and attempts, nothing left behind, in parallel. */
@RecordRetries
@Execution(ExecutionMode.CONCURRENT)
class RecordRetriesTest {

    static final class Client {
        int failuresLeft;

        Client(int failures) {
            this.failuresLeft = failures;
        }

        @Retry(tries = 4, delay = 100, backoff = 2)
        String fetch() throws IOException {
            if (failuresLeft-- > 0) {
                throw new IOException("down");
            }
            return "ok";
        }

        @Retry(tries = 3, delay = 1, unit = TimeUnit.HOURS)
        String hourly() throws IOException {
            throw new IOException("still down");
        }

        @Retry(tries = 3, delay = 50)
        CompletableFuture<String> async() {
            if (failuresLeft-- > 0) {
                return CompletableFuture.failedFuture(new IOException("async down"));
            }
            return CompletableFuture.completedFuture("async ok");
        }
    }

    @Test
    void waitsAreRecordedNotSlept(RetryRecorder retries) throws Exception {
        assertThat(new Client(2).fetch()).isEqualTo("ok");

        assertThat(retries.waits()).containsExactly(ofMillis(100), ofMillis(200));
        assertThat(retries.retries()).isEqualTo(2);
        assertThat(retries.attempts()).isEqualTo(3);
        assertThat(retries.calls()).isEqualTo(1);
    }

    @Test
    void anHourlyRetryRunsInstantly(RetryRecorder retries) {
        long start = System.nanoTime();

        assertThat(catchThrowable(new Client(0)::hourly)).hasMessage("still down");

        assertThat(retries.waits()).containsExactly(Duration.ofHours(1), Duration.ofHours(1));
        assertThat(retries.giveUps()).singleElement()
                .satisfies(e -> assertThat(e.giveUpReason()).isEqualTo(RetryEvent.GiveUpReason.TRIES_EXHAUSTED));
        assertThat(System.nanoTime() - start).isLessThan(TimeUnit.MINUTES.toNanos(1));
    }

    @Test
    void firstAttemptSuccessesCountAsCallsAndAttempts(RetryRecorder retries) throws Exception {
        Client client = new Client(0);
        client.fetch();
        client.fetch();

        assertThat(retries.calls()).isEqualTo(2);
        assertThat(retries.attempts()).isEqualTo(2);
        assertThat(retries.waits()).isEmpty();
    }

    @Test
    void asynchronousRetriesAreRecordedToo(RetryRecorder retries) throws Exception {
        assertThat(new Client(1).async().get(10, TimeUnit.SECONDS)).isEqualTo("async ok");

        assertThat(retries.waits()).containsExactly(ofMillis(50));
        assertThat(retries.attempts()).isEqualTo(2);
    }

    @Test
    void manyCallsInOneTestAreAllCounted(RetryRecorder retries) throws Exception {
        for (int i = 0; i < 50; i++) {
            new Client(1).fetch();
        }
        assertThat(retries.calls()).isEqualTo(50);
        assertThat(retries.attempts()).isEqualTo(100);
        assertThat(retries.waits()).hasSize(50).containsOnly(ofMillis(100));
    }

    @AfterAll
    static void nothingIsLeftInstalled() {
        assertThat(Sleepers.current()).isSameAs(Sleepers.REAL);
    }
}
