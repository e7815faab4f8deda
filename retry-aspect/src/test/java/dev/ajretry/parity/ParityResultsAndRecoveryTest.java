package dev.ajretry.parity;

import dev.ajretry.ResultPredicate;
import dev.ajretry.Retry;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static dev.ajretry.parity.Script.fail;
import static dev.ajretry.parity.Script.ok;
import static dev.ajretry.parity.Script.taking;
import static java.time.Duration.ofMillis;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Parity of {@code retryIfResult} (a rejected result is retried; when tries or time run out the caller gets the last
 * result as it is) and of {@code recover} (the recovery method's value instead of the final failure). A fixture's
 * asynchronous recovery method returns a future, delivered as the driver delivers failures.
 */
class ParityResultsAndRecoveryTest {

    @RegisterExtension
    final Harness harness = new Harness();

    public static class Pending implements ResultPredicate<String> {
        @Override
        public boolean test(String result) {
            if (result.equals("explode")) {
                throw new IllegalStateException("predicate bug");
            }
            return result.startsWith("pending");
        }
    }

    // ---- retryIfResult ---------------------------------------------------------------------------------------

    static final class Polled extends Fixture {
        Polled(Script.Step... steps) {
            super(steps);
        }

        @Retry(tries = 3, delay = 7, retryIfResult = Pending.class)
        String call() {
            return attempt();
        }

        @Retry(tries = 3, delay = 7, retryIfResult = Pending.class)
        CompletableFuture<String> callAsync() {
            return attemptAsync();
        }
    }

    @ParameterizedTest
    @EnumSource(Driver.class)
    void aRejectedResultIsRetriedOnTheSchedule(Driver driver) {
        Outcome outcome = harness.run(driver, new Polled(ok("pending 1"), ok("pending 2"), ok("ready")));

        assertThat(outcome.result()).isEqualTo("ready");
        assertThat(outcome.failure()).isNull();
        assertThat(outcome.attempts()).isEqualTo(3);
        assertThat(outcome.waits()).containsExactly(ofMillis(7), ofMillis(7));
        assertThat(outcome.events()).containsExactly("RETRY #1 rejected result wait 7ms",
                "RETRY #2 rejected result wait 7ms", "SUCCESS #3");
        assertThat(outcome.inside()).containsExactly("attempt 1 of 3, series -, mdc -/-",
                "attempt 2 of 3, series S, mdc S/2", "attempt 3 of 3 (last), series S, mdc S/3");
        assertThat(outcome.threadAfter()).isEqualTo("clean");
    }

    @ParameterizedTest
    @EnumSource(Driver.class)
    void whenTheTriesRunOutTheCallerGetsTheLastResultAsItIs(Driver driver) {
        Outcome outcome = harness.run(driver, new Polled(ok("pending 1"), ok("pending 2"), ok("pending 3")));

        assertThat(outcome.result()).isEqualTo("pending 3");
        assertThat(outcome.failure()).isNull();
        assertThat(outcome.attempts()).isEqualTo(3);
        assertThat(outcome.waits()).containsExactly(ofMillis(7), ofMillis(7));
        assertThat(outcome.events()).containsExactly("RETRY #1 rejected result wait 7ms",
                "RETRY #2 rejected result wait 7ms", "GIVE_UP #3 TRIES_EXHAUSTED rejected result");
        assertThat(outcome.threadAfter()).isEqualTo("clean");
    }

    @ParameterizedTest
    @EnumSource(Driver.class)
    void rejectedResultsAndFailuresShareTheTries(Driver driver) {
        IOException failure = new IOException("2");
        Outcome outcome = harness.run(driver, new Polled(ok("pending 1"), fail(failure), ok("ready")));

        assertThat(outcome.result()).isEqualTo("ready");
        assertThat(outcome.events()).containsExactly("RETRY #1 rejected result wait 7ms",
                "RETRY #2 IOException(2) wait 7ms", "SUCCESS #3");
    }

    @ParameterizedTest
    @EnumSource(Driver.class)
    void aFinalFailureAfterRejectedResultsCarriesOnlyTheEarlierFailures(Driver driver) {
        IOException first = new IOException("1");
        IOException last = new IOException("3");
        Outcome outcome = harness.run(driver, new Polled(fail(first), ok("pending 2"), fail(last)));

        assertThat(outcome.failure()).isSameAs(last);
        assertThat(outcome.suppressed()).containsExactly(first);
        assertThat(outcome.events()).last().isEqualTo("GIVE_UP #3 TRIES_EXHAUSTED IOException(3)");
    }

    @ParameterizedTest
    @EnumSource(Driver.class)
    void aThrowingResultPredicateHandsItsExceptionToTheCaller(Driver driver) {
        Outcome outcome = harness.run(driver, new Polled(ok("pending 1"), ok("explode")));

        assertThat(outcome.result()).isNull();
        assertThat(outcome.failure()).isInstanceOf(IllegalStateException.class).hasMessage("predicate bug");
        assertThat(outcome.escapedTheFuture()).isFalse();
        assertThat(outcome.attempts()).isEqualTo(2);
        assertThat(outcome.threadAfter()).isEqualTo("clean");
    }

    static final class PolledWithDeadline extends Fixture {
        PolledWithDeadline(Script.Step... steps) {
            super(steps);
        }

        @Retry(tries = 10, delay = 100, maxDuration = 250, retryIfResult = Pending.class)
        String call() {
            return attempt();
        }

        @Retry(tries = 10, delay = 100, maxDuration = 250, retryIfResult = Pending.class)
        CompletableFuture<String> callAsync() {
            return attemptAsync();
        }
    }

    @ParameterizedTest
    @EnumSource(Driver.class)
    void atTheDeadlineTheCallerGetsTheLastRejectedResult(Driver driver) {
        Outcome outcome = harness.run(driver, new PolledWithDeadline(taking(ofMillis(10), ok("pending 1")),
                taking(ofMillis(10), ok("pending 2")), taking(ofMillis(10), ok("pending 3")), ok("never")));

        assertThat(outcome.result()).isEqualTo("pending 3");
        assertThat(outcome.attempts()).isEqualTo(3);
        assertThat(outcome.waits()).containsExactly(ofMillis(100), ofMillis(100));
        assertThat(outcome.events()).last().isEqualTo("GIVE_UP #3 DEADLINE rejected result");
    }

    // ---- recover ---------------------------------------------------------------------------------------------

    /** A fixture whose recovery methods note what they were given and whether the thread was interrupted. */
    abstract static class Recovering extends Fixture {
        final List<String> recoveries = new ArrayList<>();

        Recovering(Script.Step... steps) {
            super(steps);
        }

        String recovered(Throwable failure) {
            recoveries.add(Harness.label(failure) + (Thread.currentThread().isInterrupted() ? " interrupted" : ""));
            if ("unrecoverable".equals(failure.getMessage())) {
                throw new IllegalStateException("recovery failed");
            }
            return "recovered from " + Harness.label(failure);
        }
    }

    static final class WithFallback extends Recovering {
        WithFallback(Script.Step... steps) {
            super(steps);
        }

        @Retry(tries = 2, delay = 10, exceptions = IOException.class, recover = "fallback")
        String call() {
            return attempt();
        }

        @Retry(tries = 2, delay = 10, exceptions = IOException.class, recover = "fallbackAsync")
        CompletableFuture<String> callAsync() {
            return attemptAsync();
        }

        private String fallback(Exception failure) {
            return recovered(failure);
        }

        private CompletableFuture<String> fallbackAsync(Exception failure) {
            return async(() -> recovered(failure));
        }
    }

    @ParameterizedTest
    @EnumSource(Driver.class)
    void exhaustedTriesAreRecovered(Driver driver) {
        WithFallback fixture = new WithFallback(fail(new IOException("1")), fail(new IOException("2")));
        Outcome outcome = harness.run(driver, fixture);

        assertThat(outcome.result()).isEqualTo("recovered from IOException(2)");
        assertThat(outcome.failure()).isNull();
        assertThat(outcome.attempts()).isEqualTo(2);
        assertThat(outcome.waits()).containsExactly(ofMillis(10));
        assertThat(outcome.events()).containsExactly("RETRY #1 IOException(1) wait 10ms",
                "GIVE_UP #2 TRIES_EXHAUSTED IOException(2) recovered");
        assertThat(fixture.recoveries).containsExactly("IOException(2)");
        assertThat(outcome.threadAfter()).isEqualTo("clean");
    }

    @ParameterizedTest
    @EnumSource(Driver.class)
    void aFailureThatIsNotRetriedIsRecoveredAtOnce(Driver driver) {
        WithFallback fixture = new WithFallback(fail(new IllegalArgumentException("bad")));
        Outcome outcome = harness.run(driver, fixture);

        assertThat(outcome.result()).isEqualTo("recovered from IllegalArgumentException(bad)");
        assertThat(outcome.attempts()).isEqualTo(1);
        assertThat(outcome.events()).containsExactly("GIVE_UP #1 NOT_RETRYABLE IllegalArgumentException(bad) recovered");
    }

    @ParameterizedTest
    @EnumSource(Driver.class)
    void aRecoveryThatThrowsHandsOnItsExceptionWithTheFinalFailureAttached(Driver driver) {
        IOException unrecoverable = new IOException("unrecoverable");
        IOException first = new IOException("1");
        WithFallback fixture = new WithFallback(fail(first), fail(unrecoverable));
        Outcome outcome = harness.run(driver, fixture);

        assertThat(outcome.failure()).isInstanceOf(IllegalStateException.class).hasMessage("recovery failed");
        assertThat(outcome.suppressed()).containsExactly(unrecoverable);
        assertThat(unrecoverable.getSuppressed()).containsExactly(first);
        assertThat(outcome.escapedTheFuture()).isFalse();
    }

    @ParameterizedTest
    @EnumSource(Driver.class)
    void withoutAThrowableParameterErrorsAreNeverRecovered(Driver driver) {
        AssertionError error = new AssertionError("fatal");
        WithFallback fixture = new WithFallback(fail(error));
        Outcome outcome = harness.run(driver, fixture);

        assertThat(outcome.failure()).isSameAs(error);
        assertThat(fixture.recoveries).isEmpty();
    }

    static final class RecoversMissingFilesOnly extends Recovering {
        RecoversMissingFilesOnly(Script.Step... steps) {
            super(steps);
        }

        @Retry(tries = 2, exceptions = IOException.class, recover = "fallback")
        String call() {
            return attempt();
        }

        @Retry(tries = 2, exceptions = IOException.class, recover = "fallbackAsync")
        CompletableFuture<String> callAsync() {
            return attemptAsync();
        }

        private String fallback(FileNotFoundException failure) {
            return recovered(failure);
        }

        private CompletableFuture<String> fallbackAsync(FileNotFoundException failure) {
            return async(() -> recovered(failure));
        }
    }

    @ParameterizedTest
    @EnumSource(Driver.class)
    void aTypedRecoveryHandlesOnlyItsClassTheOthersPropagate(Driver driver) {
        IOException other = new IOException("2");
        RecoversMissingFilesOnly notMine = new RecoversMissingFilesOnly(fail(new IOException("1")), fail(other));
        Outcome propagated = harness.run(driver, notMine);
        assertThat(propagated.failure()).isSameAs(other);
        assertThat(propagated.events()).last().isEqualTo("GIVE_UP #2 TRIES_EXHAUSTED IOException(2)");
        assertThat(notMine.recoveries).isEmpty();

        RecoversMissingFilesOnly mine = new RecoversMissingFilesOnly(fail(new FileNotFoundException("gone")),
                fail(new FileNotFoundException("still gone")));
        Outcome recovered = harness.run(driver, mine);
        assertThat(recovered.result()).isEqualTo("recovered from FileNotFoundException(still gone)");
    }

    static final class InterruptedThenRecovered extends Recovering {
        InterruptedThenRecovered(Script.Step... steps) {
            super(steps);
        }

        @Retry(tries = 3, recover = "fallback")
        String call() {
            return attempt();
        }

        @Retry(tries = 3, recover = "fallbackAsync")
        CompletableFuture<String> callAsync() {
            return attemptAsync();
        }

        private String fallback(Exception failure) {
            return recovered(failure);
        }

        private CompletableFuture<String> fallbackAsync(Exception failure) {
            return async(() -> recovered(failure));
        }
    }

    @ParameterizedTest
    @EnumSource(Driver.class)
    void aRecoveredInterruptedExceptionSetsTheFlagAgainBeforeTheRecoveryRuns(Driver driver) {
        InterruptedThenRecovered fixture = new InterruptedThenRecovered(fail(new InterruptedException("stop")));
        Outcome outcome = harness.run(driver, fixture);

        assertThat(outcome.result()).isEqualTo("recovered from InterruptedException(stop)");
        assertThat(fixture.recoveries).containsExactly("InterruptedException(stop) interrupted");
        assertThat(outcome.interruptedAfter()).isTrue();
        assertThat(outcome.events()).containsExactly("GIVE_UP #1 INTERRUPTED InterruptedException(stop) recovered");
    }

    static final class PolledWithFallback extends Recovering {
        PolledWithFallback(Script.Step... steps) {
            super(steps);
        }

        @Retry(tries = 2, retryIfResult = Pending.class, recover = "fallback")
        String call() {
            return attempt();
        }

        @Retry(tries = 2, retryIfResult = Pending.class, recover = "fallbackAsync")
        CompletableFuture<String> callAsync() {
            return attemptAsync();
        }

        private String fallback() {
            return recovered(new IllegalStateException("no failure"));
        }

        private CompletableFuture<String> fallbackAsync() {
            return async(this::fallback);
        }
    }

    @ParameterizedTest
    @EnumSource(Driver.class)
    void aRejectedResultIsNeverRecovered(Driver driver) {
        PolledWithFallback fixture = new PolledWithFallback(ok("pending 1"), ok("pending 2"));
        Outcome outcome = harness.run(driver, fixture);

        assertThat(outcome.result()).isEqualTo("pending 2");
        assertThat(fixture.recoveries).isEmpty();
        assertThat(outcome.events()).last().isEqualTo("GIVE_UP #2 TRIES_EXHAUSTED rejected result");
    }
}
