package dev.ajretry.internal.failure;

/**
 * The one way ajretry attaches an exception to another as suppressed. A failure instance may be reused across calls
 * (a static or cached exception), and every call may attach something to it (the earlier failures, a throwing
 * {@code giveUpIf} or {@code retryAfter()}, an interrupt, a failed hand-off, the final failure to a recovery's
 * exception): so the target never carries more than {@link #MAX} suppressed exceptions, never the same instance twice
 * (by identity, not {@code equals}), and never itself.
 *
 * <p>Thread-safe: the check and the add are one step under the target's lock, the lock {@code Throwable}'s own
 * suppressed list is guarded by, so two calls sharing an instance cannot pass the cap together.
 */
public final class Suppressed {

    /** The most suppressed exceptions ajretry leaves on any exception. */
    public static final int MAX = 16;

    private Suppressed() {
    }

    /**
     * Attaches {@code extra} to {@code target}'s suppressed list, unless it is null, {@code target} itself, there
     * already, or {@code target} already carries {@link #MAX}. Returns true if it was attached.
     */
    public static boolean attach(Throwable target, Throwable extra) {
        if (target == null || extra == null || extra == target) {
            return false;
        }
        synchronized (target) {
            Throwable[] present = target.getSuppressed();
            if (present.length >= MAX) {
                return false;
            }
            for (Throwable t : present) {
                if (t == extra) {
                    return false;
                }
            }
            target.addSuppressed(extra);
            return true;
        }
    }
}
