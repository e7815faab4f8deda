package dev.ajretry.examples;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * Starts a misbehaving HTTP server on loopback and calls it through a {@code @Retry}-annotated client, printing what
 * happened to each call. The library's own DEBUG lines (one per retried attempt, one at give-up) come through
 * SLF4J and logback. Exits 0 when every call behaved as designed, 1 otherwise.
 */
public final class ExampleApp {

    private ExampleApp() {
    }

    public static void main(String[] args) throws Exception {
        List<Scenario> scenarios;
        try (FlakyServer server = FlakyServer.start()) {
            System.out.println("Flaky server on " + server.baseUri());
            scenarios = run(server);
        }
        System.out.println();
        System.out.printf("%-46s %8s %8s %7s  %s%n", "call", "attempts", "expected", "ms", "outcome");
        for (Scenario s : scenarios) {
            System.out.printf("%-46s %8d %8d %7d  %s%s%n", s.name(), s.attempts(), s.expectedAttempts(), s.millis(),
                    s.outcome(), s.asExpected() ? "" : "   <-- NOT AS DESIGNED");
        }
        boolean allGood = scenarios.stream().allMatch(Scenario::asExpected);
        System.out.println(allGood ? "\nEvery call behaved as designed." : "\nSome calls did not behave as designed.");
        System.exit(allGood ? 0 : 1);
    }

    /** Runs every scenario against {@code server}; the test of this module asserts the same results. */
    public static List<Scenario> run(FlakyServer server) {
        WeatherClient client = new WeatherClient(server.baseUri());
        List<Scenario> results = new ArrayList<>();
        results.add(call(server, "forecast: 503, 503, then 200", "/forecast/Lisbon", 3,
                () -> client.forecast("Lisbon"), "sunny in Lisbon"));
        results.add(call(server, "station ZRH: 200 at once", "/stations/ZRH", 1,
                () -> client.station("ZRH"), "Zurich, 408 m"));
        results.add(call(server, "station XYZ: 404, abortOn, no retry", "/stations/XYZ", 1,
                () -> client.station("XYZ"), WeatherClient.NotFoundException.class));
        results.add(call(server, "status: 503 every time, gives up after 3", "/down", 3,
                client::status, WeatherClient.ServiceUnavailableException.class));
        return results;
    }

    private static Scenario call(FlakyServer server, String name, String path, int expectedAttempts,
                                 Callable<String> call, Object expected) {
        long start = System.nanoTime();
        String outcome;
        boolean asExpected;
        try {
            String value = call.call();
            outcome = "returned \"" + value + "\"";
            asExpected = value.equals(expected);
        } catch (Exception e) {
            outcome = "threw " + e.getClass().getSimpleName() + ": " + e.getMessage()
                    + (e.getSuppressed().length > 0 ? " (+" + e.getSuppressed().length + " earlier attached)" : "");
            asExpected = expected instanceof Class<?> && ((Class<?>) expected).isInstance(e);
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        int attempts = server.requestsTo(path);
        return new Scenario(name, expectedAttempts, attempts, outcome, asExpected && attempts == expectedAttempts,
                millis);
    }
}
