package dev.ajretry.internal.call;

import dev.ajretry.AttemptRecord;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * When a call's attempts ran and failed, and what followed each: the give-up report's history, the events' elapsed
 * time and the deadline's clock. Kept only by calls whose clock is read at each failure (a deadline, a listener,
 * or a WARN line to write), so that the others never read it; the last {@link #SIZE} attempts are kept.
 *
 * <p>Not thread-safe: part of one call's {@link Attempts}.
 */
final class Timeline {

    /** How many attempts are kept. */
    static final int SIZE = 16;
    private static final long UNKNOWN = Long.MIN_VALUE;

    /** One attempt as recorded while the call runs; turned into an {@link AttemptRecord} when reported. */
    private static final class Entry {
        long attempt;
        long startNanos;
        long endNanos;
        Throwable failure;
        long waitNanos;
        boolean waitFromServer;
        /** False while the attempt runs (a hedged call records starts before ends): not reported yet. */
        boolean ended;
        /** True if {@link #startedAt} recorded the start: {@link #ended} keeps it. */
        boolean startKnown;
    }

    /** When the series started on the clock: the first attempt's start for timed methods, else the first failure. */
    private final long origin;
    private final boolean originIsFirstStart;
    /** When the last attempt failed, and when the next one starts. */
    private long lastFailureAt;
    private long nextStart = UNKNOWN;
    private final Entry[] entries = new Entry[SIZE];

    /**
     * @param origin             the time the series counts from
     * @param originIsFirstStart true if that is the first attempt's start (methods with a deadline), false if it is
     *                           the first failure (the first attempt's start was not read)
     */
    Timeline(long origin, boolean originIsFirstStart) {
        this.origin = origin;
        this.originIsFirstStart = originIsFirstStart;
    }

    /** Time since the series started, at {@code now}. */
    long elapsed(long now) {
        return now - origin;
    }

    /**
     * Attempt {@code attempt} started at {@code now}: for a hedged call, whose attempts start at times no wait
     * tells (a hedge, beside running attempts).
     */
    void startedAt(long attempt, long now) {
        Entry entry = entry(attempt);
        entry.attempt = attempt;
        entry.startNanos = now;
        entry.startKnown = true;
        entry.ended = false;
        entry.failure = null;
        entry.waitNanos = -1;
        entry.waitFromServer = false;
    }

    private Entry entry(long attempt) {
        int slot = (int) ((attempt - 1) % SIZE);
        Entry entry = entries[slot];
        if (entry == null) {
            entry = new Entry();
            entries[slot] = entry;
        }
        return entry;
    }

    /** Attempt {@code attempt} ended at {@code now}, with {@code failure} (null for a rejected result). */
    void ended(long attempt, long now, Throwable failure) {
        lastFailureAt = now;
        Entry entry = entry(attempt);
        boolean startKnown = entry.attempt == attempt && entry.startKnown;
        entry.attempt = attempt;
        entry.ended = true;
        entry.startKnown = false;
        if (!startKnown) {
            entry.startNanos = attempt == 1 ? (originIsFirstStart ? origin : UNKNOWN) : nextStart;
        }
        entry.endNanos = now;
        entry.failure = failure;
        entry.waitNanos = -1;
        entry.waitFromServer = false;
    }

    /** A wait of {@code wait} follows attempt {@code attempt}; {@code fromServer} if the server asked for it. */
    void waits(long attempt, long wait, boolean fromServer) {
        Entry entry = entries[(int) ((attempt - 1) % SIZE)];
        entry.waitNanos = wait;
        entry.waitFromServer = fromServer;
    }

    /** The wait is over: the next attempt starts now (as far as the clock went by the wait). */
    void waited(long wait) {
        long sum = lastFailureAt + wait;
        nextStart = ((lastFailureAt ^ sum) & (wait ^ sum)) < 0 ? Long.MAX_VALUE : sum;
    }

    /** The failed attempts of the first {@code attempts}, oldest first, at most the last {@link #SIZE}. */
    List<AttemptRecord> records(long attempts) {
        List<AttemptRecord> records = new ArrayList<>();
        for (long a = Math.max(1, attempts - SIZE + 1); a <= attempts; a++) {
            Entry e = entries[(int) ((a - 1) % SIZE)];
            if (e == null || e.attempt != a || !e.ended) {
                continue;
            }
            boolean known = e.startNanos != UNKNOWN;
            records.add(new AttemptRecord(a, known ? Duration.ofNanos(Math.max(0, e.startNanos - origin)) : null,
                    known ? Duration.ofNanos(Math.max(0, e.endNanos - e.startNanos)) : null, e.failure,
                    e.waitNanos < 0 ? null : Duration.ofNanos(e.waitNanos), e.waitFromServer));
        }
        return Collections.unmodifiableList(records);
    }
}
