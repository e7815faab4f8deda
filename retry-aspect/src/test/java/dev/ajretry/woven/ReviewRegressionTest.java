package dev.ajretry.woven;

import dev.ajretry.runtime.RetryEnvironment;
import dev.ajretry.FailurePredicate;
import dev.ajretry.ResultPredicate;
import dev.ajretry.Retry;
import dev.ajretry.runtime.RecordingSleeper;
import dev.ajretry.runtime.RetryContext;
import dev.ajretry.RetryEvent;
import dev.ajretry.RetryListener;
import dev.ajretry.runtime.RetryListeners;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Regressions found by the review of the engine (user code that throws during a series, interrupts through
 * recovery, validation gaps): each test failed before its fix.
 */
class ReviewRegressionTest {


    // ---- 1. a retryIfResult predicate that throws leaks the series (ACTIVE + MDC) -------------------------------

    public static class NullUnsafe implements ResultPredicate<String> {
        @Override
        public boolean test(String response) {
            return response.isEmpty(); // NPE on null
        }
    }

    static class Leaky {
        int calls;
        long attemptSeenOnLaterCall = -1;
        String seriesSeenOnLaterCall;

        @Retry(tries = 3, retryIfResult = NullUnsafe.class)
        String fetch() throws IOException {
            calls++;
            if (calls == 1) {
                throw new IOException("first");
            }
            if (calls == 2) {
                return null; // the predicate throws NPE on it
            }
            RetryContext c = RetryContext.current();
            attemptSeenOnLaterCall = c.attempt();
            seriesSeenOnLaterCall = c.seriesId();
            return "ok";
        }
    }

    @Test
    void aResultPredicateThatThrowsLeavesTheThreadClean() throws Exception {
        Leaky leaky = new Leaky();
        try (RecordingSleeper ignored = RecordingSleeper.installOnThisThread()) {
            Throwable thrown = catchThrowable(leaky::fetch);
            // A brand-new call, first attempt:
            assertThat(leaky.fetch()).isEqualTo("ok");
            try {
                assertThat(MDC.get("ajretry.series")).as("MDC after the series ended").isNull();
                assertThat(leaky.attemptSeenOnLaterCall).as("attempt seen by a new call's first attempt")
                        .isEqualTo(1);
            } finally {
                MDC.clear();
            }
        }
    }

    // ---- 2. an InterruptedException from the method is recovered and the interrupt is lost --------------------

    static class Sleepy {
        @Retry(tries = 3, recover = "fallback")
        String work() throws InterruptedException {
            Thread.currentThread().interrupt();
            Thread.sleep(10); // throws InterruptedException and clears the flag, as blocking calls do
            return "done";
        }

        String fallback() {
            return "fallback";
        }
    }

    @Test
    void recoveringAnInterruptedExceptionKeepsTheInterrupt() throws Exception {
        String result = new Sleepy().work();
        boolean flag = Thread.interrupted();
        assertThat(flag).as("interrupt flag after an InterruptedException was recovered").isTrue();
    }

    // ---- 3. a listener throwing a checked exception (e.g. Kotlin, @SneakyThrows) breaks the call ---------------

    static class Flaky {
        int calls;

        @Retry(tries = 3)
        String get() throws IOException {
            if (++calls == 1) {
                throw new IOException("first");
            }
            return "ok";
        }
    }

    @SuppressWarnings("unchecked")
    static <T extends Throwable> RuntimeException sneaky(Throwable t) throws T {
        throw (T) t;
    }

    @Test
    void aListenerThrowingACheckedExceptionDoesNotBreakTheCall() {
        RetryListener bad = new RetryListener() {
            @Override
            public void onSuccess(RetryEvent e) {
                throw sneaky(new Exception("metrics backend down"));
            }
        };
        Flaky flaky = new Flaky();
        try (RecordingSleeper ignored = RecordingSleeper.installOnThisThread();
             RetryListeners.Registration r = RetryListeners.register(bad)) {
            Throwable thrown = catchThrowable(flaky::get);
            assertThat(thrown).as("what a call that succeeded at attempt 2 threw").isNull();
        }
    }

    // ---- 4. logArguments: an argument whose toString throws replaces the failure and leaks the series ----------

    static class Arg {
        @Override
        public String toString() {
            throw new IllegalStateException("toString of a lazy entity: session closed");
        }
    }

    static class Logs {
        @Retry(tries = 2, logArguments = true)
        String send(Arg arg) throws IOException {
            throw new IOException("down");
        }
    }

    @Test
    void anArgumentWhoseToStringThrowsDoesNotReplaceTheFailure() {
        try (RecordingSleeper ignored = RecordingSleeper.installOnThisThread()) {
            Throwable thrown = catchThrowable(() -> new Logs().send(new Arg()));
            String mdc = MDC.get("ajretry.series");
            MDC.clear();
            assertThat(thrown).isInstanceOf(IOException.class);
            assertThat(mdc).isNull();
        }
    }

    // ---- 5. ajretry.enabled=off is silently ignored -------------------------------------------------------------

    static class Switch {
        int calls;

        @Retry(tries = 3)
        void call() throws IOException {
            calls++;
            throw new IOException("x");
        }
    }

    @Test
    void aBadGlobalEnabledValueIsRejected() {
        System.setProperty("ajretry.enabled", "off");
        RetryEnvironment.reset();
        try (RecordingSleeper ignored = RecordingSleeper.installOnThisThread()) {
            Switch s = new Switch();
            Throwable thrown = catchThrowable(s::call);
            assertThat(thrown).as("a bad ajretry.enabled value should be rejected")
                    .isInstanceOf(dev.ajretry.RetryConfigurationException.class);
        } finally {
            System.clearProperty("ajretry.enabled");
            RetryEnvironment.reset();
        }
    }

    // ---- 6. retryIfResult whose type does not fit the method: ClassCastException on every successful call ------

    public static class StatusIs503 implements ResultPredicate<String> {
        @Override
        public boolean test(String body) {
            return body.startsWith("503");
        }
    }

    static class Counter {
        @Retry(retryIfResult = StatusIs503.class)
        int count() {
            return 42;
        }
    }

    @Test
    void aResultPredicateOfTheWrongTypeIsRejected() {
        Throwable thrown = catchThrowable(() -> new Counter().count());
        assertThat(thrown).isInstanceOf(dev.ajretry.RetryConfigurationException.class);
    }

    static class SelfRecovering {
        int calls;
        @Retry(tries = 2, recover = "fetch")
        String fetch(String key) throws IOException {
            calls++;
            throw new IOException("down");
        }
    }

    @Test
    void recoverNamingTheRetriedMethodItselfIsRejected() {
        SelfRecovering s = new SelfRecovering();
        Throwable thrown;
        try (RecordingSleeper ignored = RecordingSleeper.installOnThisThread()) {
            thrown = catchThrowable(() -> s.fetch("k"));
        }
        MDC.clear();
        assertThat(thrown).isInstanceOf(dev.ajretry.RetryConfigurationException.class);
    }

    public static class Strict implements FailurePredicate {
        @Override
        public boolean test(Throwable failure) {
            assert false : "predicate bug";
            throw new AssertionError("predicate bug");
        }
    }

    static class WithPredicate {
        int calls;
        @Retry(tries = 3, giveUpIf = Strict.class, exceptions = {IOException.class, IllegalStateException.class})
        String get() throws IOException {
            if (++calls == 1) {
                throw new IllegalStateException("first, retried without asking (predicate only for IOException? no: asked)");
            }
            throw new IOException("second");
        }
    }

    @Test
    void aGiveUpIfThrowingAnErrorDoesNotReplaceTheFailure() {
        WithPredicate w = new WithPredicate();
        Throwable thrown;
        try (RecordingSleeper ignored = RecordingSleeper.installOnThisThread()) {
            thrown = catchThrowable(w::get);
        }
        assertThat(thrown).isInstanceOf(IllegalStateException.class);
    }

    static final IOException GONE = new IOException("service gone (shared instance)");

    static class SharedClient {
        int calls;

        @Retry(tries = 3)
        void call() throws IOException {
            if (++calls % 3 != 0) {
                throw new IOException("transient " + calls);
            }
            throw GONE;
        }
    }

    @Test
    void aReusedFinalExceptionCollectsAtMostSixteenSuppressed() {
        SharedClient c = new SharedClient();
        try (RecordingSleeper ignored = RecordingSleeper.installOnThisThread()) {
            for (int i = 0; i < 1000; i++) {
                assertThat(catchThrowable(c::call)).isSameAs(GONE);
            }
        }
        assertThat(GONE.getSuppressed().length).isLessThanOrEqualTo(16);
    }
}
