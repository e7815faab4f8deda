package dev.ajretry.examples;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An HTTP server on 127.0.0.1 (a free port) that misbehaves on purpose, the same way on every run with the same seed:
 * <ul>
 *   <li>{@code /forecast/{city}}: 503 to the first two requests for a city, then 200;</li>
 *   <li>{@code /alerts/{region}}: 429 with {@code Retry-After: 1} (second) to the first request, then 200;</li>
 *   <li>{@code /radar/{id}}: the first request gets no answer until the second arrives (the client timed out and
 *       retried: the server decides, not a race with the client's clock); the second is answered at once;</li>
 *   <li>{@code /tiles/{id}}: the same, for a client whose own request timeout is long: only its
 *       {@code attemptTimeout} can end the first attempt;</li>
 *   <li>{@code /stations/{id}}: 404 for any station but ZRH, which no retry can fix;</li>
 *   <li>{@code /history/{id}}: the first request's connection is dropped in the middle of the answer; then 200;</li>
 *   <li>{@code /observations/{id}}: answers status 503 with a body twice (no exception on the client), then 200;</li>
 *   <li>{@code /quota/{account}}: 429 with {@code Retry-After: 1} to the first request, read by the client as a
 *       response (no exception), then 200;</li>
 *   <li>{@code /status}: always 503, the service is down;</li>
 *   <li>{@code /batch/{city}}: 503 a number of times drawn from the seed (0 to 2), then 200.</li>
 * </ul>
 * It counts the requests per path, so the app and its test can check each call's attempts from the server's side.
 */
public final class FlakyServer implements AutoCloseable {

    /**
     * How long a held first request (radar, tiles) waits for the second at most: a guard against a client that never
     * retries.
     */
    static final long PATIENCE_SECONDS = 30;

    private final HttpServer server;
    private final ExecutorService handlers;
    private final long seed;
    private final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();
    private final Map<String, Integer> batchFailures = new ConcurrentHashMap<>();
    private final Map<String, CountDownLatch> heldUntilRetry = new ConcurrentHashMap<>();

    private FlakyServer(HttpServer server, ExecutorService handlers, long seed) {
        this.server = server;
        this.handlers = handlers;
        this.seed = seed;
    }

    /** Starts a server on a free loopback port; {@code seed} decides the batch endpoint's failures. */
    public static FlakyServer start(long seed) throws IOException {
        HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        ExecutorService handlers = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "flaky-server");
            thread.setDaemon(true);
            return thread;
        });
        http.setExecutor(handlers);
        FlakyServer flaky = new FlakyServer(http, handlers, seed);
        http.createContext("/forecast/", e -> flaky.failFirst(e, 2, 503, "sunny in " + flaky.last(e)));
        http.createContext("/alerts/", e -> flaky.tooManyFirst(e, "slow down", "no alerts for " + flaky.last(e)));
        http.createContext("/radar/", e -> flaky.holdFirst(e, "radar image " + flaky.last(e)));
        http.createContext("/tiles/", e -> flaky.holdFirst(e, "tile " + flaky.last(e)));
        http.createContext("/stations/", flaky::station);
        http.createContext("/history/", flaky::history);
        http.createContext("/observations/", e -> flaky.failFirst(e, 2, 503, "12.5 C in " + flaky.last(e)));
        http.createContext("/quota/", e -> flaky.tooManyFirst(e, "quota exceeded",
                "99 requests left for " + flaky.last(e)));
        http.createContext("/status", e -> {
            flaky.count(e);
            flaky.respond(e, 503, "down for maintenance");
        });
        http.createContext("/batch/", e -> flaky.failFirst(e, flaky.batchFailures(flaky.last(e)), 503,
                "forecast for " + flaky.last(e)));
        http.start();
        return flaky;
    }

    /** The base address, such as {@code http://127.0.0.1:41234}. */
    public URI baseUri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** How many requests {@code path} got. */
    public int requestsTo(String path) {
        AtomicInteger count = requests.get(path);
        return count == null ? 0 : count.get();
    }

    /**
     * How many 503s the batch endpoint gives {@code city} before answering: 0 to 2, drawn from the seed and the city
     * (not from the order requests arrive in, which concurrent calls do not fix).
     */
    public int batchFailures(String city) {
        return batchFailures.computeIfAbsent(city, c -> new Random(seed * 31 + c.hashCode()).nextInt(3));
    }

    private void failFirst(HttpExchange exchange, int failures, int status, String body) throws IOException {
        int nth = count(exchange);
        if (nth <= failures) {
            respond(exchange, status, "busy (request " + nth + ")");
        } else {
            respond(exchange, 200, body);
        }
    }

    /** Answers the first request on a path 429 with {@code Retry-After: 1} (second), the others 200. */
    private void tooManyFirst(HttpExchange exchange, String refusal, String body) throws IOException {
        if (count(exchange) == 1) {
            exchange.getResponseHeaders().add("Retry-After", "1");
            respond(exchange, 429, refusal);
        } else {
            respond(exchange, 200, body);
        }
    }

    /** Holds the first request on a path, unanswered, until the second arrives; answers the second with 200. */
    private void holdFirst(HttpExchange exchange, String body) throws IOException {
        CountDownLatch retried = heldUntilRetry.computeIfAbsent(exchange.getRequestURI().getPath(),
                p -> new CountDownLatch(1));
        if (count(exchange) == 1) {
            try {
                retried.await(PATIENCE_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            // The client gave up on this request long ago: no answer, the connection is closed.
            exchange.close();
            return;
        }
        retried.countDown();
        respond(exchange, 200, body);
    }

    private void station(HttpExchange exchange) throws IOException {
        count(exchange);
        String id = last(exchange);
        if (id.equals("ZRH")) {
            respond(exchange, 200, "Zurich, 408 m");
        } else {
            respond(exchange, 404, "no station " + id);
        }
    }

    private void history(HttpExchange exchange) throws IOException {
        if (count(exchange) == 1) {
            // The connection goes away in the middle of the answer: 10 bytes of the 100 announced. (Dropped before
            // any byte, the JDK's HttpClient would retry a GET by itself and ajretry would never see the failure.)
            exchange.sendResponseHeaders(200, 100);
            OutputStream out = exchange.getResponseBody();
            out.write("history...".getBytes(StandardCharsets.UTF_8));
            out.flush();
            exchange.close();
            return;
        }
        respond(exchange, 200, "history of " + last(exchange));
    }

    private String last(HttpExchange exchange) {
        String path = exchange.getRequestURI().getPath();
        return path.substring(path.lastIndexOf('/') + 1);
    }

    private int count(HttpExchange exchange) {
        return requests.computeIfAbsent(exchange.getRequestURI().getPath(), p -> new AtomicInteger())
                .incrementAndGet();
    }

    private void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        handlers.shutdownNow();
    }
}
