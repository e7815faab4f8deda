package dev.ajretry.runtime;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;

/**
 * A {@link Sleeper} for tests: it records every wait and returns at once, so a test of a {@code @Retry} method runs
 * instantly and asserts the exact schedule. Its {@link #nanoTime() clock} is virtual: it starts at 0 and moves only
 * by the waits and by {@link #advance(Duration)}, so {@code maxDuration} deadlines are tested exactly too.
 *
 * <pre>{@code
 * try (RecordingSleeper sleeper = RecordingSleeper.installOnThisThread()) {
 *     assertThatThrownBy(client::fetch).isInstanceOf(IOException.class);
 *     assertThat(sleeper.waits()).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200));
 * }
 * }</pre>
 * Like {@code Thread.sleep}, it throws {@link InterruptedException} (clearing the flag) when the thread is
 * interrupted. Closing it restores the previous sleeper. Thread-safe.
 */
public final class RecordingSleeper implements Sleeper, AutoCloseable {

    private final List<Duration> waits = new ArrayList<>();
    private long virtualNanos;
    private Sleepers.Installation installation;

    /** A recorder that is not installed: install it yourself with {@link Sleepers}. */
    public RecordingSleeper() {
    }

    /** Creates a recorder and installs it for the current thread; safe with tests running in parallel. */
    public static RecordingSleeper installOnThisThread() {
        RecordingSleeper sleeper = new RecordingSleeper();
        sleeper.installation = Sleepers.installOnThisThread(sleeper);
        return sleeper;
    }

    /** Creates a recorder and installs it for every thread, for tests whose retried calls run on other threads. */
    public static RecordingSleeper installEverywhere() {
        RecordingSleeper sleeper = new RecordingSleeper();
        sleeper.installation = Sleepers.install(sleeper);
        return sleeper;
    }

    @Override
    public void sleep(Duration wait) throws InterruptedException {
        synchronized (waits) {
            waits.add(wait);
            virtualNanos = saturatedAdd(virtualNanos, wait.toNanos());
        }
        if (Thread.interrupted()) {
            throw new InterruptedException("interrupted while waiting " + wait);
        }
    }

    /**
     * Records {@code delay}, moves the virtual clock, and runs {@code task} at once on the calling thread, so an
     * asynchronous retried call completes within the test's call.
     */
    @Override
    public Future<?> schedule(Runnable task, Duration delay) {
        synchronized (waits) {
            waits.add(delay);
            virtualNanos = saturatedAdd(virtualNanos, delay.toNanos());
        }
        task.run();
        return CompletableFuture.completedFuture(null);
    }

    /** The virtual clock: 0 at creation, plus every wait and every {@link #advance}. */
    @Override
    public long nanoTime() {
        synchronized (waits) {
            return virtualNanos;
        }
    }

    /** Moves the virtual clock forward, as if an attempt had taken {@code time}. */
    public void advance(Duration time) {
        synchronized (waits) {
            virtualNanos = saturatedAdd(virtualNanos, time.toNanos());
        }
    }

    private static long saturatedAdd(long a, long b) {
        long sum = a + b;
        return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE : sum;
    }

    /** Every wait so far, oldest first. */
    public List<Duration> waits() {
        synchronized (waits) {
            return List.copyOf(waits);
        }
    }

    /** The sum of the waits so far. */
    public Duration total() {
        return waits().stream().reduce(Duration.ZERO, Duration::plus);
    }

    /** Forgets the waits recorded so far. */
    public void clear() {
        synchronized (waits) {
            waits.clear();
        }
    }

    /** Uninstalls this recorder if one of the {@code install} methods installed it. */
    @Override
    public void close() {
        if (installation != null) {
            installation.close();
            installation = null;
        }
    }
}
