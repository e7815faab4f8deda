package dev.ajretry.woven;

import dev.ajretry.Retry;
import dev.ajretry.RetryEvent;
import dev.ajretry.RetryListener;
import dev.ajretry.runtime.RetryBudget;
import dev.ajretry.runtime.RetryBudgets;
import dev.ajretry.runtime.RetryContext;
import dev.ajretry.runtime.RetryListeners;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static java.time.Duration.ofMillis;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Hedged requests ({@code hedges}, {@code hedgeDelay}) on the woven asynchronous path. Each attempt returns a future
 * the test completes by hand, so that which attempt answers, and when, is the test's to say. Under the test sleeper
 * a hedge's wait is over at once (and recorded), so a hedge starts as soon as the latest attempt has returned an
 * unanswered stage; one test runs in real time for the delay itself.
 */
class HedgingTest {

    @RegisterExtension
    final RecordedWaits sleeper = new RecordedWaits();

    private final List<String> events = Collections.synchronizedList(new ArrayList<>());
    private RetryListeners.Registration listening;

    @BeforeEach
    void listen() {
        listening = RetryListeners.register(new RetryListener() {
            @Override
            public void onRetry(RetryEvent event) {
                events.add("RETRY #" + event.attempt() + " " + event.failure().getMessage());
            }

            @Override
            public void onHedge(RetryEvent event) {
                events.add("HEDGE #" + event.attempt());
            }

            @Override
            public void onSuccess(RetryEvent event) {
                events.add("SUCCESS #" + event.attempt());
            }

            @Override
            public void onGiveUp(RetryEvent event) {
                events.add("GIVE_UP #" + event.attempt() + " " + event.giveUpReason() + " "
                        + event.failure().getMessage());
            }
        });
    }

    @AfterEach
    void stopListening() {
        listening.close();
    }

    /** Every attempt returns a new, pending future, kept in order; each notes what its context said. */
    static class Remote {
        final List<CompletableFuture<String>> attempts = Collections.synchronizedList(new ArrayList<>());
        final List<String> contexts = Collections.synchronizedList(new ArrayList<>());

        private CompletableFuture<String> attempt() {
            RetryContext context = RetryContext.current();
            contexts.add(context.attempt() + (context.isHedge() ? " hedge" : ""));
            CompletableFuture<String> future = new CompletableFuture<>();
            attempts.add(future);
            return future;
        }

        @Retry(tries = 3, delay = 100, hedges = 1, hedgeDelay = 20)
        CompletableFuture<String> oneHedge() {
            return attempt();
        }

        @Retry(tries = 3, delay = 100, hedges = 2, hedgeDelay = 20)
        CompletableFuture<String> twoHedges() {
            return attempt();
        }

        @Retry(tries = 2, hedges = 3, hedgeDelay = 20)
        CompletableFuture<String> fewerTriesThanHedges() {
            return attempt();
        }

        @Retry(tries = 3, delay = 100, hedges = 1, hedgeDelay = 20, abortOn = FileNotFoundException.class)
        CompletableFuture<String> abortsOnMissing() {
            return attempt();
        }

        @Retry(tries = 5, hedges = 1, hedgeDelay = 20, budget = "hedging-test")
        CompletableFuture<String> budgeted() {
            return attempt();
        }

        @Retry(tries = 3, hedges = 1, hedgeDelay = 50)
        CompletableFuture<String> realTime() {
            return attempt();
        }

        /** Answers at once: no hedge is ever needed. */
        @Retry(tries = 3, hedges = 1, hedgeDelay = 20)
        CompletableFuture<String> fast() {
            contexts.add("fast");
            return CompletableFuture.completedFuture("fast");
        }

        /** Attempts 1 and 2 hang until their timeout; the third answers within its call (no timeout to race). */
        @Retry(tries = 3, hedges = 1, hedgeDelay = 20, attemptTimeout = 100)
        CompletableFuture<String> timed() {
            CompletableFuture<String> future = attempt();
            if (attempts.size() == 3) {
                future.complete("after the timeouts");
            }
            return future;
        }
    }

    private static String get(CompletableFuture<String> call) throws Exception {
        return call.get(10, TimeUnit.SECONDS);
    }

    @Test
    void aSlowFirstAttemptIsOvertakenByItsHedgeAndCancelled() throws Exception {
        Remote remote = new Remote();
        CompletableFuture<String> call = remote.oneHedge();

        assertThat(remote.attempts).hasSize(2);
        assertThat(call).isNotDone();
        remote.attempts.get(1).complete("from the hedge");

        assertThat(get(call)).isEqualTo("from the hedge");
        assertThat(remote.attempts.get(0)).as("the slow first attempt").isCancelled();
        assertThat(remote.contexts).containsExactly("1", "2 hedge");
        assertThat(sleeper.waits()).containsExactly(ofMillis(20));
        assertThat(events).containsExactly("HEDGE #2", "SUCCESS #2");
    }

    @Test
    void whenTheFirstAttemptAnswersFirstTheHedgeIsCancelled() throws Exception {
        Remote remote = new Remote();
        CompletableFuture<String> call = remote.oneHedge();
        remote.attempts.get(0).complete("from the first");

        assertThat(get(call)).isEqualTo("from the first");
        assertThat(remote.attempts.get(1)).isCancelled();
        assertThat(events).containsExactly("HEDGE #2", "SUCCESS #1");
    }

    @Test
    void anAttemptThatAnswersWithinItsCallIsNeverHedged() throws Exception {
        Remote remote = new Remote();

        assertThat(get(remote.fast())).isEqualTo("fast");
        assertThat(remote.contexts).containsExactly("fast");
        assertThat(sleeper.waits()).isEmpty();
        assertThat(events).isEmpty();
    }

    @Test
    void hedgesStartUntilOnePlusHedgesAreInFlight() throws Exception {
        Remote remote = new Remote();
        CompletableFuture<String> call = remote.twoHedges();

        // The first, then a hedge 20 ms after each start, while fewer than three run; a third wait finds no room.
        assertThat(remote.contexts).containsExactly("1", "2 hedge", "3 hedge");
        assertThat(sleeper.waits()).containsExactly(ofMillis(20), ofMillis(20));
        remote.attempts.get(2).complete("third");
        assertThat(get(call)).isEqualTo("third");
        assertThat(remote.attempts.subList(0, 2)).allSatisfy(f -> assertThat(f).isCancelled());
    }

    @Test
    void everyHedgeCountsAgainstTheTries() throws Exception {
        Remote remote = new Remote();
        CompletableFuture<String> call = remote.fewerTriesThanHedges();

        assertThat(remote.contexts).containsExactly("1", "2 hedge");
        remote.attempts.get(0).completeExceptionally(new IOException("first failed"));
        // No try is left for a retry: the series waits for the hedge.
        assertThat(call).isNotDone();
        remote.attempts.get(1).completeExceptionally(new IOException("hedge failed"));

        Throwable failure = catchThrowable(() -> get(call));
        assertThat(failure).isInstanceOf(ExecutionException.class).cause().hasMessage("hedge failed");
        assertThat(failure.getCause().getSuppressed()).extracting(Throwable::getMessage).containsExactly("first failed");
        assertThat(events).containsExactly("HEDGE #2", "GIVE_UP #2 TRIES_EXHAUSTED hedge failed");
    }

    @Test
    void aRetryableFailureEndsOnlyItsAttemptAndTheNextFollowsTheSchedule() throws Exception {
        Remote remote = new Remote();
        CompletableFuture<String> call = remote.oneHedge();
        assertThat(remote.attempts).hasSize(2);

        remote.attempts.get(0).completeExceptionally(new IOException("first failed"));

        // The hedge still runs; the retry came after the schedule's 100 ms (recorded), as attempt 3; the tries are
        // used up, so no further hedge.
        assertThat(remote.contexts).containsExactly("1", "2 hedge", "3");
        assertThat(sleeper.waits()).containsExactly(ofMillis(20), ofMillis(100));
        assertThat(remote.attempts.get(1)).isNotDone();
        remote.attempts.get(1).completeExceptionally(new IOException("hedge failed"));
        assertThat(call).isNotDone();
        remote.attempts.get(2).complete("the retry");

        assertThat(get(call)).isEqualTo("the retry");
        assertThat(events).containsExactly("HEDGE #2", "RETRY #1 first failed", "SUCCESS #3");
    }

    @Test
    void whenEveryAttemptFailsTheCallerGetsTheLastFailureWithTheOthersAttached() {
        Remote remote = new Remote();
        CompletableFuture<String> call = remote.oneHedge();
        remote.attempts.get(0).completeExceptionally(new IOException("one"));
        remote.attempts.get(1).completeExceptionally(new IOException("two"));
        remote.attempts.get(2).completeExceptionally(new IOException("three"));

        Throwable failure = catchThrowable(() -> get(call));
        assertThat(failure.getCause()).hasMessage("three");
        assertThat(failure.getCause().getSuppressed()).extracting(Throwable::getMessage)
                .containsExactly("one", "two");
        assertThat(events).last().asString().isEqualTo("GIVE_UP #3 TRIES_EXHAUSTED three");
    }

    @Test
    void aFailureThatIsNotRetriedEndsTheCallAndCancelsTheOthers() {
        Remote remote = new Remote();
        CompletableFuture<String> call = remote.abortsOnMissing();
        FileNotFoundException missing = new FileNotFoundException("gone");
        remote.attempts.get(1).completeExceptionally(missing);

        Throwable failure = catchThrowable(() -> get(call));
        assertThat(failure.getCause()).isSameAs(missing);
        assertThat(remote.attempts.get(0)).isCancelled();
        assertThat(events).containsExactly("HEDGE #2", "GIVE_UP #2 ABORT_ON gone");
    }

    @Test
    void aHedgeSpendsABudgetTokenAndNoHedgeStartsWhileTheBudgetIsSpent() throws Exception {
        RetryBudget budget = RetryBudgets.configure("hedging-test", 10, 0.1);
        budget.reset();
        Remote remote = new Remote();
        CompletableFuture<String> call = remote.budgeted();
        assertThat(budget.tokens()).isEqualTo(9.0);
        remote.attempts.get(1).complete("hedged");
        get(call);
        assertThat(budget.tokens()).isEqualTo(9.1);

        // Each hedged call spends a token and its success earns a tenth back: a few drain the budget below half.
        for (int i = 0; i < 20 && budget.allowsRetry(); i++) {
            Remote more = new Remote();
            CompletableFuture<String> hedged = more.budgeted();
            more.attempts.get(more.attempts.size() - 1).complete("hedged");
            get(hedged);
        }
        assertThat(budget.allowsRetry()).isFalse();
        Remote starved = new Remote();
        CompletableFuture<String> alone = starved.budgeted();
        assertThat(starved.contexts).containsExactly("1");
        starved.attempts.get(0).complete("alone");
        assertThat(get(alone)).isEqualTo("alone");
        budget.reset();
    }

    @Test
    void cancellingTheCallCancelsEveryAttemptInFlight() {
        Remote remote = new Remote();
        CompletableFuture<String> call = remote.twoHedges();
        assertThat(remote.attempts).hasSize(3);

        call.cancel(true);

        assertThat(remote.attempts).allSatisfy(f -> assertThat(f).isCancelled());
    }

    @Test
    void eachAttemptHasItsOwnTimeout() throws Exception {
        Remote remote = new Remote();
        CompletableFuture<String> call = remote.timed();
        assertThat(remote.attempts).hasSize(2);

        // Neither answers: each is cut at 100 ms of real time; then the retry, attempt 3, answers.
        assertThat(get(call)).isEqualTo("after the timeouts");
        assertThat(remote.attempts).hasSize(3);
        assertThat(remote.attempts.subList(0, 2)).allSatisfy(f -> assertThat(f).isCancelled());
    }

    @Test
    void inRealTimeAHedgeStartsNoEarlierThanTheHedgeDelay() throws Exception {
        sleeperOff();
        Remote remote = new Remote();
        long start = System.nanoTime();
        CompletableFuture<String> call = remote.realTime();
        long deadline = start + TimeUnit.SECONDS.toNanos(10);
        while (remote.attempts.size() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        Duration hedgeAfter = Duration.ofNanos(System.nanoTime() - start);

        assertThat(remote.attempts).hasSize(2);
        assertThat(hedgeAfter).isGreaterThanOrEqualTo(ofMillis(50)).isLessThan(Duration.ofSeconds(10));
        remote.attempts.get(1).complete("hedged");
        assertThat(get(call)).isEqualTo("hedged");
    }

    /** Removes this test's recording sleeper: the real one schedules in real time. */
    private void sleeperOff() {
        sleeper.close();
    }
}
