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

    @Test
    void everyCallIsRejectedNotOnlyTheFirst() {
        Invalid invalid = new Invalid();
        for (int i = 0; i < 3; i++) {
            assertRejected(invalid::negativeDelay, "delay = -5");
        }
    }
}
