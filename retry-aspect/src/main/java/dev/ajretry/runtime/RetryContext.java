package dev.ajretry.runtime;

import dev.ajretry.internal.call.CallContext;
import dev.ajretry.internal.call.Contexts;

import java.time.Duration;

/**
 * Where the current thread is in the series of attempts of a {@code @Retry} method: which attempt, whether it is the
 * last, the series id. Ask for it from the method's body or from anything it calls:
 * <pre>{@code
 * @Retry(tries = 3)
 * Quote quote(String symbol) {
 *     RetryContext context = RetryContext.current();
 *     String host = context.isLastAttempt() ? backupHost : primaryHost;
 *     ...
 * }
 * }</pre>
 *
 * <p>Outside of any {@code @Retry} method, {@link #current()} returns a context whose {@link #active()} is false
 * (attempt 0). Inside nested {@code @Retry} methods it describes the innermost one.
 *
 * <p>Cost: nothing for methods that never ask. Asking walks the thread's stack to find the innermost woven method
 * (a few microseconds): fine once per attempt, not meant for a tight loop.
 *
 * <p>Timing: ajretry reads the clock before a first attempt only for methods with a {@code maxDuration}, so that the
 * success path of the others stays free. For those, {@link #elapsed()} counts from the start of the first attempt;
 * for the others, from the end of the first attempt (and is zero during it).
 *
 * <p>Immutable: a snapshot taken when {@link #current()} was called.
 */
public final class RetryContext {

    private static final RetryContext NONE = new RetryContext(null, 0, 0, null, Duration.ZERO, false);

    private final String method;
    private final long attempt;
    private final int tries;
    private final String seriesId;
    private final Duration elapsed;
    private final boolean hedge;

    private RetryContext(String method, long attempt, int tries, String seriesId, Duration elapsed, boolean hedge) {
        this.method = method;
        this.attempt = attempt;
        this.tries = tries;
        this.seriesId = seriesId;
        this.elapsed = elapsed;
        this.hedge = hedge;
    }

    /** The context of the innermost {@code @Retry} method running on this thread, or an inactive one. */
    public static RetryContext current() {
        CallContext context = Contexts.current();
        return context == null ? NONE : new RetryContext(context.method(), context.attempt(), context.tries(),
                context.seriesId(), context.elapsed(), context.hedge());
    }

    /** True inside a {@code @Retry} method; false outside, where every other value is empty or zero. */
    public boolean active() {
        return method != null;
    }

    /** The method, as log lines name it ({@code com.acme.Client.fetch(String)}); null when not {@link #active()}. */
    public String method() {
        return method;
    }

    /** The current attempt, 1-based: 1 is the first call, 2 the first retry. 0 when not {@link #active()}. */
    public long attempt() {
        return attempt;
    }

    /** The method's {@code tries}, overrides applied: negative for "until success". */
    public int tries() {
        return tries;
    }

    /**
     * True if this attempt is the last the tries allow: its failure will not be retried. (A deadline or a
     * give-up predicate may still end the series earlier; that cannot be known in advance.)
     */
    public boolean isLastAttempt() {
        return active() && tries > 0 && attempt >= tries;
    }

    /** True on the first attempt, false on every retry. */
    public boolean isFirstAttempt() {
        return attempt == 1;
    }

    /**
     * The id that the series' log lines carry ({@code [retry 1f]}) and that SLF4J's MDC holds under
     * {@value #MDC_SERIES} during retried attempts. Null during the first attempt: a series gets its id when it
     * first retries.
     */
    public String seriesId() {
        return seriesId;
    }

    /**
     * True if this attempt is a hedge: started beside attempts still running, because the latest had run for
     * {@code hedgeDelay} without an answer ({@code @Retry(hedges = ...)}). False for the first attempt and retries.
     */
    public boolean isHedge() {
        return hedge;
    }

    /** Time since the series started; see the class documentation for when that is. */
    public Duration elapsed() {
        return elapsed;
    }

    /** The MDC key of the series id during retried attempts. */
    public static final String MDC_SERIES = CallContext.MDC_SERIES;

    /** The MDC key of the attempt number during retried attempts. */
    public static final String MDC_ATTEMPT = CallContext.MDC_ATTEMPT;

    @Override
    public String toString() {
        return active() ? "RetryContext[" + method + ", attempt " + attempt + " of "
                + (tries < 0 ? "unbounded" : tries) + (hedge ? ", a hedge" : "")
                + (seriesId == null ? "" : ", series " + seriesId) + "]"
                : "RetryContext[not in a @Retry method]";
    }
}
