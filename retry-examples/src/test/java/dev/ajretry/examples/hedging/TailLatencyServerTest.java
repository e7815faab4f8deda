package dev.ajretry.examples.hedging;

import org.junit.jupiter.api.Test;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The service the hedging demo measures: its latency, its answers and its counts. */
class TailLatencyServerTest {

    /** The demo's client: one for the JVM, on threads of its own that do not linger after the tests. */
    private final HttpClient http = TailLatencyClient.HTTP;

    @Test
    void latencyDependsOnTheSeedItemAndAttemptOnly() {
        Latency latency = Latency.standard(15);

        assertThat(Latency.standard(15).of(123, 1)).isEqualTo(latency.of(123, 1));
        assertThat(Latency.standard(16).of(123, 1)).isNotEqualTo(latency.of(123, 1));
        // A hedge is a new request: its own draw, not its first attempt's.
        long distinct = IntStream.range(0, 100)
                .filter(item -> !latency.of(item, 1).equals(latency.of(item, 2))).count();
        assertThat(distinct).isEqualTo(100);
    }

    @Test
    void twoPercentOfAnswersTakeOneToTwoSecondsTheRestFiveToTwentyMilliseconds() {
        Latency latency = Latency.standard(15);
        int draws = 100_000;
        long[] fastMicros = new long[draws];
        int fast = 0;
        int slow = 0;
        for (int i = 0; i < draws; i++) {
            Duration d = latency.of(i, 1);
            if (latency.isSlow(i, 1)) {
                slow++;
                assertThat(d).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(2));
            } else {
                assertThat(d).isBetween(Duration.ofMillis(5), Duration.ofMillis(20));
                fastMicros[fast++] = d.toNanos() / 1_000;
            }
        }
        assertThat(slow / (double) draws).isCloseTo(0.02, within(0.002));
        long[] sorted = Arrays.copyOf(fastMicros, fast);
        Arrays.sort(sorted);
        // 5 + 15 u² ms: median 8.75 ms, 95th percentile 18.5 ms (the hedge delay sits just above it).
        assertThat(sorted[fast / 2] / 1000.0).isCloseTo(8.75, within(0.2));
        assertThat(sorted[fast * 95 / 100] / 1000.0).isCloseTo(18.54, within(0.2));
    }

    @Test
    void aLatencyThatCannotBeIsRejected() {
        assertThatThrownBy(() -> new Latency(1, 1.5, Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO))
                .hasMessageContaining("slowFraction = 1.5");
        assertThatThrownBy(() -> Latency.standard(1).withSlow(Duration.ofMillis(10), Duration.ofMillis(30)))
                .hasMessageContaining("fastMin <= fastMax <= slowMin <= slowMax");
    }

    @Test
    void answersWithTheItemAndTheAttemptAndCountsEachRequest() throws Exception {
        try (TailLatencyServer server = TailLatencyServer.start(instant(0))) {
            assertThat(get(server, "/items/42", "3", "false").body()).isEqualTo("item 42 (attempt 3)");
            assertThat(get(server, "/items/42", "4", "true").body()).isEqualTo("item 42 (attempt 4)");
            assertThat(get(server, "/items/7", null, null).body()).isEqualTo("item 7 (attempt 1)");
            HttpResponse<String> bad = get(server, "/items/seven", null, null);

            assertThat(bad.statusCode()).isEqualTo(400);
            assertThat(server.requests()).isEqualTo(3);
            assertThat(server.requestsFor(42)).isEqualTo(2);
            assertThat(server.requestsFor(7)).isEqualTo(1);
            assertThat(server.hedges()).isEqualTo(1);
        }
    }

    @Test
    void aWaitingAnswerHoldsNoThread() throws Exception {
        // Every answer takes a minute: were each held by a handler thread, the server's two would take two requests.
        Latency minute = new Latency(1, 1, Duration.ZERO, Duration.ZERO, Duration.ofMinutes(1), Duration.ofMinutes(1));
        try (TailLatencyServer server = TailLatencyServer.start(minute)) {
            List<CompletableFuture<HttpResponse<String>>> pending = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                pending.add(http.sendAsync(HttpRequest.newBuilder(server.baseUri().resolve("/items/" + i)).build(),
                        BodyHandlers.ofString()));
            }

            awaitRequests(server, 100);

            assertThat(pending).noneMatch(CompletableFuture::isDone);
        }
    }

    @Test
    void aHoldingServerAnswersASlowAttemptOnlyAfterTheNextAttemptWasAnswered() throws Exception {
        // Half the requests are "slow" but take no time: what orders the answers is the hold alone.
        Latency half = instant(0.5);
        int item = IntStream.range(0, 1_000).filter(i -> half.isSlow(i, 1) && !half.isSlow(i, 2)).findFirst()
                .orElseThrow();
        try (TailLatencyServer server = TailLatencyServer.startHoldingSlowAnswers(half, Duration.ofMinutes(1))) {
            CompletableFuture<HttpResponse<String>> first = getAsync(server, item, 1);
            awaitRequests(server, 1);
            CompletableFuture<HttpResponse<String>> second = getAsync(server, item, 2);

            assertThat(second.get(30, TimeUnit.SECONDS).body()).isEqualTo("item " + item + " (attempt 2)");
            assertThat(first.get(30, TimeUnit.SECONDS).body()).isEqualTo("item " + item + " (attempt 1)");
            // The server's order: the client's may differ, each answer comes on a connection of its own.
            assertThat(server.answersWritten()).containsExactly(item + "/2", item + "/1");
        }
    }

    @Test
    void aHeldAnswerWithoutANextAttemptComesAfterThePatience() throws Exception {
        try (TailLatencyServer server = TailLatencyServer.startHoldingSlowAnswers(instant(1),
                Duration.ofMillis(200))) {
            long start = System.nanoTime();
            HttpResponse<String> response = get(server, "/items/9", "1", "false");

            assertThat(response.body()).isEqualTo("item 9 (attempt 1)");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(200));
        }
        assertThatThrownBy(() -> TailLatencyServer.startHoldingSlowAnswers(instant(1), Duration.ZERO))
                .hasMessageContaining("patience = PT0S, must be > 0");
    }

    /** Answers at once; {@code slowFraction} 1 makes every answer "slow" (held, on a holding server). */
    private static Latency instant(double slowFraction) {
        return new Latency(1, slowFraction, Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO);
    }

    private HttpResponse<String> get(TailLatencyServer server, String path, String attempt, String hedge)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.baseUri().resolve(path));
        if (attempt != null) {
            request.header(TailLatencyServer.ATTEMPT, attempt);
        }
        if (hedge != null) {
            request.header(TailLatencyServer.HEDGE, hedge);
        }
        return http.send(request.build(), BodyHandlers.ofString());
    }

    private CompletableFuture<HttpResponse<String>> getAsync(TailLatencyServer server, int item, int attempt) {
        HttpRequest request = HttpRequest.newBuilder(server.baseUri().resolve("/items/" + item))
                .header(TailLatencyServer.ATTEMPT, Integer.toString(attempt)).build();
        return http.sendAsync(request, BodyHandlers.ofString());
    }

    /** Waits until the server has received {@code count} requests; the limit only ends a broken run. */
    private static void awaitRequests(TailLatencyServer server, long count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (server.requests() < count && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(server.requests()).isEqualTo(count);
    }
}
