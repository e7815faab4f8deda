package dev.ajretry.benchmarks.scale;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * CI's reduced-size run of the asynchronous comparison: 300 calls instead of 10,000, each contender in its own JVM as
 * the full run has it. Checks correctness and that every figure is there, never how fast.
 */
class AsyncScaleComparisonTest {

    private static final int CALLS = 300;
    /** Each call waits 100 ms twice: a lower bound the schedule sets, so a contender that did not wait shows. */
    private static final long TWO_WAITS_MILLIS = 200;

    @Test
    void everyContenderRetriesEveryCallTwiceThenSucceedsAndReportsEveryFigure() {
        List<Figures> figures = AsyncScaleComparison.compare(CALLS);

        assertThat(figures).extracting(Figures::contender).containsExactly(Contender.values());
        for (Figures f : figures) {
            String who = f.contender().label();
            assertThat(f.calls()).as(who).isEqualTo(CALLS);
            assertThat(f.succeeded()).as("%s: calls that succeeded", who).isEqualTo(CALLS);
            assertThat(f.attempts()).as("%s: attempts", who).isEqualTo(3L * CALLS);
            assertThat(f.callsNotAtThree()).as("%s: calls without exactly 3 attempts", who).isZero();
            assertThat(f.baselineThreads()).as("%s: a fresh JVM's threads", who).isPositive();
            assertThat(f.peakHeapBytes()).as("%s: peak heap", who).isPositive();
            assertThat(f.allocatedBytes()).as("%s: allocated bytes", who).isPositive();
            assertThat(f.jvm()).as(who).isNotBlank();
            assertThat(f.checked()).isSameAs(f);
            if (f.contender() != Contender.WORKLOAD) {
                assertThat(f.wallMillis()).as("%s: wall time, two 100 ms waits at least", who)
                        .isGreaterThanOrEqualTo(TWO_WAITS_MILLIS);
                assertThat(f.peakThreads()).as("%s: threads that wait for it (a scheduler)", who)
                        .isGreaterThanOrEqualTo(1);
            }
        }

        String table = AsyncScaleComparison.table(figures);
        assertThat(table.lines()).hasSize(2 + Contender.values().length);
        assertThat(table.lines().skip(2)).allSatisfy(row -> assertThat(row.split("\\|", -1)).hasSize(9))
                .anySatisfy(row -> assertThat(row).startsWith("| ajretry |").contains("| 300 | 900 |"))
                .anySatisfy(row -> assertThat(row).startsWith("| Failsafe 3.3.2 |").contains("| 300 | 900 |"))
                .anySatisfy(row -> assertThat(row).startsWith("| Resilience4j 2.3.0 |").contains("| 300 | 900 |"));
    }

    @Test
    void aContenderWithAWrongCountFailsLoudly() {
        Figures right = figures(300, 900, 0);
        assertThat(right.checked()).isSameAs(right);

        assertThatThrownBy(() -> figures(299, 899, 1).checked())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("ajretry: 299 of 300 calls succeeded; 899 attempts, expected exactly 900"
                        + " (1 calls not at 3)");
        // The total alone can hide calls that made 2 and 4 attempts.
        assertThatThrownBy(() -> figures(300, 900, 2).checked())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("(2 calls not at 3)");
    }

    @Test
    void aContendersJvmLineReadsBackAsItsFigures() {
        Figures figures = figures(300, 900, 0);
        assertThat(Figures.parse(figures.toLine())).isEqualTo(figures);
    }

    private static Figures figures(int succeeded, long attempts, int callsNotAtThree) {
        return new Figures(Contender.AJRETRY, 300, succeeded, attempts, callsNotAtThree, 250, 7, 2, 40L << 20,
                1_000_000, true, "OpenJDK 64-Bit Server VM 17.0.15+6 (a test)");
    }
}
