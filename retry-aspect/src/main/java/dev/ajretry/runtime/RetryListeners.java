package dev.ajretry.runtime;

import dev.ajretry.RetryListener;
import dev.ajretry.internal.env.Environment;

/**
 * The registered {@link RetryListener}s: those found by {@link java.util.ServiceLoader} when ajretry starts, then
 * those registered in code. Thread-safe; registering is rare, reading is lock-free.
 */
public final class RetryListeners {

    private RetryListeners() {
    }

    /** Registers {@code listener} until the returned registration is closed. */
    public static Registration register(RetryListener listener) {
        return Environment.addListener(listener)::run;
    }

    /** A registered listener; closing it unregisters the listener. */
    @FunctionalInterface
    public interface Registration extends AutoCloseable {
        @Override
        void close();
    }
}
