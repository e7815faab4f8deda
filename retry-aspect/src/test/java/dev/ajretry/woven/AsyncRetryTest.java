package dev.ajretry.woven;

import dev.ajretry.ResultPredicate;
import dev.ajretry.Retry;
import dev.ajretry.runtime.RecordingSleeper;
import dev.ajretry.runtime.RetryContext;
import org.junit.jupiter.api.Test;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static java.time.Duration.ofMillis;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** Methods returning a CompletionStage are retried without blocking: same policy, waits scheduled. */
class AsyncRetryTest {

    /** A service whose attempts complete (or fail) as scripted, synchronously or on another thread. */
    static class AsyncService {
        final Script script;
        final AtomicInteger attempts = new AtomicInteger();
        final List<String> threads = Collections.synchronizedList(new ArrayList<>());
        final List<RetryContext> contexts = Collections.synchronizedList(new ArrayList<>());

        AsyncService(Script script) {
            this.script = script;
        }

        private CompletableFuture<String> attempt() {
            attempts.incrementAndGet();
            threads.add(Thread.currentThread().getName());
            contexts.add(RetryContext.current());
            try {
                script.attempt();
                return CompletableFuture.completedFuture("done after " + attempts.get());
            } catch (Throwable failure) {
                return CompletableFuture.failedFuture(failure);
            }
        }

        @Retry(tries = 4, delay = 100, backoff = 2)
        CompletableFuture<String> fetch() {
            return attempt();
        }

        @Retry(tries = 3, delay = 200)
        CompletableFuture<String> slowWaits() {
            return attempt();
        }

        @Retry(tries = 3, delay = 10)
        CompletionStage<String> asStage() {
            return attempt().thenApply(s -> s + " (stage)");
        }

        @Retry(tries = 3, delay = 10)
        CompletableFuture<String> throwsSynchronously() throws IOException {
            attempts.incrementAndGet();
            if (attempts.get() < 3) {
                throw new IOException("sync " + attempts.get());
            }
            return CompletableFuture.completedFuture("ok");
        }

        @Retry(tries = 3, delay = 5, exceptions = IOException.class, abortOn = FileNotFoundException.class)
        CompletableFuture<String> aborting() {
            return attempt();
        }

        @Retry(tries = 2, recover = "fallback")
        CompletableFuture<String> recovering(String key) {
            return attempt();
        }

        CompletableFuture<String> fallback(Throwable failure, String key) {
            return CompletableFuture.supplyAsync(() -> "fallback for " + key + " after " + failure.getMessage());
        }

        @Retry(tries = 10, delay = 10_000)
        CompletableFuture<String> longWait() {
            return attempt();
        }

        @Retry(tries = 3, delay = 7, retryIfResult = Pending.class)
        CompletableFuture<String> polled() {
            int n = attempts.incrementAndGet();
            return CompletableFuture.completedFuture(n < 3 ? "pending" : "ready");
        }

        @Retry(tries = 10, delay = 100, maxDuration = 250)
        CompletableFuture<String> withDeadline() {
            return attempt();
        }

        @Retry(tries = 3, delay = 10)
        MyFuture<String> customFuture() {
            MyFuture<String> future = new MyFuture<>();
            if (attempts.incrementAndGet() < 2) {
                future.completeExceptionally(new IOException("custom"));
            } else {
                future.complete("custom ok");
            }
            return future;
        }
    }

    public static class Pending implements ResultPredicate<String> {
        @Override
        public boolean test(String result) {
            return result.equals("pending");
        }
    }

    public static class MyFuture<T> extends CompletableFuture<T> {
        public MyFuture() {
        }

        @Override
        public <U> CompletableFuture<U> newIncompleteFuture() {
            return new MyFuture<>();
        }
    }

    private static Throwable failureOf(CompletionStage<?> stage) throws Exception {
        try {
            stage.toCompletableFuture().get(30, TimeUnit.SECONDS);
            throw new AssertionError("expected a failure");
        } catch (ExecutionException e) {
            return e.getCause();
        }
    }

    @Test
    void retriesWithTheScheduleAndCompletesWithTheFirstSuccess() throws Exception {
        AsyncService service = new AsyncService(Script.failing(new IOException("1"), new IOException("2")));
        try (RecordingSleeper sleeper = RecordingSleeper.installOnThisThread()) {
            assertThat(service.fetch().get(30, TimeUnit.SECONDS)).isEqualTo("done after 3");
            assertThat(service.attempts).hasValue(3);
            assertThat(sleeper.waits()).containsExactly(ofMillis(100), ofMillis(200));
        }
    }

    @Test
    void exhaustionCompletesWithTheLastFailureItselfAndTheEarlierOnesAttached() throws Exception {
        IOException last = new IOException("4");
        List<IOException> earlier = List.of(new IOException("1"), new IOException("2"), new IOException("3"));
        AsyncService service = new AsyncService(Script.failing(earlier.get(0), earlier.get(1), earlier.get(2), last));
        try (RecordingSleeper ignored = RecordingSleeper.installOnThisThread()) {
            CompletableFuture<String> future = service.fetch();

            Throwable failure = failureOf(future);
            assertThat(failure).isSameAs(last);
            assertThat(failure.getSuppressed()).containsExactlyElementsOf(earlier);
            assertThat(service.attempts).hasValue(4);
            assertThat(catchThrowable(future::join)).isInstanceOf(CompletionException.class).hasCauseReference(last);
        }
    }

    @Test
    void theCallReturnsAtOnceWhileWaitsArePending() throws Exception {
        AsyncService service = new AsyncService(Script.failing(new IOException("1"), new IOException("2")));
        long start = System.nanoTime();

        CompletableFuture<String> future = service.slowWaits();

        assertThat(future).isNotDone();
        assertThat(service.attempts).hasValue(1);
        assertThat(future.get(30, TimeUnit.SECONDS)).isEqualTo("done after 3");
        // Two waits of 200 ms: a lower bound only.
        assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(ofMillis(400).toNanos());
        assertThat(service.threads.get(0)).isEqualTo(Thread.currentThread().getName());
        assertThat(service.threads.subList(1, 3)).allSatisfy(t -> assertThat(t).startsWith("ajretry-scheduler-"));
    }

    @Test
    void completionStageTypedMethodsAreRetried() throws Exception {
        AsyncService service = new AsyncService(Script.failing(new IOException("1")));
        try (RecordingSleeper ignored = RecordingSleeper.installOnThisThread()) {
            assertThat(service.asStage().toCompletableFuture().get(30, TimeUnit.SECONDS))
                    .isEqualTo("done after 2 (stage)");
        }
    }

    @Test
    void aSynchronousThrowIsAFailedAttempt() throws Exception {
        AsyncService service = new AsyncService(Script.succeeding());
        try (RecordingSleeper ignored = RecordingSleeper.installOnThisThread()) {
            assertThat(service.throwsSynchronously().get(30, TimeUnit.SECONDS)).isEqualTo("ok");
            assertThat(service.attempts).hasValue(3);
        }
    }

    @Test
    void abortOnIsHonoured() throws Exception {
        FileNotFoundException missing = new FileNotFoundException("gone");
        AsyncService service = new AsyncService(Script.failing(new IOException("1"), missing));
        try (RecordingSleeper ignored = RecordingSleeper.installOnThisThread()) {
            assertThat(failureOf(service.aborting())).isSameAs(missing);
            assertThat(service.attempts).hasValue(2);
        }
    }

    @Test
    void recoveryMayReturnAStage() throws Exception {
        AsyncService service = new AsyncService(Script.failing(new IOException("1"), new IOException("2")));
        try (RecordingSleeper ignored = RecordingSleeper.installOnThisThread()) {
            assertThat(service.recovering("k").get(30, TimeUnit.SECONDS)).isEqualTo("fallback for k after 2");
        }
    }

    @Test
    void cancellingTheResultStopsFurtherAttempts() throws Exception {
        AsyncService service = new AsyncService(Script.failing(new IOException("1"), new IOException("2")));

        CompletableFuture<String> future = service.longWait();
        assertThat(service.attempts).hasValue(1);
        assertThat(future.cancel(true)).isTrue();
        Thread.sleep(50);

        assertThat(service.attempts).hasValue(1);
        assertThat(future).isCancelled();
    }

    @Test
    void rejectedResultsAreRetriedAsynchronously() throws Exception {
        AsyncService service = new AsyncService(Script.succeeding());
        try (RecordingSleeper sleeper = RecordingSleeper.installOnThisThread()) {
            assertThat(service.polled().get(30, TimeUnit.SECONDS)).isEqualTo("ready");
            assertThat(sleeper.waits()).containsExactly(ofMillis(7), ofMillis(7));
        }
    }

    @Test
    void theDeadlineAppliesToAsynchronousCalls() throws Exception {
        IOException third = new IOException("3");
        AsyncService service = new AsyncService(Script.failing(new IOException("1"), new IOException("2"), third,
                new IOException("4")));
        try (RecordingSleeper sleeper = RecordingSleeper.installOnThisThread()) {
            assertThat(failureOf(service.withDeadline())).isSameAs(third);
            assertThat(sleeper.waits()).containsExactly(ofMillis(100), ofMillis(100));
        }
    }

    @Test
    void theContextFollowsTheAttemptToItsThread() throws Exception {
        AsyncService service = new AsyncService(Script.failing(new IOException("1"), new IOException("2")));

        assertThat(service.slowWaits().get(30, TimeUnit.SECONDS)).isEqualTo("done after 3");

        assertThat(service.contexts).extracting(RetryContext::attempt).containsExactly(1L, 2L, 3L);
        assertThat(service.contexts).allSatisfy(c -> assertThat(c.method()).endsWith("AsyncService.slowWaits()"));
        assertThat(service.contexts.get(2).isLastAttempt()).isTrue();
        assertThat(RetryContext.current().active()).isFalse();
    }

    @Test
    void aSubclassOfCompletableFutureIsReturnedAsItsOwnType() throws Exception {
        AsyncService service = new AsyncService(Script.succeeding());
        try (RecordingSleeper ignored = RecordingSleeper.installOnThisThread()) {
            MyFuture<String> future = service.customFuture();
            assertThat(future).isInstanceOf(MyFuture.class);
            assertThat(future.get(30, TimeUnit.SECONDS)).isEqualTo("custom ok");
        }
    }

    @Test
    void usersCanSupplyTheSchedulerAndTheExecutorOfRetriedAttempts() throws Exception {
        java.util.concurrent.ScheduledExecutorService scheduler = java.util.concurrent.Executors
                .newSingleThreadScheduledExecutor(r -> new Thread(r, "my-scheduler"));
        java.util.concurrent.ExecutorService executor = java.util.concurrent.Executors
                .newSingleThreadExecutor(r -> new Thread(r, "my-executor"));
        dev.ajretry.runtime.AsyncRetries.useScheduler(scheduler);
        try {
            AsyncService onScheduler = new AsyncService(Script.failing(new IOException("1")));
            assertThat(onScheduler.asStage().toCompletableFuture().get(30, TimeUnit.SECONDS)).startsWith("done");
            assertThat(onScheduler.threads.get(1)).isEqualTo("my-scheduler");

            dev.ajretry.runtime.AsyncRetries.useExecutor(executor);
            AsyncService onExecutor = new AsyncService(Script.failing(new IOException("1")));
            assertThat(onExecutor.asStage().toCompletableFuture().get(30, TimeUnit.SECONDS)).startsWith("done");
            assertThat(onExecutor.threads.get(1)).isEqualTo("my-executor");
        } finally {
            dev.ajretry.runtime.AsyncRetries.useExecutor(null);
            dev.ajretry.runtime.AsyncRetries.useScheduler(null);
            scheduler.shutdownNow();
            executor.shutdownNow();
        }
    }

    @Test
    void manyCallsLeaveNoThreadsBehind() throws Exception {
        List<CompletableFuture<String>> futures = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            futures.add(new AsyncService(Script.failing(new IOException("1"))).slowWaits());
        }
        CompletableFuture.allOf(futures.toArray(new CompletableFuture[0])).get(60, TimeUnit.SECONDS);

        long schedulerThreads = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("ajretry-scheduler-")).count();
        assertThat(schedulerThreads).isBetween(1L, 2L);
    }

}
