package dev.ajretry.parity;

import dev.ajretry.Retry;
import dev.ajretry.runtime.Sleeper;
import dev.ajretry.runtime.Sleepers;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;

import static dev.ajretry.parity.Script.fail;
import static dev.ajretry.parity.Script.interrupting;
import static dev.ajretry.parity.Script.ok;
import static java.time.Duration.ofMillis;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Interrupts and cancellation: where the drivers differ on purpose.
 *
 * <p><b>Interrupts (intended difference).</b> The blocking driver waits on the caller's thread, so the thread's
 * interrupt flag is the caller's way to stop it: a thread interrupted when an attempt fails, or while it waits, stops
 * retrying at once, keeps its flag and gets the last failure (reason {@code INTERRUPTED}). The asynchronous driver
 * never waits on a thread: its later attempts run on whichever thread the scheduler picks, so the interrupt flag of
 * the thread that happened to run an attempt says nothing about the call, and the series goes on. It must not clear
 * the flag either: whoever set it still owns it. (Stopping an asynchronous call is what cancelling its future is for.)
 *
 * <p><b>Cancellation (asynchronous only, intended).</b> A blocking call returns nothing to cancel; a future can be
 * cancelled, which stops further attempts and cancels the attempt in flight.
 *
 * <p>{@code InterruptedException} thrown by the method itself is the same on every driver: see
 * {@link ParityClassificationTest#anInterruptedExceptionIsNeverRetried}.
 */
class ParityInterruptAndCancelTest {

    @RegisterExtension
    final Harness harness = new Harness();

    static final class Plain extends Fixture {
        Plain(Script.Step... steps) {
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

    @ParameterizedTest
    @EnumSource(Driver.class)
    void aThreadInterruptedWhenAnAttemptFails(Driver driver) {
        IOException failure = new IOException("1");
        Outcome outcome = harness.run(driver, new Plain(interrupting(fail(failure)), ok("ok")));

        assertThat(outcome.interruptedAfter()).as("the flag is kept").isTrue();
        assertThat(outcome.threadAfter()).isEqualTo("clean");
        if (driver == Driver.BLOCKING) {
            assertThat(outcome.failure()).isSameAs(failure);
            assertThat(outcome.attempts()).isEqualTo(1);
            assertThat(outcome.waits()).isEmpty();
            assertThat(outcome.events()).containsExactly("GIVE_UP #1 INTERRUPTED IOException(1)");
        } else {
            // Intended: the flag of the thread that ran the attempt has no meaning for an asynchronous series.
            assertThat(outcome.result()).isEqualTo("ok");
            assertThat(outcome.attempts()).isEqualTo(2);
            assertThat(outcome.waits()).containsExactly(ofMillis(100));
            assertThat(outcome.events()).containsExactly("RETRY #1 IOException(1) wait 100ms", "SUCCESS #2");
        }
    }

    /** Every wait is "interrupted": the blocking driver's sleeps throw; the asynchronous driver schedules instead. */
    private Sleepers.Installation interruptedWhileWaiting(List<Duration> sleeps) {
        Sleeper recording = harness.sleeper();
        return Sleepers.installOnThisThread(new Sleeper() {
            @Override
            public void sleep(Duration wait) throws InterruptedException {
                sleeps.add(wait);
                throw new InterruptedException("interrupted while waiting " + wait);
            }

            @Override
            public long nanoTime() {
                return recording.nanoTime();
            }

            @Override
            public Future<?> schedule(Runnable task, Duration delay) {
                return recording.schedule(task, delay);
            }
        });
    }

    @ParameterizedTest
    @EnumSource(Driver.class)
    void aThreadInterruptedWhileItWaits(Driver driver) {
        IOException failure = new IOException("1");
        List<Duration> sleeps = new ArrayList<>();
        Outcome outcome;
        try (Sleepers.Installation ignored = interruptedWhileWaiting(sleeps)) {
            outcome = harness.run(driver, new Plain(fail(failure), ok("ok")));
        }

        if (driver == Driver.BLOCKING) {
            assertThat(outcome.failure()).isSameAs(failure);
            assertThat(outcome.suppressed()).singleElement().isInstanceOf(InterruptedException.class);
            assertThat(outcome.attempts()).isEqualTo(1);
            assertThat(sleeps).containsExactly(ofMillis(100));
            assertThat(outcome.interruptedAfter()).as("the flag is set again").isTrue();
            assertThat(outcome.events()).containsExactly("RETRY #1 IOException(1) wait 100ms",
                    "GIVE_UP #1 INTERRUPTED IOException(1)");
        } else {
            // Intended: an asynchronous series never sleeps, so no thread of it can be interrupted while waiting.
            assertThat(sleeps).isEmpty();
            assertThat(outcome.result()).isEqualTo("ok");
            assertThat(outcome.waits()).containsExactly(ofMillis(100));
            assertThat(outcome.interruptedAfter()).isFalse();
        }
        assertThat(outcome.threadAfter()).isEqualTo("clean");
    }

    // ---- cancellation: asynchronous only -----------------------------------------------------------------------

    /** A sleeper that holds the scheduled attempts until the test runs them, so that a call can be cancelled mid-way. */
    static final class HeldSleeper implements Sleeper {
        final List<Duration> delays = new ArrayList<>();
        final List<CompletableFuture<Void>> handles = new ArrayList<>();
        final List<Runnable> tasks = new ArrayList<>();

        @Override
        public void sleep(Duration wait) {
            throw new AssertionError("an asynchronous series never sleeps");
        }

        @Override
        public Future<?> schedule(Runnable task, Duration delay) {
            delays.add(delay);
            handles.add(new CompletableFuture<>());
            tasks.add(task);
            return handles.get(handles.size() - 1);
        }

        /** Runs the held attempts, even those whose handle was cancelled: a scheduler may lose that race. */
        void runAll() {
            List<Runnable> now = new ArrayList<>(tasks);
            tasks.clear();
            now.forEach(Runnable::run);
        }
    }

    static final class Hanging extends Fixture {
        CompletableFuture<String> inFlight;

        Hanging(Script.Step... steps) {
            super(steps);
        }

        @Retry(tries = 5, delay = 100)
        String call() {
            return attempt();
        }

        @Retry(tries = 5, delay = 100)
        CompletableFuture<String> callAsync() {
            CompletableFuture<String> outcome = attemptAsync();
            if ("hang".equals(outcome.getNow(null))) {
                inFlight = new CompletableFuture<>();
                return inFlight;
            }
            return outcome;
        }
    }

    @ParameterizedTest
    @EnumSource(value = Driver.class, names = "BLOCKING", mode = EnumSource.Mode.EXCLUDE)
    void cancellingDuringAWaitStopsFurtherAttempts(Driver driver) throws Exception {
        HeldSleeper held = new HeldSleeper();
        Hanging fixture = new Hanging(fail(new IOException("1")), ok("never"));
        fixture.bind(driver, harness.sleeper());
        try (Sleepers.Installation ignored = Sleepers.installOnThisThread(held)) {
            CompletableFuture<String> future = fixture.callAsync();
            assertThat(fixture.attempts()).isEqualTo(1);
            assertThat(held.delays).containsExactly(ofMillis(100));
            assertThat(future).isNotDone();

            assertThat(future.cancel(true)).isTrue();
            assertThat(held.handles).singleElement().satisfies(h -> assertThat(h).isCancelled());
            held.runAll();

            assertThat(fixture.attempts()).isEqualTo(1);
            assertThat(future).isCancelled();
        }
    }

    @ParameterizedTest
    @EnumSource(value = Driver.class, names = "BLOCKING", mode = EnumSource.Mode.EXCLUDE)
    void cancellingDuringAnAttemptCancelsTheAttemptInFlight(Driver driver) throws Exception {
        HeldSleeper held = new HeldSleeper();
        Hanging fixture = new Hanging(fail(new IOException("1")), ok("hang"), ok("never"));
        fixture.bind(driver, harness.sleeper());
        try (Sleepers.Installation ignored = Sleepers.installOnThisThread(held)) {
            CompletableFuture<String> future = fixture.callAsync();
            held.runAll();
            assertThat(fixture.attempts()).isEqualTo(2);
            assertThat(fixture.inFlight).isNotDone();

            assertThat(future.cancel(true)).isTrue();

            assertThat(fixture.inFlight).isCancelled();
            held.runAll();
            assertThat(fixture.attempts()).isEqualTo(2);
            assertThat(held.delays).containsExactly(ofMillis(100));
        }
    }
}
