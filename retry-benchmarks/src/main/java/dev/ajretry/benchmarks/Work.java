package dev.ajretry.benchmarks;

/**
 * The trivial method every contender wraps: {@link #call()} returns a field; {@link #callFailing()} first throws
 * {@link #FAILURE} as many times as {@link #failNext(int)} said, then returns the same field.
 *
 * <p>Plain Java, never woven: the ajretry and jcabi targets delegate to it, the other contenders call it from a
 * lambda built once, the direct benchmarks call it themselves. Not thread-safe; the failing path is only measured
 * with one thread per instance.
 */
public final class Work {

    /** Thrown by {@link #callFailing()}: one instance, no stack trace, no suppression, so throwing it is cheap. */
    public static final Failure FAILURE = new Failure("planned failure");

    /** Not final, so that the JIT cannot fold the call into a constant. */
    private Object value = new Object();
    private int failuresLeft;

    /** The method of the success scenarios. */
    public Object call() {
        return value;
    }

    /** The method of the fail-twice scenario: throws while failures are left, then returns as {@link #call()}. */
    public Object callFailing() {
        if (failuresLeft > 0) {
            failuresLeft--;
            throw FAILURE;
        }
        return value;
    }

    /** The next {@code failures} calls of {@link #callFailing()} throw {@link #FAILURE}. */
    public void failNext(int failures) {
        failuresLeft = failures;
    }

    /** A preallocated failure: stack trace and suppression disabled, so each contender's own cost is what shows. */
    public static final class Failure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Failure(String message) {
            super(message, null, false, false);
        }
    }
}
