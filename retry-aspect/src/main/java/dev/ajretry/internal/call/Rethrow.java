package dev.ajretry.internal.call;

/**
 * Throws any {@link Throwable}, checked or not, without declaring it.
 *
 * <p>Why: the around advice must hand the caller the very exception the method threw, and a method may declare
 * checked exceptions that the advice, written once for every method, cannot declare. The exception really is one the
 * method may throw (it came from the method itself), so the caller's {@code catch} blocks still see its true type.
 * This is the only place that bends the compiler's rules.
 */
final class Rethrow {

    private Rethrow() {
    }

    /** Throws {@code failure} as it is; the return type only lets callers write {@code throw unchecked(e)}. */
    static RuntimeException unchecked(Throwable failure) {
        throw Rethrow.<RuntimeException>sneaky(failure);
    }

    @SuppressWarnings("unchecked")
    private static <T extends Throwable> T sneaky(Throwable failure) throws T {
        throw (T) failure;
    }
}
