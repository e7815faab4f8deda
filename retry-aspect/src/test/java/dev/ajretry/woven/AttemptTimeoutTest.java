package dev.ajretry.woven;

import dev.ajretry.AttemptTimeoutException;
import dev.ajretry.Retry;
import dev.ajretry.internal.env.Environment;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * What the parity scenarios cannot show, as only one path has it: a blocking attempt's interrupt (the caller's own is
 * kept, ajretry's never leaks, not even when the timer fires as the attempt ends), no thread per attempt; and an
 * asynchronous attempt whose stage cannot be cancelled, or whose call the caller cancels.
 */
class AttemptTimeoutTest {

    @RegisterExtension
    final RecordedWaits sleeper = new RecordedWaits();

    static class Remote {
        final AtomicInteger attempts = new AtomicInteger();

        /** Interrupts its own thread, then works past the timeout without looking at the flag. */
        @Retry(tries = 3, attemptTimeout = 50)
        String interruptsItselfThenOverruns() {
            attempts.incrementAndGet();
            Thread.currentThread().interrupt();
            spin(150);
            return "late";
        }

        /** Works for about as long as its timeout: the timer and the attempt's end race. */
        @Retry(tries = 1, attemptTimeout = 1)
        String racesItsTimer() {
            attempts.incrementAndGet();
            spin(1);
            return "ok";
        }

        @Retry(tries = 10, attemptTimeout = 10)
        String hangs() throws InterruptedException {
            attempts.incrementAndGet();
            Thread.sleep(60_000);
            return "woke";
        }

        /** A stage that cannot be cancelled from outside: its toCompletableFuture() is not supported. */
        @Retry(tries = 2, attemptTimeout = 50)
        CompletionStage<String> uncancellable() {
            attempts.incrementAndGet();
            return new Uncancellable();
        }

        /** The first attempt answers after 100 ms, past its 50 ms timeout; the second at once. */
        @Retry(tries = 2, attemptTimeout = 50)
        String lateThenFast() throws InterruptedException {
            if (attempts.incrementAndGet() == 1) {
                spin(100);
                return "late";
            }
            return "fast";
        }

        /** The same through a stage, completed by another thread. */
        @Retry(tries = 2, attemptTimeout = 50)
        CompletableFuture<String> lateThenFastAsync() {
            if (attempts.incrementAndGet() == 1) {
                return CompletableFuture.supplyAsync(() -> {
                    spin(100);
                    return "late";
                });
            }
            return CompletableFuture.completedFuture("fast");
        }

        @Retry(tries = 2, attemptTimeout = 60_000)
        CompletableFuture<String> slowAsync() {
            attempts.incrementAndGet();
            return new CompletableFuture<>();
        }
    }

    /** A stage that never completes and cannot be cancelled through toCompletableFuture(). */
    static final class Uncancellable extends CompletableFuture<String> {
        @Override
        public CompletableFuture<String> toCompletableFuture() {
            throw new UnsupportedOperationException("not from here");
        }
    }

    private static void spin(long millis) {
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (System.nanoTime() < until) {
            Thread.onSpinWait();
        }
    }

    @Test
    void anInterruptOfTheCallersOwnSurvivesATimeout() {
        Remote remote = new Remote();
        Throwable thrown = catchThrowable(remote::interruptsItselfThenOverruns);

        // The first attempt overran: a timeout, its late result discarded. The flag it set itself is kept, and an
        // interrupted thread is not retried.
        assertThat(thrown).isInstanceOf(AttemptTimeoutException.class);
        assertThat(remote.attempts).hasValue(1);
        assertThat(Thread.interrupted()).as("the attempt's own interrupt is kept").isTrue();
    }

    @RepeatedTest(5)
    void theTimersInterruptNeverLeaksEvenWhenItFiresAsTheAttemptEnds() {
        Remote remote = new Remote();
        int timedOut = 0;
        for (int i = 0; i < 200; i++) {
            try {
                remote.racesItsTimer();
            } catch (AttemptTimeoutException expected) {
                timedOut++;
            }
            assertThat(Thread.currentThread().isInterrupted()).as("after call %d", i).isFalse();
        }
        assertThat(remote.attempts).hasValue(200);
        assertThat(timedOut).isBetween(0, 200);
    }

    @Test
    void noThreadIsCreatedPerAttempt() {
        Remote remote = new Remote();
        Throwable thrown = catchThrowable(remote::hangs);

        assertThat(thrown).isInstanceOf(AttemptTimeoutException.class);
        assertThat(remote.attempts).hasValue(10);
        assertThat(sleeper.waits()).hasSize(9);
        long schedulerThreads = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("ajretry-scheduler-")).count();
        assertThat(schedulerThreads).isLessThanOrEqualTo(Environment.DEFAULT_THREADS);
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
    }

    /**
     * A scheduler too busy to run the timer on time (here: its one thread held) must not make a late answer count:
     * past its timeout, an attempt is late whether the timer has run or not.
     */
    @Test
    void anAnswerPastTheTimeoutIsLateEvenIfTheTimerHasNotRunYet() throws Exception {
        java.util.concurrent.ScheduledThreadPoolExecutor busy = new java.util.concurrent.ScheduledThreadPoolExecutor(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        busy.execute(() -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        dev.ajretry.runtime.AsyncRetries.useScheduler(busy);
        try {
            Remote blocking = new Remote();
            assertThat(blocking.lateThenFast()).isEqualTo("fast");
            assertThat(blocking.attempts).hasValue(2);
            assertThat(Thread.currentThread().isInterrupted()).isFalse();

            Remote async = new Remote();
            assertThat(async.lateThenFastAsync().get(10, TimeUnit.SECONDS)).isEqualTo("fast");
            assertThat(async.attempts).hasValue(2);
        } finally {
            release.countDown();
            dev.ajretry.runtime.AsyncRetries.useScheduler(null);
            busy.shutdownNow();
        }
    }

    @Test
    void aStageThatCannotBeCancelledStillTimesOutAndTheCallEnds() throws Exception {
        Remote remote = new Remote();
        CompletableFuture<String> call = (CompletableFuture<String>) remote.uncancellable();

        Throwable failure = catchThrowable(() -> call.get(20, TimeUnit.SECONDS));
        assertThat(failure).isInstanceOf(ExecutionException.class).cause().isInstanceOf(AttemptTimeoutException.class)
                .hasMessageEndingWith("attempt 2 timed out after 50 ms (attemptTimeout)");
        assertThat(remote.attempts).hasValue(2);
    }

    @Test
    void aCallTheCallerCancelsStopsItsAttemptsTimer() {
        Remote remote = new Remote();
        CompletableFuture<String> call = remote.slowAsync();
        assertThat(((ScheduledThreadPoolExecutor) Environment.scheduler()).getQueue()).hasSize(1);

        call.cancel(true);

        assertThat(((ScheduledThreadPoolExecutor) Environment.scheduler()).getQueue()).isEmpty();
        assertThat(remote.attempts).hasValue(1);
    }

    @Test
    void theTimeoutIsRealTimeEvenUnderTheTestSleeper() {
        Remote remote = new Remote();
        long start = System.nanoTime();
        catchThrowable(remote::hangs);
        // Ten attempts of at least 10 ms each, while the nine waits between them took no time (recorded).
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(100));
        assertThat(sleeper.waits()).containsOnly(Duration.ZERO);
    }
}
