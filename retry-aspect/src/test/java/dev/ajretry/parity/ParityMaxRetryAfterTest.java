package dev.ajretry.parity;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.ajretry.Retry;
import dev.ajretry.RetryAfter;
import dev.ajretry.runtime.RetryEnvironment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.slf4j.LoggerFactory;

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

    private final Logger logger = (Logger) LoggerFactory.getLogger("dev.ajretry");
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

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

    @BeforeEach
    void capture() {
        appender.start();
        logger.addAppender(appender);
        logger.setLevel(ch.qos.logback.classic.Level.INFO);
        logger.setAdditive(false);
    }

    @AfterEach
    void release() {
        logger.detachAppender(appender);
        logger.setLevel(null);
        logger.setAdditive(true);
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
    void aRetryAfterWithinTheBoundIsWaitedAsTold(Driver driver) {
        ServerSaid minute = new ServerSaid("429", Duration.ofSeconds(60));
        Outcome outcome = harness.run(driver, new Throttled(fail(minute), ok("done")));

        assertThat(outcome.result()).isEqualTo("done");
        assertThat(outcome.waits()).containsExactly(ofMillis(60_000));
    }
}
