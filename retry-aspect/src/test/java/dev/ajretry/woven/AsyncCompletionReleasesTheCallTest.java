package dev.ajretry.woven;

import dev.ajretry.Retry;
import dev.ajretry.runtime.AsyncRetries;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 12, "every call ends", and the release of what a call holds: whatever completes the returned future (a
 * retry, {@code cancel}, {@code complete}, {@code completeExceptionally}, {@code orTimeout}) ends the series at once:
 * the scheduled wait leaves the scheduler's queue and the attempt in flight is cancelled, also when the caller's
 * move arrives while that attempt is starting.
 */
class AsyncCompletionReleasesTheCallTest {

    static class Service {
        final AtomicInteger attempts = new AtomicInteger();

        @Retry(tries = 5, delay = 3_600_000)
        CompletableFuture<String> hourly() {
            attempts.incrementAndGet();
            return CompletableFuture.failedFuture(new IOException("down"));
        }
    }

    /** Attempt 1 fails; attempt 2 starts (after 1 ms), waits for the test's move, then returns {@link #second}. */
    static class Starting {
        final CountDownLatch started = new CountDownLatch(1);
        final CountDownLatch moved = new CountDownLatch(1);
        final CompletableFuture<String> second = new CompletableFuture<>();
        final AtomicInteger attempts = new AtomicInteger();

        @Retry(tries = 5, delay = 1)
        CompletableFuture<String> call() throws InterruptedException {
            if (attempts.incrementAndGet() == 1) {
                return CompletableFuture.failedFuture(new IOException("down"));
            }
            started.countDown();
            moved.await(10, TimeUnit.SECONDS);
            return second;
        }
    }

    /** Attempt 1 fails; attempt 2 returns {@link #second}, which never completes on its own. */
    static class InFlight {
        final CompletableFuture<String> second = new CompletableFuture<>();
        final AtomicInteger attempts = new AtomicInteger();

        @Retry(tries = 5, delay = 1)
        CompletableFuture<String> call() {
            return attempts.incrementAndGet() == 1 ? CompletableFuture.failedFuture(new IOException("down")) : second;
        }
    }

    private ScheduledThreadPoolExecutor users;

    @AfterEach
    void restore() {
        AsyncRetries.useScheduler(null);
        if (users != null) {
            users.shutdownNow();
        }
    }

    private ScheduledThreadPoolExecutor usersScheduler() {
        users = new ScheduledThreadPoolExecutor(1);
        users.setRemoveOnCancelPolicy(true);
        AsyncRetries.useScheduler(users);
        return users;
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("never true: " + what);
            }
            Thread.sleep(1);
        }
    }

    private void endingEachFutureReleasesItsWait(int calls, Consumer<CompletableFuture<String>> end)
            throws InterruptedException {
        ScheduledThreadPoolExecutor scheduler = usersScheduler();
        Service service = new Service();
        List<CompletableFuture<String>> futures = new ArrayList<>();
        for (int i = 0; i < calls; i++) {
            futures.add(service.hourly());
        }
        assertThat(scheduler.getQueue()).hasSize(calls);

        futures.forEach(end);

        await("every future done", () -> futures.stream().allMatch(CompletableFuture::isDone));
        await("the scheduler's queue empty, " + scheduler.getQueue().size() + " left",
                () -> scheduler.getQueue().isEmpty());
        assertThat(service.attempts).hasValue(calls);
    }

    @Test
    void orTimeoutReleasesThePendingWaits() throws InterruptedException {
        endingEachFutureReleasesItsWait(2_000, future -> future.orTimeout(1, TimeUnit.MILLISECONDS));
    }

    @Test
    void completeReleasesThePendingWaits() throws InterruptedException {
        endingEachFutureReleasesItsWait(500, future -> future.complete("mine"));
    }

    @Test
    void completeExceptionallyReleasesThePendingWaits() throws InterruptedException {
        endingEachFutureReleasesItsWait(500, future -> future.completeExceptionally(new TimeoutException("mine")));
    }

    @Test
    void cancelStillReleasesThePendingWaits() throws InterruptedException {
        endingEachFutureReleasesItsWait(500, future -> future.cancel(false));
    }

    @Test
    void theDefaultSchedulerIsReleasedToo() throws InterruptedException {
        assertThat(AsyncRetries.scheduler()).isInstanceOf(ThreadPoolExecutor.class);
        ThreadPoolExecutor scheduler = (ThreadPoolExecutor) AsyncRetries.scheduler();
        int before = scheduler.getQueue().size();
        Service service = new Service();
        List<CompletableFuture<String>> futures = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            futures.add(service.hourly().orTimeout(1, TimeUnit.MILLISECONDS));
        }

        await("every future done", () -> futures.stream().allMatch(CompletableFuture::isDone));
        await("the default scheduler's queue back to " + before, () -> scheduler.getQueue().size() <= before);
    }

    @Test
    void completingTheFutureCancelsTheAttemptInFlight() throws Exception {
        InFlight service = new InFlight();
        CompletableFuture<String> future = service.call();
        await("attempt 2 started", () -> service.attempts.get() == 2);

        assertThat(future.complete("mine")).isTrue();

        await("attempt 2's stage cancelled", service.second::isCancelled);
        assertThat(service.attempts).hasValue(2);
    }

    @Test
    void aCancelWhileAnAttemptStartsCancelsTheStageItReturns() throws Exception {
        Starting service = new Starting();
        CompletableFuture<String> future = service.call();
        assertThat(service.started.await(10, TimeUnit.SECONDS)).isTrue();

        assertThat(future.cancel(true)).isTrue();
        service.moved.countDown();

        await("attempt 2's stage cancelled", service.second::isCancelled);
        assertThat(service.attempts).hasValue(2);
    }

    @Test
    void aCompletionWhileAnAttemptStartsCancelsTheStageItReturns() throws Exception {
        Starting service = new Starting();
        AtomicReference<CompletableFuture<String>> future = new AtomicReference<>(service.call());
        assertThat(service.started.await(10, TimeUnit.SECONDS)).isTrue();

        assertThat(future.get().completeExceptionally(new TimeoutException("mine"))).isTrue();
        service.moved.countDown();

        await("attempt 2's stage cancelled", service.second::isCancelled);
        assertThat(service.attempts).hasValue(2);
    }
}
