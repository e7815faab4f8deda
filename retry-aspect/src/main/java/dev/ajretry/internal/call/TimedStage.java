package dev.ajretry.internal.call;

import dev.ajretry.internal.env.Droppable;
import dev.ajretry.internal.env.Environment;
import dev.ajretry.internal.spec.RetrySpec;
import dev.ajretry.internal.text.Texts;

import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One asynchronous attempt, settled once: by its outcome, or by its {@code attemptTimeout}, whichever comes first
 * (the two drivers' attempts: {@link StageCall}'s timed one, {@link HedgedCall}'s every one). While the method is
 * still running (returning its stage), a timeout only marks it, and the step that runs the method fails it when it
 * returns ({@link #timedOutWhileStarting}); once the stage is awaited, the timeout fails it itself
 * ({@link #timedOut}). An outcome that comes after the timeout passed is late, whether the timer has run yet or not
 * ({@link #late}).
 *
 * <p>Thread-safe: the timer, the stage's callback and the driver's steps race through one state.
 */
abstract class TimedStage extends AtomicInteger implements Droppable {

    private static final long serialVersionUID = 1L;
    private static final int STARTING = 0;
    private static final int AWAITED = 1;
    private static final int SETTLED = 2;
    private static final int TIMED_OUT_STARTING = 3;
    private static final int TIMED_OUT = 4;

    /** The attempt's number, from 1. */
    final long number;
    /** When the timeout passes, on {@link System#nanoTime()} (the scheduler's clock); meaningful once armed. */
    private volatile long due;
    private volatile boolean armed;
    private transient volatile Future<?> timer;

    TimedStage(long number) {
        this.number = number;
    }

    /**
     * Arms the timer on ajretry's scheduler (real time, whatever the sleeper; handed to the user's executor if one is
     * set, as a next attempt is). A scheduler that rejects it (a user's, shut down) leaves the attempt untimed, and
     * says so: false.
     */
    final boolean arm(RetrySpec policy) {
        due = System.nanoTime() + policy.attemptTimeoutNanos();
        try {
            timer = Environment.schedule(this, policy.attemptTimeoutNanos());
        } catch (RuntimeException rejected) {
            policy.log().warn("{}: attempt {} runs without its attemptTimeout: the scheduler rejected its timer ({})",
                    policy.method(), number, Texts.text(rejected));
            return false;
        }
        armed = true;
        return true;
    }

    /**
     * The timeout passed while the stage was awaited: the driver cancels the stage first (so that whoever sees the
     * call end sees it cancelled; the outcome the cancellation brings finds the attempt settled and is discarded),
     * then fails the attempt as a step of the call.
     */
    abstract void timedOut();

    /** The timeout passed. */
    @Override
    public final void run() {
        if (compareAndSet(STARTING, TIMED_OUT_STARTING) || !compareAndSet(AWAITED, TIMED_OUT)) {
            return;
        }
        timedOut();
    }

    /**
     * The timer could not run where it should: the user's executor rejected it once due (then it runs here, so that
     * the attempt still ends), or a shutdown dropped it before (then the attempt runs on untimed: only its own
     * outcome ends it, as before ajretry's threads stopped).
     */
    @Override
    public final void dropped(Throwable why) {
        if (late()) {
            run();
        }
    }

    /** True if the attempt is timed and its timeout has passed, whether the timer has run yet or not. */
    final boolean late() {
        return armed && System.nanoTime() - due >= 0;
    }

    /** The attempt's outcome came: true if it was first (the timer did not fail the attempt); the timer is stopped. */
    final boolean settle() {
        if (compareAndSet(STARTING, SETTLED) || compareAndSet(AWAITED, SETTLED)) {
            stopTimer();
            return true;
        }
        return false;
    }

    /** The outcome came when the method returned: true if it counts (it came, and came before the timeout). */
    final boolean settledInTime() {
        return settle() && !late();
    }

    /**
     * The method returned its stage, which is now followed: true if the timeout passed meanwhile (the attempt must
     * fail now), false if the stage is awaited (or already settled it).
     */
    final boolean timedOutWhileStarting() {
        if (compareAndSet(STARTING, AWAITED)) {
            return false;
        }
        if (get() == TIMED_OUT_STARTING) {
            set(TIMED_OUT);
            return true;
        }
        return false;
    }

    /** True while the attempt's stage is awaited: it has not answered, nor timed out. */
    final boolean awaited() {
        return get() == AWAITED;
    }

    final void stopTimer() {
        Future<?> armedTimer = timer;
        if (armedTimer != null) {
            armedTimer.cancel(false);
        }
    }
}
