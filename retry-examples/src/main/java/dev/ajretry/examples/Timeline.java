package dev.ajretry.examples;

import dev.ajretry.AttemptTimeoutException;
import dev.ajretry.runtime.RetryContext;
import dev.ajretry.RetryEvent;
import dev.ajretry.RetryListener;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What happened to each call, attempt by attempt, told by the library itself: the client records each attempt's
 * start and outcome with its {@link RetryContext} (attempt number, series id), and this listener hears the failure
 * ajretry saw and the wait it chose after each failed attempt, and how each series ended. Thread-safe: asynchronous
 * attempts report from the scheduler's threads.
 */
public final class Timeline implements RetryListener {

    /** One attempt of one call. */
    public static final class Attempt {
        final long attempt;
        final String seriesId;
        final long startNanos;
        volatile String outcome = "(no answer)";

        Attempt(long attempt, String seriesId, long startNanos) {
            this.attempt = attempt;
            this.seriesId = seriesId;
            this.startNanos = startNanos;
        }

        /** What the attempt got: a status and body, or an exception. */
        public void ended(String outcome) {
            this.outcome = outcome;
        }
    }

    private final long origin = System.nanoTime();
    private final Map<String, List<Attempt>> attemptsByPath = new ConcurrentHashMap<>();
    private final Map<String, Map<Long, RetryEvent>> retriesBySeries = new ConcurrentHashMap<>();
    private final Map<String, RetryEvent> endsBySeries = new ConcurrentHashMap<>();
    private final Map<String, Long> callStarts = new ConcurrentHashMap<>();

    /** The client calls this at the start of each attempt on {@code path}. */
    public Attempt attemptStarted(String path) {
        RetryContext context = RetryContext.current();
        Attempt attempt = new Attempt(context.attempt(), context.seriesId(), System.nanoTime());
        attemptsByPath.computeIfAbsent(path, p -> java.util.Collections.synchronizedList(new ArrayList<>()))
                .add(attempt);
        callStarts.putIfAbsent(path, attempt.startNanos);
        return attempt;
    }

    @Override
    public void onRetry(RetryEvent event) {
        retriesBySeries.computeIfAbsent(event.seriesId(), s -> new ConcurrentHashMap<>()).put(event.attempt(), event);
    }

    @Override
    public void onGiveUp(RetryEvent event) {
        endsBySeries.put(event.seriesId(), event);
    }

    /** The attempts made on {@code path}. */
    public List<Attempt> attempts(String path) {
        List<Attempt> attempts = attemptsByPath.get(path);
        return attempts == null ? List.of() : List.copyOf(attempts);
    }

    /** The series of a call: the id its retried attempts carry; null if it never retried. */
    String seriesOf(String path) {
        return attempts(path).stream().map(a -> a.seriesId).filter(id -> id != null).findFirst().orElse(null);
    }

    /** The wait ajretry chose after attempt {@code attempt} of the call on {@code path}, if any. */
    public Duration waitAfter(String path, long attempt) {
        RetryEvent retry = retryAfter(path, attempt);
        return retry == null ? null : retry.nextWait();
    }

    /** The event ajretry sent when attempt {@code attempt} of the call on {@code path} failed and was retried. */
    public RetryEvent retryAfter(String path, long attempt) {
        String series = seriesOf(path);
        Map<Long, RetryEvent> retries = series == null ? null : retriesBySeries.get(series);
        return retries == null ? null : retries.get(attempt);
    }

    /** The give-up event of the call on {@code path}, or null if it did not give up. */
    public RetryEvent giveUp(String path) {
        String series = seriesOf(path);
        if (series != null) {
            return endsBySeries.get(series);
        }
        // A call that gave up at its first attempt has no retried attempt to carry the id: match on the method.
        return null;
    }

    /** Give-up events heard, in all. */
    public int giveUps() {
        return endsBySeries.size();
    }

    /** The timeline of the call on {@code path}, one line per attempt, offsets from the call's start. */
    public List<String> lines(String path) {
        List<String> lines = new ArrayList<>();
        Long start = callStarts.get(path);
        for (Attempt a : attempts(path)) {
            RetryEvent retry = retryAfter(path, a.attempt);
            lines.add(String.format("  +%5d ms  attempt %d  %-58s %s", (a.startNanos - start) / 1_000_000, a.attempt,
                    abbreviate(outcome(a, retry)), retry == null ? "" : "-> wait " + retry.nextWait().toMillis()
                            + " ms" + (retry.nextWaitFromServer() ? ", as the server asked" : "")));
        }
        return lines;
    }

    /**
     * What the client saw, or for an attempt cut off by its {@code attemptTimeout}, the failure ajretry made of it:
     * the cause is what the interrupted request threw; a stage's has none (it was cancelled).
     */
    private static String outcome(Attempt a, RetryEvent retry) {
        if (retry == null || !(retry.failure() instanceof AttemptTimeoutException)) {
            return a.outcome;
        }
        Throwable cause = retry.failure().getCause();
        return "AttemptTimeoutException, " + (cause == null ? "stage " + a.outcome
                : "cause: " + cause.getClass().getSimpleName());
    }

    /** Milliseconds since the timeline began. */
    public long elapsedMillis() {
        return (System.nanoTime() - origin) / 1_000_000;
    }

    private static String abbreviate(String text) {
        String oneLine = text.replace('\n', ' ');
        return oneLine.length() <= 58 ? oneLine : oneLine.substring(0, 55) + "...";
    }
}
