package dev.ajretry.examples.bank;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Actions planned to run in the middle of a transfer's transaction (after its first statement), the first time that
 * transfer gets there: how the example forces a conflict at a known point instead of hoping that threads collide.
 * A retried attempt of the same transfer finds nothing planned and runs straight through. Thread-safe.
 */
public final class Interleavings {

    private final Map<Long, Runnable> planned = new ConcurrentHashMap<>();

    /** Runs {@code action} when transfer {@code transferId} first reaches the middle of its transaction. */
    public void plan(long transferId, Runnable action) {
        planned.put(transferId, action);
    }

    /** Called by the ledger between a transfer's first and second statement. */
    void reached(long transferId) {
        Runnable action = planned.remove(transferId);
        if (action != null) {
            action.run();
        }
    }
}
