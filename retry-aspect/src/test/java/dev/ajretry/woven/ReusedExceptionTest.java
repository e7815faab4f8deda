package dev.ajretry.woven;

import dev.ajretry.FailurePredicate;
import dev.ajretry.Retry;
import dev.ajretry.RetryAfter;
import dev.ajretry.runtime.RecordingSleeper;
import dev.ajretry.runtime.Sleeper;
import dev.ajretry.runtime.Sleepers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Issue 12, section 2: an exception instance reused across calls (a static or cached one) never carries more than 16
 * suppressed exceptions, whatever path attaches them, on the blocking and the asynchronous path.
 */
class ReusedExceptionTest {

    private static final int CALLS = 1_000;

    public static final class ThrowingPredicate implements FailurePredicate {
        @Override
        public boolean test(Throwable failure) {
            throw new IllegalStateException("predicate bug");
        }
    }

    /** A failure whose retryAfter() throws a fresh exception each time. */
    static final class BadRetryAfter extends RuntimeException implements RetryAfter {
        BadRetryAfter(String message) {
            super(message);
        }

        @Override
        public Duration retryAfter() {
            throw new IllegalStateException("cannot read the header");
        }
    }

    static final RuntimeException GIVE_UP = new IllegalArgumentException("cached, giveUpIf");
    static final RuntimeException GIVE_UP_ASYNC = new IllegalArgumentException("cached, giveUpIf, async");
    static final BadRetryAfter RETRY_AFTER = new BadRetryAfter("cached, retryAfter");
    static final BadRetryAfter RETRY_AFTER_ASYNC = new BadRetryAfter("cached, retryAfter, async");
    static final RuntimeException INTERRUPTED = new IllegalArgumentException("cached, interrupted wait");
    static final RuntimeException HAND_OFF = new IllegalArgumentException("cached, hand-off");
    static final RuntimeException RECOVERY = new IllegalArgumentException("cached, recovery");
    static final RuntimeException RECOVERY_ASYNC = new IllegalArgumentException("cached, recovery, async");
    static final RuntimeException RECOVERY_STAGE = new IllegalArgumentException("cached, recovery stage");
    static final RuntimeException SLEEPER = new IllegalArgumentException("cached, broken sleeper");

    static class Service {
        @Retry(tries = 3, delay = 0, giveUpIf = ThrowingPredicate.class)
        void giveUp() {
            throw GIVE_UP;
        }

        @Retry(tries = 3, delay = 0, giveUpIf = ThrowingPredicate.class)
        CompletableFuture<String> giveUpAsync() {
            return CompletableFuture.failedFuture(GIVE_UP_ASYNC);
        }

        @Retry(tries = 2, delay = 0)
        void retryAfter() {
            throw RETRY_AFTER;
        }

        @Retry(tries = 2, delay = 0)
        CompletableFuture<String> retryAfterAsync() {
            return CompletableFuture.failedFuture(RETRY_AFTER_ASYNC);
        }

        @Retry(tries = 3, delay = 0)
        void interrupted() {
            throw INTERRUPTED;
        }

        @Retry(tries = 3, delay = 0)
        CompletableFuture<String> handOff() {
            return CompletableFuture.failedFuture(HAND_OFF);
        }

        @Retry(tries = 3, delay = 0)
        void brokenSleeper() {
            throw new IllegalStateException("fresh");
        }

        @Retry(tries = 1, recover = "throwsCached")
        void recovered() {
            throw new IllegalStateException("fresh");
        }

        void throwsCached() {
            throw RECOVERY;
        }

        @Retry(tries = 1, recover = "throwsCachedAsync")
        CompletableFuture<String> recoveredAsync() {
            return CompletableFuture.failedFuture(new IllegalStateException("fresh"));
        }

        CompletableFuture<String> throwsCachedAsync() {
            throw RECOVERY_ASYNC;
        }

        @Retry(tries = 1, recover = "failsCachedStage")
        CompletableFuture<String> recoveredByStage() {
            return CompletableFuture.failedFuture(new IllegalStateException("fresh"));
        }

        CompletableFuture<String> failsCachedStage() {
            return CompletableFuture.failedFuture(RECOVERY_STAGE);
        }
    }

    private final Service service = new Service();
    private RecordingSleeper sleeper;

    @BeforeEach
    void sleeper() {
        sleeper = RecordingSleeper.installOnThisThread();
    }

    @AfterEach
    void release() {
        sleeper.close();
        Thread.interrupted();
    }

    private static void callOften(Runnable call, Throwable cached) {
        for (int i = 0; i < CALLS; i++) {
            call.run();
        }
        assertThat(cached.getSuppressed().length).as("suppressed on %s", cached).isBetween(1, 16);
    }

    private static void blocking(Runnable call, Throwable expected) {
        assertThat(catchThrowable(call::run)).isSameAs(expected);
    }

    private static void async(CompletableFuture<String> call, Throwable expected) {
        assertThat(catchThrowable(call::join)).hasCauseReference(expected);
    }

    @Test
    void aThrowingGiveUpPredicateAttachesBounded() {
        callOften(() -> blocking(service::giveUp, GIVE_UP), GIVE_UP);
        callOften(() -> async(service.giveUpAsync(), GIVE_UP_ASYNC), GIVE_UP_ASYNC);
    }

    @Test
    void aThrowingRetryAfterAttachesBounded() {
        callOften(() -> blocking(service::retryAfter, RETRY_AFTER), RETRY_AFTER);
        callOften(() -> async(service.retryAfterAsync(), RETRY_AFTER_ASYNC), RETRY_AFTER_ASYNC);
    }

    @Test
    void anInterruptedWaitAttachesBounded() {
        try (Sleepers.Installation ignored = Sleepers.installOnThisThread(wait -> {
            throw new InterruptedException("fresh");
        })) {
            callOften(() -> {
                blocking(service::interrupted, INTERRUPTED);
                Thread.interrupted();
            }, INTERRUPTED);
        }
    }

    @Test
    void aFailedHandOffAttachesBounded() {
        Sleeper rejecting = new Sleeper() {
            @Override
            public void sleep(Duration wait) {
            }

            @Override
            public Future<?> schedule(Runnable task, Duration delay) {
                throw new RejectedExecutionException("fresh");
            }
        };
        try (Sleepers.Installation ignored = Sleepers.installOnThisThread(rejecting)) {
            callOften(() -> async(service.handOff(), HAND_OFF), HAND_OFF);
        }
    }

    @Test
    void aBrokenSleeperAttachesBounded() {
        try (Sleepers.Installation ignored = Sleepers.installOnThisThread(wait -> {
            throw SLEEPER;
        })) {
            callOften(() -> blocking(service::brokenSleeper, SLEEPER), SLEEPER);
        }
    }

    @Test
    void aRecoveryThatThrowsACachedExceptionAttachesBounded() {
        callOften(() -> blocking(service::recovered, RECOVERY), RECOVERY);
        callOften(() -> async(service.recoveredAsync(), RECOVERY_ASYNC), RECOVERY_ASYNC);
        callOften(() -> async(service.recoveredByStage(), RECOVERY_STAGE), RECOVERY_STAGE);
    }
}
