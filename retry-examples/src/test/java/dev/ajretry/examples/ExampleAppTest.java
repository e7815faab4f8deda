package dev.ajretry.examples;

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
        Map<String, ExampleApp.Call> byPath = calls.stream()
                .collect(Collectors.toMap(ExampleApp.Call::path, Function.identity()));

        assertThat(calls).allSatisfy(c -> assertThat(c.asExpected()).as(c.toString()).isTrue());
        assertThat(calls).hasSize(7 + ExampleApp.BATCH.size());

        assertThat(byPath.get("/forecast/Lisbon").attempts()).isEqualTo(3);
        // Exponential from 50 ms with 10 % jitter, clamped to [50, 400]: 45..55 is lowered... raised to 50.
        assertThat(timeline.waitAfter("/forecast/Lisbon", 1)).isBetween(Duration.ofMillis(50), Duration.ofMillis(55));
        assertThat(timeline.waitAfter("/forecast/Lisbon", 2)).isBetween(Duration.ofMillis(90), Duration.ofMillis(110));

        // The server's Retry-After of 1 s, not clamped to maxDelay = 200 ms.
        assertThat(timeline.waitAfter("/alerts/Alps", 1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(byPath.get("/alerts/Alps").millis()).isGreaterThanOrEqualTo(1_000);

        // The server held the first request until the retry came: a timeout, on every run. A timeout waits 200 ms
        // (waitOn), not the 50 ms of the schedule.
        assertThat(timeline.attempts("/radar/R7")).hasSize(2);
        assertThat(timeline.attempts("/radar/R7").get(0).outcome).contains("HttpTimeoutException");
        assertThat(timeline.attempts("/radar/R7").get(1).outcome).isEqualTo("200 radar image R7");
        assertThat(timeline.waitAfter("/radar/R7", 1)).isEqualTo(Duration.ofMillis(200));

        // 404: not retried.
        assertThat(byPath.get("/stations/XYZ").attempts()).isEqualTo(1);
        assertThat(byPath.get("/stations/XYZ").outcome()).contains("404");

        assertThat(byPath.get("/history/H1").attempts()).isEqualTo(2);
        assertThat(byPath.get("/observations/O2").attempts()).isEqualTo(3);

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
        // The seed fixes the plan, whatever order the concurrent requests arrive in: 6 failures over 8 cities.
        assertThat(calls.stream().filter(c -> c.path().startsWith("/batch/")).mapToInt(ExampleApp.Call::attempts)
                .sum()).isEqualTo(ExampleApp.BATCH.size() + 6);
    }
}
