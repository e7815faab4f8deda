package dev.ajretry.runtime;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

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
    public static final Sleeper REAL = wait -> {
        long nanos = wait.toNanos();
        if (nanos > 0) {
            TimeUnit.NANOSECONDS.sleep(nanos);
        } else if (Thread.interrupted()) {
            // Thread.sleep would have thrown for an interrupted thread; a zero wait behaves the same.
            throw new InterruptedException();
        }
    };

    private static volatile Sleeper global = REAL;
    private static final ThreadLocal<Sleeper> onThread = new ThreadLocal<>();
    // Read before the thread-local so that a JVM where nobody installs per-thread sleepers never pays for the lookup.
    private static final AtomicInteger threadInstallations = new AtomicInteger();

    private Sleepers() {
    }

    /** The sleeper for a wait on the current thread: its own if one is installed, else the JVM-wide one. */
    public static Sleeper current() {
        if (threadInstallations.get() > 0) {
            Sleeper own = onThread.get();
            if (own != null) {
                return own;
            }
        }
        return global;
    }

    /**
     * Installs {@code sleeper} for every thread until the returned installation is closed, which restores the sleeper
     * that was there before. Threads with their own sleeper keep it.
     */
    public static Installation install(Sleeper sleeper) {
        requireNonNull(sleeper);
        Sleeper previous = global;
        global = sleeper;
        return () -> global = previous;
    }

    /**
     * Installs {@code sleeper} for the current thread only, until the returned installation is closed (on the same
     * thread), which restores what the thread had before.
     */
    public static Installation installOnThisThread(Sleeper sleeper) {
        requireNonNull(sleeper);
        Sleeper previous = onThread.get();
        Thread owner = Thread.currentThread();
        onThread.set(sleeper);
        threadInstallations.incrementAndGet();
        return () -> {
            if (Thread.currentThread() != owner) {
                throw new IllegalStateException("a per-thread sleeper must be uninstalled on " + owner.getName());
            }
            if (previous == null) {
                onThread.remove();
            } else {
                onThread.set(previous);
            }
            threadInstallations.decrementAndGet();
        };
    }

    private static void requireNonNull(Sleeper sleeper) {
        if (sleeper == null) {
            throw new NullPointerException("sleeper");
        }
    }

    /** An installed sleeper; closing it restores the previous one. */
    @FunctionalInterface
    public interface Installation extends AutoCloseable {
        /** Restores the sleeper that was there before. */
        @Override
        void close();
    }
}
