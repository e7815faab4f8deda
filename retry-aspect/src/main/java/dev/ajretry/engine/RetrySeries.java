package dev.ajretry.engine;

import dev.ajretry.engine.FailureClassifier.Verdict;
import dev.ajretry.RandomJitter;
import dev.ajretry.runtime.AttemptRecord;
import dev.ajretry.runtime.RetryContext;
import dev.ajretry.runtime.RetryEvent;
import dev.ajretry.runtime.RetryEvent.GiveUpReason;
import dev.ajretry.runtime.RetryEvent.Kind;
import dev.ajretry.runtime.RetryBudget;
import dev.ajretry.runtime.RetryListeners;
import dev.ajretry.runtime.Sleeper;
import dev.ajretry.runtime.Sleepers;
import org.slf4j.Logger;
import org.slf4j.MDC;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The attempts of one call of a {@code @Retry} method, from its first failure on, and the blocking driver that acts
 * on them: it decides (with the pure functions of {@link RetryPolicy}), then waits or ends the series.
 *
 * <p>The aspect runs the method in a loop and reports each failure ({@link #afterFailure}) and, for methods with a
 * result predicate, each result ({@link #afterResult}). A call that succeeds on its first attempt never reaches this
 * class, so it allocates nothing and logs nothing. A series is created at the first failure that will be retried, or
 * that ends the call while someone needs to hear of it (listeners, a recovery method, logged arguments).
 *
 * <p>From its first retry on, a series is registered on its thread: {@link RetryContext} finds it there, and the
 * series id is in SLF4J's MDC while the retried attempts run.
 *
 * <p>Not thread-safe: a series belongs to the one call, on the one thread, that made it.
 */
public final class RetrySeries {

    /** How many earlier failures are attached as suppressed, and how many attempts the history keeps. */
    static final int HISTORY = 16;

    private static final AtomicLong SERIES_IDS = new AtomicLong();
    private static final ThreadLocal<RetrySeries> ACTIVE = new ThreadLocal<>();
    /**
     * False when SLF4J has no MDC (no binding, or one without MDC): then the series id is not formatted and put on
     * every retry for nobody to read.
     */
    private static final boolean MDC_IN_USE = !(MDC.getMDCAdapter() == null
            || MDC.getMDCAdapter().getClass().getSimpleName().startsWith("NOP"));
    private static final long UNKNOWN = Long.MIN_VALUE;

    // The fields a series always needs are kept to a minimum (64 bytes with compressed pointers), so that a call that
    // fails and then succeeds allocates little; what only some series need lives in Extra, allocated on demand.

    private final RetryPolicy policy;
    /** Timing, history, ids and MDC state; null until something needs one of them. */
    private Extra extra;
    private byte state = RETRYING;
    /** True for a series driven by {@link AsyncRetry}: no thread affinity, no thread interrupt to honour. */
    private final boolean async;
    private boolean registered;
    /** Whether the ring of older failures has wrapped (so it holds the last 15). */
    private boolean olderFull;
    /** Attempts made so far. */
    private long attempts;
    /** The schedule's last base wait, in nanoseconds: the input of the next one. */
    private long baseWait;
    /** Earlier failures for the final one's suppressed list; the ring is allocated at the second distinct one. */
    private Throwable newestEarlier;
    private Throwable[] olderEarlier;
    private int olderNext;
    /** How the series ends in failure, while the aspect captures the arguments. */
    private Throwable finalFailure;
    private GiveUpReason reason;
    /** The series this one hides on its thread while registered. */
    private RetrySeries outer;

    private static final byte RETRYING = 0;
    private static final byte NEEDS_ARGUMENTS = 1;
    private static final byte DONE = 2;

    /** What only some series need. */
    private static final class Extra {
        /** How the series waits and reads the clock, when it is not the caller thread's current sleeper. */
        Sleeper waiter;
        /** When the series started on the clock: the first attempt's start for timed methods, else the first failure. */
        long origin;
        boolean originIsFirstStart;
        /** When the last attempt failed, and when the next one starts, on the clock (timing only). */
        long lastFailureAt;
        long nextStart = UNKNOWN;
        /** The last {@link #HISTORY} attempts, for the give-up report; null when the series is not timed. */
        AttemptEntry[] history;
        /** The wait that would have passed the deadline, for the give-up line. */
        long finalWait = -1;
        /** 0 until a log line, the MDC or a context needs it. */
        long id;
        /** The MDC values this series replaced on its thread. */
        String outerMdcSeries;
        String outerMdcAttempt;
    }

    private Extra extra() {
        if (extra == null) {
            extra = new Extra();
        }
        return extra;
    }

    /** Whether the clock is read at each failure, for the history, events and the deadline. */
    private boolean timing() {
        return extra != null && extra.history != null;
    }

    private RetrySeries(RetryPolicy policy, long start, Sleeper waiter, boolean async) {
        this.policy = policy;
        this.async = async;
        if (async) {
            extra().waiter = waiter;
        }
        if (policy.timed() || RetryListeners.any() || policy.log().isWarnEnabled()) {
            Extra e = extra();
            e.history = new AttemptEntry[HISTORY];
            e.originIsFirstStart = policy.timed();
            e.origin = policy.timed() ? start : clock();
        }
    }

    // ---- the aspect's entry points ---------------------------------------------------------------------------

    /**
     * Called by the aspect each time an attempt threw {@code failure}. Returns the series to go on with: after the
     * wait, ready for the next attempt; or, when it gives up and needs the call's arguments, in the state
     * {@link #needsArguments()}. Otherwise throws what the caller must get: {@code failure} itself, the earlier
     * failures attached.
     *
     * @param series null at the first failure of a call, then what the previous call of this method returned
     * @param start  what {@link RetryPolicy#startTime()} returned before the first attempt
     */
    public static RetrySeries afterFailure(RetrySeries series, RetryPolicy policy, long start, Throwable failure) {
        Verdict verdict = policy.classifier().classify(failure);
        if (series == null) {
            boolean willRetry = verdict == Verdict.RETRY && policy.tries() != 1;
            if (!willRetry && !RetryListeners.any() && !policy.needsArgumentsToGiveUp(failure)) {
                throw notRetried(policy, failure, verdict);
            }
            series = new RetrySeries(policy, start, Sleepers.current(), false);
        }
        try {
            series.failed(failure, verdict);
        } catch (Throwable ending) {
            // Whatever ends the series here (the final failure, or a user callback that threw) leaves the thread as
            // it found it: no series, no MDC entry, for the next call on a pooled thread.
            series.unregister();
            throw ending;
        }
        return series;
    }

    /**
     * Called by the aspect, for methods with a result predicate, after an attempt returned {@code result}. Returns
     * null if the result is accepted and there was no series; else the series, which is {@link #retrying()} if the
     * result was rejected and another attempt follows (after the wait). When the tries or the time run out the
     * series ends and the caller gets the last result as it is.
     */
    public static RetrySeries afterResult(RetrySeries series, RetryPolicy policy, long start, Object result) {
        try {
            if (!policy.rejects(result)) {
                if (series != null) {
                    series.succeeded();
                }
                return series;
            }
            if (series == null) {
                if (policy.tries() == 1 && !RetryListeners.any()) {
                    return null;
                }
                series = new RetrySeries(policy, start, Sleepers.current(), false);
            }
            series.rejected(result);
            return series;
        } catch (Throwable predicateFailure) {
            // The predicate's exception reaches the caller (documented); the thread is left clean.
            if (series != null) {
                series.unregister();
            }
            throw predicateFailure;
        }
    }

    /** True if another attempt is to run now. */
    public boolean retrying() {
        return state == RETRYING;
    }

    /** True if the series is ending in failure and the aspect must capture the arguments for {@link #giveUp}. */
    public boolean needsArguments() {
        return state == NEEDS_ARGUMENTS;
    }

    /**
     * Ends a series that {@link #needsArguments()}: reports the give-up, then returns the recovery method's value or
     * throws the final failure.
     */
    public Object giveUp(ArgumentCapture capture) {
        if (capture == null || !capture.captured()) {
            // Cannot happen when the aspect's capture advice matches every retried method; if it did, say so loudly.
            policy.log().error("{}: could not capture the arguments to recover or log; is retry-aspect woven"
                    + " completely?", policy.method());
            return finish(null);
        }
        return finish(capture);
    }

    /** Called by the aspect when an attempt after at least one failure succeeded. Idempotent. */
    public void succeeded() {
        if (state != RETRYING) {
            return;
        }
        state = DONE;
        unregister();
        if (policy.log().isDebugEnabled()) {
            policy.log().debug("[retry {}] {}: attempt {} of {} succeeded", id(), policy.method(), attempts + 1,
                    triesText());
        }
        if (RetryListeners.any()) {
            RetryListeners.publish(event(Kind.SUCCESS, attempts + 1, null, null, null, false, List.of()));
        }
    }

    // ---- deciding --------------------------------------------------------------------------------------------

    /** A series for the asynchronous driver, which always keeps one from the first failure on. */
    static RetrySeries forAsync(RetryPolicy policy, long start, Sleeper waiter) {
        return new RetrySeries(policy, start, waiter, true);
    }

    /** The blocking driver after a failure: decide, then sleep and go on, or end. */
    private void failed(Throwable failure, Verdict verdict) {
        long wait = decideAfterFailure(failure, verdict);
        if (wait < 0) {
            return;
        }
        try {
            sleep(wait);
        } catch (InterruptedException interrupt) {
            // The sleeper cleared the flag by throwing; set it again so the caller's code still sees the interrupt.
            Thread.currentThread().interrupt();
            endInFailure(failure, GiveUpReason.INTERRUPTED, -1, interrupt);
            return;
        } catch (RuntimeException brokenSleeper) {
            // Nothing is lost: the sleeper's exception reaches the caller with the failure it was waiting after.
            brokenSleeper.addSuppressed(failure);
            throw brokenSleeper;
        }
        resumeAfterWait(wait);
    }

    /**
     * Decides after {@code failure}: returns the wait before the next attempt (the retry is announced), or -1 if the
     * series ends. Ending either throws the final failure (the caller's to hand on) or leaves the series
     * {@link #needsArguments()}.
     */
    long decideAfterFailure(Throwable failure, Verdict verdict) {
        long attempt = ++attempts;
        long now = attemptEnded(attempt, failure);
        GiveUpReason ending = reasonFor(verdict);
        if (ending == null) {
            ending = retryLimit(attempt);
        }
        long wait = 0;
        if (ending == null) {
            wait = nextWait(attempt, failure);
            ending = stopBeforeWaiting(now, wait);
        }
        if (ending != null) {
            endInFailure(failure, ending, wait, null);
            return -1;
        }
        announceRetry(attempt, failure, null, wait);
        remember(failure);
        return wait;
    }

    /**
     * Notes the end of a failed attempt ({@code failure} null for a rejected result): the time, when timing, and the
     * history entry. Returns the time on the clock, or 0 when not timing.
     */
    private long attemptEnded(long attempt, Throwable failure) {
        if (!timing()) {
            return 0L;
        }
        long now = clock();
        extra.lastFailureAt = now;
        record(attempt, now, failure);
        return now;
    }

    /** Verdict of the policy on {@code failure}; for the asynchronous driver. */
    Verdict classify(Throwable failure) {
        return policy.classifier().classify(failure);
    }

    /** The blocking driver after a rejected result: decide, then sleep and go on, or end. */
    private void rejected(Object result) {
        long wait = decideAfterRejectedResult(result);
        if (wait < 0) {
            return;
        }
        try {
            sleep(wait);
            resumeAfterWait(wait);
        } catch (InterruptedException interrupt) {
            Thread.currentThread().interrupt();
            endWithResult(result, GiveUpReason.INTERRUPTED);
        }
    }

    /**
     * Decides after a rejected result: returns the wait before the next attempt, or -1 if the series ends and the
     * caller gets this result as it is.
     */
    long decideAfterRejectedResult(Object result) {
        long attempt = ++attempts;
        long now = attemptEnded(attempt, null);
        GiveUpReason ending = retryLimit(attempt);
        long wait = 0;
        if (ending == null) {
            wait = nextWait(attempt, null);
            ending = stopBeforeWaiting(now, wait);
        }
        if (ending != null) {
            endWithResult(result, ending);
            return -1;
        }
        announceRetry(attempt, null, result, wait);
        return wait;
    }

    /** The series ends with a rejected result, which the caller gets as it is: a give-up without an exception. */
    private void endWithResult(Object result, GiveUpReason ending) {
        state = DONE;
        reason = ending;
        try {
            reportGiveUp(null, false, () -> "returning the last result " + text(result), null);
        } finally {
            unregister();
        }
    }

    /**
     * For a failed attempt that the policy would retry: whether something else forbids it. The tries; the shared
     * budget (the failure spends a token first); and nesting, checked at the first failure only.
     */
    private GiveUpReason retryLimit(long attempt) {
        RetryBudget budget = policy.budget();
        if (budget != null) {
            budget.failed();
        }
        if (attempt == 1) {
            Nesting.check(this);
            if (policy.singleAttemptWhenNested() && Nesting.isNested(this)) {
                return GiveUpReason.NESTED;
            }
        }
        if (policy.exhaustedAfter(attempt)) {
            return GiveUpReason.TRIES_EXHAUSTED;
        }
        if (budget != null && !budget.allowsRetry()) {
            return GiveUpReason.BUDGET_EXHAUSTED;
        }
        return null;
    }

    private long nextWait(long attempt, Throwable failure) {
        double random = policy.randomJitter() == RandomJitter.NONE ? 0 : ThreadLocalRandom.current().nextDouble();
        baseWait = policy.baseWait(attempt, baseWait, random);
        return policy.waitFor(failure, baseWait, random);
    }

    /** Whether the series must end before waiting {@code wait}: the deadline, or an interrupted thread. */
    private GiveUpReason stopBeforeWaiting(long now, long wait) {
        if (policy.timed()) {
            long left = policy.maxDurationNanos() - (now - extra.origin);
            if (wait > left) {
                return GiveUpReason.DEADLINE;
            }
        }
        return !async && Thread.currentThread().isInterrupted() ? GiveUpReason.INTERRUPTED : null;
    }

    private static GiveUpReason reasonFor(Verdict verdict) {
        switch (verdict) {
            case ABORT_ON: return GiveUpReason.ABORT_ON;
            case NOT_LISTED: return GiveUpReason.NOT_RETRYABLE;
            case GIVE_UP_PREDICATE: return GiveUpReason.GIVE_UP_PREDICATE;
            case INTERRUPTED: return GiveUpReason.INTERRUPTED;
            default: return null;
        }
    }

    // ---- acting ----------------------------------------------------------------------------------------------

    private void announceRetry(long attempt, Throwable failure, Object result, long wait) {
        if (timing()) {
            entry(attempt).waitNanos = wait;
        }
        Logger log = policy.log();
        if (log.isDebugEnabled()) {
            log.debug("[retry {}] {}: attempt {} of {} {}; retrying in {}", id(), policy.method(), attempt,
                    triesText(), failure != null ? "failed with " + text(failure)
                            : "returned a rejected result " + text(result),
                    Durations.format(wait));
        }
        if (RetryListeners.any()) {
            RetryListeners.publish(event(Kind.RETRY, attempt, failure, Duration.ofNanos(wait), null, false,
                    List.of()));
        }
    }

    private void sleep(long wait) throws InterruptedException {
        waiter().sleep(wait == 0 ? Duration.ZERO : Duration.ofNanos(wait));
    }

    /** The sleeper of the asynchronous caller, or the blocking caller's thread's current one. */
    private Sleeper waiter() {
        return extra != null && extra.waiter != null ? extra.waiter : Sleepers.current();
    }

    /** After the wait: the next attempt is about to run. The blocking driver registers the series on its thread. */
    void resumeAfterWait(long wait) {
        if (timing()) {
            extra.nextStart = saturatedAdd(extra.lastFailureAt, wait);
        }
        state = RETRYING;
        if (!async) {
            register(attempts + 1);
        }
    }

    /** The asynchronous driver: an attempt starts on the current thread; context and MDC follow it there. */
    void enterAttempt() {
        register(attempts + 1);
    }

    /** The asynchronous driver: the attempt's synchronous part is over; the thread is left as it was. */
    void exitAttempt() {
        unregister();
    }

    /** The caller cancelled an asynchronous call: no more attempts, nothing to report. */
    void cancelled() {
        state = DONE;
    }

    /** The series ends with {@code failure}: now, or once the aspect has captured the arguments. */
    private void endInFailure(Throwable failure, GiveUpReason ending, long wait, InterruptedException interrupt) {
        attachEarlierFailures(failure);
        if (interrupt != null) {
            failure.addSuppressed(interrupt);
        }
        finalFailure = failure;
        reason = ending;
        if (extra != null) {
            extra.finalWait = wait;
        }
        if (policy.needsArgumentsToGiveUp(failure)) {
            state = NEEDS_ARGUMENTS;
            return;
        }
        finish(null);
    }

    /** Ends a series whose give-up needs arguments, with those the asynchronous driver already holds. */
    Object finish(Object target, Object[] arguments) {
        return finish(ArgumentCapture.of(target, arguments));
    }

    private Object finish(ArgumentCapture capture) {
        state = DONE;
        try {
            Recovery recovery = policy.recovery();
            boolean recovering = recovery != null && capture != null && recovery.handles(finalFailure);
            List<String> arguments = policy.logArguments() && capture != null ? describe(capture.arguments()) : null;
            reportGiveUp(finalFailure, recovering, () -> recovering ? "recovering with " + recovery.description()
                    : "throwing " + text(finalFailure), arguments);
            if (recovering) {
                if (finalFailure instanceof InterruptedException) {
                    // The method's InterruptedException carried the interrupt; recovering swallows the exception,
                    // so the flag must be set again for the caller to see it.
                    Thread.currentThread().interrupt();
                }
                return recovery.invoke(capture.target(), capture.arguments(), finalFailure);
            }
            throw Rethrow.unchecked(finalFailure);
        } finally {
            unregister();
        }
    }

    private static RuntimeException notRetried(RetryPolicy policy, Throwable failure, Verdict verdict) {
        Logger log = policy.log();
        if (log.isDebugEnabled()) {
            log.debug("{}: attempt 1 of {} failed with {}; not retrying {}", policy.method(),
                    policy.tries() < 0 ? "unbounded" : policy.tries(), failure,
                    verdict == Verdict.RETRY ? "(a single try)" : "(" + why(reasonFor(verdict)) + ")");
        }
        return Rethrow.unchecked(failure);
    }

    // ---- reporting -------------------------------------------------------------------------------------------

    /** The one give-up line: WARN if the series retried at least once, else DEBUG; and the give-up event. */
    private void reportGiveUp(Throwable failure, boolean recovering, java.util.function.Supplier<String> outcome,
                              List<String> arguments) {
        Logger log = policy.log();
        boolean warn = attempts > 1;
        if (warn ? log.isWarnEnabled() : log.isDebugEnabled()) {
            StringBuilder line = new StringBuilder();
            line.append("[retry ").append(id()).append("] ").append(policy.method()).append(": ")
                    .append(headline()).append(" after ").append(attempts).append(" of ").append(triesText())
                    .append(" attempts; ").append(outcome.get());
            List<AttemptRecord> records = historyRecords();
            if (!records.isEmpty()) {
                line.append("; history: ");
                for (int i = 0; i < records.size(); i++) {
                    line.append(i == 0 ? "" : " | ").append(records.get(i));
                }
            }
            if (arguments != null) {
                line.append("; arguments: ").append(arguments);
            }
            if (warn) {
                log.warn(line.toString());
            } else {
                log.debug(line.toString());
            }
        }
        if (RetryListeners.any()) {
            RetryListeners.publish(event(Kind.GIVE_UP, attempts, failure, null, reason, recovering,
                    arguments == null ? List.of() : arguments));
        }
    }

    private String headline() {
        switch (reason) {
            case TRIES_EXHAUSTED: return "gave up, tries exhausted";
            case DEADLINE: return "gave up, " + explain(reason, extra == null ? -1 : extra.finalWait);
            case GIVE_UP_PREDICATE: return "gave up, " + explain(reason, -1);
            case BUDGET_EXHAUSTED: return "gave up, the retry budget '" + policy.budget().name() + "' is spent";
            case NESTED: return "gave up, " + explain(reason, -1);
            case INTERRUPTED:
                return finalFailure instanceof InterruptedException ? "not retrying (" + explain(reason, -1) + ")"
                        : "stopped, the thread was interrupted";
            default: return "not retrying (" + explain(reason, -1) + ")";
        }
    }

    private String explain(GiveUpReason ending, long wait) {
        if (ending == GiveUpReason.DEADLINE) {
            return "the next wait of " + Durations.format(wait) + " would end after maxDuration "
                    + Durations.format(policy.maxDurationNanos());
        }
        return why(ending);
    }

    private static String why(GiveUpReason ending) {
        switch (ending) {
            case ABORT_ON: return "listed in abortOn";
            case NOT_RETRYABLE: return "not listed in exceptions";
            case GIVE_UP_PREDICATE: return "giveUpIf said so";
            case BUDGET_EXHAUSTED: return "the retry budget " + "is spent";
            case NESTED: return "nested in another retried method: a single attempt";
            case INTERRUPTED: return "an InterruptedException is never retried";
            default: return ending.toString();
        }
    }

    private RetryEvent event(Kind kind, long attempt, Throwable failure, Duration nextWait, GiveUpReason why,
                             boolean recovered, List<String> arguments) {
        return new RetryEvent(kind, policy.javaMethod(), policy.method(), id(), attempt, policy.tries(), failure,
                nextWait, elapsed(), why, recovered, historyRecords(), arguments);
    }

    private Duration elapsed() {
        return timing() ? Duration.ofNanos(Math.max(0, clock() - extra.origin)) : Duration.ZERO;
    }

    /** The context of the attempt running now, for {@link RetryContext#current()}. */
    RetryContext context() {
        long current = state == RETRYING ? attempts + 1 : attempts;
        return new RetryContext(policy.method(), current, policy.tries(), id(), elapsed());
    }

    RetryPolicy policy() {
        return policy;
    }

    /** The series this one hides on its thread, if registered; for nesting checks. */
    RetrySeries outer() {
        return outer;
    }

    /** The innermost series registered on this thread: one whose retried attempt is running. */
    static RetrySeries activeOnThisThread() {
        return ACTIVE.get();
    }

    private void register(long nextAttempt) {
        if (!registered) {
            registered = true;
            outer = ACTIVE.get();
            ACTIVE.set(this);
            if (MDC_IN_USE) {
                Extra e = extra();
                e.outerMdcSeries = MDC.get(RetryContext.MDC_SERIES);
                e.outerMdcAttempt = MDC.get(RetryContext.MDC_ATTEMPT);
                MDC.put(RetryContext.MDC_SERIES, id());
            }
        }
        if (MDC_IN_USE) {
            MDC.put(RetryContext.MDC_ATTEMPT, Long.toString(nextAttempt));
        }
    }

    private void unregister() {
        if (!registered) {
            return;
        }
        registered = false;
        // set(null), not remove(): the thread's map entry stays, so the next series allocates none.
        ACTIVE.set(outer);
        if (MDC_IN_USE && extra != null) {
            restoreMdc(RetryContext.MDC_SERIES, extra.outerMdcSeries);
            restoreMdc(RetryContext.MDC_ATTEMPT, extra.outerMdcAttempt);
        }
    }

    private static void restoreMdc(String key, String value) {
        if (value == null) {
            MDC.remove(key);
        } else {
            MDC.put(key, value);
        }
    }

    // ---- history and suppressed failures ---------------------------------------------------------------------

    /** One attempt as recorded while the series runs; turned into an {@link AttemptRecord} when reported. */
    private static final class AttemptEntry {
        long attempt;
        long startNanos;
        long endNanos;
        Throwable failure;
        long waitNanos;
    }

    private void record(long attempt, long now, Throwable failure) {
        if (!timing()) {
            return;
        }
        AttemptEntry[] history = extra.history;
        AttemptEntry entry = history[(int) ((attempt - 1) % HISTORY)];
        if (entry == null) {
            entry = new AttemptEntry();
            history[(int) ((attempt - 1) % HISTORY)] = entry;
        }
        entry.attempt = attempt;
        entry.startNanos = attempt == 1 ? (extra.originIsFirstStart ? extra.origin : UNKNOWN) : extra.nextStart;
        entry.endNanos = now;
        entry.failure = failure;
        entry.waitNanos = -1;
    }

    private AttemptEntry entry(long attempt) {
        return extra.history[(int) ((attempt - 1) % HISTORY)];
    }

    private List<AttemptRecord> historyRecords() {
        if (!timing() || attempts == 0) {
            return List.of();
        }
        long origin = extra.origin;
        List<AttemptRecord> records = new ArrayList<>();
        for (long a = Math.max(1, attempts - HISTORY + 1); a <= attempts; a++) {
            AttemptEntry e = entry(a);
            if (e == null || e.attempt != a) {
                continue;
            }
            boolean known = e.startNanos != UNKNOWN;
            records.add(new AttemptRecord(a, known ? Duration.ofNanos(Math.max(0, e.startNanos - origin)) : null,
                    known ? Duration.ofNanos(Math.max(0, e.endNanos - e.startNanos)) : null, e.failure,
                    e.waitNanos < 0 ? null : Duration.ofNanos(e.waitNanos)));
        }
        return Collections.unmodifiableList(records);
    }

    private void remember(Throwable failure) {
        if (failure == newestEarlier) {
            return;
        }
        if (newestEarlier != null) {
            if (olderEarlier == null) {
                olderEarlier = new Throwable[HISTORY - 1];
            }
            olderEarlier[olderNext] = newestEarlier;
            olderNext = (olderNext + 1) % olderEarlier.length;
            olderFull |= olderNext == 0;
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
            int from = olderFull ? olderNext : 0;
            int count = olderFull ? olderEarlier.length : olderNext;
            for (int i = 0; i < count; i++) {
                addSuppressedOnce(last, olderEarlier[(from + i) % olderEarlier.length], present);
            }
        }
        addSuppressedOnce(last, newestEarlier, present);
    }

    /**
     * Attaches {@code earlier} unless it is there already, or {@code last} already carries {@link #HISTORY}
     * suppressed exceptions: an exception instance reused across calls (a cached constant) must not grow forever.
     */
    private static void addSuppressedOnce(Throwable last, Throwable earlier, Set<Throwable> present) {
        if (present.size() <= HISTORY && present.add(earlier)) {
            last.addSuppressed(earlier);
        }
    }

    // ---- small helpers ---------------------------------------------------------------------------------------

    private long clock() {
        return waiter().nanoTime();
    }

    private static long saturatedAdd(long a, long b) {
        long sum = a + b;
        return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE : sum;
    }

    private Object triesText() {
        return policy.tries() < 0 ? "unbounded" : (Object) policy.tries();
    }

    private static List<String> describe(Object[] arguments) {
        List<String> texts = new ArrayList<>(arguments.length);
        for (Object argument : arguments) {
            texts.add(argument != null && argument.getClass().isArray()
                    ? (argument instanceof Object[] ? safely(() -> Arrays.deepToString((Object[]) argument))
                    : primitiveArray(argument))
                    : text(argument));
        }
        return texts;
    }

    /**
     * {@code String.valueOf(value)}, shortened, and never throwing: a user's {@code toString()} that fails (a lazy
     * entity whose session is closed) must not replace the failure the caller is owed.
     */
    static String text(Object value) {
        return safely(() -> abbreviate(String.valueOf(value)));
    }

    private static String safely(java.util.function.Supplier<String> text) {
        try {
            return text.get();
        } catch (RuntimeException | LinkageError | AssertionError e) {
            return "<toString() threw " + e.getClass().getName() + ">";
        }
    }

    private static String primitiveArray(Object array) {
        int length = java.lang.reflect.Array.getLength(array);
        StringBuilder text = new StringBuilder("[");
        for (int i = 0; i < length; i++) {
            text.append(i == 0 ? "" : ", ").append(java.lang.reflect.Array.get(array, i));
        }
        return abbreviate(text.append(']').toString());
    }

    private static String abbreviate(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "...";
    }

    /** The series id every log line carries, assigned on first use. */
    private String id() {
        Extra e = extra();
        if (e.id == 0) {
            e.id = SERIES_IDS.incrementAndGet();
        }
        return Long.toString(e.id, 36);
    }

}
