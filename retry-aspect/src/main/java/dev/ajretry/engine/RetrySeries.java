package dev.ajretry.engine;

import dev.ajretry.engine.FailureClassifier.Verdict;
import dev.ajretry.runtime.Sleepers;
import org.slf4j.Logger;

import java.time.Duration;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The attempts of one call of a {@code @Retry} method, from its first failure on, and the blocking driver that acts
 * on them: it decides, then waits or gives up.
 *
 * <p>The aspect runs the method in a loop and calls {@link #retryOrRethrow} with each failure. A call that succeeds
 * on its first attempt never reaches this class, so it allocates nothing and logs nothing. A series is created at the
 * first failure that will be retried; a failure that is not retried, or a method with a single try, creates none.
 *
 * <p>Not thread-safe: a series belongs to the one call, on the one thread, that made it.
 */
public final class RetrySeries {

    /** How many earlier failures are kept and attached as suppressed to the final one. */
    static final int HISTORY = 16;

    private static final AtomicLong SERIES_IDS = new AtomicLong();

    private final RetryPolicy policy;
    /** Attempts made so far, all of them failed. */
    private long attempts;
    /** The last wait computed by the schedule, in nanoseconds: the input of the next one. */
    private long waitNanos;
    /** 0 until a log line needs it. */
    private long id;
    /**
     * The earlier failures, kept for the final one's suppressed list: the newest in a field, older ones in a ring
     * allocated only when a second distinct failure comes, so a series that keeps throwing one preallocated
     * exception allocates nothing but this object.
     */
    private Throwable newestEarlier;
    private Throwable[] olderEarlier;
    private int olderCount;

    private RetrySeries(RetryPolicy policy) {
        this.policy = policy;
    }

    /**
     * Called by the aspect each time an attempt of the method threw {@code failure}. Returns the series to go on with,
     * after waiting; or throws what the caller must get: {@code failure} itself, the earlier failures attached.
     *
     * @param series null at the first failure of a call, then what the previous call of this method returned
     * @return the series, never null; the aspect runs the next attempt
     */
    public static RetrySeries retryOrRethrow(RetrySeries series, RetryPolicy policy, Throwable failure) {
        Verdict verdict = policy.classifier().classify(failure);
        if (series == null) {
            if (verdict != Verdict.RETRY || policy.tries() == 1) {
                throw notRetried(policy, failure, verdict);
            }
            series = new RetrySeries(policy);
        }
        series.afterFailure(failure, verdict);
        return series;
    }

    private void afterFailure(Throwable failure, Verdict verdict) {
        long attempt = ++attempts;
        if (verdict != Verdict.RETRY) {
            throw giveUp(failure, "not retrying " + reason(verdict), null);
        }
        if (policy.exhaustedAfter(attempt)) {
            throw giveUp(failure, "gave up, tries exhausted", null);
        }
        waitNanos = attempt == 1 ? policy.schedule().first() : policy.schedule().next(waitNanos);
        if (Thread.currentThread().isInterrupted()) {
            throw giveUp(failure, "stopped, the thread is interrupted", null);
        }
        Logger log = policy.log();
        if (log.isDebugEnabled()) {
            log.debug("[retry {}] {}: attempt {} of {} failed with {}; retrying in {}", id(), policy.method(), attempt,
                    triesText(), failure, Durations.format(waitNanos));
        }
        remember(failure);
        try {
            Sleepers.current().sleep(waitNanos == 0 ? Duration.ZERO : Duration.ofNanos(waitNanos));
        } catch (InterruptedException interrupt) {
            // The sleeper cleared the flag by throwing; set it again so the caller's code still sees the interrupt.
            Thread.currentThread().interrupt();
            throw giveUp(failure, "stopped, interrupted while waiting", interrupt);
        }
    }

    private static RuntimeException notRetried(RetryPolicy policy, Throwable failure, Verdict verdict) {
        Logger log = policy.log();
        if (log.isDebugEnabled()) {
            log.debug("{}: attempt 1 of {} failed with {}; not retrying {}", policy.method(),
                    policy.tries() < 0 ? "unbounded" : policy.tries(), failure,
                    verdict == Verdict.RETRY ? "(a single try)" : reason(verdict));
        }
        return Rethrow.unchecked(failure);
    }

    /**
     * Ends the series: attaches the earlier failures to {@code failure}, logs the one give-up line, throws.
     * A series that retried at least once logs at WARN; the caller still gets the exception to handle or log.
     */
    private RuntimeException giveUp(Throwable failure, String outcome, InterruptedException interrupt) {
        attachEarlierFailures(failure);
        if (interrupt != null) {
            failure.addSuppressed(interrupt);
        }
        Logger log = policy.log();
        if (attempts > 1 ? log.isWarnEnabled() : log.isDebugEnabled()) {
            String line = "[retry {}] {}: {} after {} of {} attempts; throwing {}";
            // The failure as text, not as the last argument: SLF4J would print its stack trace, and the caller gets it.
            Object[] args = {id(), policy.method(), outcome, attempts, triesText(), failure.toString()};
            if (attempts > 1) {
                log.warn(line, args);
            } else {
                log.debug(line, args);
            }
        }
        return Rethrow.unchecked(failure);
    }

    private void remember(Throwable failure) {
        if (failure == newestEarlier) {
            return;
        }
        if (newestEarlier != null) {
            if (olderEarlier == null) {
                olderEarlier = new Throwable[HISTORY - 1];
            }
            olderEarlier[olderCount++ % olderEarlier.length] = newestEarlier;
        }
        newestEarlier = failure;
    }

    /** Adds the kept earlier failures to {@code last}'s suppressed list, oldest first, each instance once. */
    private void attachEarlierFailures(Throwable last) {
        if (newestEarlier == null) {
            return;
        }
        // Identity, not equals: a reused exception instance must not collect the same failure again on every call.
        Set<Throwable> present = Collections.newSetFromMap(new IdentityHashMap<>());
        present.add(last);
        Collections.addAll(present, last.getSuppressed());
        if (olderEarlier != null) {
            int kept = Math.min(olderCount, olderEarlier.length);
            for (int i = olderCount - kept; i < olderCount; i++) {
                addSuppressedOnce(last, olderEarlier[i % olderEarlier.length], present);
            }
        }
        addSuppressedOnce(last, newestEarlier, present);
    }

    private static void addSuppressedOnce(Throwable last, Throwable earlier, Set<Throwable> present) {
        if (present.add(earlier)) {
            last.addSuppressed(earlier);
        }
    }

    private Object triesText() {
        return policy.tries() < 0 ? "unbounded" : (Object) policy.tries();
    }

    private static String reason(Verdict verdict) {
        switch (verdict) {
            case ABORT_ON: return "(listed in abortOn)";
            case INTERRUPTED: return "(an InterruptedException is never retried)";
            case NOT_LISTED: return "(not listed in exceptions)";
            default: return "";
        }
    }

    /** The series id every log line carries, assigned on first use. */
    private String id() {
        if (id == 0) {
            id = SERIES_IDS.incrementAndGet();
        }
        return Long.toString(id, 36);
    }

    /** Attempts made so far; for tests. */
    long attempts() {
        return attempts;
    }
}
