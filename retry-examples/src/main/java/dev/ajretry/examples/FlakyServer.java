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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small HTTP server on 127.0.0.1 (a free port) that misbehaves on purpose, the same way on every run:
 * <ul>
 *   <li>{@code /forecast/{city}}: answers 503 to the first two requests for a city, then 200;</li>
 *   <li>{@code /stations/{id}}: 404 for an unknown station, which no retry can fix;</li>
 *   <li>{@code /down}: always 503.</li>
 * </ul>
 * It counts the requests it gets per path, so the app and its test can check how many attempts each call made.
 */
public final class FlakyServer implements AutoCloseable {

    private final HttpServer server;
    private final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();

    private FlakyServer(HttpServer server) {
        this.server = server;
    }

    /** Starts a server on a free loopback port. */
    public static FlakyServer start() throws IOException {
        HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        FlakyServer flaky = new FlakyServer(http);
        http.createContext("/forecast/", flaky::forecast);
        http.createContext("/stations/", flaky::station);
        http.createContext("/down", exchange -> {
            flaky.count(exchange);
            flaky.respond(exchange, 503, "maintenance");
        });
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

    private void forecast(HttpExchange exchange) throws IOException {
        int nth = count(exchange);
        if (nth <= 2) {
            respond(exchange, 503, "busy, try again");
        } else {
            String city = exchange.getRequestURI().getPath().substring("/forecast/".length());
            respond(exchange, 200, "sunny in " + city);
        }
    }

    private void station(HttpExchange exchange) throws IOException {
        count(exchange);
        String id = exchange.getRequestURI().getPath().substring("/stations/".length());
        if (id.equals("ZRH")) {
            respond(exchange, 200, "Zurich, 408 m");
        } else {
            respond(exchange, 404, "no station " + id);
        }
    }

    private int count(HttpExchange exchange) {
        return requests.computeIfAbsent(exchange.getRequestURI().getPath(), p -> new AtomicInteger()).incrementAndGet();
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
    }
}
