package dev.ajretry.woven;

import dev.ajretry.Retry;
import dev.ajretry.runtime.RetryContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.MDC;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** RetryContext and the MDC, from the method's body, from what it calls, and from nested retried methods. */
class ContextTest {

    @RegisterExtension
    final RecordedWaits sleeper = new RecordedWaits();

    static class Observed {
        final Script script;
        final List<RetryContext> seen = new ArrayList<>();
        final List<String> mdc = new ArrayList<>();

        Observed(Script script) {
            this.script = script;
        }

        @Retry(tries = 3, delay = 100)
        void run() throws Throwable {
            seen.add(RetryContext.current());
            mdc.add(MDC.get(RetryContext.MDC_SERIES) + "/" + MDC.get(RetryContext.MDC_ATTEMPT));
            script.attempt();
        }

        @Retry(tries = 4)
        void callsAHelper() throws Throwable {
            helper();
            script.attempt();
        }

        private void helper() {
            seen.add(RetryContext.current());
        }

        @Retry(tries = 2, maxDuration = 10_000, delay = 300)
        void timed() throws Throwable {
            seen.add(RetryContext.current());
            script.attempt();
        }
    }

    static class Outer {
        final Script script = Script.failing(new IOException("outer 1"));
        final Observed inner = new Observed(Script.failing(new IOException("inner 1")));
        final List<RetryContext> seen = new ArrayList<>();

        @Retry(tries = 2)
        void run() throws Throwable {
            seen.add(RetryContext.current());
            inner.run();
            seen.add(RetryContext.current());
            script.attempt();
        }
    }

    @Test
    void outsideARetriedMethodTheContextIsInactive() {
        RetryContext context = RetryContext.current();
        assertThat(context.active()).isFalse();
        assertThat(context.attempt()).isZero();
        assertThat(context.isLastAttempt()).isFalse();
        assertThat(context.toString()).contains("not in a @Retry method");
    }

    @Test
    void eachAttemptSeesItsNumberAndTheLastKnowsItIsLast() throws Throwable {
        Observed observed = new Observed(Script.failing(new IOException("1"), new IOException("2")));

        observed.run();

        assertThat(observed.seen).extracting(RetryContext::attempt).containsExactly(1L, 2L, 3L);
        assertThat(observed.seen).extracting(RetryContext::isLastAttempt).containsExactly(false, false, true);
        assertThat(observed.seen).extracting(RetryContext::isFirstAttempt).containsExactly(true, false, false);
        assertThat(observed.seen).allSatisfy(c -> assertThat(c.method())
                .isEqualTo("dev.ajretry.woven.ContextTest$Observed.run()"));
        assertThat(observed.seen.get(0).seriesId()).isNull();
        assertThat(observed.seen.get(1).seriesId()).isNotNull().isEqualTo(observed.seen.get(2).seriesId());
    }

    @Test
    void theSeriesIdIsInTheMdcDuringRetriedAttemptsAndRemovedAfter() throws Throwable {
        Observed observed = new Observed(Script.failing(new IOException("1"), new IOException("2")));

        observed.run();

        String id = observed.seen.get(1).seriesId();
        assertThat(observed.mdc).containsExactly("null/null", id + "/2", id + "/3");
        assertThat(MDC.get(RetryContext.MDC_SERIES)).isNull();
        assertThat(MDC.get(RetryContext.MDC_ATTEMPT)).isNull();
    }

    @Test
    void codeCalledByTheMethodSeesTheContextToo() throws Throwable {
        Observed observed = new Observed(Script.failing(new IOException("1")));

        observed.callsAHelper();

        assertThat(observed.seen).extracting(RetryContext::attempt).containsExactly(1L, 2L);
    }

    @Test
    void nestedRetriedMethodsSeeTheirOwnContext() throws Throwable {
        Outer outer = new Outer();

        outer.run();

        // outer attempt 1: inner attempts 1 and 2; outer attempt 2: inner succeeds at once.
        assertThat(outer.seen).extracting(RetryContext::attempt).containsExactly(1L, 1L, 2L, 2L);
        assertThat(outer.inner.seen).extracting(RetryContext::attempt).containsExactly(1L, 2L, 1L);
        assertThat(outer.inner.seen).allSatisfy(c -> assertThat(c.method()).endsWith("Observed.run()"));
        assertThat(outer.seen).allSatisfy(c -> assertThat(c.method()).endsWith("Outer.run()"));
        assertThat(RetryContext.current().active()).isFalse();
    }

    @Test
    void elapsedCountsFromTheFirstAttemptForMethodsWithADeadline() throws Throwable {
        Observed observed = new Observed(Script.failing(new IOException("1")));

        observed.timed();

        assertThat(observed.seen.get(1).elapsed()).isEqualTo(Duration.ofMillis(300));
    }

    @Test
    void afterAFailedSeriesNothingIsLeftOnTheThread() {
        Observed observed = new Observed(Script.failing(new IOException("1"), new IOException("2"),
                new IOException("3")));

        org.assertj.core.api.Assertions.catchThrowable(observed::run);

        assertThat(MDC.get(RetryContext.MDC_SERIES)).isNull();
        assertThat(RetryContext.current().active()).isFalse();
    }
}
