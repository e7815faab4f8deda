package dev.ajretry.woven;

import dev.ajretry.Retry;
import dev.ajretry.RetryEvent;
import dev.ajretry.RetryListener;
import dev.ajretry.runtime.AsyncRetries;
import dev.ajretry.runtime.RetryEnvironment;
import dev.ajretry.runtime.RetryListeners;
import dev.ajretry.runtime.Sleeper;
import dev.ajretry.runtime.Sleepers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 12, "every call ends": an asynchronous call whose next attempt cannot be handed off (the executor or the
 * scheduler rejects it, the sleeper's {@code schedule} throws, the default scheduler is shut down while the wait is
 * pending) completes at once with the last attempt's failure itself, the reason attached as suppressed; it neither
 * hangs nor hands the caller the rejection instead.
 */
class AsyncHandOffTest {

    /** Fails its first {@code failures} attempts with a fresh IOException each, then succeeds. */
    static class Service {
        final int failures;
        final AtomicInteger attempts = new AtomicInteger();
        final List<IOException> thrown = Collections.synchronizedList(new ArrayList<>());

        Service(int failures) {
            this.failures = failures;
        }

        private CompletableFuture<String> attempt() {
            int n = attempts.incrementAndGet();
            if (n <= failures) {
                IOException failure = new IOException("attempt " + n);
                thrown.add(failure);
                return CompletableFuture.failedFuture(failure);
            }
            return CompletableFuture.completedFuture("ok after " + n);
        }

        IOException last() {
            return thrown.get(thrown.size() - 1);
        }

        @Retry(tries = 5, delay = 1)
        CompletableFuture<String> fetch() {
            return attempt();
        }

        @Retry(tries = 5, delay = 3_600_000)
        CompletableFuture<String> slow() {
            return attempt();
        }

        @Retry(tries = 5, delay = 1, recover = "fallback")
        CompletableFuture<String> recovering() {
            return attempt();
        }

        CompletableFuture<String> fallback(Throwable failure) {
            return CompletableFuture.completedFuture("recovered from " + failure.getMessage());
        }

        @Retry(tries = 5, delay = 1, retryIfResult = AsyncRetryTest.Pending.class)
        CompletableFuture<String> polled() {
            attempts.incrementAndGet();
            return CompletableFuture.completedFuture("pending");
        }
    }

    private final List<AutoCloseable> cleanup = new ArrayList<>();

    @AfterEach
    void restore() throws Exception {
        AsyncRetries.useExecutor(null);
        AsyncRetries.useScheduler(null);
        for (AutoCloseable c : cleanup) {
            c.close();
        }
    }

    private static Throwable failureOf(Future<?> future) throws Exception {
        try {
            future.get(10, TimeUnit.SECONDS);
            throw new AssertionError("expected a failure");
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (TimeoutException e) {
            throw new AssertionError("the call never completed", e);
        }
    }

    @Test
    void anExecutorThatRejectsEndsTheCallWithTheLastFailure() throws Exception {
        RejectedExecutionException rejection = new RejectedExecutionException("full");
        AsyncRetries.useExecutor(task -> {
            throw rejection;
        });
        Service service = new Service(10);

        Throwable failure = failureOf(service.fetch());

        assertThat(failure).isSameAs(service.last());
        assertThat(service.attempts).hasValue(1);
        assertThat(failure.getSuppressed()).containsExactly(rejection);
    }

    @Test
    void anExecutorThatRejectsLaterEndsTheCallWithTheLastFailure() throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        cleanup.add(pool::shutdownNow);
        AtomicInteger handOffs = new AtomicInteger();
        RejectedExecutionException rejection = new RejectedExecutionException("shutting down");
        AsyncRetries.useExecutor(task -> {
            if (handOffs.incrementAndGet() > 2) {
                throw rejection;
            }
            pool.execute(task);
        });
        Service service = new Service(10);

        Throwable failure = failureOf(service.fetch());

        assertThat(service.attempts).hasValue(3);
        assertThat(failure).isSameAs(service.last()).hasMessage("attempt 3");
        assertThat(failure.getSuppressed()).hasSize(3).endsWith(rejection);
    }

    @Test
    void aShutDownSchedulerEndsTheCallWithTheLastFailureNotTheRejection() throws Exception {
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        scheduler.shutdown();
        AsyncRetries.useScheduler(scheduler);
        Service service = new Service(10);

        Throwable failure = failureOf(service.fetch());

        assertThat(failure).isSameAs(service.last());
        assertThat(failure.getSuppressed()).singleElement().isInstanceOf(RejectedExecutionException.class);
    }

    @Test
    void aSleeperWhoseScheduleThrowsEndsTheCallWithTheLastFailure() throws Exception {
        IllegalStateException broken = new IllegalStateException("no timer");
        cleanup.add(Sleepers.installOnThisThread(new Sleeper() {
            @Override
            public void sleep(Duration wait) {
            }

            @Override
            public Future<?> schedule(Runnable task, Duration delay) {
                throw broken;
            }
        }));
        Service service = new Service(10);

        Throwable failure = failureOf(service.fetch());

        assertThat(failure).isSameAs(service.last());
        assertThat(failure.getSuppressed()).containsExactly(broken);
    }

    @Test
    void aRejectedHandOffGivesUpWithItsOwnReasonAndTheRecoveryTakesOver() throws Exception {
        RejectedExecutionException rejection = new RejectedExecutionException("full");
        AsyncRetries.useExecutor(task -> {
            throw rejection;
        });
        List<RetryEvent> giveUps = Collections.synchronizedList(new ArrayList<>());
        cleanup.add(RetryListeners.register(new RetryListener() {
            @Override
            public void onGiveUp(RetryEvent event) {
                if (event.method().getDeclaringClass() == Service.class) {
                    giveUps.add(event);
                }
            }
        }));
        Service service = new Service(10);

        assertThat(service.recovering().get(10, TimeUnit.SECONDS)).isEqualTo("recovered from attempt 1");
        assertThat(giveUps).singleElement().satisfies(event -> {
            assertThat(event.giveUpReason()).isEqualTo(RetryEvent.GiveUpReason.HAND_OFF_FAILED);
            assertThat(event.failure()).isSameAs(service.last());
            assertThat(event.recovered()).isTrue();
        });
        assertThat(service.last().getSuppressed()).containsExactly(rejection);
    }

    @Test
    void aRejectedHandOffAfterARejectedResultCompletesWithThatResult() throws Exception {
        AsyncRetries.useExecutor(task -> {
            throw new RejectedExecutionException("full");
        });
        Service service = new Service(0);

        assertThat(service.polled().get(10, TimeUnit.SECONDS)).isEqualTo("pending");
        assertThat(service.attempts).hasValue(1);
    }

    @Test
    void shuttingTheEnvironmentDownEndsThePendingCallsWithTheirLastFailure() throws Exception {
        Service service = new Service(10);
        CompletableFuture<String> pending = service.slow();
        assertThat(pending).isNotDone();

        RetryEnvironment.shutdown();

        Throwable failure = failureOf(pending);
        assertThat(failure).isSameAs(service.last());
        assertThat(failure.getSuppressed()).singleElement().isInstanceOf(RejectedExecutionException.class)
                .satisfies(why -> assertThat(why.getMessage()).contains("shut down"));
        assertThat(service.attempts).hasValue(1);
    }

    @Test
    void shuttingDownWithAnExecutorSetEndsThePendingCallsToo() throws Exception {
        Executor direct = Runnable::run;
        AsyncRetries.useExecutor(direct);
        Service service = new Service(10);
        CompletableFuture<String> pending = service.slow();

        RetryEnvironment.shutdown();

        assertThat(failureOf(pending)).isSameAs(service.last());
    }
}
