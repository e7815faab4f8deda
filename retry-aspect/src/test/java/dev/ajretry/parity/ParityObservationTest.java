package dev.ajretry.parity;

import dev.ajretry.Retry;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;

import static dev.ajretry.parity.Script.fail;
import static dev.ajretry.parity.Script.ok;
import static dev.ajretry.parity.Script.taking;
import static java.time.Duration.ofMillis;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Parity of what can be observed: listener events with their elapsed time and history, {@code RetryContext} and
 * the MDC inside each attempt, and a thread left clean afterwards. Attempts take 10 ms on the virtual clock.
 */
class ParityObservationTest {

    @RegisterExtension
    final Harness harness = new Harness();

    static final class Untimed extends Fixture {
        Untimed(Script.Step... steps) {
            super(steps);
        }

        @Retry(tries = 3, delay = 100)
        String call() {
            return attempt();
        }

        @Retry(tries = 3, delay = 100)
        CompletableFuture<String> callAsync() {
            return attemptAsync();
        }
    }

    static final class Timed extends Fixture {
        Timed(Script.Step... steps) {
            super(steps);
        }

        @Retry(tries = 3, delay = 100, maxDuration = 60_000)
        String call() {
            return attempt();
        }

        @Retry(tries = 3, delay = 100, maxDuration = 60_000)
        CompletableFuture<String> callAsync() {
            return attemptAsync();
        }
    }

    private static Script.Step[] threeFailures() {
        return new Script.Step[] {taking(ofMillis(10), fail(new IOException("1"))),
                taking(ofMillis(10), fail(new IOException("2"))), taking(ofMillis(10), fail(new IOException("3")))};
    }

    @ParameterizedTest
    @EnumSource(Driver.class)
    void eventsOfAGiveUpWithADeadlineCountFromTheFirstAttempt(Driver driver) {
        Outcome outcome = harness.run(driver, new Timed(threeFailures()));

        assertThat(outcome.eventDetails()).containsExactly(
                "RETRY #1 IOException(1) wait 100ms | tries 3, elapsed 10ms, history "
                        + "[#1 at 0ms ran 10ms IOException(1) then 100ms]",
                "RETRY #2 IOException(2) wait 100ms | tries 3, elapsed 120ms, history "
                        + "[#1 at 0ms ran 10ms IOException(1) then 100ms, #2 at 110ms ran 10ms IOException(2) then 100ms]",
                "GIVE_UP #3 TRIES_EXHAUSTED IOException(3) | tries 3, elapsed 230ms, history "
                        + "[#1 at 0ms ran 10ms IOException(1) then 100ms, #2 at 110ms ran 10ms IOException(2) then 100ms, "
                        + "#3 at 220ms ran 10ms IOException(3)]");
    }

    @ParameterizedTest
    @EnumSource(Driver.class)
    void eventsWithoutADeadlineCountFromTheFirstFailure(Driver driver) {
        Outcome outcome = harness.run(driver, new Untimed(threeFailures()));

        // The first attempt of a method without maxDuration is not timed: its start and duration are unknown.
        assertThat(outcome.eventDetails()).last().isEqualTo(
                "GIVE_UP #3 TRIES_EXHAUSTED IOException(3) | tries 3, elapsed 220ms, history "
                        + "[#1 at ? ran ? IOException(1) then 100ms, #2 at 100ms ran 10ms IOException(2) then 100ms, "
                        + "#3 at 210ms ran 10ms IOException(3)]");
    }

    @ParameterizedTest
    @EnumSource(Driver.class)
    void aSuccessAfterRetriesIsAnEventWithTheHistory(Driver driver) {
        Outcome outcome = harness.run(driver, new Timed(taking(ofMillis(10), fail(new IOException("1"))),
                taking(ofMillis(10), ok("ok"))));

        assertThat(outcome.result()).isEqualTo("ok");
        assertThat(outcome.eventDetails()).containsExactly(
                "RETRY #1 IOException(1) wait 100ms | tries 3, elapsed 10ms, history "
                        + "[#1 at 0ms ran 10ms IOException(1) then 100ms]",
                "SUCCESS #2 | tries 3, elapsed 120ms, history [#1 at 0ms ran 10ms IOException(1) then 100ms]");
    }

    @ParameterizedTest
    @EnumSource(Driver.class)
    void eachAttemptSeesItsContextAndTheMdcAndTheThreadIsLeftClean(Driver driver) {
        Outcome outcome = harness.run(driver, new Untimed(fail(new IOException("1")), fail(new IOException("2")),
                ok("ok")));

        assertThat(outcome.inside()).containsExactly("attempt 1 of 3, series -, mdc -/-",
                "attempt 2 of 3, series S, mdc S/2", "attempt 3 of 3 (last), series S, mdc S/3");
        assertThat(outcome.threadAfter()).isEqualTo("clean");
    }

    @ParameterizedTest
    @EnumSource(Driver.class)
    void afterAFailedSeriesTheThreadIsLeftCleanToo(Driver driver) {
        Outcome outcome = harness.run(driver, new Untimed(threeFailures()));

        assertThat(outcome.inside()).containsExactly("attempt 1 of 3, series -, mdc -/-",
                "attempt 2 of 3, series S, mdc S/2", "attempt 3 of 3 (last), series S, mdc S/3");
        assertThat(outcome.threadAfter()).isEqualTo("clean");
    }

    @ParameterizedTest
    @EnumSource(Driver.class)
    void withoutListenersTheContextAndMdcAreTheSame(Driver driver) {
        harness.stopListening();
        Outcome outcome = harness.run(driver, new Untimed(fail(new IOException("1")), ok("ok")));

        assertThat(outcome.inside()).containsExactly("attempt 1 of 3, series -, mdc -/-",
                "attempt 2 of 3, series S, mdc S/2");
        assertThat(outcome.threadAfter()).isEqualTo("clean");
    }

    static final class Outer extends Fixture {
        final Untimed inner;

        Outer(Untimed inner, Script.Step... steps) {
            super(steps);
            this.inner = inner;
        }

        @Retry(tries = 2)
        String call() throws Exception {
            String got = inner.call();
            return attempt() + " after " + got;
        }

        @Retry(tries = 2)
        CompletableFuture<String> callAsync() throws Exception {
            return inner.callAsync().thenCompose(got -> attemptAsync().thenApply(mine -> mine + " after " + got));
        }
    }

    @ParameterizedTest
    @EnumSource(Driver.class)
    void anInnerRetriedMethodSeesItsOwnContextAndTheOuterSeriesIsRestoredAfter(Driver driver) {
        Untimed inner = new Untimed(fail(new IOException("inner 1")), ok("inner ok"));
        inner.bind(driver, harness.sleeper());
        Outer outer = new Outer(inner, ok("outer ok"));
        Outcome outcome = harness.run(driver, outer);

        assertThat(outcome.result()).isEqualTo("outer ok after inner ok");
        assertThat(inner.inside()).containsExactly("attempt 1 of 3, series -, mdc -/-",
                "attempt 2 of 3, series S, mdc S/2");
        assertThat(outcome.inside()).containsExactly("attempt 1 of 2, series -, mdc -/-");
        assertThat(outcome.threadAfter()).isEqualTo("clean");
    }
}
