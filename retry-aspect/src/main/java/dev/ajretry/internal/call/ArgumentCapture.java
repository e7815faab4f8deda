package dev.ajretry.internal.call;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Hands a call's target and arguments to the engine when a series gives up and needs them (to call a {@code recover}
 * method, or to log the arguments), without costing anything on calls that succeed.
 *
 * <p>How: the aspect's retry advice asks for a capture and calls {@code proceed()} once more; an inner advice of the
 * aspect, which binds the target and the arguments, sees the request, stores them here and returns without running
 * the method body. Binding happens only when that inner advice runs, so a call that succeeds boxes nothing and
 * allocates nothing; all it pays is {@link #requested()}, a read of one counter.
 *
 * <p>The request belongs to the current thread and is consumed by the first capture advice that runs on it, which
 * is the one of the same join point: nothing else runs between the retry advice's {@code proceed()} and it.
 */
public final class ArgumentCapture {

    /** Captures under way on any thread; read first so that the thread-local is looked at only while one is. */
    private static final AtomicInteger REQUESTS = new AtomicInteger();
    private static final ThreadLocal<ArgumentCapture> PENDING = new ThreadLocal<>();

    private Object target;
    private Object[] arguments;
    private boolean captured;

    private ArgumentCapture() {
    }

    /** What the asynchronous driver captured without help: it holds the join point's target and arguments. */
    static ArgumentCapture of(Object target, Object[] arguments) {
        ArgumentCapture capture = new ArgumentCapture();
        capture.target = target;
        capture.arguments = arguments;
        capture.captured = true;
        return capture;
    }

    /** True if the current thread asked for a capture that has not happened yet. */
    public static boolean requested() {
        // A plain read is enough: the thread that asks incremented the counter itself just before, and sees its own
        // write; any other thread only uses the value to skip the thread-local, which it then reads to be sure.
        if (REQUESTS.getPlain() == 0) {
            return false;
        }
        ArgumentCapture pending = PENDING.get();
        return pending != null && !pending.captured;
    }

    /** Asks for the arguments of the next join point of the current thread. */
    public static void begin() {
        PENDING.set(new ArgumentCapture());
        REQUESTS.incrementAndGet();
    }

    /** Called by the capture advice: stores the target (null for a static method) and the arguments. */
    public static void capture(Object target, Object... arguments) {
        ArgumentCapture pending = PENDING.get();
        pending.target = target;
        pending.arguments = arguments;
        pending.captured = true;
    }

    /** Ends the request of the current thread and returns what was captured. */
    public static ArgumentCapture end() {
        ArgumentCapture pending = PENDING.get();
        PENDING.remove();
        REQUESTS.decrementAndGet();
        return pending;
    }

    boolean captured() {
        return captured;
    }

    Object target() {
        return target;
    }

    Object[] arguments() {
        return arguments;
    }
}
