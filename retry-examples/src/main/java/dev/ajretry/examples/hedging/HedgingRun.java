package dev.ajretry.examples.hedging;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One run of the hedging demo: {@code calls} reads of items 0, 1, 2... against a fresh {@link TailLatencyServer},
 * at most {@code concurrency} in flight at once (a semaphore, as a service's pool of callers would be), each call's
 * latency taken from just before the call to the completion of its future. Hedged and unhedged runs with the same
 * {@link Latency} meet the same slow first attempts: only what hedging does differs.
 */
public final class HedgingRun {

    /** How each call reads its item. */
    public enum Mode {
        UNHEDGED("without hedging", TailLatencyClient::unhedged),
        HEDGED("hedges = 1, hedgeDelay = " + TailLatencyClient.HEDGE_DELAY_MILLIS + " ms", TailLatencyClient::hedged);

        private final String label;
        private final BiFunction<TailLatencyClient, Integer, CompletableFuture<String>> call;

        Mode(String label, BiFunction<TailLatencyClient, Integer, CompletableFuture<String>> call) {
            this.label = label;
            this.call = call;
        }

        /** As the demo's table names it. */
        public String label() {
            return label;
        }
    }

    /**
     * What a run measured. Arrays are indexed by call (and item) number.
     *
     * @param latencyNanos     each call's latency
     * @param bodies           each call's result, null if it failed
     * @param failures         each call's failure, null if it succeeded
     * @param requestsSent     requests the client sent, hedges and retries included
     * @param requestsFailed   of those, the ones that failed (each retried while tries were left)
     * @param requestsReceived requests the server had received when the last call completed
     * @param hedgesReceived   of those, the ones marked as hedges
     */
    public record Outcome(Mode mode, int calls, long[] latencyNanos, String[] bodies, Throwable[] failures,
                          long requestsSent, long requestsFailed, long requestsReceived, long hedgesReceived, Duration wallTime) {

        private static final Pattern BODY = Pattern.compile("item (\\d+) \\(attempt (\\d+)\\)");

        /** How many calls completed with their own item's answer. */
        public int answeredRight() {
            int right = 0;
            for (int i = 0; i < calls; i++) {
                Matcher body = bodies[i] == null ? null : BODY.matcher(bodies[i]);
                right += body != null && body.matches() && Integer.parseInt(body.group(1)) == i ? 1 : 0;
            }
            return right;
        }

        /** The attempt whose answer completed call {@code i}, or 0 if it failed. */
        public long answeringAttempt(int i) {
            Matcher body = bodies[i] == null ? null : BODY.matcher(bodies[i]);
            return body != null && body.matches() ? Long.parseLong(body.group(2)) : 0;
        }

        /** How many calls failed. */
        public int failed() {
            int failed = 0;
            for (Throwable failure : failures) {
                failed += failure == null ? 0 : 1;
            }
            return failed;
        }

        /** The requests sent beyond one per call, as a percentage of the calls. */
        public double extraRequestsPercent() {
            return calls == 0 ? 0 : 100.0 * (requestsSent - calls) / calls;
        }
    }

    private HedgingRun() {
    }

    /** Runs {@code calls} calls of {@code mode} at {@code concurrency}, against a new server of {@code latency}. */
    public static Outcome run(Mode mode, int calls, int concurrency, Latency latency) throws Exception {
        try (TailLatencyServer server = TailLatencyServer.start(latency)) {
            return run(mode, calls, concurrency, server);
        }
    }

    /** Runs {@code calls} calls of {@code mode} at {@code concurrency} against {@code server}, a fresh one. */
    public static Outcome run(Mode mode, int calls, int concurrency, TailLatencyServer server) throws Exception {
        if (calls < 0 || concurrency < 1) {
            throw new IllegalArgumentException("calls = " + calls + ", concurrency = " + concurrency
                    + ": need calls >= 0 and concurrency >= 1");
        }
        TailLatencyClient client = new TailLatencyClient(server.baseUri());
        long[] latencies = new long[calls];
        String[] bodies = new String[calls];
        Throwable[] failures = new Throwable[calls];
        Semaphore inFlight = new Semaphore(concurrency);
        CountDownLatch done = new CountDownLatch(calls);
        long start = System.nanoTime();
        for (int i = 0; i < calls; i++) {
            inFlight.acquire();
            int call = i;
            long callStart = System.nanoTime();
            CompletableFuture<String> future;
            try {
                future = mode.call.apply(client, call);
            } catch (RuntimeException e) {
                future = CompletableFuture.failedFuture(e);
            }
            future.whenComplete((body, failure) -> {
                latencies[call] = System.nanoTime() - callStart;
                bodies[call] = body;
                failures[call] = failure;
                inFlight.release();
                done.countDown();
            });
        }
        // A guard against a run that hangs, not a measure: the demo's 10,000 calls take seconds.
        if (!done.await(10, TimeUnit.MINUTES)) {
            throw new TimeoutException(done.getCount() + " of " + calls + " calls did not complete in 10 minutes");
        }
        Duration wall = Duration.ofNanos(System.nanoTime() - start);
        // The latch's count-down happens-after each array write, and await() happens-after every count-down.
        return new Outcome(mode, calls, latencies, bodies, failures, client.requestsSent(), client.requestsFailed(),
                server.requests(),
                server.hedges(), wall);
    }
}
