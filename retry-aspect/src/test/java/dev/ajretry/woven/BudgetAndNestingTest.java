package dev.ajretry.woven;

import dev.ajretry.runtime.RetryEnvironment;
import ch.qos.logback.classic.Level;
import dev.ajretry.Nested;
import dev.ajretry.Retry;
import dev.ajretry.runtime.RetryBudget;
import dev.ajretry.runtime.RetryBudgets;
import dev.ajretry.testing.CapturedLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** Retry budgets keep a dead dependency from seeing tries x the load; nested retries are detected and can be flattened. */
class BudgetAndNestingTest {

    @RegisterExtension
    final RecordedWaits sleeper = new RecordedWaits();

    /** A dependency that is down until healed; counts the calls it gets. */
    static final class Dependency {
        boolean down = true;
        int calls;

        void call() throws IOException {
            calls++;
            if (down) {
                throw new IOException("dependency down");
            }
        }
    }

    static final class Client {
        final Dependency dependency;

        Client(Dependency dependency) {
            this.dependency = dependency;
        }

        @Retry(tries = 3)
        void unbudgeted() throws IOException {
            dependency.call();
        }

        @Retry(tries = 3, budget = "steady-stream")
        void budgeted() throws IOException {
            dependency.call();
        }

        @Retry(tries = 3, budget = "first-attempts")
        void alsoBudgeted() throws IOException {
            dependency.call();
        }
    }

    private static int stream(Runnable call, int calls) {
        int failed = 0;
        for (int i = 0; i < calls; i++) {
            try {
                call.run();
            } catch (RuntimeException e) {
                failed++;
            }
        }
        return failed;
    }

    private static Runnable unchecked(ThrowingRunnable r) {
        return () -> {
            try {
                r.run();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        };
    }

    @FunctionalInterface
    interface ThrowingRunnable {
        void run() throws IOException;
    }

    @Test
    void aBudgetKeepsADeadDependencyNearOneCallPerCallAndRecoversWhenItHeals() {
        int calls = 1_000;
        Dependency withoutBudget = new Dependency();
        Client plain = new Client(withoutBudget);
        stream(unchecked(plain::unbudgeted), calls);

        Dependency withBudget = new Dependency();
        Client budgeted = new Client(withBudget);
        stream(unchecked(budgeted::budgeted), calls);

        // Without a budget the dead dependency sees tries x the calls; with one, barely more than the calls.
        assertThat(withoutBudget.calls).isEqualTo(3 * calls);
        // (Retries stop once half of the 10 tokens are spent: 5 retries in all. docs/operations.md quotes this figure.)
        assertThat(withBudget.calls).isEqualTo(calls + 5);
        RetryBudget budget = RetryBudgets.find("steady-stream");
        assertThat(budget.tokens()).isEqualTo(5.0);
        assertThat(budget.allowsRetry()).isFalse();

        // The dependency heals: successes refill the budget (0.1 token each, 10 tokens when full)...
        withBudget.down = false;
        assertThat(stream(unchecked(budgeted::budgeted), 100)).isZero();
        assertThat(budget.allowsRetry()).isTrue();
        // ...and a failing call gets its full three tries again.
        withBudget.down = true;
        withBudget.calls = 0;
        assertThat(catchThrowable(budgeted::budgeted)).hasMessage("dependency down");
        assertThat(withBudget.calls).isEqualTo(3);
    }

    @Test
    void firstAttemptsAreNeverBlocked() {
        Dependency dependency = new Dependency();
        Client client = new Client(dependency);
        stream(unchecked(client::alsoBudgeted), 50);
        dependency.calls = 0;

        stream(unchecked(client::alsoBudgeted), 10);

        assertThat(dependency.calls).isEqualTo(10);
    }

    /** Always rejects its result: every call gives up returning it. */
    public static final class AlwaysRejected implements dev.ajretry.ResultPredicate<String> {
        @Override
        public boolean test(String result) {
            return true;
        }
    }

    static final class Rejecting {
        @Retry(tries = 2, budget = "rejected-results", retryIfResult = AlwaysRejected.class)
        String blocking() {
            return "busy";
        }

        @Retry(tries = 2, budget = "rejected-results-async", retryIfResult = AlwaysRejected.class)
        java.util.concurrent.CompletableFuture<String> async() {
            return java.util.concurrent.CompletableFuture.completedFuture("busy");
        }
    }

    @Test
    void aGiveUpOnARejectedResultIsNoSuccessForTheBudgetOnEitherPath() throws Exception {
        Rejecting rejecting = new Rejecting();
        assertThat(rejecting.blocking()).isEqualTo("busy");
        assertThat(rejecting.async().get()).isEqualTo("busy");
        // Each call spent a token for its one retry and earned none back: it gave up.
        assertThat(RetryBudgets.find("rejected-results").tokens()).isEqualTo(9.0);
        assertThat(RetryBudgets.find("rejected-results-async").tokens()).isEqualTo(9.0);
    }

    // ---- nesting ----------------------------------------------------------------------------------------------

    static final class Layers {
        final Dependency dependency = new Dependency();

        @Retry(tries = 3)
        void outer() throws IOException {
            inner();
        }

        @Retry(tries = 3)
        void inner() throws IOException {
            dependency.call();
        }

        @Retry(tries = 3)
        void outerOfFlat() throws IOException {
            flatInner();
        }

        @Retry(tries = 3, whenNested = Nested.SINGLE_ATTEMPT)
        void flatInner() throws IOException {
            dependency.call();
        }

        @Retry(tries = 3)
        void outerOfGlobal() throws IOException {
            globalInner();
        }

        @Retry(tries = 3)
        void globalInner() throws IOException {
            dependency.call();
        }
    }

    @Test
    void nestedRetriesMultiplyAndArePointedOutOnce() {
        CapturedLog log = CapturedLog.of("dev.ajretry.internal.call.Nesting").at(Level.WARN).start();
        try {
            Layers layers = new Layers();
            catchThrowable(layers::outer);
            catchThrowable(layers::outer);

            assertThat(layers.dependency.calls).isEqualTo(2 * 9);
            assertThat(log.events()).singleElement().satisfies(e -> assertThat(e.getFormattedMessage())
                    .contains("Nested retries: dev.ajretry.woven.BudgetAndNestingTest$Layers.inner() (tries = 3)"
                            + " fails inside the retry series of dev.ajretry.woven.BudgetAndNestingTest$Layers.outer()"
                            + " (tries = 3): their attempts multiply, up to 9 calls"));
        } finally {
            log.close();
        }
    }

    @Test
    void anInnerMethodMarkedSingleAttemptLeavesTheRetryingToTheOutermost() {
        Layers layers = new Layers();

        Throwable thrown = catchThrowable(layers::outerOfFlat);

        assertThat(thrown).hasMessage("dependency down");
        assertThat(layers.dependency.calls).isEqualTo(3);
    }

    @Test
    void notNestedTheSameMethodRetriesAsUsual() {
        Layers layers = new Layers();

        catchThrowable(layers::flatInner);

        assertThat(layers.dependency.calls).isEqualTo(3);
    }

    @Test
    void theWholeApplicationCanRetryAtTheOutermostLevelOnly() {
        System.setProperty("ajretry.nested", "outermost");
        RetryEnvironment.reset();
        try {
            Layers layers = new Layers();
            catchThrowable(layers::outerOfGlobal);
            assertThat(layers.dependency.calls).isEqualTo(3);
        } finally {
            System.clearProperty("ajretry.nested");
            RetryEnvironment.reset();
        }
    }
}
