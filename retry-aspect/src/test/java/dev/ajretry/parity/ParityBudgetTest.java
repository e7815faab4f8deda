package dev.ajretry.parity;

import dev.ajretry.ResultPredicate;
import dev.ajretry.Retry;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;

import static dev.ajretry.parity.Script.fail;
import static dev.ajretry.parity.Script.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Parity of retry budgets: the token level after a call must not depend on the driver. The bucket starts full (10
 * tokens); each retry that is made spends one, after a failure or a rejected result alike (the last attempt of a
 * call that gives up is followed by no retry and spends nothing); only a call that succeeds earns back
 * {@code tokenRatio} (0.1). A give-up is not a success: a
 * series that ends with its last rejected result refills nothing, as one that ends with a failure does not.
 * Each scenario has a budget of its own, refilled before and after the test.
 */
class ParityBudgetTest {

    @RegisterExtension
    final Harness harness = new Harness();

    public static class Pending implements ResultPredicate<String> {
        @Override
        public boolean test(String result) {
            return result.startsWith("pending");
        }
    }

    static final class RetriesThenSucceeds extends Fixture {
        RetriesThenSucceeds(Script.Step... steps) {
            super(steps);
        }

        @Retry(tries = 3, budget = "parity-success")
        String call() {
            return attempt();
        }

        @Retry(tries = 3, budget = "parity-success")
        CompletableFuture<String> callAsync() {
            return attemptAsync();
        }
    }

    @ParameterizedTest
    @EnumSource(Driver.class)
    void twoFailuresThenASuccessSpendTwoTokensAndEarnATenth(Driver driver) {
        harness.budget("parity-success");
        Outcome outcome = harness.run(driver, new RetriesThenSucceeds(fail(new IOException("1")),
                fail(new IOException("2")), ok("ok")));

        assertThat(outcome.result()).isEqualTo("ok");
        assertThat(outcome.tokens()).isCloseTo(8.1, within(1e-9));
    }

    @ParameterizedTest
    @EnumSource(Driver.class)
    void aFirstAttemptSuccessLeavesAFullBucketFull(Driver driver) {
        harness.budget("parity-success");
        Outcome outcome = harness.run(driver, new RetriesThenSucceeds(ok("at once")));

        assertThat(outcome.tokens()).isEqualTo(10.0);
    }

    static final class GivesUpOnFailures extends Fixture {
        GivesUpOnFailures(Script.Step... steps) {
            super(steps);
        }

        @Retry(tries = 3, exceptions = IOException.class, budget = "parity-failures")
        String call() {
            return attempt();
        }

        @Retry(tries = 3, exceptions = IOException.class, budget = "parity-failures")
        CompletableFuture<String> callAsync() {
            return attemptAsync();
        }
    }

    @ParameterizedTest
    @EnumSource(Driver.class)
    void aGiveUpOnFailuresSpendsATokenPerRetryAndEarnsNothing(Driver driver) {
        harness.budget("parity-failures");
        Outcome outcome = harness.run(driver, new GivesUpOnFailures(fail(new IOException("1")),
                fail(new IOException("2")), fail(new IOException("3"))));

        assertThat(outcome.failure()).hasMessage("3");
        assertThat(outcome.tokens()).isEqualTo(8.0);
    }

    @ParameterizedTest
    @EnumSource(Driver.class)
    void aFailureThatIsNotRetriedSpendsNoToken(Driver driver) {
        harness.budget("parity-failures");
        Outcome outcome = harness.run(driver, new GivesUpOnFailures(fail(new IllegalStateException("unlisted"))));

        assertThat(outcome.attempts()).isEqualTo(1);
        assertThat(outcome.tokens()).isEqualTo(10.0);
    }

    static final class GivesUpOnResults extends Fixture {
        GivesUpOnResults(Script.Step... steps) {
            super(steps);
        }

        @Retry(tries = 3, retryIfResult = Pending.class, budget = "parity-rejected")
        String call() {
            return attempt();
        }

        @Retry(tries = 3, retryIfResult = Pending.class, budget = "parity-rejected")
        CompletableFuture<String> callAsync() {
            return attemptAsync();
        }
    }

    /**
     * A call that ends with its last rejected result gave up: it spent its two retries and earns nothing back (the
     * first engine's blocking driver refilled the bucket here, its asynchronous one did not).
     */
    @ParameterizedTest
    @EnumSource(Driver.class)
    void aGiveUpOnARejectedResultEarnsNothingBack(Driver driver) {
        harness.budget("parity-rejected");
        Outcome outcome = harness.run(driver, new GivesUpOnResults(ok("pending 1"), ok("pending 2"),
                ok("pending 3")));

        assertThat(outcome.result()).isEqualTo("pending 3");
        assertThat(outcome.events()).last().isEqualTo("GIVE_UP #3 TRIES_EXHAUSTED rejected result");
        assertThat(outcome.tokens()).isEqualTo(8.0);
    }

    @ParameterizedTest
    @EnumSource(Driver.class)
    void aGiveUpOnARejectedResultEarnsNothingBackWithoutListenersToo(Driver driver) {
        harness.stopListening();
        harness.budget("parity-rejected");
        Outcome outcome = harness.run(driver, new GivesUpOnResults(ok("pending 1"), ok("pending 2"),
                ok("pending 3")));

        assertThat(outcome.result()).isEqualTo("pending 3");
        assertThat(outcome.tokens()).isEqualTo(8.0);
    }

    @ParameterizedTest
    @EnumSource(Driver.class)
    void aRejectedResultThenAnAcceptedOneSpendsOneTokenAndEarnsATenth(Driver driver) {
        harness.budget("parity-rejected");
        Outcome outcome = harness.run(driver, new GivesUpOnResults(ok("pending 1"), ok("ready")));

        assertThat(outcome.result()).isEqualTo("ready");
        assertThat(outcome.tokens()).isCloseTo(9.1, within(1e-9));
    }

    static final class SmallBudget extends Fixture {
        SmallBudget(Script.Step... steps) {
            super(steps);
        }

        @Retry(tries = 5, delay = 10, budget = "parity-small")
        String call() {
            return attempt();
        }

        @Retry(tries = 5, delay = 10, budget = "parity-small")
        CompletableFuture<String> callAsync() {
            return attemptAsync();
        }
    }

    @ParameterizedTest
    @EnumSource(Driver.class)
    void aSpentBudgetStopsTheRetriesButNeverAFirstAttempt(Driver driver) {
        harness.budget("parity-small", 4, 0.5);
        IOException third = new IOException("3");
        Outcome spending = harness.run(driver, new SmallBudget(fail(new IOException("1")), fail(new IOException("2")),
                fail(third)));

        // 4 tokens, retries allowed above 2: the first retry leaves 3, the second 2; then no more.
        assertThat(spending.failure()).isSameAs(third);
        assertThat(spending.attempts()).isEqualTo(3);
        assertThat(spending.events()).containsExactly("RETRY #1 IOException(1) wait 10ms",
                "RETRY #2 IOException(2) wait 10ms", "GIVE_UP #3 BUDGET_EXHAUSTED IOException(3)");
        assertThat(spending.tokens()).isEqualTo(2.0);

        Outcome firstOnly = harness.run(driver, new SmallBudget(fail(new IOException("again"))));
        assertThat(firstOnly.attempts()).isEqualTo(1);
        assertThat(firstOnly.waits()).isEmpty();
        assertThat(firstOnly.events()).containsExactly("GIVE_UP #1 BUDGET_EXHAUSTED IOException(again)");
        assertThat(firstOnly.tokens()).isEqualTo(2.0);

        harness.run(driver, new SmallBudget(ok("ok")));
        // 2 + 0.5 = 2.5, above half: a failure is retried again, and the retry spends a token.
        Outcome healed = harness.run(driver, new SmallBudget(fail(new IOException("x")), ok("ok")));
        assertThat(healed.attempts()).isEqualTo(2);
        assertThat(healed.tokens()).isCloseTo(2.0, within(1e-9));
    }

    static final class SingleTry extends Fixture {
        SingleTry(Script.Step... steps) {
            super(steps);
        }

        @Retry(tries = 1, budget = "parity-single")
        String call() {
            return attempt();
        }

        @Retry(tries = 1, budget = "parity-single")
        CompletableFuture<String> callAsync() {
            return attemptAsync();
        }
    }

    /**
     * With {@code tries = 1} no retry follows a failure, so it spends no token, whatever the driver and whether a
     * listener is registered (the first engine's blocking driver spent one only while a listener was registered).
     */
    @ParameterizedTest
    @EnumSource(Driver.class)
    void aSingleTryFailureSpendsNoTokenWithListeners(Driver driver) {
        harness.budget("parity-single");
        Outcome outcome = harness.run(driver, new SingleTry(fail(new IOException("once"))));

        assertThat(outcome.attempts()).isEqualTo(1);
        assertThat(outcome.tokens()).isEqualTo(10.0);
    }

    @ParameterizedTest
    @EnumSource(Driver.class)
    void aSingleTryFailureSpendsNoTokenWithoutListeners(Driver driver) {
        harness.stopListening();
        harness.budget("parity-single");
        Outcome outcome = harness.run(driver, new SingleTry(fail(new IOException("once"))));

        assertThat(outcome.attempts()).isEqualTo(1);
        assertThat(outcome.tokens()).isEqualTo(10.0);
    }
}
