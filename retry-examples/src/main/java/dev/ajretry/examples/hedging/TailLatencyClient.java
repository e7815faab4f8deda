package dev.ajretry.examples.hedging;

import dev.ajretry.Retry;
import dev.ajretry.runtime.RetryContext;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The same asynchronous read twice: {@link #hedged(int)} sends a second copy of a request that has not answered
 * within {@value #HEDGE_DELAY_MILLIS} ms, {@link #unhedged(int)} only retries failures. Both go through
 * {@link HttpClient#sendAsync}, so no thread waits for an answer.
 */
public class TailLatencyClient {

    /**
     * How long an attempt may run before a hedge starts beside it: just above the 95th percentile of the
     * {@link Latency#standard standard} service's answers as this client sees them (19.1 ms at the server, plus a
     * millisecond or two through loopback and the JDK's client), so that about 5% of calls at most get a hedge: the
     * 2% whose first attempt is slow, and the fast answers that come later than this.
     */
    public static final long HEDGE_DELAY_MILLIS = 22;

    /** Keeps a broken server from hanging a run; no answer of the demo's service comes near it. */
    static final Duration SAFETY_TIMEOUT = Duration.ofSeconds(30);

    /**
     * One client for every instance, as the JDK advises, on a pool of its own started in full at once: the default
     * executor is a cached pool that grows with the answers in flight and keeps its threads a minute, and a client
     * cannot be closed before JDK 21, so runs would leave threads behind, or start some while whatever runs next in
     * the JVM counts its own (the scale demo's test counts the threads it starts). Sixteen, so that the pool is no
     * narrower than the calls in flight. HTTP/1.1: the JDK's client would otherwise offer every request an upgrade
     * to HTTP/2, which the server ignores.
     */
    static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .executor(clientThreads(16))
            .build();

    private static ExecutorService clientThreads(int count) {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(count, count, 0, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), task -> {
                    Thread thread = new Thread(task, "tail-latency-client");
                    thread.setDaemon(true);
                    return thread;
                });
        pool.prestartAllCoreThreads();
        return pool;
    }

    private final URI base;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();

    public TailLatencyClient(URI base) {
        this.base = base;
    }

    /** Reads {@code item}; a hedge after {@value #HEDGE_DELAY_MILLIS} ms without an answer, 3 attempts in all. */
    @Retry(tries = 3, hedges = 1, hedgeDelay = HEDGE_DELAY_MILLIS, exceptions = IOException.class)
    public CompletableFuture<String> hedged(int item) {
        return get(item);
    }

    /** Reads {@code item}; a failure is retried, a slow answer is waited for. */
    @Retry(tries = 3, exceptions = IOException.class)
    public CompletableFuture<String> unhedged(int item) {
        return get(item);
    }

    /** How many requests this client has sent: one per attempt, hedges included. */
    public long requestsSent() {
        return sent.get();
    }

    /** How many of them failed (an I/O error, a status other than 200): each is retried while tries are left. */
    public long requestsFailed() {
        return failed.get();
    }

    private CompletableFuture<String> get(int item) {
        // The server draws each request's latency from the item and the attempt: a hedge is a new request.
        RetryContext attempt = RetryContext.current();
        HttpRequest request = HttpRequest.newBuilder(base.resolve("/items/" + item))
                .header(TailLatencyServer.ATTEMPT, Long.toString(Math.max(1, attempt.attempt())))
                .header(TailLatencyServer.HEDGE, Boolean.toString(attempt.isHedge()))
                .timeout(SAFETY_TIMEOUT)
                .build();
        sent.incrementAndGet();
        // ajretry cancels this stage when another attempt wins; the exchange under it is left to finish and its
        // answer dropped. (Cancelling the JDK client's exchange too closes its connection, and in our runs made other
        // requests fail with "header parser received no bytes": a retry each, for nothing.)
        return HTTP.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                .thenCompose(response -> response.statusCode() == 200
                        ? CompletableFuture.completedFuture(response.body())
                        : CompletableFuture.failedFuture(new IOException("status " + response.statusCode()
                                + " for item " + item + ": " + response.body())))
                .whenComplete((body, failure) -> {
                    if (failure != null) {
                        failed.incrementAndGet();
                    }
                });
    }
}
