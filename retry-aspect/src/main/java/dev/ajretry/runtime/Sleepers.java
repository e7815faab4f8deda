package dev.ajretry.runtime;

import dev.ajretry.internal.env.Environment;
import dev.ajretry.internal.env.Waiter;

import java.time.Duration;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Chooses the {@link Sleeper} every retried call waits with: the real one by default, or one installed for the
 * whole JVM or for the current thread only (which is what tests running in parallel want).
 *
 * <pre>{@code
 * try (Sleepers.Installation ignored = Sleepers.installOnThisThread(wait -> waits.add(wait))) {
 *     client.fetch();
 * }
 * }</pre>
 * {@link RecordingSleeper} does this for you. Thread-safe.
 */
public final class Sleepers {

    /** Really sleeps, with {@link TimeUnit#sleep}; returns at once for a zero wait. */
    public static final Sleeper REAL = wait -> Environment.REAL.sleep(wait.toNanos());

    private Sleepers() {
    }

    /** The sleeper for a wait on the current thread: its own if one is installed, else the JVM-wide one. */
    public static Sleeper current() {
        Waiter waiter = Environment.waiter();
        return waiter instanceof SleeperWaiter ? ((SleeperWaiter) waiter).sleeper : REAL;
    }

    /**
     * Installs {@code sleeper} for every thread until the returned installation is closed, which restores the sleeper
     * that was there before. Threads with their own sleeper keep it.
     */
    public static Installation install(Sleeper sleeper) {
        return Environment.installWaiter(new SleeperWaiter(requireNonNull(sleeper)))::run;
    }

    /**
     * Installs {@code sleeper} for the current thread only, until the returned installation is closed (on the same
     * thread), which restores what the thread had before.
     */
    public static Installation installOnThisThread(Sleeper sleeper) {
        return Environment.installWaiterOnThisThread(new SleeperWaiter(requireNonNull(sleeper)))::run;
    }

    private static Sleeper requireNonNull(Sleeper sleeper) {
        if (sleeper == null) {
            throw new NullPointerException("sleeper");
        }
        return sleeper;
    }

    /** An installed sleeper; closing it restores the previous one. */
    @FunctionalInterface
    public interface Installation extends AutoCloseable {
        /** Restores the sleeper that was there before. */
        @Override
        void close();
    }

    /** A user's sleeper as the engine waits with it. */
    private static final class SleeperWaiter implements Waiter {
        final Sleeper sleeper;

        SleeperWaiter(Sleeper sleeper) {
            this.sleeper = sleeper;
        }

        @Override
        public void sleep(long nanos) throws InterruptedException {
            sleeper.sleep(nanos == 0 ? Duration.ZERO : Duration.ofNanos(nanos));
        }

        @Override
        public long nanoTime() {
            return sleeper.nanoTime();
        }

        @Override
        public Future<?> schedule(Runnable task, long nanos) {
            return sleeper.schedule(task, nanos == 0 ? Duration.ZERO : Duration.ofNanos(nanos));
        }
    }
}
