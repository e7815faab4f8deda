package dev.ajretry.junit;

import dev.ajretry.runtime.RecordingSleeper;
import dev.ajretry.RetryEvent;
import dev.ajretry.RetryListener;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What the {@code @Retry} methods called on one test's thread did: the waits (recorded, not slept), the retry events,
 * and the attempts. Created and installed by {@link RetryRecorderExtension} for each test; thread-safe.
 */
public final class RetryRecorder implements RetryListener {

    private final Thread testThread;
    private final RecordingSleeper sleeper;
    private final List<RetryEvent> events = new ArrayList<>();
    private int firstAttemptSuccesses;

    RetryRecorder(Thread testThread, RecordingSleeper sleeper) {
        this.testThread = testThread;
        this.sleeper = sleeper;
    }

    /** Every wait so far, in order, zero waits included. */
    public List<Duration> waits() {
        return sleeper.waits();
    }

    /** The retry events of this test's calls, in order: each retry, success after retries and give-up. */
    public synchronized List<RetryEvent> events() {
        return List.copyOf(events);
    }

    /** Retries so far: attempts after the first. */
    public synchronized int retries() {
        return (int) events.stream().filter(e -> e.kind() == RetryEvent.Kind.RETRY).count();
    }

    /** Calls of {@code @Retry} methods that ended so far (succeeded or gave up). */
    public synchronized int calls() {
        return firstAttemptSuccesses + (int) events.stream().filter(e -> e.kind() != RetryEvent.Kind.RETRY).count();
    }

    /** Attempts so far, first attempts included, of calls that ended. */
    public synchronized int attempts() {
        return calls() + retries();
    }

    /** Give-up events so far. */
    public synchronized List<RetryEvent> giveUps() {
        return events.stream().filter(e -> e.kind() == RetryEvent.Kind.GIVE_UP).toList();
    }

    /** The recording sleeper, whose virtual clock a fake can {@link RecordingSleeper#advance advance}. */
    public RecordingSleeper sleeper() {
        return sleeper;
    }

    @Override
    public boolean wantsFirstAttemptSuccesses() {
        return true;
    }

    @Override
    public synchronized void onFirstAttemptSuccess(Method method) {
        if (Thread.currentThread() == testThread) {
            firstAttemptSuccesses++;
        }
    }

    @Override
    public void onRetry(RetryEvent event) {
        record(event);
    }

    @Override
    public void onSuccess(RetryEvent event) {
        record(event);
    }

    @Override
    public void onGiveUp(RetryEvent event) {
        record(event);
    }

    private synchronized void record(RetryEvent event) {
        // Parallel tests: every recorder hears every event; each keeps those of its own thread.
        if (Thread.currentThread() == testThread) {
            events.add(event);
        }
    }
}
