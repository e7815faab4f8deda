package dev.ajretry.parity;

import dev.ajretry.FailurePredicate;
import dev.ajretry.Retry;
import dev.ajretry.RetryableError;
import dev.ajretry.RetryableException;
import dev.ajretry.runtime.RetryableExceptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static dev.ajretry.parity.Script.fail;
import static dev.ajretry.parity.Script.ok;
import static java.time.Duration.ofMillis;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Parity of what is retried: the markers, {@code exceptions} and {@code abortOn}, errors, the application-wide
 * registry of retryable classes, {@code giveUpIf}, and {@code InterruptedException}, never retried.
 */
class ParityClassificationTest {

    @RegisterExtension
    final Harness harness = new Harness();

    private List<Class<?>> registeredBefore;

    @BeforeEach
    void rememberTheRegistry() {
        registeredBefore = RetryableExceptions.all();
    }

    @SuppressWarnings("unchecked")
    @AfterEach
    void restoreTheRegistry() {
        RetryableExceptions.clear();
        for (Class<?> type : registeredBefore) {
            RetryableExceptions.register((Class<? extends Throwable>) type);
        }
    }

    static final class Marked extends IllegalStateException implements RetryableError {
        Marked(String message) {
            super(message);
        }
    }

    static final class MarkedButAborted extends RetryableException {
        MarkedButAborted(String message) {
            super(message);
        }
    }

    // ---- markers -------------------------------------------------------------------------------------------

    static final class MarkersOnly extends Fixture {
        MarkersOnly(Script.Step... steps) {
            super(steps);
        }

        @Retry(tries = 5, delay = 10, exceptions = {}, abortOn = MarkedButAborted.class)
        String call() {
            return attempt();
        }

        @Retry(tries = 5, delay = 10, exceptions = {}, abortOn = MarkedButAborted.class)
        CompletableFuture<String> callAsync() {
            return attemptAsync();
        }
    }

    @ParameterizedTest
    @EnumSource(Driver.class)
    void markersAreRetriedWhenExceptionsListsNothing(Driver driver) {
        RetryableException marked = new RetryableException("1");
        Marked implementsMarker = new Marked("2");
        IOException plain = new IOException("3");
        Outcome outcome = harness.run(driver, new MarkersOnly(fail(marked), fail(implementsMarker), fail(plain)));

        assertThat(outcome.failure()).isSameAs(plain);
        assertThat(outcome.suppressed()).containsExactly(marked, implementsMarker);
        assertThat(outcome.escapedTheFuture()).isFalse();
        assertThat(outcome.attempts()).isEqualTo(3);
        assertThat(outcome.waits()).containsExactly(ofMillis(10), ofMillis(10));
        assertThat(outcome.events()).containsExactly("RETRY #1 RetryableException(1) wait 10ms",
                "RETRY #2 Marked(2) wait 10ms", "GIVE_UP #3 NOT_RETRYABLE IOException(3)");
    }

    @ParameterizedTest
    @EnumSource(Driver.class)
    void abortOnWinsOverAMarker(Driver driver) {
        MarkedButAborted aborted = new MarkedButAborted("abort");
        RetryableException first = new RetryableException("1");
        Outcome outcome = harness.run(driver, new MarkersOnly(fail(first), fail(aborted)));

        assertThat(outcome.failure()).isSameAs(aborted);
        assertThat(outcome.suppressed()).containsExactly(first);
        assertThat(outcome.attempts()).isEqualTo(2);
        assertThat(outcome.events()).last().isEqualTo("GIVE_UP #2 ABORT_ON MarkedButAborted(abort)");
    }

    // ---- exceptions and abortOn -----------------------------------------------------------------------------

    static final class IoButNotMissing extends Fixture {
        IoButNotMissing(Script.Step... steps) {
            super(steps);
        }

        @Retry(tries = 5, exceptions = IOException.class, abortOn = FileNotFoundException.class)
        String call() {
            return attempt();
        }

        @Retry(tries = 5, exceptions = IOException.class, abortOn = FileNotFoundException.class)
        CompletableFuture<String> callAsync() {
            return attemptAsync();
        }
    }

    @ParameterizedTest
    @EnumSource(Driver.class)
    void listedFailuresAreRetriedAndAbortOnEndsTheSeries(Driver driver) {
        IOException first = new IOException("1");
        FileNotFoundException missing = new FileNotFoundException("gone");
        Outcome outcome = harness.run(driver, new IoButNotMissing(fail(first), fail(missing)));

        assertThat(outcome.failure()).isSameAs(missing);
        assertThat(outcome.suppressed()).containsExactly(first);
        assertThat(outcome.attempts()).isEqualTo(2);
        assertThat(outcome.events()).containsExactly("RETRY #1 IOException(1) wait 0ms",
                "GIVE_UP #2 ABORT_ON FileNotFoundException(gone)");
    }

    @ParameterizedTest
    @EnumSource(Driver.class)
    void anUnlistedFailureAtTheFirstAttemptIsNotRetried(Driver driver) {
        IllegalArgumentException unlisted = new IllegalArgumentException("bad");
        Outcome outcome = harness.run(driver, new IoButNotMissing(fail(unlisted)));

        assertThat(outcome.failure()).isSameAs(unlisted);
        assertThat(outcome.suppressed()).isEmpty();
        assertThat(outcome.attempts()).isEqualTo(1);
        assertThat(outcome.waits()).isEmpty();
        assertThat(outcome.events()).containsExactly("GIVE_UP #1 NOT_RETRYABLE IllegalArgumentException(bad)");
    }

    @ParameterizedTest
    @EnumSource(Driver.class)
    void anUnlistedFailureWithoutListenersIsNotRetriedEither(Driver driver) {
        harness.stopListening();
        IllegalArgumentException unlisted = new IllegalArgumentException("bad");
        Outcome outcome = harness.run(driver, new IoButNotMissing(fail(unlisted)));

        assertThat(outcome.failure()).isSameAs(unlisted);
        assertThat(outcome.attempts()).isEqualTo(1);
        assertThat(outcome.threadAfter()).isEqualTo("clean");
    }

    static final class Everything extends Fixture {
        Everything(Script.Step... steps) {
            super(steps);
        }

        @Retry(tries = 5, exceptions = Throwable.class)
        String call() {
            return attempt();
        }

        @Retry(tries = 5, exceptions = Throwable.class)
        CompletableFuture<String> callAsync() {
            return attemptAsync();
        }
    }

    static final class Assertions extends Fixture {
        Assertions(Script.Step... steps) {
            super(steps);
        }

        @Retry(tries = 5, exceptions = AssertionError.class)
        String call() {
            return attempt();
        }

        @Retry(tries = 5, exceptions = AssertionError.class)
        CompletableFuture<String> callAsync() {
            return attemptAsync();
        }
    }

    @ParameterizedTest
    @EnumSource(Driver.class)
    void throwableDoesNotCoverErrors(Driver driver) {
        AssertionError error = new AssertionError("broken invariant");
        IOException first = new IOException("1");
        Outcome outcome = harness.run(driver, new Everything(fail(first), fail(error)));

        assertThat(outcome.failure()).isSameAs(error);
        assertThat(outcome.suppressed()).containsExactly(first);
        assertThat(outcome.attempts()).isEqualTo(2);
        assertThat(outcome.events()).last().isEqualTo("GIVE_UP #2 NOT_RETRYABLE AssertionError(broken invariant)");
    }

    @ParameterizedTest
    @EnumSource(Driver.class)
    void errorsListedExplicitlyAreRetried(Driver driver) {
        Outcome outcome = harness.run(driver, new Assertions(fail(new AssertionError("1")),
                fail(new AssertionError("2")), ok("fine")));

        assertThat(outcome.result()).isEqualTo("fine");
        assertThat(outcome.attempts()).isEqualTo(3);
    }

    // ---- the registry -----------------------------------------------------------------------------------------

    static final class Registered extends Fixture {
        Registered(Script.Step... steps) {
            super(steps);
        }

        @Retry(tries = 4, delay = 20, exceptions = {})
        String call() {
            return attempt();
        }

        @Retry(tries = 4, delay = 20, exceptions = {})
        CompletableFuture<String> callAsync() {
            return attemptAsync();
        }
    }

    static final class SlowerStill extends SocketTimeoutException {
        SlowerStill(String message) {
            super(message);
        }
    }

    @ParameterizedTest
    @EnumSource(Driver.class)
    void registeredClassesAndTheirSubclassesAreRetriedAsMarkers(Driver driver) {
        RetryableExceptions.register(SocketTimeoutException.class);
        IOException notRegistered = new IOException("plain");
        Outcome outcome = harness.run(driver, new Registered(fail(new SocketTimeoutException("1")),
                fail(new SlowerStill("2")), fail(notRegistered)));

        assertThat(outcome.failure()).isSameAs(notRegistered);
        assertThat(outcome.attempts()).isEqualTo(3);
        assertThat(outcome.events()).containsExactly("RETRY #1 SocketTimeoutException(1) wait 20ms",
                "RETRY #2 SlowerStill(2) wait 20ms", "GIVE_UP #3 NOT_RETRYABLE IOException(plain)");
    }

    // ---- giveUpIf --------------------------------------------------------------------------------------------

    public static class ClientError implements FailurePredicate {
        @Override
        public boolean test(Throwable failure) {
            return failure.getMessage() != null && failure.getMessage().startsWith("4");
        }
    }

    public static class BrokenPredicate implements FailurePredicate {
        @Override
        public boolean test(Throwable failure) {
            if ("boom".equals(failure.getMessage())) {
                throw new IllegalStateException("predicate bug");
            }
            return false;
        }
    }

    static final class GivesUpOn4xx extends Fixture {
        GivesUpOn4xx(Script.Step... steps) {
            super(steps);
        }

        @Retry(tries = 5, delay = 10, exceptions = IOException.class, giveUpIf = ClientError.class)
        String call() {
            return attempt();
        }

        @Retry(tries = 5, delay = 10, exceptions = IOException.class, giveUpIf = ClientError.class)
        CompletableFuture<String> callAsync() {
            return attemptAsync();
        }
    }

    static final class BrokenGiveUp extends Fixture {
        BrokenGiveUp(Script.Step... steps) {
            super(steps);
        }

        @Retry(tries = 5, giveUpIf = BrokenPredicate.class)
        String call() {
            return attempt();
        }

        @Retry(tries = 5, giveUpIf = BrokenPredicate.class)
        CompletableFuture<String> callAsync() {
            return attemptAsync();
        }
    }

    @ParameterizedTest
    @EnumSource(Driver.class)
    void giveUpIfEndsTheSeriesOnTheFailuresItNames(Driver driver) {
        IOException busy = new IOException("503");
        IOException notFound = new IOException("404");
        Outcome outcome = harness.run(driver, new GivesUpOn4xx(fail(busy), fail(notFound)));

        assertThat(outcome.failure()).isSameAs(notFound);
        assertThat(outcome.suppressed()).containsExactly(busy);
        assertThat(outcome.attempts()).isEqualTo(2);
        assertThat(outcome.waits()).containsExactly(ofMillis(10));
        assertThat(outcome.events()).containsExactly("RETRY #1 IOException(503) wait 10ms",
                "GIVE_UP #2 GIVE_UP_PREDICATE IOException(404)");
    }

    @ParameterizedTest
    @EnumSource(Driver.class)
    void giveUpIfIsNotAskedAboutTheLastAttemptsFailure(Driver driver) {
        IOException busy = new IOException("503");
        IOException notFound = new IOException("404");
        Outcome outcome = harness.run(driver, new GivesUpOn4xx(fail(busy), fail(busy), fail(busy), fail(busy),
                fail(notFound)));

        assertThat(outcome.failure()).isSameAs(notFound);
        assertThat(outcome.attempts()).isEqualTo(5);
        assertThat(outcome.events()).last().isEqualTo("GIVE_UP #5 TRIES_EXHAUSTED IOException(404)");
    }

    @ParameterizedTest
    @EnumSource(Driver.class)
    void giveUpIfIsNotAskedWithASingleTry(Driver driver) {
        IOException notFound = new IOException("404");
        Outcome outcome = harness.run(driver, new GivesUpOn4xxInOneTry(fail(notFound)));

        assertThat(outcome.failure()).isSameAs(notFound);
        assertThat(outcome.events()).containsExactly("GIVE_UP #1 TRIES_EXHAUSTED IOException(404)");
    }

    static final class GivesUpOn4xxInOneTry extends Fixture {
        GivesUpOn4xxInOneTry(Script.Step... steps) {
            super(steps);
        }

        @Retry(tries = 1, exceptions = IOException.class, giveUpIf = ClientError.class)
        String call() {
            return attempt();
        }

        @Retry(tries = 1, exceptions = IOException.class, giveUpIf = ClientError.class)
        CompletableFuture<String> callAsync() {
            return attemptAsync();
        }
    }

    @ParameterizedTest
    @EnumSource(Driver.class)
    void giveUpIfIsNotAskedAboutFailuresThatAreNotRetried(Driver driver) {
        IllegalStateException unlisted = new IllegalStateException("400 but not io");
        Outcome outcome = harness.run(driver, new GivesUpOn4xx(fail(unlisted)));

        assertThat(outcome.failure()).isSameAs(unlisted);
        assertThat(outcome.events()).containsExactly("GIVE_UP #1 NOT_RETRYABLE IllegalStateException(400 but not io)");
    }

    @ParameterizedTest
    @EnumSource(Driver.class)
    void aThrowingGiveUpPredicateGivesUpWithTheFailureAndTheBugAttached(Driver driver) {
        IOException first = new IOException("1");
        IOException boom = new IOException("boom");
        Outcome outcome = harness.run(driver, new BrokenGiveUp(fail(first), fail(boom)));

        assertThat(outcome.failure()).isSameAs(boom);
        assertThat(outcome.suppressed()).extracting(Harness::label)
                .containsExactlyInAnyOrder("IOException(1)", "IllegalStateException(predicate bug)");
        assertThat(outcome.attempts()).isEqualTo(2);
        assertThat(outcome.threadAfter()).isEqualTo("clean");
    }

    // ---- InterruptedException --------------------------------------------------------------------------------

    static final class RetriesEverything extends Fixture {
        RetriesEverything(Script.Step... steps) {
            super(steps);
        }

        @Retry(tries = 5, delay = 10, exceptions = Exception.class)
        String call() {
            return attempt();
        }

        @Retry(tries = 5, delay = 10, exceptions = Exception.class)
        CompletableFuture<String> callAsync() {
            return attemptAsync();
        }
    }

    @ParameterizedTest
    @EnumSource(Driver.class)
    void anInterruptedExceptionIsNeverRetried(Driver driver) {
        IOException flaky = new IOException("flaky");
        InterruptedException interrupted = new InterruptedException("stop");
        Outcome outcome = harness.run(driver, new RetriesEverything(fail(flaky), fail(interrupted)));

        assertThat(outcome.failure()).isSameAs(interrupted);
        assertThat(outcome.suppressed()).containsExactly(flaky);
        assertThat(outcome.escapedTheFuture()).isFalse();
        assertThat(outcome.attempts()).isEqualTo(2);
        assertThat(outcome.waits()).containsExactly(ofMillis(10));
        assertThat(outcome.events()).last().isEqualTo("GIVE_UP #2 INTERRUPTED InterruptedException(stop)");
        // Without recovery the exception itself carries the interrupt to the caller; no flag is set.
        assertThat(outcome.interruptedAfter()).isFalse();
        assertThat(outcome.threadAfter()).isEqualTo("clean");
    }
}
