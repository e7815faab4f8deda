package dev.ajretry.parity;

import ch.qos.logback.classic.Level;
import dev.ajretry.Retry;
import dev.ajretry.RetryAfter;
import dev.ajretry.runtime.RetryEnvironment;
import dev.ajretry.testing.CapturedLog;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import static dev.ajretry.parity.Script.fail;
import static dev.ajretry.parity.Script.ok;
import static java.time.Duration.ofMillis;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 12, section 6: {@code ajretry.maxRetryAfter} bounds the server's word. A {@code RetryAfter} longer than it
 * gives up at once with the last failure, reason {@code DEADLINE}, on both paths; one within it is waited as told.
 */
class ParityMaxRetryAfterTest {

    @RegisterExtension
    final Harness harness = new Harness();

    @RegisterExtension
    final CapturedLog log = CapturedLog.of(Throttled.class).at(Level.DEBUG);

    static final class ServerSaid extends IOException implements RetryAfter {
        private final Duration wait;

        ServerSaid(String message, Duration wait) {
            super(message);
            this.wait = wait;
        }

        @Override
        public Duration retryAfter() {
            return wait;
        }
    }

    static final class Throttled extends Fixture {
        Throttled(Script.Step... steps) {
            super(steps);
        }

        @Retry(tries = 3, delay = 10)
        String call() {
            return attempt();
        }

        @Retry(tries = 3, delay = 10)
        CompletableFuture<String> callAsync() {
            return attemptAsync();
        }
    }

    /** Once for the class: a reset in a test would also remove the harness's listener, registered before it. */
    @BeforeAll
    static void bound() {
        System.setProperty("ajretry.maxRetryAfter", "60000");
        RetryEnvironment.reset();
    }

    @AfterAll
    static void unbound() {
        System.clearProperty("ajretry.maxRetryAfter");
        RetryEnvironment.reset();
    }

    @ParameterizedTest
    @EnumSource(Driver.class)
    void aRetryAfterOfYearsGivesUpAtOnce(Driver driver) {
        ServerSaid years = new ServerSaid("429", Duration.ofDays(3 * 365));
        Outcome outcome = harness.run(driver, new Throttled(fail(years), ok("never")));

        assertThat(outcome.failure()).isSameAs(years);
        assertThat(outcome.attempts()).isEqualTo(1);
        assertThat(outcome.waits()).isEmpty();
        assertThat(outcome.events()).containsExactly("GIVE_UP #1 DEADLINE ServerSaid(429)");
    }

    @ParameterizedTest
    @EnumSource(Driver.class)
    void theGiveUpLineSaysTheServerAskedForMoreThanTheBound(Driver driver) {
        ServerSaid years = new ServerSaid("429", Duration.ofDays(3 * 365));
        harness.run(driver, new Throttled(fail(years), ok("never")));

        // At the first attempt, like any give-up without a retry: DEBUG.
        assertThat(log.lines()).singleElement().asString().startsWith("DEBUG [retry ")
                .contains(method(driver) + ": gave up, the server asked for 94608000 s, more than"
                        + " ajretry.maxRetryAfter 60 s after 1 of 3 attempts; throwing " + ServerSaid.class.getName()
                        + ": 429; history: #1 failed with " + ServerSaid.class.getName() + ": 429");
    }

    @ParameterizedTest
    @EnumSource(Driver.class)
    void afterARetryTheGiveUpLineIsAWarningThatSaysTheServerAskedTooMuch(Driver driver) {
        ServerSaid years = new ServerSaid("429", Duration.ofDays(3 * 365));
        harness.run(driver, new Throttled(fail(new IOException("busy")), fail(years), ok("never")));

        assertThat(log.lines()).hasSize(2);
        assertThat(log.lines().get(0)).startsWith("DEBUG [retry ")
                .endsWith(method(driver) + ": attempt 1 of 3 failed with java.io.IOException: busy; retrying in 10 ms");
        assertThat(log.lines().get(1)).startsWith("WARN [retry ")
                .contains(method(driver) + ": gave up, the server asked for 94608000 s, more than"
                        + " ajretry.maxRetryAfter 60 s after 2 of 3 attempts; throwing " + ServerSaid.class.getName()
                        + ": 429; history: #1 failed with java.io.IOException: busy, then waited 10 ms"
                        + " | #2 at +10 ms ran 0 ms, failed with " + ServerSaid.class.getName() + ": 429");
    }

    private static String method(Driver driver) {
        return Throttled.class.getName() + (driver.async() ? ".callAsync()" : ".call()");
    }

    @ParameterizedTest
    @EnumSource(Driver.class)
    void aRetryAfterWithinTheBoundIsWaitedAsTold(Driver driver) {
        ServerSaid minute = new ServerSaid("429", Duration.ofSeconds(60));
        Outcome outcome = harness.run(driver, new Throttled(fail(minute), ok("done")));

        assertThat(outcome.result()).isEqualTo("done");
        assertThat(outcome.waits()).containsExactly(ofMillis(60_000));
    }
}
