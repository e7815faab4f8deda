package dev.ajretry.examples;

import dev.ajretry.RetryEvent;
import dev.ajretry.runtime.RetryListeners;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Starts a misbehaving HTTP server on loopback and calls it through {@link WeatherClient}, whose methods are
 * retried by {@code @Retry}. Prints each call's timeline (every attempt with its time offset, outcome and the wait
 * ajretry chose) and a summary. Exits 0 when every call behaved as designed, 1 otherwise.
 */
public final class ExampleApp {

    /** The seed of the server's misbehaviour: the same seed, the same run. */
    public static final long SEED = 20261123L;

    /** The batch of asynchronous calls. */
    static final List<String> BATCH = List.of("Oslo", "Porto", "Quito", "Rome", "Seoul", "Tunis", "Vienna", "Zagreb");

    /**
     * One call: what it shows, the path it asks for, and what it should come to. {@code callerInterrupted}: the
     * calling thread's interrupt flag was set when the call returned (never as designed: an interrupt that ajretry
     * raised to cut an attempt off must not outlive it).
     */
    public record Call(String name, String path, int expectedAttempts, int attempts, String outcome,
                       boolean asExpected, long millis, String ending, boolean callerInterrupted) {
    }

    private ExampleApp() {
    }

    public static void main(String[] args) throws Exception {
        List<Call> calls;
        Timeline timeline = new Timeline();
        long start = System.nanoTime();
        try (FlakyServer server = FlakyServer.start(SEED);
             RetryListeners.Registration ignored = RetryListeners.register(timeline)) {
            System.out.println("Flaky server on " + server.baseUri() + " (seed " + SEED + ")");
            calls = run(server, timeline);
        }
        long totalMillis = (System.nanoTime() - start) / 1_000_000;
        System.out.println();
        System.out.println("Timeline");
        for (Call call : calls) {
            System.out.println(call.name() + "   " + call.path());
            timeline.lines(call.path()).forEach(System.out::println);
            System.out.println("  => " + call.outcome() + (call.ending().isEmpty() ? "" : " [" + call.ending() + "]")
                    + (call.asExpected() ? "" : "   <-- NOT AS DESIGNED"));
        }
        System.out.println();
        System.out.printf("%-44s %8s %8s %7s  %s%n", "call", "attempts", "expected", "ms", "outcome");
        int attempts = 0;
        for (Call call : calls) {
            attempts += call.attempts();
            System.out.printf("%-44s %8d %8d %7d  %s%n", call.name(), call.attempts(), call.expectedAttempts(),
                    call.millis(), abbreviate(call.outcome()));
        }
        System.out.println();
        System.out.printf("calls %d, attempts %d, retries %d, give-ups %d, total time %d ms%n", calls.size(), attempts,
                attempts - calls.size(), timeline.giveUps(), totalMillis);
        boolean allGood = calls.stream().allMatch(Call::asExpected);
        System.out.println(allGood ? "Every call behaved as designed." : "Some calls did not behave as designed.");
        System.exit(allGood ? 0 : 1);
    }

    /** Runs every scenario against {@code server}; the test of this module asserts the same results. */
    public static List<Call> run(FlakyServer server, Timeline timeline) throws Exception {
        WeatherClient client = new WeatherClient(server.baseUri(), timeline);
        List<Call> calls = new ArrayList<>();
        calls.add(call(server, timeline, "forecast: 503, 503, 200 (backoff, clamps)", "/forecast/Lisbon", 3,
                () -> client.forecast("Lisbon"), "sunny in Lisbon"));
        calls.add(call(server, timeline, "alerts: 429 + Retry-After: 1 s", "/alerts/Alps", 2,
                () -> client.alerts("Alps"), "no alerts for Alps"));
        calls.add(call(server, timeline, "radar: no answer in time, then fast (waitOn)", "/radar/R7", 2,
                () -> client.radar("R7"), "radar image R7"));
        calls.add(call(server, timeline, "tile: no answer, cut off by attemptTimeout", "/tiles/T1", 2,
                () -> client.tile("T1"), "tile T1"));
        calls.add(call(server, timeline, "station XYZ: 404, giveUpIf 4xx, no retry", "/stations/XYZ", 1,
                () -> client.station("XYZ"), WeatherClient.HttpStatusException.class));
        calls.add(call(server, timeline, "history: connection dropped, then 200", "/history/H1", 2,
                () -> client.history("H1"), "history of H1"));
        calls.add(call(server, timeline, "observations: 503 responses (retryIfResult)", "/observations/O2", 3,
                () -> client.observations("O2").body(), "12.5 C in O2"));
        calls.add(call(server, timeline, "quota: 429 response + Retry-After: 1 s", "/quota/Q1", 2,
                () -> client.quota("Q1").body(), "99 requests left for Q1"));
        calls.add(call(server, timeline, "status: down; 1500 ms deadline, recovered", "/status", 3,
                client::status, "cached: all systems nominal (stale, the service said /status answered 503:"
                        + " down for maintenance)"));
        calls.addAll(batch(server, timeline, client));
        return calls;
    }

    /**
     * Eight asynchronous calls at once; each fails as many times as the seed says, then answers. Beside them, a
     * tile whose first request is never answered: its attempt is cut off while the batch runs, no thread waiting.
     */
    private static List<Call> batch(FlakyServer server, Timeline timeline, WeatherClient client) throws Exception {
        long start = System.nanoTime();
        List<CompletableFuture<String>> futures = new ArrayList<>();
        for (String city : BATCH) {
            futures.add(client.forecastAsync(city));
        }
        CompletableFuture<String> tile = client.tileAsync("T2");
        List<Call> calls = new ArrayList<>();
        for (int i = 0; i < BATCH.size(); i++) {
            String city = BATCH.get(i);
            calls.add(awaited(server, timeline, "async batch " + city + ": " + server.batchFailures(city) + " x 503",
                    "/batch/" + city, 1 + server.batchFailures(city), futures.get(i), "forecast for " + city, start));
        }
        calls.add(awaited(server, timeline, "async tile: no answer, stage cancelled", "/tiles/T2", 2, tile,
                "tile T2", start));
        return calls;
    }

    /** An asynchronous call started at {@code start}, once its future completes. */
    private static Call awaited(FlakyServer server, Timeline timeline, String name, String path, int expectedAttempts,
                                CompletableFuture<String> future, String expected, long start) {
        String outcome;
        boolean ok;
        try {
            String value = future.get(30, TimeUnit.SECONDS);
            outcome = "returned \"" + value + "\"";
            ok = value.equals(expected);
        } catch (Exception e) {
            outcome = "threw " + e.getCause();
            ok = false;
        }
        int attempts = server.requestsTo(path);
        return new Call(name, path, expectedAttempts, attempts, outcome, ok && attempts == expectedAttempts,
                (System.nanoTime() - start) / 1_000_000, ending(timeline, path), false);
    }

    @FunctionalInterface
    private interface Action {
        String run() throws Exception;
    }

    private static Call call(FlakyServer server, Timeline timeline, String name, String path, int expectedAttempts,
                             Action action, Object expected) {
        long start = System.nanoTime();
        String outcome;
        boolean asExpected;
        try {
            String value = action.run();
            outcome = "returned \"" + value + "\"";
            asExpected = value.equals(expected);
        } catch (Exception e) {
            outcome = "threw " + e.getClass().getSimpleName() + ": " + e.getMessage()
                    + (e.getSuppressed().length > 0 ? " (+" + e.getSuppressed().length + " earlier attached)" : "");
            asExpected = expected instanceof Class<?> && ((Class<?>) expected).isInstance(e);
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        // Read and cleared, so that a leaked interrupt fails this call and not the ones after it. (An
        // InterruptedException thrown to here is not as designed either: its outcome says so.)
        boolean interrupted = Thread.interrupted();
        if (interrupted) {
            outcome += " (and left the thread interrupted)";
        }
        int attempts = server.requestsTo(path);
        return new Call(name, path, expectedAttempts, attempts, outcome,
                asExpected && attempts == expectedAttempts && !interrupted, millis, ending(timeline, path),
                interrupted);
    }

    private static String ending(Timeline timeline, String path) {
        RetryEvent giveUp = timeline.giveUp(path);
        if (giveUp == null) {
            return "";
        }
        return "gave up: " + giveUp.giveUpReason() + (giveUp.recovered() ? ", recovered" : "");
    }

    private static String abbreviate(String text) {
        return text.length() <= 70 ? text : text.substring(0, 67) + "...";
    }

}
