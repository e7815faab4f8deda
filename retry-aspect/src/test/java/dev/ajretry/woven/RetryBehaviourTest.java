package dev.ajretry.woven;

import dev.ajretry.Retry;
import dev.ajretry.RetryableError;
import dev.ajretry.RetryableException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static java.time.Duration.ofMillis;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

/** The retry rules, through methods woven by the aspect exactly as a user's are. */
class RetryBehaviourTest {

    @RegisterExtension
    final RecordedWaits sleeper = new RecordedWaits();

    static class Service {
        final Script script;

        Service(Script script) {
            this.script = script;
        }

        @Retry(tries = 6, delay = 100, backoff = 2, jitter = 10, maxDelay = 500)
        String issueExample() throws Throwable {
            script.attempt();
            return "done";
        }

        @Retry(tries = 4, delay = 10)
        String fetch() throws IOException {
            script.attemptUnchecked();
            return "fetched";
        }

        @Retry
        String defaults() throws Throwable {
            script.attempt();
            return "ok";
        }

        @Retry(tries = 1)
        String once() throws Throwable {
            script.attempt();
            return "ok";
        }

        @Retry(tries = -1)
        String untilSuccess() throws Throwable {
            script.attempt();
            return "finally";
        }

        @Retry(tries = 30)
        void thirtyTries() throws Throwable {
            script.attempt();
        }

        @Retry(tries = 5, exceptions = IOException.class)
        void ioOnly() throws Throwable {
            script.attempt();
        }

        @Retry(tries = 5, exceptions = IOException.class, abortOn = FileNotFoundException.class)
        void ioButNotMissingFiles() throws Throwable {
            script.attempt();
        }

        @Retry(tries = 5, exceptions = AssertionError.class)
        void assertionsToo() throws Throwable {
            script.attempt();
        }

        @Retry(tries = 5, exceptions = Throwable.class)
        void everything() throws Throwable {
            script.attempt();
        }

        @Retry(tries = 5, delay = 2, unit = TimeUnit.SECONDS, backoff = 1.5, minDelay = 3)
        void inSeconds() throws Throwable {
            script.attempt();
        }

        @Retry(tries = 5, delay = 100, jitter = -30)
        void shrinking() throws Throwable {
            script.attempt();
        }
    }

    static class MarkedFailure extends IllegalStateException implements RetryableError {
        MarkedFailure(String message) {
            super(message);
        }
    }

    private static List<IOException> ioFailures(int count) {
        return IntStream.rangeClosed(1, count).mapToObj(i -> new IOException("failure " + i))
                .collect(Collectors.toList());
    }

    @Test
    void retriesUntilSuccessAndWaitsTheScheduledTimes() throws Throwable {
        Service service = new Service(Script.failing(ioFailures(5).toArray(new Throwable[0])));

        assertThat(service.issueExample()).isEqualTo("done");

        assertThat(service.script.attempts()).isEqualTo(6);
        assertThat(sleeper.waits()).containsExactly(ofMillis(100), ofMillis(210), ofMillis(430), ofMillis(500),
                ofMillis(500));
    }

    @Test
    void aCallThatSucceedsAtOnceNeverWaits() throws Throwable {
        Service service = new Service(Script.succeeding());

        assertThat(service.issueExample()).isEqualTo("done");

        assertThat(service.script.attempts()).isEqualTo(1);
        assertThat(sleeper.waits()).isEmpty();
    }

    @Test
    void defaultsAreThreeTriesWithoutWaiting() throws Throwable {
        Service service = new Service(Script.failing(ioFailures(3).toArray(new Throwable[0])));

        assertThatThrownBy(service::defaults).hasMessage("failure 3");

        assertThat(service.script.attempts()).isEqualTo(3);
        assertThat(sleeper.waits()).containsExactly(Duration.ZERO, Duration.ZERO);
    }

    @Test
    void exhaustionThrowsTheLastFailureItselfWithTheEarlierOnesSuppressedOldestFirst() {
        List<IOException> failures = ioFailures(4);
        Service service = new Service(Script.failing(failures.toArray(new Throwable[0])));

        Throwable thrown = catchThrowable(service::fetch);

        assertThat(thrown).isSameAs(failures.get(3));
        assertThat(thrown.getSuppressed()).containsExactly(failures.get(0), failures.get(1), failures.get(2));
        assertThat(service.script.attempts()).isEqualTo(4);
        assertThat(sleeper.waits()).containsExactly(ofMillis(10), ofMillis(10), ofMillis(10));
    }

    @Test
    void aCheckedExceptionReachesTheCallersCatchBlockWithItsDeclaredType() {
        IOException last = new IOException("down");
        Service service = new Service(Script.failing(new IOException("1"), new IOException("2"),
                new IOException("3"), last));
        IOException caught = null;
        try {
            service.fetch();
        } catch (IOException e) {
            caught = e;
        }
        assertThat(caught).isSameAs(last);
    }

    @Test
    void theSuppressedHistoryIsBoundedToTheLastSixteen() {
        List<IOException> failures = ioFailures(30);
        Service service = new Service(Script.failing(failures.toArray(new Throwable[0])));

        Throwable thrown = catchThrowable(service::thirtyTries);

        assertThat(thrown).isSameAs(failures.get(29));
        assertThat(thrown.getSuppressed()).containsExactlyElementsOf(failures.subList(13, 29));
    }

    @Test
    void aReusedExceptionInstanceIsNotAttachedToItself() {
        IOException same = new IOException("same");
        Service service = new Service(Script.failing(same, same, same, same));

        Throwable thrown = catchThrowable(service::fetch);

        assertThat(thrown).isSameAs(same);
        assertThat(thrown.getSuppressed()).isEmpty();
    }

    @Test
    void reusedInstancesDoNotPileUpAcrossCalls() {
        IOException a = new IOException("a");
        IOException b = new IOException("b");
        for (int call = 0; call < 5; call++) {
            Service service = new Service(Script.failing(a, b, a, b));
            assertThat(catchThrowable(service::fetch)).isSameAs(b);
        }
        assertThat(b.getSuppressed()).containsExactly(a);
    }

    @Test
    void aSingleTryIsNotRetried() {
        IOException failure = new IOException("once");
        Service service = new Service(Script.failing(failure));

        assertThat(catchThrowable(service::once)).isSameAs(failure);
        assertThat(service.script.attempts()).isEqualTo(1);
        assertThat(sleeper.waits()).isEmpty();
    }

    @Test
    void negativeTriesRetryUntilSuccess() throws Throwable {
        Service service = new Service(Script.failing(ioFailures(200).toArray(new Throwable[0])));

        assertThat(service.untilSuccess()).isEqualTo("finally");
        assertThat(service.script.attempts()).isEqualTo(201);
        assertThat(sleeper.waits()).hasSize(200);
    }

    @Test
    void onlyListedExceptionsAreRetried() {
        IllegalStateException notListed = new IllegalStateException("not io");
        Service service = new Service(Script.failing(new IOException(), notListed));

        assertThat(catchThrowable(service::ioOnly)).isSameAs(notListed);
        assertThat(service.script.attempts()).isEqualTo(2);
    }

    @Test
    void aFailureNotRetriedCarriesTheEarlierFailures() {
        IOException first = new IOException("first");
        IllegalStateException notListed = new IllegalStateException("not io");
        Service service = new Service(Script.failing(first, notListed));

        assertThat(catchThrowable(service::ioOnly).getSuppressed()).containsExactly(first);
    }

    @Test
    void aFailureNotRetriedOnTheFirstAttemptIsThrownAsItIs() {
        IllegalStateException notListed = new IllegalStateException("not io");
        Service service = new Service(Script.failing(notListed));

        Throwable thrown = catchThrowable(service::ioOnly);
        assertThat(thrown).isSameAs(notListed);
        assertThat(thrown.getSuppressed()).isEmpty();
        assertThat(sleeper.waits()).isEmpty();
    }

    @Test
    void abortOnBeatsExceptions() {
        FileNotFoundException missing = new FileNotFoundException("gone");
        Service service = new Service(Script.failing(new IOException("flaky"), missing));

        assertThat(catchThrowable(service::ioButNotMissingFiles)).isSameAs(missing);
        assertThat(service.script.attempts()).isEqualTo(2);
    }

    @Test
    void markersAreRetriedEvenWhenNotListed() throws Throwable {
        Service service = new Service(Script.failing(new RetryableException("asks for a retry"),
                new MarkedFailure("marked")));

        service.ioOnly();

        assertThat(service.script.attempts()).isEqualTo(3);
    }

    @Test
    void errorsAreNotRetriedByDefault() {
        OutOfMemoryError error = new OutOfMemoryError("no");
        Service service = new Service(Script.failing(error));

        assertThat(catchThrowable(service::defaults)).isSameAs(error);
        assertThat(service.script.attempts()).isEqualTo(1);
    }

    @Test
    void throwableInExceptionsDoesNotCoverErrors() {
        StackOverflowError error = new StackOverflowError();
        Service service = new Service(Script.failing(new Exception("retried"), error));

        assertThat(catchThrowable(service::everything)).isSameAs(error);
        assertThat(service.script.attempts()).isEqualTo(2);
    }

    @Test
    void errorsListedExplicitlyAreRetried() throws Throwable {
        Service service = new Service(Script.failing(new AssertionError("1"), new AssertionError("2")));

        service.assertionsToo();

        assertThat(service.script.attempts()).isEqualTo(3);
    }

    @Test
    void unitAppliesToEveryDuration() {
        Service service = new Service(Script.failing(ioFailures(5).toArray(new Throwable[0])));

        catchThrowable(service::inSeconds);

        assertThat(sleeper.waits()).containsExactly(Duration.ofSeconds(3), Duration.ofMillis(4500),
                Duration.ofMillis(6750), Duration.ofMillis(10125));
    }

    @Test
    void negativeJitterShrinksTheWaits() {
        Service service = new Service(Script.failing(ioFailures(5).toArray(new Throwable[0])));

        catchThrowable(service::shrinking);

        assertThat(sleeper.waits()).containsExactly(ofMillis(100), ofMillis(70), ofMillis(40), ofMillis(10));
    }

    @Test
    void eachCallHasItsOwnSeries() throws Throwable {
        Service first = new Service(Script.failing(ioFailures(2).toArray(new Throwable[0])));
        Service second = new Service(Script.failing(ioFailures(1).toArray(new Throwable[0])));

        first.issueExample();
        second.issueExample();

        // The second call starts its schedule afresh.
        assertThat(sleeper.waits()).containsExactly(ofMillis(100), ofMillis(210), ofMillis(100));
    }

    @Test
    void everyAttemptGetsTheSameArguments() {
        List<String> seen = new ArrayList<>();
        Arguments arguments = new Arguments(seen);

        assertThat(arguments.join("a", 7, new int[] {1, 2})).isEqualTo("a7[1, 2]");

        assertThat(seen).containsExactly("a7[1, 2]", "a7[1, 2]", "a7[1, 2]");
    }

    static class Arguments {
        private final List<String> seen;

        Arguments(List<String> seen) {
            this.seen = seen;
        }

        @Retry(tries = 3)
        String join(String text, int number, int[] array) {
            String joined = text + number + java.util.Arrays.toString(array);
            seen.add(joined);
            // Reassigning a parameter must not leak into the next attempt.
            text = "changed";
            number = -1;
            if (seen.size() < 3) {
                throw new IllegalStateException("again " + text + number);
            }
            return joined;
        }
    }
}
