package dev.ajretry.parity;

import dev.ajretry.AttemptTimeoutException;
import dev.ajretry.Retry;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import static dev.ajretry.parity.Script.hanging;
import static dev.ajretry.parity.Script.ok;
import static java.time.Duration.ofMillis;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 14, part 1: {@code attemptTimeout} cuts off an attempt that does not answer, on every driver. A blocking
 * attempt is interrupted; an asynchronous one has its stage cancelled. The waits between attempts are the test
 * sleeper's, asserted exactly; the timeouts are real time, asserted with exact lower bounds and generous upper ones.
 */
class ParityAttemptTimeoutTest {

    /**
     * Long enough that an attempt that answers at once is never cut, even on a loaded machine (the fast attempts'
     * only bound on wall-clock time, and a generous one); short enough for the hanging ones to keep the test quick.
     */
    private static final long TIMEOUT_MS = 300;

    @RegisterExtension
    final Harness harness = new Harness();

    static final class Hanging extends Fixture {
        Hanging(Script.Step... steps) {
            super(steps);
        }

        @Retry(tries = 3, delay = 7, attemptTimeout = TIMEOUT_MS)
        String call() {
            return attempt();
        }

        @Retry(tries = 3, delay = 7, attemptTimeout = TIMEOUT_MS)
        CompletableFuture<String> callAsync() {
            return attemptAsync();
        }
    }

    static final class OnlyIo extends Fixture {
        OnlyIo(Script.Step... steps) {
            super(steps);
        }

        @Retry(tries = 2, exceptions = IOException.class, attemptTimeout = TIMEOUT_MS)
        String call() {
            return attempt();
        }

        @Retry(tries = 2, exceptions = IOException.class, attemptTimeout = TIMEOUT_MS)
        CompletableFuture<String> callAsync() {
            return attemptAsync();
        }
    }

    static final class AbortsOnTimeout extends Fixture {
        AbortsOnTimeout(Script.Step... steps) {
            super(steps);
        }

        @Retry(tries = 3, abortOn = AttemptTimeoutException.class, attemptTimeout = TIMEOUT_MS)
        String call() {
            return attempt();
        }

        @Retry(tries = 3, abortOn = AttemptTimeoutException.class, attemptTimeout = TIMEOUT_MS)
        CompletableFuture<String> callAsync() {
            return attemptAsync();
        }
    }

    /** Runs {@code fixture}, checking that it took at least {@code timeouts} attempt timeouts of real time. */
    private Outcome runTimed(Driver driver, Fixture fixture, int timeouts) {
        long start = System.nanoTime();
        Outcome outcome = harness.run(driver, fixture);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(took).isGreaterThanOrEqualTo(ofMillis(timeouts * TIMEOUT_MS)).isLessThan(Duration.ofSeconds(20));
        return outcome;
    }

    private static String timedOut(Driver driver, Class<?> fixture, int attempt) {
        return "AttemptTimeoutException(" + fixture.getName() + (driver.async() ? ".callAsync()" : ".call()")
                + ": attempt " + attempt + " timed out after " + TIMEOUT_MS + " ms (attemptTimeout))";
    }

    @ParameterizedTest
    @EnumSource(Driver.class)
    void aHangingAttemptIsCutOffAndRetried(Driver driver) {
        Hanging fixture = new Hanging(hanging(), hanging(), ok("done"));
        Outcome outcome = runTimed(driver, fixture, 2);

        assertThat(outcome.result()).isEqualTo("done");
        assertThat(outcome.attempts()).isEqualTo(3);
        assertThat(outcome.waits()).containsExactly(ofMillis(7), ofMillis(7));
        assertThat(outcome.events()).containsExactly(
                "RETRY #1 " + timedOut(driver, Hanging.class, 1) + " wait 7ms",
                "RETRY #2 " + timedOut(driver, Hanging.class, 2) + " wait 7ms", "SUCCESS #3");
        assertThat(outcome.interruptedAfter()).as("the interrupt ajretry raised never reaches the caller").isFalse();
        assertThat(outcome.threadAfter()).isEqualTo("clean");
        // An asynchronous attempt's stage is cancelled.
        assertThat(fixture.hung()).hasSize(driver.async() ? 2 : 0).allSatisfy(f -> assertThat(f).isCancelled());
    }

    @ParameterizedTest
    @EnumSource(Driver.class)
    void whenEveryAttemptHangsTheCallerGetsTheLastTimeoutWithTheEarlierAttached(Driver driver) {
        Outcome outcome = runTimed(driver, new Hanging(hanging(), hanging(), hanging()), 3);

        assertThat(outcome.failure()).isInstanceOf(AttemptTimeoutException.class)
                .hasMessage(timedOut(driver, Hanging.class, 3).replaceFirst("^AttemptTimeoutException\\((.*)\\)$",
                        "$1"));
        AttemptTimeoutException last = (AttemptTimeoutException) outcome.failure();
        assertThat(last.attempt()).isEqualTo(3);
        assertThat(last.timeout()).isEqualTo(ofMillis(TIMEOUT_MS));
        assertThat(last.method()).endsWith(driver.async() ? ".callAsync()" : ".call()");
        // Blocking: the interrupted attempt's own exception is the cause. Asynchronous: nothing was thrown.
        if (driver.async()) {
            assertThat(last).hasNoCause();
        } else {
            assertThat(last).hasCauseInstanceOf(InterruptedException.class);
        }
        assertThat(outcome.suppressed()).hasSize(2).allSatisfy(s -> assertThat(s)
                .isInstanceOf(AttemptTimeoutException.class));
        assertThat(outcome.events()).last().asString()
                .isEqualTo("GIVE_UP #3 TRIES_EXHAUSTED " + timedOut(driver, Hanging.class, 3));
        assertThat(outcome.interruptedAfter()).isFalse();
    }

    @ParameterizedTest
    @EnumSource(Driver.class)
    void aTimeoutIsRetriedWhateverExceptionsLists(Driver driver) {
        Outcome outcome = runTimed(driver, new OnlyIo(hanging(), ok("done")), 1);

        assertThat(outcome.result()).isEqualTo("done");
        assertThat(outcome.events()).first().asString().startsWith("RETRY #1 AttemptTimeoutException(");
    }

    @ParameterizedTest
    @EnumSource(Driver.class)
    void abortOnNamingTheTimeoutEndsTheSeries(Driver driver) {
        Outcome outcome = runTimed(driver, new AbortsOnTimeout(hanging(), ok("never")), 1);

        assertThat(outcome.failure()).isInstanceOf(AttemptTimeoutException.class);
        assertThat(outcome.attempts()).isEqualTo(1);
        assertThat(outcome.events()).containsExactly(
                "GIVE_UP #1 ABORT_ON " + timedOut(driver, AbortsOnTimeout.class, 1));
        assertThat(outcome.interruptedAfter()).isFalse();
    }

    /**
     * An attempt that answers after its timeout: blocking, it swallows the interrupt and returns; asynchronous, its
     * method takes longer than the timeout to return its (completed) stage. Either way the late result is discarded.
     */
    @ParameterizedTest
    @EnumSource(Driver.class)
    void aResultReturnedLateIsDiscarded(Driver driver) {
        Script.Step late = fixture -> {
            long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TIMEOUT_MS * 3);
            while (System.nanoTime() < until) {
                try {
                    Thread.sleep(Math.max(1, TimeUnit.NANOSECONDS.toMillis(until - System.nanoTime())));
                } catch (InterruptedException swallowed) {
                    return "late";
                }
            }
            return "late";
        };
        Outcome outcome = runTimed(driver, new Hanging(late, ok("fresh")), 1);

        assertThat(outcome.result()).isEqualTo("fresh");
        assertThat(outcome.events()).containsExactly("RETRY #1 " + timedOut(driver, Hanging.class, 1) + " wait 7ms",
                "SUCCESS #2");
        assertThat(outcome.interruptedAfter()).isFalse();
    }

    @ParameterizedTest
    @EnumSource(Driver.class)
    void anAttemptThatAnswersInTimeIsNotTouchedAndLeavesNoTimerBehind(Driver driver) throws Exception {
        Outcome outcome = harness.run(driver, new Hanging(ok("fast")));

        assertThat(outcome.result()).isEqualTo("fast");
        assertThat(outcome.events()).containsExactly("FIRST_ATTEMPT_SUCCESS");
        assertThat(outcome.interruptedAfter()).isFalse();
        // The attempt's timer was cancelled, and the default scheduler drops cancelled tasks from its queue at once.
        assertThat(((ScheduledThreadPoolExecutor) dev.ajretry.internal.env.Environment.scheduler()).getQueue())
                .isEmpty();
        // Nor does the timer interrupt the thread later.
        Thread.sleep(TIMEOUT_MS * 2);
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
    }
}
