package dev.ajretry.woven;

import dev.ajretry.Retry;
import dev.ajretry.RetryConfigurationException;
import org.junit.jupiter.api.Test;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Each invalid value is rejected before the method body runs, naming class, method and attribute. */
class InvalidPolicyTest {

    static final AtomicInteger bodyRuns = new AtomicInteger();

    static class Invalid {
        @Retry(tries = 0)
        void zeroTries(String name) {
            bodyRuns.incrementAndGet();
        }

        @Retry(delay = -5)
        void negativeDelay() {
            bodyRuns.incrementAndGet();
        }

        @Retry(backoff = 0)
        int zeroBackoff() {
            bodyRuns.incrementAndGet();
            return 0;
        }

        @Retry(backoff = -2)
        void negativeBackoff() {
            bodyRuns.incrementAndGet();
        }

        @Retry(backoff = Double.NaN)
        void nanBackoff() {
            bodyRuns.incrementAndGet();
        }

        @Retry(backoff = Double.POSITIVE_INFINITY)
        void infiniteBackoff() {
            bodyRuns.incrementAndGet();
        }

        @Retry(minDelay = -1)
        void negativeMinDelay() {
            bodyRuns.incrementAndGet();
        }

        @Retry(minDelay = 100, maxDelay = 50)
        void maxBelowMin() {
            bodyRuns.incrementAndGet();
        }

        @Retry(maxDelay = -2)
        void maxDelayBelowUnbounded() {
            bodyRuns.incrementAndGet();
        }

        @Retry(exceptions = FileNotFoundException.class, abortOn = IOException.class)
        void abortOnCoversExceptions() {
            bodyRuns.incrementAndGet();
        }

        @Retry(tries = 0, backoff = 0, delay = -1)
        static void severalProblems(int a, long b) {
            bodyRuns.incrementAndGet();
        }
    }

    static class InvalidDepth {
        @Retry(maxDuration = 0)
        void zeroDeadline() {
            bodyRuns.incrementAndGet();
        }

        @Retry(maxDuration = -5)
        void negativeDeadline() {
            bodyRuns.incrementAndGet();
        }

        @Retry(attemptTimeout = 0)
        void zeroAttemptTimeout() {
            bodyRuns.incrementAndGet();
        }

        @Retry(hedges = 2)
        String hedgedBlocking() {
            bodyRuns.incrementAndGet();
            return null;
        }

        @Retry(hedges = -1, hedgeDelay = -5)
        java.util.concurrent.CompletableFuture<String> negativeHedges() {
            bodyRuns.incrementAndGet();
            return null;
        }

        @Retry(tries = 1, hedges = 1)
        java.util.concurrent.CompletableFuture<String> hedgesWithoutTries() {
            bodyRuns.incrementAndGet();
            return null;
        }

        @Retry(attemptTimeout = -3)
        java.util.concurrent.CompletableFuture<String> negativeAttemptTimeout() {
            bodyRuns.incrementAndGet();
            return null;
        }

        @Retry(waitOn = @Retry.WaitOn(value = IOException.class, delay = -1))
        void negativeWaitOn() {
            bodyRuns.incrementAndGet();
        }

        @Retry(waitOn = @Retry.WaitOn(value = {}, delay = 5))
        void emptyWaitOn() {
            bodyRuns.incrementAndGet();
        }

        @Retry(waitOn = {@Retry.WaitOn(value = IOException.class, delay = 5),
                @Retry.WaitOn(value = IOException.class, delay = 6)})
        void duplicateWaitOn() {
            bodyRuns.incrementAndGet();
        }

        @Retry(giveUpIf = NoPublicConstructor.class)
        void predicateCannotBeCreated() {
            bodyRuns.incrementAndGet();
        }

        @Retry(retryIfResult = ThrowingConstructor.class)
        Object resultPredicateCannotBeCreated() {
            bodyRuns.incrementAndGet();
            return null;
        }

        @Retry(logArguments = true)
        void elevenParameters(int a, int b, int c, int d, int e, int f, int g, int h, int i, int j, int k) {
            bodyRuns.incrementAndGet();
        }
    }

    public static class NoPublicConstructor implements dev.ajretry.FailurePredicate {
        private NoPublicConstructor() {
        }

        @Override
        public boolean test(Throwable failure) {
            return false;
        }
    }

    public static class ThrowingConstructor implements dev.ajretry.ResultPredicate<Object> {
        public ThrowingConstructor() {
            throw new IllegalStateException("cannot start");
        }

        @Override
        public boolean test(Object result) {
            return false;
        }
    }

    @Retry(tries = 0)
    static class InvalidType {
        public void inherited() {
            bodyRuns.incrementAndGet();
        }
    }

    private static void assertRejected(Runnable call, String... fragments) {
        int before = bodyRuns.get();
        assertThatThrownBy(call::run)
                .isInstanceOf(RetryConfigurationException.class)
                .hasMessageContainingAll(fragments);
        assertThat(bodyRuns.get()).as("the method body must not run").isEqualTo(before);
    }

    private static final String CLASS = "dev.ajretry.woven.InvalidPolicyTest$Invalid.";

    @Test
    void zeroTries() {
        assertRejected(() -> new Invalid().zeroTries("x"), "@Retry on " + CLASS + "zeroTries(String)",
                "tries = 0");
    }

    @Test
    void negativeDelay() {
        assertRejected(() -> new Invalid().negativeDelay(), CLASS + "negativeDelay()", "delay = -5, must be >= 0");
    }

    @Test
    void backoffMustBePositiveAndFinite() {
        assertRejected(() -> new Invalid().zeroBackoff(), CLASS + "zeroBackoff()", "backoff = 0.0, must be > 0");
        assertRejected(() -> new Invalid().negativeBackoff(), CLASS + "negativeBackoff()", "backoff = -2.0");
        assertRejected(() -> new Invalid().nanBackoff(), CLASS + "nanBackoff()", "backoff = NaN");
        assertRejected(() -> new Invalid().infiniteBackoff(), CLASS + "infiniteBackoff()", "backoff = Infinity");
    }

    @Test
    void minDelay() {
        assertRejected(() -> new Invalid().negativeMinDelay(), CLASS + "negativeMinDelay()", "minDelay = -1");
    }

    @Test
    void maxDelay() {
        assertRejected(() -> new Invalid().maxBelowMin(), CLASS + "maxBelowMin()", "maxDelay = 50",
                ">= minDelay (100)");
        assertRejected(() -> new Invalid().maxDelayBelowUnbounded(), CLASS + "maxDelayBelowUnbounded()",
                "maxDelay = -2");
    }

    @Test
    void abortOnThatCoversEveryRetriedException() {
        assertRejected(() -> new Invalid().abortOnCoversExceptions(), CLASS + "abortOnCoversExceptions()",
                "abortOn = {IOException}", "exceptions = {FileNotFoundException}");
    }

    @Test
    void everyProblemIsNamedAtOnce() {
        assertRejected(() -> Invalid.severalProblems(1, 2), CLASS + "severalProblems(int, long)", "tries = 0",
                "delay = -1", "backoff = 0.0");
    }

    @Test
    void anInvalidTypeLevelRetryNamesTheType() {
        assertRejected(() -> new InvalidType().inherited(), "InvalidPolicyTest$InvalidType.inherited()",
                "from @Retry on dev.ajretry.woven.InvalidPolicyTest$InvalidType", "tries = 0");
    }

    private static final String DEPTH = "dev.ajretry.woven.InvalidPolicyTest$InvalidDepth.";

    @Test
    void maxDurationMustBePositiveOrMinusOne() {
        assertRejected(() -> new InvalidDepth().zeroDeadline(), DEPTH + "zeroDeadline()",
                "maxDuration = 0, must be -1 (none) or > 0");
        assertRejected(() -> new InvalidDepth().negativeDeadline(), DEPTH + "negativeDeadline()",
                "maxDuration = -5");
    }

    @Test
    void attemptTimeoutMustBePositiveOrMinusOneOnBothPaths() {
        assertRejected(() -> new InvalidDepth().zeroAttemptTimeout(), DEPTH + "zeroAttemptTimeout()",
                "attemptTimeout = 0, must be -1 (none) or > 0");
        assertRejected(() -> new InvalidDepth().negativeAttemptTimeout(), DEPTH + "negativeAttemptTimeout()",
                "attemptTimeout = -3, must be -1 (none) or > 0");
    }

    @Test
    void hedgesAreForStagesAndNeedTries() {
        assertRejected(() -> new InvalidDepth().hedgedBlocking(), DEPTH + "hedgedBlocking()",
                "hedges = 2 on a method returning java.lang.String: hedged attempts run side by side");
        assertRejected(() -> new InvalidDepth().negativeHedges(), DEPTH + "negativeHedges()",
                "hedges = -1, must be >= 0", "hedgeDelay = -5, must be >= 0");
        assertRejected(() -> new InvalidDepth().hedgesWithoutTries(), DEPTH + "hedgesWithoutTries()",
                "hedges = 1 with tries = 1");
    }

    @Test
    void waitOnEntriesAreChecked() {
        assertRejected(() -> new InvalidDepth().negativeWaitOn(), DEPTH + "negativeWaitOn()",
                "waitOn {IOException}: delay = -1, must be >= 0");
        assertRejected(() -> new InvalidDepth().emptyWaitOn(), DEPTH + "emptyWaitOn()",
                "waitOn: an entry with delay = 5 names no exception class");
        assertRejected(() -> new InvalidDepth().duplicateWaitOn(), DEPTH + "duplicateWaitOn()",
                "waitOn names IOException twice");
    }

    @Test
    void predicatesMustBeInstantiable() {
        assertRejected(() -> new InvalidDepth().predicateCannotBeCreated(), DEPTH + "predicateCannotBeCreated()",
                "giveUpIf = dev.ajretry.woven.InvalidPolicyTest$NoPublicConstructor.class cannot be instantiated: it"
                        + " needs to be a public class with a public no-argument constructor (no public no-argument"
                        + " constructor)");
        assertRejected(() -> new InvalidDepth().resultPredicateCannotBeCreated(),
                DEPTH + "resultPredicateCannotBeCreated()", "retryIfResult = ", "cannot start");
    }

    @Test
    void capturedArgumentsAreLimitedToTenParameters() {
        assertRejected(() -> new InvalidDepth().elevenParameters(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11),
                DEPTH + "elevenParameters(int, int, int, int, int, int, int, int, int, int, int)",
                "logArguments = true needs a method of at most 10 parameters, this one has 11");
    }

    @Test
    void everyCallIsRejectedNotOnlyTheFirst() {
        Invalid invalid = new Invalid();
        for (int i = 0; i < 3; i++) {
            assertRejected(invalid::negativeDelay, "delay = -5");
        }
    }
}
