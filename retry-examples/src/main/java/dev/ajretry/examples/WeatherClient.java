package dev.ajretry.examples;

import dev.ajretry.Retry;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * A client written the way a user writes one: plain {@link HttpClient} calls, with {@code @Retry} saying which
 * failures are worth another attempt. No proxy and no container: {@code new WeatherClient(...)} is retried.
 */
public class WeatherClient {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final URI base;

    public WeatherClient(URI base) {
        this.base = base;
    }

    /** A 503 is worth retrying: exponential backoff, 50 ms then 100 ms then 200 ms, at most 4 tries. */
    @Retry(tries = 4, delay = 50, backoff = 2, maxDelay = 400,
            exceptions = {ServiceUnavailableException.class, IOException.class})
    public String forecast(String city) throws IOException, InterruptedException {
        return get("/forecast/" + city);
    }

    /** A 404 will not go away: {@code abortOn} stops at once, whatever else is listed. */
    @Retry(tries = 3, delay = 50, abortOn = NotFoundException.class)
    public String station(String id) throws IOException, InterruptedException {
        return get("/stations/" + id);
    }

    /** A service that stays down: the caller gets the last 503, earlier ones attached as suppressed. */
    @Retry(tries = 3, delay = 20, backoff = 1.5)
    public String status() throws IOException, InterruptedException {
        return get("/down");
    }

    private String get(String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(2)).build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        int status = response.statusCode();
        if (status == 503) {
            throw new ServiceUnavailableException(path + " answered 503: " + response.body());
        }
        if (status == 404) {
            throw new NotFoundException(path + " answered 404: " + response.body());
        }
        if (status != 200) {
            throw new IOException(path + " answered " + status);
        }
        return response.body();
    }

    /** The server is overloaded or in maintenance: worth another try. */
    public static class ServiceUnavailableException extends IOException {
        public ServiceUnavailableException(String message) {
            super(message);
        }
    }

    /** The resource does not exist: no retry will change that. */
    public static class NotFoundException extends IOException {
        public NotFoundException(String message) {
            super(message);
        }
    }
}
