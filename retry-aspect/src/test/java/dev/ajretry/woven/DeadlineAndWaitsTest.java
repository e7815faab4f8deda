package dev.ajretry.woven;

import dev.ajretry.Retry;
import dev.ajretry.Retry.WaitOn;
import dev.ajretry.RetryAfter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static java.time.Duration.ofMillis;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** maxDuration, the server's RetryAfter and per-exception waits, with the virtual clock of the recording sleeper. */
class DeadlineAndWaitsTest {

    @RegisterExtension
    final RecordedWaits sleeper = new RecordedWaits();

    /** A failure that says how long to wait, like a 429 with Retry-After. */
    static class TooManyRequests extends IOException implements RetryAfter {
        private final Duration retryAfter;

        TooManyRequests(Duration retryAfter) {
            super("429, retry after " + retryAfter);
            this.retryAfter = retryAfter;
        }

        @Override
        public Duration retryAfter() {
            return retryAfter;
        }
    }

    class Service {
        final Script script;
        /** How long each attempt takes, on the virtual clock. */
        Duration attemptTakes = Duration.ZERO;

        Service(Script script) {
            this.script = script;
        }

        private void attempt() throws Throwable {
            sleeper.advance(attemptTakes);
            script.attempt();
        }

        @Retry(tries = 10, delay = 100, backoff = 2, maxDuration = 500)
        void withDeadline() throws Throwable {
            attempt();
        }

        @Retry(tries = 5, delay = 1, unit = TimeUnit.SECONDS, maxDuration = 3)
        void deadlineInSeconds() throws Throwable {
            attempt();
        }

        @Retry(tries = 4, delay = 100, maxDelay = 200, minDelay = 50)
        void honoursRetryAfter() throws Throwable {
            attempt();
        }

        @Retry(tries = 4, delay = 100, maxDuration = 1000)
        void retryAfterPastTheDeadline() throws Throwable {
            attempt();
        }

        @Retry(tries = 5, delay = 100, backoff = 2, waitOn = {
                @WaitOn(value = SocketTimeoutException.class, delay = 2000),
                @WaitOn(value = {SocketException.class}, delay = 50),
                @WaitOn(value = ConnectException.class, delay = 10),
                @WaitOn(value = InterruptedIOException.class, delay = 700)})
        void perExceptionWaits() throws Throwable {
            attempt();
        }
    }

    @Test
    void noWaitStartsThatWouldEndAfterTheDeadline() {
        IOException last = new IOException("3");
        Service service = new Service(Script.failing(new IOException("1"), new IOException("2"), last,
                new IOException("never")));

        Throwable thrown = catchThrowable(service::withDeadline);

        // 100 (t=100), 200 (t=300), then 400 would end at 700 > 500: the third failure is thrown at once.
        assertThat(thrown).isSameAs(last);
        assertThat(service.script.attempts()).isEqualTo(3);
        assertThat(sleeper.waits()).containsExactly(ofMillis(100), ofMillis(200));
    }

    @Test
    void theDeadlineCountsTheAttemptsToo() {
        Service service = new Service(Script.failing(new IOException("1"), new IOException("2"),
                new IOException("3")));
        service.attemptTakes = ofMillis(150);

        catchThrowable(service::withDeadline);

        // t=150 fail, wait 100 -> 250; t=400 fail, a wait of 200 would end at 600 > 500.
        assertThat(service.script.attempts()).isEqualTo(2);
        assertThat(sleeper.waits()).containsExactly(ofMillis(100));
    }

    @Test
    void aCallWithinTheDeadlineSucceeds() throws Throwable {
        Service service = new Service(Script.failing(new IOException("1"), new IOException("2")));

        service.withDeadline();

        assertThat(service.script.attempts()).isEqualTo(3);
    }

    @Test
    void theDeadlineIsInTheUnit() {
        Service service = new Service(Script.failing(new IOException("1"), new IOException("2"),
                new IOException("3"), new IOException("4")));

        catchThrowable(service::deadlineInSeconds);

        // 1 s, 1 s; a third wait would end exactly at the deadline of 3 s, so it is not started (stop_before_delay).
        assertThat(sleeper.waits()).containsExactly(ofSeconds(1), ofSeconds(1));
        assertThat(service.script.attempts()).isEqualTo(3);
    }

    @Test
    void retryAfterReplacesTheWaitAndIsNotClamped() throws Throwable {
        Service service = new Service(Script.failing(new TooManyRequests(ofSeconds(3)), new IOException("plain"),
                new TooManyRequests(ofMillis(10))));

        service.honoursRetryAfter();

        assertThat(sleeper.waits()).containsExactly(ofSeconds(3), ofMillis(100), ofMillis(10));
    }

    @Test
    void aNullOrNegativeRetryAfterFallsBackToTheSchedule() throws Throwable {
        Service service = new Service(Script.failing(new TooManyRequests(null), new TooManyRequests(ofMillis(-5))));

        service.honoursRetryAfter();

        assertThat(sleeper.waits()).containsExactly(ofMillis(100), ofMillis(100));
    }

    @Test
    void aRetryAfterPastTheDeadlineGivesUpAtOnce() {
        TooManyRequests tooLong = new TooManyRequests(ofSeconds(5));
        Service service = new Service(Script.failing(new IOException("1"), tooLong));

        Throwable thrown = catchThrowable(service::retryAfterPastTheDeadline);

        assertThat(thrown).isSameAs(tooLong);
        assertThat(service.script.attempts()).isEqualTo(2);
        assertThat(sleeper.waits()).containsExactly(ofMillis(100));
    }

    @Test
    void theMostSpecificWaitOnWinsAndOthersFollowTheSchedule() throws Throwable {
        Service service = new Service(Script.failing(
                new SocketTimeoutException("timeout"),   // most specific: 2000 (also an InterruptedIOException)
                new ConnectException("refused"),         // ConnectException beats SocketException: 10
                new SocketException("reset"),            // 50
                new IOException("other")));              // the schedule: 100, 200, 400, 800 -> the 4th wait, 800

        service.perExceptionWaits();

        assertThat(sleeper.waits()).containsExactly(ofMillis(2000), ofMillis(10), ofMillis(50), ofMillis(800));
    }
}
