package dev.ajretry.woven;

import dev.ajretry.Retry;
import dev.ajretry.runtime.RecordingSleeper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** An interrupt stops retrying at once, keeps the flag set and hands over the last failure. */
class InterruptTest {

    static class Slow {
        final Script script;
        final CountDownLatch firstFailure = new CountDownLatch(1);

        Slow(Script script) {
            this.script = script;
        }

        @Retry(tries = 5, delay = 1, unit = TimeUnit.HOURS)
        String waitsAnHour() throws Throwable {
            try {
                script.attempt();
                return "ok";
            } finally {
                firstFailure.countDown();
            }
        }

        @Retry(tries = 5)
        String interruptsItself() throws Throwable {
            Thread.currentThread().interrupt();
            script.attempt();
            return "ok";
        }

        @Retry(tries = 5, recover = "fallback")
        String interruptedThenRecovered() throws Throwable {
            Thread.currentThread().interrupt();
            script.attempt();
            return "ok";
        }

        String fallback() {
            return "recovered, interrupted=" + Thread.currentThread().isInterrupted();
        }

        @Retry(tries = 5, retryIfResult = AlwaysRejected.class)
        String interruptedWithRejectedResult() {
            Thread.currentThread().interrupt();
            return "rejected " + script.attempts();
        }

        @Retry(tries = 5)
        String throwsInterruptedException(InterruptedException e) throws InterruptedException {
            script.attemptUnchecked();
            throw e;
        }
    }

    @Test
    void anInterruptDuringARealWaitStopsRetryingAndKeepsTheFlag() throws Exception {
        IOException failure = new IOException("first");
        Slow slow = new Slow(Script.failing(failure, new IOException("never reached")));
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        AtomicBoolean flagAfter = new AtomicBoolean();
        Thread caller = new Thread(() -> {
            thrown.set(catchThrowable(slow::waitsAnHour));
            flagAfter.set(Thread.currentThread().isInterrupted());
        });
        long start = System.nanoTime();
        caller.start();
        assertThat(slow.firstFailure.await(30, TimeUnit.SECONDS)).isTrue();
        // Interrupt only once the caller really sleeps, not between the failure and the wait.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (caller.getState() != Thread.State.TIMED_WAITING && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        caller.interrupt();
        caller.join(TimeUnit.SECONDS.toMillis(30));

        assertThat(caller.isAlive()).isFalse();
        // A generous upper bound only: the wait was an hour long.
        assertThat(System.nanoTime() - start).isLessThan(TimeUnit.MINUTES.toNanos(1));
        assertThat(thrown.get()).isSameAs(failure);
        assertThat(thrown.get().getSuppressed()).singleElement().isInstanceOf(InterruptedException.class);
        assertThat(flagAfter).isTrue();
        assertThat(slow.script.attempts()).isEqualTo(1);
    }

    @Test
    void aThreadInterruptedBeforeItsWaitDoesNotRetry() {
        IOException failure = new IOException("first");
        Slow slow = new Slow(Script.failing(failure, new IOException("second")));
        try (RecordingSleeper sleeper = RecordingSleeper.installOnThisThread()) {
            Throwable thrown = catchThrowable(slow::interruptsItself);

            assertThat(thrown).isSameAs(failure);
            assertThat(Thread.interrupted()).as("the interrupt flag is kept").isTrue();
            assertThat(slow.script.attempts()).isEqualTo(1);
            assertThat(sleeper.waits()).isEmpty();
        }
    }

    public static class AlwaysRejected implements dev.ajretry.ResultPredicate<String> {
        @Override
        public boolean test(String result) {
            return true;
        }
    }

    @Test
    void anInterruptedSeriesIsStillRecoveredAndKeepsTheFlag() throws Throwable {
        Slow slow = new Slow(Script.failing(new IOException("first")));
        try (RecordingSleeper ignored = RecordingSleeper.installOnThisThread()) {
            assertThat(slow.interruptedThenRecovered()).isEqualTo("recovered, interrupted=true");
            assertThat(Thread.interrupted()).isTrue();
            assertThat(slow.script.attempts()).isEqualTo(1);
        }
    }

    @Test
    void anInterruptWhileResultsAreRejectedReturnsTheLastResultAndKeepsTheFlag() {
        Slow slow = new Slow(Script.succeeding());
        try (RecordingSleeper sleeper = RecordingSleeper.installOnThisThread()) {
            assertThat(slow.interruptedWithRejectedResult()).isEqualTo("rejected 0");
            assertThat(Thread.interrupted()).isTrue();
            assertThat(sleeper.waits()).isEmpty();
        }
    }

    @Test
    void anInterruptedExceptionFromTheMethodIsNeverRetried() {
        InterruptedException interrupted = new InterruptedException("stop");
        IOException earlier = new IOException("flaky");
        Slow slow = new Slow(Script.failing(earlier));
        try (RecordingSleeper sleeper = RecordingSleeper.installOnThisThread()) {
            Throwable thrown = catchThrowable(() -> slow.throwsInterruptedException(interrupted));

            assertThat(thrown).isSameAs(interrupted);
            assertThat(thrown.getSuppressed()).containsExactly(earlier);
            assertThat(slow.script.attempts()).isEqualTo(2);
            assertThat(sleeper.waits()).hasSize(1);
        }
    }
}
