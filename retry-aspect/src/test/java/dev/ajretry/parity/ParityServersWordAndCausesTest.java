package dev.ajretry.parity;

import ch.qos.logback.classic.Level;
import dev.ajretry.ResultPredicate;
import dev.ajretry.Retry;
import dev.ajretry.RetryAfter;
import dev.ajretry.testing.CapturedLog;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.UndeclaredThrowableException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import static dev.ajretry.parity.Script.fail;
import static dev.ajretry.parity.Script.ok;
import static java.time.Duration.ofMillis;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 14: the server's word in a rejected result ({@code ResultPredicate.retryAfter}) and {@code matchCauses}, the
 * same on every driver: the waits exactly, the events, the give-up line, the failure the caller gets.
 */
class ParityServersWordAndCausesTest {

    @RegisterExtension
    final Harness harness = new Harness();

    @RegisterExtension
    final CapturedLog log = CapturedLog.of(Throttled.class).at(Level.DEBUG);

    // ---- the server's word in a result --------------------------------------------------------------------------

    /**
     * Responses as text: {@code "429 retry-after=N"} is rejected and asks for N ms, {@code "503"} is rejected and
     * says nothing, anything else is accepted.
     */
    public static final class TooManyRequests implements ResultPredicate<String> {
        @Override
        public boolean test(String response) {
            return response.startsWith("429") || response.startsWith("503");
        }

        @Override
        public Duration retryAfter(String response) {
            int at = response.indexOf("retry-after=");
            return at < 0 ? null : Duration.ofMillis(Long.parseLong(response.substring(at + "retry-after=".length())));
        }
    }

    static final class Throttled extends Fixture {
        Throttled(Script.Step... steps) {
            super(steps);
        }

        @Retry(tries = 4, delay = 10, maxDelay = 20, randomJitter = dev.ajretry.RandomJitter.FULL,
                retryIfResult = TooManyRequests.class)
        String call() {
            return attempt();
        }

        @Retry(tries = 4, delay = 10, maxDelay = 20, randomJitter = dev.ajretry.RandomJitter.FULL,
                retryIfResult = TooManyRequests.class)
        CompletableFuture<String> callAsync() {
            return attemptAsync();
        }
    }

    @ParameterizedTest
    @EnumSource(Driver.class)
    void aRejectedResultsRetryAfterIsTheNextWaitAsTold(Driver driver) {
        Outcome outcome = harness.run(driver, new Throttled(ok("429 retry-after=1500"), ok("429 retry-after=3"),
                ok("ready")));

        assertThat(outcome.result()).isEqualTo("ready");
        // Not lowered to maxDelay (20 ms), not jittered.
        assertThat(outcome.waits()).containsExactly(ofMillis(1_500), ofMillis(3));
        assertThat(outcome.events()).containsExactly("RETRY #1 rejected result wait 1500ms (server)",
                "RETRY #2 rejected result wait 3ms (server)", "SUCCESS #3");
        assertThat(outcome.threadAfter()).isEqualTo("clean");
    }

    @ParameterizedTest
    @EnumSource(Driver.class)
    void aResultWithoutTheServersWordWaitsAsTheScheduleSays(Driver driver) {
        Outcome outcome = harness.run(driver, new Throttled(ok("503"), ok("429 retry-after=0"), ok("ready")));

        assertThat(outcome.result()).isEqualTo("ready");
        assertThat(outcome.waits()).hasSize(2).allSatisfy(wait -> assertThat(wait).isBetween(ofMillis(0),
                ofMillis(20)));
        assertThat(outcome.events()).noneMatch(event -> event.contains("(server)"));
    }

    @ParameterizedTest
    @EnumSource(Driver.class)
    void theGiveUpReportShowsWhichWaitsTheServerAskedFor(Driver driver) {
        Outcome outcome = harness.run(driver, new Throttled(ok("429 retry-after=40"), ok("429 retry-after=50"),
                ok("429 retry-after=60"), ok("429 retry-after=70")));

        assertThat(outcome.result()).isEqualTo("429 retry-after=70");
        assertThat(outcome.waits()).containsExactly(ofMillis(40), ofMillis(50), ofMillis(60));
        assertThat(log.lines()).filteredOn(line -> line.startsWith("DEBUG")).first().asString()
                .endsWith("attempt 1 of 4 returned a rejected result; retrying in 40 ms, as the server asked");
        assertThat(log.lines()).filteredOn(line -> line.startsWith("WARN")).singleElement().asString()
                .contains("gave up, tries exhausted after 4 of 4 attempts; returning the last result; history: #1"
                        + " returned a rejected result, then waited 40 ms as the server asked | #2 at +40 ms ran 0 ms,"
                        + " returned a rejected result, then waited 50 ms as the server asked");
    }

    // ---- matchCauses ----------------------------------------------------------------------------------------------

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

    static final class Wrapped extends Fixture {
        Wrapped(Script.Step... steps) {
            super(steps);
        }

        @Retry(tries = 4, delay = 10, exceptions = IOException.class, abortOn = FileNotFoundException.class,
                waitOn = @Retry.WaitOn(value = java.net.SocketTimeoutException.class, delay = 2), matchCauses = true)
        String call() {
            return attempt();
        }

        @Retry(tries = 4, delay = 10, exceptions = IOException.class, abortOn = FileNotFoundException.class,
                waitOn = @Retry.WaitOn(value = java.net.SocketTimeoutException.class, delay = 2), matchCauses = true)
        CompletableFuture<String> callAsync() {
            return attemptAsync();
        }
    }

    static final class NotWrapped extends Fixture {
        NotWrapped(Script.Step... steps) {
            super(steps);
        }

        @Retry(tries = 4, delay = 10, exceptions = IOException.class)
        String call() {
            return attempt();
        }

        @Retry(tries = 4, delay = 10, exceptions = IOException.class)
        CompletableFuture<String> callAsync() {
            return attemptAsync();
        }
    }

    @ParameterizedTest
    @EnumSource(Driver.class)
    void withMatchCausesAWrappedIOExceptionIsRetriedAndTheCallerGetsTheWrapper(Driver driver) {
        UncheckedIOException first = new UncheckedIOException(new IOException("reset"));
        UndeclaredThrowableException second = new UndeclaredThrowableException(
                new java.net.SocketTimeoutException("slow"));
        IllegalStateException third = new IllegalStateException(new ServerSaid("429", ofMillis(30)));
        UncheckedIOException last = new UncheckedIOException(new IOException("reset again"));
        Outcome outcome = harness.run(driver, new Wrapped(fail(first), fail(second), fail(third), fail(last)));

        assertThat(outcome.failure()).isSameAs(last);
        assertThat(outcome.suppressed()).containsExactly(first, second, third);
        // the schedule for the first, waitOn of the cause for the second, RetryAfter of the cause for the third
        assertThat(outcome.waits()).containsExactly(ofMillis(10), ofMillis(2), ofMillis(30));
        assertThat(outcome.events()).containsExactly("RETRY #1 UncheckedIOException(java.io.IOException: reset)"
                        + " wait 10ms", "RETRY #2 UndeclaredThrowableException(null) wait 2ms",
                "RETRY #3 IllegalStateException(" + ServerSaid.class.getName() + ": 429) wait 30ms (server)",
                "GIVE_UP #4 TRIES_EXHAUSTED UncheckedIOException(java.io.IOException: reset again)");
    }

    @ParameterizedTest
    @EnumSource(Driver.class)
    void withMatchCausesAnAbortedCauseEndsTheSeries(Driver driver) {
        CompletionException wrapper = new CompletionException(new IOException(new FileNotFoundException("gone")));
        Outcome outcome = harness.run(driver, new Wrapped(fail(new IOException("busy")), fail(wrapper), ok("never")));

        assertThat(outcome.failure()).isSameAs(driver == Driver.BLOCKING ? wrapper : wrapper.getCause());
        assertThat(outcome.attempts()).isEqualTo(2);
        assertThat(outcome.events()).last().asString().startsWith("GIVE_UP #2 ABORT_ON");
    }

    @ParameterizedTest
    @EnumSource(Driver.class)
    void withoutMatchCausesAWrappedIOExceptionIsNotRetried(Driver driver) {
        UncheckedIOException wrapped = new UncheckedIOException(new IOException("reset"));
        Outcome outcome = harness.run(driver, new NotWrapped(fail(wrapped), ok("never")));

        assertThat(outcome.failure()).isSameAs(wrapped);
        assertThat(outcome.attempts()).isEqualTo(1);
        assertThat(outcome.events()).containsExactly(
                "GIVE_UP #1 NOT_RETRYABLE UncheckedIOException(java.io.IOException: reset)");
    }
}
