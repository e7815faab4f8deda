package dev.ajretry.internal.call;

import dev.ajretry.internal.env.Environment;

import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The timer of one blocking attempt of a method with an {@code attemptTimeout}: armed on ajretry's scheduler as the
 * attempt starts (a task in its queue: no thread per attempt), it interrupts the calling thread if the attempt is
 * still running when the timeout passes; {@link #disarm}ed as the attempt ends, whichever way it ends.
 *
 * <p>The interrupt must never outlive the attempt. The timer and the disarming thread race through one state: the
 * timer claims {@code ARMED -> FIRING}, interrupts, then says {@code FIRED}; a disarm that loses the claim waits for
 * {@code FIRED} (a few instructions away) and only then clears the flag, so that an interrupt delivered a moment
 * after the attempt ended is cleared too. An interrupt of the caller's own, set before the timer fired, is kept: the
 * timer then raises none ({@link #raised}) and the flag is left as it was. (A caller's interrupt that lands between
 * the timer's look at the flag and its own interrupt cannot be told apart from it: that window is a few
 * instructions wide.)
 *
 * <p>One per attempt, so that a late run of an earlier attempt's task can never cut a later attempt short.
 */
final class AttemptTimer extends AtomicInteger implements Runnable {

    private static final long serialVersionUID = 1L;

    private static final int ARMED = 0;
    private static final int DISARMED = 1;
    private static final int FIRING = 2;
    private static final int FIRED = 3;

    private final transient Thread thread;
    /** When the timeout passes, on {@link System#nanoTime()}, the scheduler's clock. */
    private final long due;
    /** True if the timer set the interrupt flag (it was clear); written before {@code FIRED}, read after it. */
    private boolean raised;
    /** The scheduler's handle; written by the arming thread, read by it alone (in {@link #disarm}). */
    private transient Future<?> handle;

    private AttemptTimer(Thread thread, long due) {
        super(ARMED);
        this.thread = thread;
        this.due = due;
    }

    /**
     * A timer for the attempt about to start on the current thread, due in {@code nanos} of real time.
     *
     * @throws java.util.concurrent.RejectedExecutionException if the scheduler rejects it (a user's, shut down)
     */
    static AttemptTimer arm(long nanos) {
        AttemptTimer timer = new AttemptTimer(Thread.currentThread(), System.nanoTime() + nanos);
        timer.handle = Environment.time(timer, nanos);
        return timer;
    }

    /** The timeout passed: interrupts the attempt, unless it ended first. */
    @Override
    public void run() {
        if (!compareAndSet(ARMED, FIRING)) {
            return;
        }
        raised = !thread.isInterrupted();
        if (raised) {
            thread.interrupt();
        }
        set(FIRED);
    }

    /**
     * The attempt ended (on the thread that armed the timer): stops the timer, and tells whether the attempt timed
     * out: the timer fired first (the interrupt it raised is then cleared), or the timeout had passed anyway (a busy
     * scheduler had not run the timer yet: the attempt answered late all the same).
     */
    boolean disarm() {
        if (compareAndSet(ARMED, DISARMED)) {
            handle.cancel(false); // the default scheduler removes a cancelled task from its queue at once
            return System.nanoTime() - due >= 0;
        }
        while (get() == FIRING) {
            Thread.onSpinWait();
        }
        if (raised) {
            // Ours, whether the attempt left it set or consumed it (then this clears nothing, or a later one of the
            // caller's that the attempt itself would not have seen either).
            Thread.interrupted();
        }
        return true;
    }
}
