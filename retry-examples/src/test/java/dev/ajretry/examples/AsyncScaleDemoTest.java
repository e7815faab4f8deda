package dev.ajretry.examples;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The scale demo in a reduced size: every call succeeds on its third attempt, and no thread per call is used. */
class AsyncScaleDemoTest {

    @Test
    void thousandsOfAsyncCallsNeedOnlyTheSchedulersThreads() throws Exception {
        int threadsBefore = Thread.activeCount();

        AsyncScaleDemo.Figures figures = AsyncScaleDemo.runAsync(2_000);

        assertThat(figures.succeeded()).isEqualTo(2_000);
        assertThat(figures.attempts()).isEqualTo(6_000);
        // Nothing per call: the scheduler's two threads, plus whatever the JVM starts on its own (JIT compiler
        // threads come and go), against the 2,000 a thread-per-call design would need.
        assertThat(Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("ajretry-scheduler-"))).hasSizeLessThanOrEqualTo(2);
        assertThat(figures.peakThreads()).isLessThan(threadsBefore + 20);
        // Two waits of 100 ms each: a lower bound only.
        assertThat(figures.wallMillis()).isGreaterThanOrEqualTo(200);
    }
}
