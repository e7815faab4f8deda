package dev.ajretry.internal.env;

/**
 * A scheduled task that can be told it will never run: its hand-off to the executor was rejected, or the scheduler
 * holding it was shut down. The asynchronous driver's next attempts are droppable, so that such a call ends (with
 * its last failure) instead of staying pending for ever. {@link Environment#schedule} and the default scheduler tell
 * a droppable task; other schedulers cannot, and simply never run it.
 *
 * <p>Each task is told at most once of either outcome, {@link #run()} or {@link #dropped}, by whoever runs or drops
 * it; implementations still make the two exclusive, since a rejecting executor may have run the task before it threw.
 */
public interface Droppable extends Runnable {

    /**
     * This task will not run.
     *
     * @param why the rejection, or a {@link java.util.concurrent.RejectedExecutionException} saying the scheduler was
     *            shut down
     */
    void dropped(Throwable why);
}
