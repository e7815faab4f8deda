package dev.ajretry.examples;

import dev.ajretry.AttemptTimeoutException;
import dev.ajretry.RetryEvent;
import dev.ajretry.RetryEvent.GiveUpReason;
import dev.ajretry.runtime.RetryListeners;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The example app's calls against the real loopback server, each with its designed outcome and attempt count. */
class ExampleAppTest {

    @Test
    void everyScenarioBehavesAsDesigned() throws Exception {
        Timeline timeline = new Timeline();
        List<ExampleApp.Call> calls;
        try (FlakyServer server = FlakyServer.start(ExampleApp.SEED);
             RetryListeners.Registration ignored = RetryListeners.register(timeline)) {
            calls = ExampleApp.run(server, timeline);
        }
        // The interrupts ajretry raised to cut the tile's attempt off never reached this thread.
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
        Map<String, ExampleApp.Call> byPath = calls.stream()
                .collect(Collectors.toMap(ExampleApp.Call::path, Function.identity()));

        assertThat(calls).allSatisfy(c -> assertThat(c.asExpected()).as(c.toString()).isTrue());
        assertThat(calls).hasSize(9 + ExampleApp.BATCH.size() + 1);
        assertThat(calls).noneMatch(ExampleApp.Call::callerInterrupted);

        assertThat(byPath.get("/forecast/Lisbon").attempts()).isEqualTo(3);
        // Exponential from 50 ms with 10 % jitter, clamped to [50, 400]: 45..55 is lowered... raised to 50.
        assertThat(timeline.waitAfter("/forecast/Lisbon", 1)).isBetween(Duration.ofMillis(50), Duration.ofMillis(55));
        assertThat(timeline.waitAfter("/forecast/Lisbon", 2)).isBetween(Duration.ofMillis(90), Duration.ofMillis(110));

        // The server's Retry-After of 1 s, not clamped to maxDelay = 200 ms.
        assertThat(timeline.waitAfter("/alerts/Alps", 1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(timeline.retryAfter("/alerts/Alps", 1).nextWaitFromServer()).isTrue();
        assertThat(byPath.get("/alerts/Alps").millis()).isGreaterThanOrEqualTo(1_000);

        // The server held the first request until the retry came: a timeout, on every run. A timeout waits 200 ms
        // (waitOn), not the 50 ms of the schedule.
        assertThat(timeline.attempts("/radar/R7")).hasSize(2);
        assertThat(timeline.attempts("/radar/R7").get(0).outcome).contains("HttpTimeoutException");
        assertThat(timeline.attempts("/radar/R7").get(1).outcome).isEqualTo("200 radar image R7");
        assertThat(timeline.waitAfter("/radar/R7", 1)).isEqualTo(Duration.ofMillis(200));

        // The server held the first tile request until the retry came, and the request's own timeout is 30 s: only
        // attemptTimeout ended that attempt, by interrupting the thread; HttpClient.send threw InterruptedException,
        // which ajretry made the cause of an AttemptTimeoutException, retried (though not an IOException).
        long timeout = WeatherClient.TILE_TIMEOUT_MILLIS;
        assertThat(byPath.get("/tiles/T1").attempts()).isEqualTo(2);
        assertThat(timeline.attempts("/tiles/T1").get(0).outcome).isEqualTo("java.lang.InterruptedException");
        assertThat(timeline.attempts("/tiles/T1").get(1).outcome).isEqualTo("200 tile T1");
        RetryEvent tileTimedOut = timeline.retryAfter("/tiles/T1", 1);
        assertThat(tileTimedOut.failure()).isInstanceOf(AttemptTimeoutException.class)
                .hasCauseInstanceOf(InterruptedException.class);
        assertThat(((AttemptTimeoutException) tileTimedOut.failure()).timeout()).isEqualTo(Duration.ofMillis(timeout));
        assertThat(tileTimedOut.nextWait()).isEqualTo(Duration.ofMillis(50));
        // Lower bounds only: the attempt ran its full timeout, then the 50 ms wait passed.
        assertThat(byPath.get("/tiles/T1").millis()).isGreaterThanOrEqualTo(timeout + 50);
        assertThat(byPath.get("/tiles/T1").outcome()).isEqualTo("returned \"tile T1\"");

        // 404: not retried.
        assertThat(byPath.get("/stations/XYZ").attempts()).isEqualTo(1);
        assertThat(byPath.get("/stations/XYZ").outcome()).contains("404");

        assertThat(byPath.get("/history/H1").attempts()).isEqualTo(2);
        assertThat(byPath.get("/observations/O2").attempts()).isEqualTo(3);

        // A 429 response, no exception: the result predicate rejected it and its retryAfter read the header. The
        // wait is the server's 1 s exactly, marked as the server's, not the 50 ms of the schedule.
        assertThat(byPath.get("/quota/Q1").attempts()).isEqualTo(2);
        assertThat(timeline.attempts("/quota/Q1").get(0).outcome).isEqualTo("429 quota exceeded");
        RetryEvent quotaRetry = timeline.retryAfter("/quota/Q1", 1);
        assertThat(quotaRetry.failure()).isNull();
        assertThat(quotaRetry.nextWait()).isEqualTo(Duration.ofSeconds(1));
        assertThat(quotaRetry.nextWaitFromServer()).isTrue();
        assertThat(timeline.lines("/quota/Q1").get(0)).endsWith("-> wait 1000 ms, as the server asked");
        assertThat(byPath.get("/quota/Q1").millis()).isGreaterThanOrEqualTo(1_000);
        assertThat(byPath.get("/quota/Q1").outcome()).isEqualTo("returned \"99 requests left for Q1\"");

        // The deadline ends the series after 100 + 500 ms of waits (a third, of 2500 ms, would end past 1500 ms);
        // the recovery method answers.
        assertThat(byPath.get("/status").attempts()).isEqualTo(3);
        assertThat(timeline.waitAfter("/status", 1)).isEqualTo(Duration.ofMillis(100));
        assertThat(timeline.waitAfter("/status", 2)).isEqualTo(Duration.ofMillis(500));
        assertThat(byPath.get("/status").outcome()).startsWith("returned \"cached:");
        assertThat(timeline.giveUp("/status").giveUpReason()).isEqualTo(GiveUpReason.DEADLINE);
        assertThat(timeline.giveUp("/status").recovered()).isTrue();

        // The async batch: each city as many attempts as the seed planned, all answered.
        for (String city : ExampleApp.BATCH) {
            ExampleApp.Call call = byPath.get("/batch/" + city);
            assertThat(call.outcome()).isEqualTo("returned \"forecast for " + city + "\"");
            assertThat(call.attempts()).isEqualTo(call.expectedAttempts());
        }
        // Beside the batch, the asynchronous tile: ajretry cancelled the first attempt's stage after the timeout (no
        // thread blocked, no cause), and the client passed the cancel on to the exchange.
        assertThat(byPath.get("/tiles/T2").attempts()).isEqualTo(2);
        assertThat(timeline.attempts("/tiles/T2").get(0).outcome).isEqualTo("cancelled, its exchange too");
        RetryEvent asyncTimedOut = timeline.retryAfter("/tiles/T2", 1);
        assertThat(asyncTimedOut.failure()).isInstanceOf(AttemptTimeoutException.class).hasNoCause();
        assertThat(byPath.get("/tiles/T2").millis()).isGreaterThanOrEqualTo(timeout + 50);
        assertThat(byPath.get("/tiles/T2").outcome()).isEqualTo("returned \"tile T2\"");

        // The seed fixes the plan, whatever order the concurrent requests arrive in: 6 failures over 8 cities.
        assertThat(calls.stream().filter(c -> c.path().startsWith("/batch/")).mapToInt(ExampleApp.Call::attempts)
                .sum()).isEqualTo(ExampleApp.BATCH.size() + 6);
    }
}
