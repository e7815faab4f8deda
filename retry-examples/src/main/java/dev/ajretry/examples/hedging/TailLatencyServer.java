package dev.ajretry.examples.hedging;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An HTTP server on 127.0.0.1 (a free port) whose answers take a heavy-tailed time, a {@link Latency}:
 * {@code GET /items/{item}} answers 200 with the body {@code item {item} (attempt {n})} after the latency drawn for
 * that item and attempt. The client says which attempt a request is in the header {@value #ATTEMPT}, and whether it
 * is a hedge in {@value #HEDGE}; a request without them is attempt 1.
 *
 * <p>A waiting answer holds no thread: the handler only schedules it, on a scheduler of two threads, so a slow answer
 * never delays the others, however many are waiting.
 *
 * <p>It counts the requests it received, in all, per item, and those marked as hedges, so that a run can tell the
 * extra requests hedging cost from the server's side.
 */
public final class TailLatencyServer implements AutoCloseable {

    /** The request header that carries the attempt's number, 1-based. */
    public static final String ATTEMPT = "X-Attempt";
    /** The request header that says {@code true} on a hedge. */
    public static final String HEDGE = "X-Hedge";

    static {
        // The JDK's server writes an answer's headers and its body apart; with Nagle's algorithm on (its default) the
        // body then waits for the client's delayed ACK, 40 ms on Linux: longer than the answers being measured. Read
        // once, when the JDK's server is first used in this JVM.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final HttpServer server;
    private final ExecutorService handlers;
    private final ScheduledExecutorService answers;
    private final Latency latency;
    private final Duration holdSlowAnswers;
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong hedges = new AtomicLong();
    private final Map<Integer, AtomicLong> requestsPerItem = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<Void>> answered = new ConcurrentHashMap<>();
    private final Queue<String> written = new ConcurrentLinkedQueue<>();

    private TailLatencyServer(HttpServer server, Latency latency, Duration holdSlowAnswers) {
        this.server = server;
        this.latency = latency;
        this.holdSlowAnswers = holdSlowAnswers;
        this.handlers = Executors.newFixedThreadPool(2, daemon("tail-latency-server"));
        this.answers = Executors.newScheduledThreadPool(2, daemon("tail-latency-answers"));
    }

    /** Starts a server on a free loopback port. */
    public static TailLatencyServer start(Latency latency) throws IOException {
        return start(latency, Duration.ZERO);
    }

    /**
     * Starts a server whose slow answers also wait until the same item's next attempt has been answered, for at most
     * {@code patience}: then a hedge beats the slow attempt it was sent beside on every machine, however busy, and a
     * test can say which attempt answered without racing the clock. Without a next attempt (no hedge, or hedging
     * off), a slow answer comes after {@code patience}.
     */
    public static TailLatencyServer startHoldingSlowAnswers(Latency latency, Duration patience) throws IOException {
        if (patience.isZero() || patience.isNegative()) {
            throw new IllegalArgumentException("patience = " + patience + ", must be > 0");
        }
        return start(latency, patience);
    }

    private static TailLatencyServer start(Latency latency, Duration holdSlowAnswers) throws IOException {
        // Backlog 200: the demo's calls, their hedges and the slow attempts still waiting connect at once.
        HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 200);
        TailLatencyServer tail = new TailLatencyServer(http, latency, holdSlowAnswers);
        http.setExecutor(tail.handlers);
        http.createContext("/items/", tail::item);
        http.start();
        return tail;
    }

    /** The base address, such as {@code http://127.0.0.1:41234}. */
    public URI baseUri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** The latency this server answers with. */
    public Latency latency() {
        return latency;
    }

    /** How many requests it received. */
    public long requests() {
        return requests.get();
    }

    /** How many of them said they were hedges. */
    public long hedges() {
        return hedges.get();
    }

    /** How many requests it received for {@code item}. */
    public long requestsFor(int item) {
        AtomicLong count = requestsPerItem.get(item);
        return count == null ? 0 : count.get();
    }

    /**
     * On a server {@link #startHoldingSlowAnswers holding slow answers}, the requests answered so far as
     * {@code "item/attempt"}, in the order their answers were written; empty on another server.
     */
    public List<String> answersWritten() {
        return List.copyOf(written);
    }

    private void item(HttpExchange exchange) throws IOException {
        int item;
        long attempt;
        try {
            String path = exchange.getRequestURI().getPath();
            item = Integer.parseInt(path.substring(path.lastIndexOf('/') + 1));
            String header = exchange.getRequestHeaders().getFirst(ATTEMPT);
            attempt = header == null ? 1 : Long.parseLong(header);
        } catch (NumberFormatException e) {
            respond(exchange, 400, "bad request: " + e.getMessage());
            return;
        }
        requests.incrementAndGet();
        requestsPerItem.computeIfAbsent(item, i -> new AtomicLong()).incrementAndGet();
        if ("true".equals(exchange.getRequestHeaders().getFirst(HEDGE))) {
            hedges.incrementAndGet();
        }
        String body = "item " + item + " (attempt " + attempt + ")";
        CompletableFuture<Void> due = after(latency.of(item, attempt));
        if (holding() && latency.isSlow(item, attempt)) {
            CompletableFuture<Void> nextAnswered = answeredFuture(item, attempt + 1);
            due = due.thenCompose(ready -> CompletableFuture.anyOf(nextAnswered, after(holdSlowAnswers)))
                    .thenApply(ready -> null);
        }
        due.thenRun(() -> {
            try {
                respond(exchange, 200, body);
            } catch (IOException e) {
                // The client closed the connection (or the server is stopping): nobody waits for this answer.
                exchange.close();
            }
            if (holding()) {
                written.add(item + "/" + attempt);
            }
            answeredFuture(item, attempt).complete(null);
        });
    }

    private CompletableFuture<Void> answeredFuture(int item, long attempt) {
        if (!holding()) {
            return CompletableFuture.completedFuture(null);
        }
        return answered.computeIfAbsent(item + "/" + attempt, key -> new CompletableFuture<>());
    }

    private boolean holding() {
        return !holdSlowAnswers.isZero();
    }

    private CompletableFuture<Void> after(Duration delay) {
        CompletableFuture<Void> timer = new CompletableFuture<>();
        answers.schedule(() -> timer.complete(null), delay.toNanos(), TimeUnit.NANOSECONDS);
        return timer;
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static ThreadFactory daemon(String name) {
        return task -> {
            Thread thread = new Thread(task, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    @Override
    public void close() {
        server.stop(0);
        answers.shutdownNow();
        handlers.shutdownNow();
    }
}
