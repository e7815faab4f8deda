package dev.ajretry.examples.hedging;

import dev.ajretry.examples.hedging.HedgingRun.Mode;
import dev.ajretry.examples.hedging.HedgingRun.Outcome;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The hedging demo at a reduced size, as CI runs it: 400 calls at a concurrency of 20, with and without hedging,
 * against the demo's service with its slow answers shortened to 300-600 ms. Correctness only, no upper bound on any
 * time: every call gets its own item, the requests add up, and (on a server that holds each slow answer until the
 * same item's next attempt was answered, so that no machine is too slow for it) every call whose first attempt is
 * slow is answered by its hedge.
 */
class HedgingDemoTest {

    static final int CALLS = 400;
    static final int CONCURRENCY = 20;
    /** Seed 15 makes 4 of the first 400 items' first attempts slow, and none of their hedges. */
    static final Latency SERVICE = Latency.standard(15).withSlow(Duration.ofMillis(300), Duration.ofMillis(600));

    @Test
    void withoutHedgingEachCallSendsOneRequestPlusOnePerFailure() throws Exception {
        try (TailLatencyServer server = TailLatencyServer.start(SERVICE)) {
            Outcome outcome = HedgingRun.run(Mode.UNHEDGED, CALLS, CONCURRENCY, server);

            assertThat(outcome.failed()).isZero();
            assertThat(outcome.answeredRight()).isEqualTo(CALLS);
            assertThat(outcome.requestsSent()).isEqualTo(CALLS + outcome.requestsFailed());
            // The JDK's HttpClient resends a GET by itself, once, when a pooled connection closes under it: the server
            // may count a request the client sent once twice.
            assertThat(outcome.requestsReceived()).isBetween((long) CALLS, 2 * outcome.requestsSent());
            assertThat(outcome.hedgesReceived()).isZero();
            long retriedCalls = IntStream.range(0, CALLS).filter(i -> outcome.answeringAttempt(i) > 1).count();
            assertThat(retriedCalls).isLessThanOrEqualTo(outcome.requestsFailed());
            assertThat(Arrays.stream(outcome.latencyNanos()).min().orElseThrow()).isPositive();
        }
    }

    @Test
    void withHedgingACallWhoseFirstAttemptIsSlowIsAnsweredByItsHedge() throws Exception {
        List<Integer> slowFirst = IntStream.range(0, CALLS)
                .filter(i -> SERVICE.isSlow(i, 1)).boxed().toList();
        assertThat(slowFirst).as("the seed's slow first attempts").hasSize(4)
                .noneMatch(i -> SERVICE.isSlow(i, 2));
        // Patience: how long a slow first attempt waits for a hedge that never comes (hedging off) before answering.
        try (TailLatencyServer server = TailLatencyServer.startHoldingSlowAnswers(SERVICE, Duration.ofSeconds(5))) {
            Outcome outcome = HedgingRun.run(Mode.HEDGED, CALLS, CONCURRENCY, server);

            assertThat(outcome.failed()).isZero();
            assertThat(outcome.answeredRight()).isEqualTo(CALLS);
            // The JDK's HttpClient resends a GET by itself, once, when a pooled connection closes under it: the server
            // may count a request the client sent once twice.
            assertThat(outcome.requestsReceived()).isBetween((long) CALLS, 2 * outcome.requestsSent());
            // tries = 3: no call sends more than three requests, hedges and retries together.
            assertThat(outcome.requestsSent()).isLessThanOrEqualTo(3L * CALLS);
            List<String> written = server.answersWritten();
            for (int item : slowFirst) {
                assertThat(server.requestsFor(item)).as("requests for item %d", item).isGreaterThanOrEqualTo(2);
                // The slow first attempt is answered later, if at all before the run ends.
                int hedge = written.indexOf(item + "/2");
                int first = written.indexOf(item + "/1");
                assertThat(hedge).as("the hedge of item %d answered", item).isNotNegative();
                assertThat(first == -1 || first > hedge).as("item %d's hedge answered first", item).isTrue();
                // The slow answer is written 300 ms or more after the hedge's: the client has the hedge's first.
                assertThat(outcome.answeringAttempt(item)).as("the attempt that answered item %d", item)
                        .isEqualTo(2);
            }
            // Each hedge said so (RetryContext.isHedge() inside the attempt), and only attempts after the first.
            assertThat(outcome.hedgesReceived()).isBetween((long) slowFirst.size(),
                    outcome.requestsReceived() - CALLS);
        }
    }

    @Test
    void theTableShowsEachRunsPercentilesAndExtraRequests() {
        Outcome unhedged = outcome(Mode.UNHEDGED, 1_000, 10, 1_500, 1_000);
        Outcome hedged = outcome(Mode.HEDGED, 1_000, 10, 40, 1_040);

        String table = HedgingDemo.table(List.of(unhedged, hedged));

        assertThat(table.lines()).hasSize(4);
        assertThat(table.lines().findFirst().orElseThrow())
                .isEqualTo("| mode | calls | p50 | p99 | p99.9 | max | requests sent | extra requests |");
        assertThat(table).contains("| without hedging | 1,000 | 10.0 ms | 10.0 ms | 1,50")
                .contains("| 1,000 | 0.0 % |")
                .contains("| " + Mode.HEDGED.label() + " | 1,000 | 10.0 ms | 10.0 ms | 40.0 ms | 40.0 ms | 1,040 | 4.0 % |");
    }

    @Test
    void theVerdictSaysWhetherTheTargetWasMet() {
        Outcome unhedged = outcome(Mode.UNHEDGED, 1_000, 10, 1_500, 1_000);

        assertThat(HedgingDemo.verdict(unhedged, outcome(Mode.HEDGED, 1_000, 10, 40, 1_040)))
                .contains(": met.").contains("more requests").contains("4.0 % more requests");
        // The tail cut 37-fold, but for 10% more requests.
        assertThat(HedgingDemo.verdict(unhedged, outcome(Mode.HEDGED, 1_000, 10, 40, 1_100)))
                .contains(": NOT met.").contains("10.0 % more requests");
        // Few requests more, but the tail cut only 3-fold.
        assertThat(HedgingDemo.verdict(unhedged, outcome(Mode.HEDGED, 1_000, 10, 500, 1_010)))
                .contains(": NOT met.");
    }

    @Test
    void millisecondsShowOneDecimalBelowAHundred() {
        assertThat(HedgingDemo.millis(9_250)).isEqualTo("9.3 ms");
        assertThat(HedgingDemo.millis(99_940)).isEqualTo("99.9 ms");
        assertThat(HedgingDemo.millis(1_523_400)).isEqualTo("1,523 ms");
    }

    @Test
    void thePictureIsAPngOfTheGivenSize(@TempDir Path dir) throws Exception {
        Map<String, Histogram> runs = new LinkedHashMap<>();
        runs.put("without hedging", HedgingDemo.histogram(outcome(Mode.UNHEDGED, 1_000, 10, 1_500, 1_000)));
        runs.put("hedged", HedgingDemo.histogram(outcome(Mode.HEDGED, 1_000, 10, 40, 1_040)));
        Path file = dir.resolve("sub/latency.png");

        LatencyChart.write(runs, "test", file);

        BufferedImage image = ImageIO.read(file.toFile());
        assertThat(image.getWidth()).isEqualTo(LatencyChart.WIDTH);
        assertThat(image.getHeight()).isEqualTo(LatencyChart.HEIGHT);
    }

    @Test
    void thePercentileAxisStretchesTheTail() {
        assertThat(LatencyChart.tailPosition(0)).isEqualTo(0);
        assertThat(LatencyChart.tailPosition(90)).isCloseTo(1, within(1e-9));
        assertThat(LatencyChart.tailPosition(99.9)).isCloseTo(3, within(1e-9));
        LatencyChart.PercentileFormat label = new LatencyChart.PercentileFormat();
        assertThat(List.of(label.format(0.0), label.format(1.0), label.format(2.0), label.format(3.0)))
                .containsExactly("0%", "90%", "99%", "99.9%");
    }

    /** {@code calls} calls, all answered right: 99.8% of them in {@code fastMillis}, 0.2% in {@code slowMillis}. */
    private static Outcome outcome(Mode mode, int calls, long fastMillis, long slowMillis, long requests) {
        long[] latencies = new long[calls];
        String[] bodies = new String[calls];
        int slow = calls / 500;
        for (int i = 0; i < calls; i++) {
            latencies[i] = Duration.ofMillis(i < calls - slow ? fastMillis : slowMillis).toNanos();
            bodies[i] = "item " + i + " (attempt 1)";
        }
        return new Outcome(mode, calls, latencies, bodies, new Throwable[calls], requests, 0, requests, 0,
                Duration.ofSeconds(1));
    }
}
