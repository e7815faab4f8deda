package dev.ajretry.examples;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The example app's calls against the real loopback server, each with its designed outcome and attempt count. */
class ExampleAppTest {

    @Test
    void everyScenarioBehavesAsDesigned() throws Exception {
        try (FlakyServer server = FlakyServer.start()) {
            List<Scenario> scenarios = ExampleApp.run(server);

            assertThat(scenarios).extracting(Scenario::name, Scenario::attempts).containsExactly(
                    org.assertj.core.groups.Tuple.tuple("forecast: 503, 503, then 200", 3),
                    org.assertj.core.groups.Tuple.tuple("station ZRH: 200 at once", 1),
                    org.assertj.core.groups.Tuple.tuple("station XYZ: 404, abortOn, no retry", 1),
                    org.assertj.core.groups.Tuple.tuple("status: 503 every time, gives up after 3", 3));
            assertThat(scenarios).allSatisfy(s -> assertThat(s.asExpected()).as(s.toString()).isTrue());
            assertThat(scenarios.get(0).outcome()).isEqualTo("returned \"sunny in Lisbon\"");
            assertThat(scenarios.get(3).outcome()).contains("ServiceUnavailableException", "+2 earlier attached");
            // 50 ms + 100 ms of backoff: a lower bound only.
            assertThat(scenarios.get(0).millis()).isGreaterThanOrEqualTo(150);
        }
    }
}
