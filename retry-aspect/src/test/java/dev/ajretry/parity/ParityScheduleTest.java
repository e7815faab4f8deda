package dev.ajretry.parity;


import dev.ajretry.RandomJitter;
import dev.ajretry.Retry;
import dev.ajretry.Retry.WaitOn;
import dev.ajretry.RetryAfter;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static dev.ajretry.parity.Script.concat;
import static dev.ajretry.parity.Script.fail;
import static dev.ajretry.parity.Script.failing;
import static dev.ajretry.parity.Script.ok;
import static dev.ajretry.parity.Script.taking;
import static dev.ajretry.parity.Script.times;
import static java.time.Duration.ofMillis;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Parity of the schedule: the same waits on every driver, from the delay, backoff, jitter and clamps, random jitter,
 * the server's {@code RetryAfter}, {@code waitOn} and the {@code maxDuration} deadline; and the number of tries,
 * one, bounded and unbounded.
 */
class ParityScheduleTest {

    @RegisterExtension
    final Harness harness = new Harness();

    static List<IOException> io(int count) {
        return IntStream.rangeClosed(1, count).mapToObj(i -> new IOException(Integer.toString(i)))
                .collect(Collectors.toList());
    }

    // ---- the deterministic schedule ------------------------------------------------------------------------

    static final class Clamped extends Fixture {
        Clamped(Script.Step... steps) {
            super(steps);
        }

        @Retry(tries = 6, delay = 100, backoff = 2, jitter = 10, maxDelay = 500)
        String call() {
            return attempt();
        }

        @Retry(tries = 6, delay = 100, backoff = 2, jitter = 10, maxDelay = 500)
        CompletableFuture<String> callAsync() {
            return attemptAsync();
        }
    }

    @ParameterizedTest
    @EnumSource(Driver.class)
    void backoffPlusJitterUpToMaxDelay(Driver driver) {
        List<IOException> failures = io(5);
        Outcome outcome = harness.run(driver, new Clamped(concat(failing(failures), new Script.Step[] {ok("done")})));

        assertThat(outcome.result()).isEqualTo("done");
        assertThat(outcome.failure()).isNull();
        assertThat(outcome.escapedTheFuture()).isFalse();
        assertThat(outcome.attempts()).isEqualTo(6);
        assertThat(outcome.waits()).containsExactly(ofMillis(100), ofMillis(210), ofMillis(430), ofMillis(500),
                ofMillis(500));
        assertThat(outcome.events()).containsExactly("RETRY #1 IOException(1) wait 100ms",
                "RETRY #2 IOException(2) wait 210ms", "RETRY #3 IOException(3) wait 430ms",
                "RETRY #4 IOException(4) wait 500ms", "RETRY #5 IOException(5) wait 500ms", "SUCCESS #6");
        assertThat(outcome.threadAfter()).isEqualTo("clean");
    }

    @ParameterizedTest
    @EnumSource(Driver.class)
    void exhaustedTriesHandTheLastFailureItselfWithTheEarlierOnesSuppressed(Driver driver) {
        List<IOException> failures = io(6);
        Outcome outcome = harness.run(driver, new Clamped(failing(failures)));

        assertThat(outcome.result()).isNull();
        assertThat(outcome.failure()).isSameAs(failures.get(5));
        assertThat(outcome.suppressed()).containsExactlyElementsOf(failures.subList(0, 5));
        assertThat(outcome.escapedTheFuture()).isFalse();
        assertThat(outcome.attempts()).isEqualTo(6);
        assertThat(outcome.waits()).hasSize(5);
        assertThat(outcome.events()).last().isEqualTo("GIVE_UP #6 TRIES_EXHAUSTED IOException(6)");
        assertThat(outcome.threadAfter()).isEqualTo("clean");
    }

    static final class InSeconds extends Fixture {
        InSeconds(Script.Step... steps) {
            super(steps);
        }

        @Retry(tries = 5, delay = 2, unit = TimeUnit.SECONDS, backoff = 1.5, minDelay = 3)
        String call() {
            return attempt();
        }

        @Retry(tries = 5, delay = 2, unit = TimeUnit.SECONDS, backoff = 1.5, minDelay = 3)
        CompletableFuture<String> callAsync() {
            return attemptAsync();
        }
    }

    @ParameterizedTest
    @EnumSource(Driver.class)
    void minDelayRaisesTheFirstWaitAndTheUnitAppliesToEveryDuration(Driver driver) {
        List<IOException> failures = io(5);
        Outcome outcome = harness.run(driver, new InSeconds(failing(failures)));

        assertThat(outcome.failure()).isSameAs(failures.get(4));
        assertThat(outcome.waits()).containsExactly(ofSeconds(3), ofMillis(4500), ofMillis(6750), ofMillis(10125));
    }

    static final class Shrinking extends Fixture {
        Shrinking(Script.Step... steps) {
            super(steps);
        }

        @Retry(tries = 6, delay = 100, jitter = -30)
        String call() {
            return attempt();
        }

        @Retry(tries = 6, delay = 100, jitter = -30)
        CompletableFuture<String> callAsync() {
            return attemptAsync();
        }
    }

    @ParameterizedTest
    @EnumSource(Driver.class)
    void negativeJitterShrinksTheWaitsNeverBelowZero(Driver driver) {
        Outcome outcome = harness.run(driver, new Shrinking(failing(io(6))));

        assertThat(outcome.waits()).containsExactly(ofMillis(100), ofMillis(70), ofMillis(40), ofMillis(10),
                Duration.ZERO);
    }

    static final class Defaults extends Fixture {
        Defaults(Script.Step... steps) {
            super(steps);
        }

        @Retry
        String call() {
            return attempt();
        }

        @Retry
        CompletableFuture<String> callAsync() {
            return attemptAsync();
        }
    }

    @ParameterizedTest
    @EnumSource(Driver.class)
    void defaultsAreThreeTriesWithZeroWaits(Driver driver) {
        List<IOException> failures = io(3);
        Outcome outcome = harness.run(driver, new Defaults(failing(failures)));

        assertThat(outcome.failure()).isSameAs(failures.get(2));
        assertThat(outcome.attempts()).isEqualTo(3);
        assertThat(outcome.waits()).containsExactly(Duration.ZERO, Duration.ZERO);
    }

    @ParameterizedTest
    @EnumSource(Driver.class)
    void aFirstAttemptSuccessWaitsForNothingAndSendsNoRetryEvent(Driver driver) {
        Outcome outcome = harness.run(driver, new Defaults(ok("at once")));

        assertThat(outcome.result()).isEqualTo("at once");
        assertThat(outcome.attempts()).isEqualTo(1);
        assertThat(outcome.waits()).isEmpty();
        // Only the listeners that asked for first-attempt successes hear of it.
        assertThat(outcome.events()).containsExactly("FIRST_ATTEMPT_SUCCESS");
        assertThat(outcome.completedInCall()).isTrue();
    }

    // ---- tries: one, unbounded ----------------------------------------------------------------------------

    static final class Once extends Fixture {
        Once(Script.Step... steps) {
            super(steps);
        }

        @Retry(tries = 1, delay = 100)
        String call() {
            return attempt();
        }

        @Retry(tries = 1, delay = 100)
        CompletableFuture<String> callAsync() {
            return attemptAsync();
        }
    }

    @ParameterizedTest
    @EnumSource(Driver.class)
    void oneTryIsASingleAttempt(Driver driver) {
        IOException failure = new IOException("only");
        Outcome outcome = harness.run(driver, new Once(fail(failure)));

        assertThat(outcome.failure()).isSameAs(failure);
        assertThat(outcome.suppressed()).isEmpty();
        assertThat(outcome.escapedTheFuture()).isFalse();
        assertThat(outcome.attempts()).isEqualTo(1);
        assertThat(outcome.waits()).isEmpty();
        assertThat(outcome.events()).containsExactly("GIVE_UP #1 TRIES_EXHAUSTED IOException(only)");
        assertThat(outcome.inside()).containsExactly("attempt 1 of 1 (last), series -, mdc -/-");
    }

    @ParameterizedTest
    @EnumSource(Driver.class)
    void oneTryWithoutListenersIsASingleAttemptToo(Driver driver) {
        harness.stopListening();
        IOException failure = new IOException("only");
        Outcome outcome = harness.run(driver, new Once(fail(failure)));

        assertThat(outcome.failure()).isSameAs(failure);
        assertThat(outcome.attempts()).isEqualTo(1);
        assertThat(outcome.waits()).isEmpty();
        assertThat(outcome.events()).isEmpty();
        assertThat(outcome.threadAfter()).isEqualTo("clean");
    }

    static final class Unbounded extends Fixture {
        Unbounded(Script.Step... steps) {
            super(steps);
        }

        @Retry(tries = -1, delay = 5)
        String call() {
            return attempt();
        }

        @Retry(tries = -1, delay = 5)
        CompletableFuture<String> callAsync() {
            return attemptAsync();
        }
    }

    @ParameterizedTest
    @EnumSource(Driver.class)
    void negativeTriesRetryUntilSuccess(Driver driver) {
        Outcome outcome = harness.run(driver, new Unbounded(concat(failing(io(40)), new Script.Step[] {ok("at last")})));

        assertThat(outcome.result()).isEqualTo("at last");
        assertThat(outcome.attempts()).isEqualTo(41);
        assertThat(outcome.waits()).hasSize(40).containsOnly(ofMillis(5));
        assertThat(outcome.events()).hasSize(41).last().isEqualTo("SUCCESS #41");
        assertThat(outcome.inside()).allSatisfy(seen -> assertThat(seen).contains(" of -1,").doesNotContain("last"));
        assertThat(outcome.inside().get(40)).isEqualTo("attempt 41 of -1, series S, mdc S/41");
    }

    static final class ThirtyTries extends Fixture {
        ThirtyTries(Script.Step... steps) {
            super(steps);
        }

        @Retry(tries = 30)
        String call() {
            return attempt();
        }

        @Retry(tries = 30)
        CompletableFuture<String> callAsync() {
            return attemptAsync();
        }
    }

    @ParameterizedTest
    @EnumSource(Driver.class)
    void theSuppressedListKeepsTheLastSixteenOnly(Driver driver) {
        List<IOException> failures = io(30);
        Outcome outcome = harness.run(driver, new ThirtyTries(failing(failures)));

        assertThat(outcome.failure()).isSameAs(failures.get(29));
        assertThat(outcome.suppressed()).containsExactlyElementsOf(failures.subList(13, 29));
    }

    @ParameterizedTest
    @EnumSource(Driver.class)
    void aReusedInstanceIsNeverAttachedToItself(Driver driver) {
        IOException same = new IOException("same");
        Outcome outcome = harness.run(driver, new Defaults(fail(same), fail(same), fail(same)));

        assertThat(outcome.failure()).isSameAs(same);
        assertThat(outcome.suppressed()).isEmpty();
    }

    // ---- random jitter, asserted by bounds ------------------------------------------------------------------

    static final class FullJitter extends Fixture {
        FullJitter(Script.Step... steps) {
            super(steps);
        }

        @Retry(tries = 6, delay = 100, backoff = 2, randomJitter = RandomJitter.FULL)
        String call() {
            return attempt();
        }

        @Retry(tries = 6, delay = 100, backoff = 2, randomJitter = RandomJitter.FULL)
        CompletableFuture<String> callAsync() {
            return attemptAsync();
        }
    }

    static final class ProportionalJitter extends Fixture {
        ProportionalJitter(Script.Step... steps) {
            super(steps);
        }

        @Retry(tries = 6, delay = 100, backoff = 2, minDelay = 60, maxDelay = 700,
                randomJitter = RandomJitter.PROPORTIONAL, jitterRatio = 0.5)
        String call() {
            return attempt();
        }

        @Retry(tries = 6, delay = 100, backoff = 2, minDelay = 60, maxDelay = 700,
                randomJitter = RandomJitter.PROPORTIONAL, jitterRatio = 0.5)
        CompletableFuture<String> callAsync() {
            return attemptAsync();
        }
    }

    static final class DecorrelatedJitter extends Fixture {
        DecorrelatedJitter(Script.Step... steps) {
            super(steps);
        }

        @Retry(tries = 6, delay = 100, maxDelay = 1_000, randomJitter = RandomJitter.DECORRELATED)
        String call() {
            return attempt();
        }

        @Retry(tries = 6, delay = 100, maxDelay = 1_000, randomJitter = RandomJitter.DECORRELATED)
        CompletableFuture<String> callAsync() {
            return attemptAsync();
        }
    }

    @ParameterizedTest
    @EnumSource(Driver.class)
    void fullJitterSpreadsEachWaitOverZeroToTheScheduledWait(Driver driver) {
        for (int call = 0; call < 20; call++) {
            Outcome outcome = harness.run(driver, new FullJitter(failing(io(6))));
            assertThat(outcome.waits()).hasSize(5);
            for (int i = 0; i < 5; i++) {
                long scheduled = 100L << i;
                assertThat(outcome.waits().get(i)).isBetween(Duration.ZERO, ofMillis(scheduled));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Driver.class)
    void proportionalJitterStaysWithinTheRatioAndTheClamps(Driver driver) {
        long[] scheduled = {100, 200, 400, 700, 700};
        for (int call = 0; call < 20; call++) {
            Outcome outcome = harness.run(driver, new ProportionalJitter(failing(io(6))));
            assertThat(outcome.waits()).hasSize(5);
            for (int i = 0; i < 5; i++) {
                long low = Math.max(60, scheduled[i] / 2);
                long high = Math.min(700, scheduled[i] * 3 / 2);
                assertThat(outcome.waits().get(i)).as("wait %d", i + 1).isBetween(ofMillis(low), ofMillis(high));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Driver.class)
    void decorrelatedJitterStaysBetweenDelayAndThreeTimesThePreviousUpToMaxDelay(Driver driver) {
        for (int call = 0; call < 20; call++) {
            Outcome outcome = harness.run(driver, new DecorrelatedJitter(failing(io(6))));
            assertThat(outcome.waits()).hasSize(5);
            Duration previous = ofMillis(100);
            for (Duration wait : outcome.waits()) {
                Duration high = previous.multipliedBy(3).compareTo(ofMillis(1_000)) < 0 ? previous.multipliedBy(3)
                        : ofMillis(1_000);
                assertThat(wait).isBetween(ofMillis(100), high);
                previous = wait;
            }
        }
    }

    // ---- the server's word, per-exception waits, the deadline -----------------------------------------------

    static final class Throttled extends IOException implements RetryAfter {
        private final Duration retryAfter;

        Throttled(String message, Duration retryAfter) {
            super(message);
            this.retryAfter = retryAfter;
        }

        @Override
        public Duration retryAfter() {
            return retryAfter;
        }
    }

    static final class ServerSays extends Fixture {
        ServerSays(Script.Step... steps) {
            super(steps);
        }

        @Retry(tries = 6, delay = 100, backoff = 2, minDelay = 50, maxDelay = 500, maxDuration = 10_000)
        String call() {
            return attempt();
        }

        @Retry(tries = 6, delay = 100, backoff = 2, minDelay = 50, maxDelay = 500, maxDuration = 10_000)
        CompletableFuture<String> callAsync() {
            return attemptAsync();
        }
    }

    @ParameterizedTest
    @EnumSource(Driver.class)
    void retryAfterReplacesTheWaitUnclampedAndTheScheduleGoesOn(Driver driver) {
        Outcome outcome = harness.run(driver, new ServerSays(
                fail(new IOException("1")),
                fail(new Throttled("429", ofMillis(1_000))),
                fail(new Throttled("429 tiny", ofMillis(3))),
                fail(new Throttled("no header", null)),
                fail(new Throttled("negative", ofMillis(-5))),
                ok("served")));

        assertThat(outcome.result()).isEqualTo("served");
        assertThat(outcome.waits()).containsExactly(ofMillis(100), ofMillis(1_000), ofMillis(3), ofMillis(500),
                ofMillis(500));
    }

    @ParameterizedTest
    @EnumSource(Driver.class)
    void aRetryAfterPastTheDeadlineGivesUpAtOnce(Driver driver) {
        Throttled throttled = new Throttled("come back tomorrow", Duration.ofDays(1));
        IOException first = new IOException("1");
        Outcome outcome = harness.run(driver, new ServerSays(fail(first), fail(throttled)));

        assertThat(outcome.failure()).isSameAs(throttled);
        assertThat(outcome.suppressed()).containsExactly(first);
        assertThat(outcome.attempts()).isEqualTo(2);
        assertThat(outcome.waits()).containsExactly(ofMillis(100));
        assertThat(outcome.events()).containsExactly("RETRY #1 IOException(1) wait 100ms",
                "GIVE_UP #2 DEADLINE Throttled(come back tomorrow)");
    }

    static final class PerException extends Fixture {
        PerException(Script.Step... steps) {
            super(steps);
        }

        @Retry(tries = 6, delay = 100, backoff = 2, exceptions = IOException.class, waitOn = {
                @WaitOn(value = SocketTimeoutException.class, delay = 2_000),
                @WaitOn(value = ConnectException.class, delay = 50)})
        String call() {
            return attempt();
        }

        @Retry(tries = 6, delay = 100, backoff = 2, exceptions = IOException.class, waitOn = {
                @WaitOn(value = SocketTimeoutException.class, delay = 2_000),
                @WaitOn(value = ConnectException.class, delay = 50)})
        CompletableFuture<String> callAsync() {
            return attemptAsync();
        }
    }

    @ParameterizedTest
    @EnumSource(Driver.class)
    void waitOnGivesExactWaitsToItsFailuresAndTheScheduleGoesOnForTheOthers(Driver driver) {
        IllegalStateException notIo = new IllegalStateException("not io");
        Outcome outcome = harness.run(driver, new PerException(
                fail(new SocketTimeoutException("slow")),
                fail(new IOException("2")),
                fail(new ConnectException("refused")),
                fail(new IOException("4")),
                fail(notIo)));

        assertThat(outcome.failure()).isSameAs(notIo);
        assertThat(outcome.waits()).containsExactly(ofMillis(2_000), ofMillis(200), ofMillis(50), ofMillis(800));
        assertThat(outcome.events()).last().isEqualTo("GIVE_UP #5 NOT_RETRYABLE IllegalStateException(not io)");
    }

    static final class Deadline extends Fixture {
        Deadline(Script.Step... steps) {
            super(steps);
        }

        @Retry(tries = 10, delay = 100, maxDuration = 250)
        String call() {
            return attempt();
        }

        @Retry(tries = 10, delay = 100, maxDuration = 250)
        CompletableFuture<String> callAsync() {
            return attemptAsync();
        }
    }

    @ParameterizedTest
    @EnumSource(Driver.class)
    void noWaitStartsThatWouldEndAfterMaxDuration(Driver driver) {
        List<IOException> failures = io(10);
        // Each attempt takes 10 ms on the virtual clock: they end at 10, 120, 230; a third wait would end at 330.
        Outcome outcome = harness.run(driver, new Deadline(
                failures.stream().map(f -> taking(ofMillis(10), fail(f))).toArray(Script.Step[]::new)));

        assertThat(outcome.failure()).isSameAs(failures.get(2));
        assertThat(outcome.suppressed()).containsExactly(failures.get(0), failures.get(1));
        assertThat(outcome.attempts()).isEqualTo(3);
        assertThat(outcome.waits()).containsExactly(ofMillis(100), ofMillis(100));
        assertThat(outcome.events()).last().isEqualTo("GIVE_UP #3 DEADLINE IOException(3)");
        assertThat(outcome.eventDetails()).last().asString().contains("elapsed 230ms");
    }

    @ParameterizedTest
    @EnumSource(Driver.class)
    void aWaitThatWouldEndExactlyAtTheDeadlineIsNotStarted(Driver driver) {
        List<IOException> failures = io(10);
        // tenacity's stop_before_delay: attempt 1 fails at 50 ms; its wait would end at 150 ms, within 250 ms.
        // Attempt 2 fails at 150 ms; a wait ending exactly at 250 ms is not started.
        Outcome outcome = harness.run(driver, new Deadline(taking(ofMillis(50), fail(failures.get(0))),
                fail(failures.get(1)), fail(failures.get(2))));

        assertThat(outcome.failure()).isSameAs(failures.get(1));
        assertThat(outcome.attempts()).isEqualTo(2);
        assertThat(outcome.waits()).containsExactly(ofMillis(100));
        assertThat(outcome.events()).last().isEqualTo("GIVE_UP #2 DEADLINE IOException(2)");
        assertThat(outcome.eventDetails()).last().asString().contains("elapsed 150ms");
    }

    @ParameterizedTest
    @EnumSource(Driver.class)
    void aWaitThatWouldEndJustBeforeTheDeadlineIsStarted(Driver driver) {
        List<IOException> failures = io(10);
        // The same, one microsecond sooner: attempt 2 fails at 149.999 ms; its wait ends before 250 ms.
        Outcome outcome = harness.run(driver, new Deadline(taking(ofMillis(50).minusNanos(1_000),
                fail(failures.get(0))), fail(failures.get(1)), ok("in time")));

        assertThat(outcome.result()).isEqualTo("in time");
        assertThat(outcome.waits()).containsExactly(ofMillis(100), ofMillis(100));
    }

    static final class UnboundedUntilDeadline extends Fixture {
        UnboundedUntilDeadline(Script.Step... steps) {
            super(steps);
        }

        @Retry(tries = -1, delay = 100, backoff = 2, maxDuration = 1_000)
        String call() {
            return attempt();
        }

        @Retry(tries = -1, delay = 100, backoff = 2, maxDuration = 1_000)
        CompletableFuture<String> callAsync() {
            return attemptAsync();
        }
    }

    @ParameterizedTest
    @EnumSource(Driver.class)
    void unboundedTriesEndAtTheDeadline(Driver driver) {
        Outcome outcome = harness.run(driver, new UnboundedUntilDeadline(times(10, fail(new IOException("down")))));

        // Attempts at 0, 100, 300, 700; the next wait, 800 ms, would end at 1500.
        assertThat(outcome.attempts()).isEqualTo(4);
        assertThat(outcome.waits()).containsExactly(ofMillis(100), ofMillis(200), ofMillis(400));
        assertThat(outcome.failure()).hasMessage("down");
        assertThat(outcome.events()).last().isEqualTo("GIVE_UP #4 DEADLINE IOException(down)");
    }
}
