package dev.ajretry.examples;

import dev.ajretry.FailurePredicate;
import dev.ajretry.RandomJitter;
import dev.ajretry.ResultPredicate;
import dev.ajretry.Retry;
import dev.ajretry.Retry.WaitOn;
import dev.ajretry.RetryAfter;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * A client written the way a user writes one: plain {@link HttpClient} calls, with {@code @Retry} saying what is
 * worth another attempt and how long to wait. No proxy and no container: {@code new WeatherClient(...)} is retried.
 * Each method shows one part of the policy.
 */
public class WeatherClient {

    /**
     * How long {@link #radar(String)}, the one scenario about a request's own timeout, waits for an answer. The
     * server holds the first radar request until the retry arrives, so that attempt times out on every run however
     * fast or slow the machine; the retry is answered at once, far within this (its worst, over 20 runs beside two
     * busy loops on two cores: under 0.6 s).
     */
    public static final Duration RADAR_TIMEOUT = Duration.ofSeconds(2);

    /**
     * The other requests' timeout: no scenario is about it, it only keeps a broken server from hanging the app. A
     * cold JVM's first request can take longer than a short timeout, and then the outcome would depend on the
     * machine's speed.
     */
    public static final Duration SAFETY_TIMEOUT = Duration.ofSeconds(30);

    /**
     * The {@code attemptTimeout} of {@link #tile(String)} and {@link #tileAsync(String)}, in milliseconds. Like
     * {@link #RADAR_TIMEOUT}: the server holds the first request until the retry arrives, so the first attempt is cut
     * off on every run, and the retry, answered at once, must finish far within it on a busy machine too. Over 20
     * runs beside two busy loops on two cores, the slowest such retry (radar's or a tile's) took 0.46 s: 300 ms
     * would not leave that margin, 1 s does.
     */
    public static final long TILE_TIMEOUT_MILLIS = 1000;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final URI base;
    private final Timeline timeline;

    public WeatherClient(URI base, Timeline timeline) {
        this.base = base;
        this.timeline = timeline;
    }

    /** 503, 503, then 200: exponential backoff from 50 ms, clamped to [50, 400] ms, spread by 10 % jitter. */
    @Retry(tries = 4, delay = 50, backoff = 2, minDelay = 50, maxDelay = 400,
            randomJitter = RandomJitter.PROPORTIONAL, jitterRatio = 0.1,
            exceptions = ServiceUnavailableException.class)
    public String forecast(String city) throws IOException, InterruptedException {
        return get("/forecast/" + city);
    }

    /** 429 with Retry-After: 1 s: the server's word wins over the schedule, and over maxDelay. */
    @Retry(tries = 3, delay = 50, maxDelay = 200, exceptions = TooManyRequestsException.class)
    public String alerts(String region) throws IOException, InterruptedException {
        return get("/alerts/" + region);
    }

    /** A first request the server does not answer in time: a timeout gets a longer wait than other failures. */
    @Retry(tries = 3, delay = 50, exceptions = IOException.class,
            waitOn = @WaitOn(value = HttpTimeoutException.class, delay = 200))
    public String radar(String id) throws IOException, InterruptedException {
        return get("/radar/" + id, RADAR_TIMEOUT);
    }

    /**
     * A first request the server never answers, while the request's own timeout is the long safety one: only
     * {@code attemptTimeout} ends that attempt. ajretry interrupts this thread after 1 s, {@code HttpClient.send}
     * cancels the exchange and throws {@code InterruptedException}, and the attempt fails with an
     * {@code AttemptTimeoutException}: retried although {@code exceptions} lists only {@code IOException}, since it
     * is a {@code RetryableError}. The interrupt is cleared before the wait; the caller never sees it.
     */
    @Retry(tries = 3, delay = 50, exceptions = IOException.class, attemptTimeout = TILE_TIMEOUT_MILLIS)
    public String tile(String id) throws IOException, InterruptedException {
        return get("/tiles/" + id);
    }

    /** A 404 will not go away: the give-up predicate stops at once on any 4xx. */
    @Retry(tries = 3, delay = 50, exceptions = HttpStatusException.class, giveUpIf = ClientError.class)
    public String station(String id) throws IOException, InterruptedException {
        return get("/stations/" + id);
    }

    /** The connection is dropped without an answer: an IOException like any other, retried. */
    @Retry(tries = 3, delay = 50, exceptions = IOException.class)
    public String history(String id) throws IOException, InterruptedException {
        return get("/history/" + id);
    }

    /** A 503 that comes back as a response, not an exception: the result predicate makes it a failure. */
    @Retry(tries = 4, delay = 50, retryIfResult = Unavailable.class)
    public HttpResponse<String> observations(String id) throws IOException, InterruptedException {
        return send("/observations/" + id, SAFETY_TIMEOUT);
    }

    /** A 429 that comes back as a response: the result predicate rejects it and reads how long the server asks. */
    @Retry(tries = 3, delay = 50, retryIfResult = TooManyRequestsResponse.class)
    public HttpResponse<String> quota(String account) throws IOException, InterruptedException {
        return send("/quota/" + account, SAFETY_TIMEOUT);
    }

    /**
     * A service that stays down: a 1500 ms deadline (100 ms, then 500 ms; a third wait of 2500 ms would end too
     * late), then the recovery method answers from a cache. Three attempts whenever the first two requests take
     * less than 900 ms together: the deadline cuts the schedule, not the machine's speed.
     */
    @Retry(tries = 10, delay = 100, backoff = 5, maxDuration = 1500, recover = "cachedStatus")
    public String status() throws IOException, InterruptedException {
        return get("/status");
    }

    /** The recovery of {@link #status()}: same parameters, preceded by the failure. */
    String cachedStatus(IOException failure) {
        return "cached: all systems nominal (stale, the service said " + failure.getMessage() + ")";
    }

    /** Asynchronous: returns at once; waits are scheduled, no thread is blocked. */
    @Retry(tries = 4, delay = 50, backoff = 2, exceptions = IOException.class)
    public CompletableFuture<String> forecastAsync(String city) {
        String path = "/batch/" + city;
        CompletableFuture<String> body = new CompletableFuture<>();
        answer(path, timeline.attemptStarted(path), sendAsync(path), body);
        return body;
    }

    /**
     * {@link #tile(String)} without blocking: after 1 s ajretry cancels the stage of the first attempt, which cancels
     * the exchange; no thread waits meanwhile.
     */
    @Retry(tries = 3, delay = 50, exceptions = IOException.class, attemptTimeout = TILE_TIMEOUT_MILLIS)
    public CompletableFuture<String> tileAsync(String id) {
        String path = "/tiles/" + id;
        Timeline.Attempt attempt = timeline.attemptStarted(path);
        CompletableFuture<HttpResponse<String>> exchange = sendAsync(path);
        CompletableFuture<String> body = new CompletableFuture<>();
        // ajretry cancels the stage returned here; passed on, the cancel ends the exchange and closes its connection.
        // (A stage derived from the exchange by thenApply or handle may pass a cancel on or not: HttpClient's own
        // stages differ between JDK 17 and 25, and between those two methods.)
        body.whenComplete((value, failure) -> {
            if (body.isCancelled()) {
                attempt.ended("cancelled, its exchange too");
                exchange.cancel(true);
            }
        });
        answer(path, attempt, exchange, body);
        return body;
    }

    private CompletableFuture<HttpResponse<String>> sendAsync(String path) {
        return http.sendAsync(request(path, SAFETY_TIMEOUT), HttpResponse.BodyHandlers.ofString());
    }

    /** Completes {@code body} from {@code exchange}: with the body of a 200 answer, else with the failure. */
    private static void answer(String path, Timeline.Attempt attempt, CompletableFuture<HttpResponse<String>> exchange,
                               CompletableFuture<String> body) {
        exchange.whenComplete((response, failure) -> {
            if (body.isDone()) {
                return; // cancelled by ajretry: this outcome comes too late to count
            }
            if (failure != null) {
                attempt.ended(failure.toString());
                body.completeExceptionally(failure);
                return;
            }
            attempt.ended(response.statusCode() + " " + response.body());
            if (response.statusCode() == 200) {
                body.complete(response.body());
            } else {
                body.completeExceptionally(statusException(path, response));
            }
        });
    }

    private String get(String path) throws IOException, InterruptedException {
        return get(path, SAFETY_TIMEOUT);
    }

    private String get(String path, Duration timeout) throws IOException, InterruptedException {
        HttpResponse<String> response = send(path, timeout);
        if (response.statusCode() != 200) {
            throw statusException(path, response);
        }
        return response.body();
    }

    private HttpResponse<String> send(String path, Duration timeout) throws IOException, InterruptedException {
        Timeline.Attempt attempt = timeline.attemptStarted(path);
        try {
            HttpResponse<String> response = http.send(request(path, timeout), HttpResponse.BodyHandlers.ofString());
            attempt.ended(response.statusCode() + " " + response.body());
            return response;
        } catch (IOException | InterruptedException | RuntimeException e) {
            attempt.ended(e.toString());
            throw e;
        }
    }

    private HttpRequest request(String path, Duration timeout) {
        return HttpRequest.newBuilder(base.resolve(path)).timeout(timeout).build();
    }

    private static HttpStatusException statusException(String path, HttpResponse<String> response) {
        int status = response.statusCode();
        String message = path + " answered " + status + ": " + response.body();
        if (status == 503) {
            return new ServiceUnavailableException(message);
        }
        if (status == 429) {
            return new TooManyRequestsException(message, retryAfter(response.headers()));
        }
        return new HttpStatusException(status, message);
    }

    /**
     * The {@code Retry-After} header in seconds; null when it is absent or an HTTP date, which this client does not
     * read: then the schedule's wait applies.
     */
    static Duration retryAfter(HttpHeaders headers) {
        return headers.firstValue("Retry-After").map(String::trim).filter(s -> s.matches("\\d{1,9}"))
                .map(s -> Duration.ofSeconds(Long.parseLong(s))).orElse(null);
    }

    /** An HTTP answer other than 200. */
    public static class HttpStatusException extends IOException {
        private final int status;

        public HttpStatusException(int status, String message) {
            super(message);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    /** 503: overloaded or in maintenance; worth another try. */
    public static class ServiceUnavailableException extends HttpStatusException {
        public ServiceUnavailableException(String message) {
            super(503, message);
        }
    }

    /** 429: the server says how long to wait, through {@link RetryAfter}. */
    public static class TooManyRequestsException extends HttpStatusException implements RetryAfter {
        private final Duration retryAfter;

        public TooManyRequestsException(String message, Duration retryAfter) {
            super(429, message);
            this.retryAfter = retryAfter;
        }

        @Override
        public Duration retryAfter() {
            return retryAfter;
        }
    }

    /** Gives up on a 4xx (but not on a 429, which asks to come back later). */
    public static class ClientError implements FailurePredicate {
        @Override
        public boolean test(Throwable failure) {
            return failure instanceof HttpStatusException
                    && ((HttpStatusException) failure).status() / 100 == 4
                    && ((HttpStatusException) failure).status() != 429;
        }
    }

    /** A response with status 503 is a failure. */
    public static class Unavailable implements ResultPredicate<HttpResponse<String>> {
        @Override
        public boolean test(HttpResponse<String> response) {
            return response.statusCode() == 503;
        }
    }

    /**
     * A response with status 429 is a failure, and its {@code Retry-After} header is the next wait: the server's word
     * without an exception, not clamped and not jittered.
     */
    public static class TooManyRequestsResponse implements ResultPredicate<HttpResponse<String>> {
        @Override
        public boolean test(HttpResponse<String> response) {
            return response.statusCode() == 429;
        }

        @Override
        public Duration retryAfter(HttpResponse<String> response) {
            return WeatherClient.retryAfter(response.headers());
        }
    }
}
