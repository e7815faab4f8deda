package dev.ajretry.internal.call;

import dev.ajretry.RetryEvent.GiveUpReason;

/**
 * What {@link Decider} concluded about one attempt's outcome: retry after a wait, give up for a reason (recovering
 * or not). (Accepting a result is the {@code retryIfResult} predicate's answer, asked before any decision.) Drivers only carry it out: the blocking one sleeps or throws, the asynchronous one
 * schedules or completes.
 *
 * <p>Allocation: every give-up but a deadline's is a shared constant; a retry carries its wait, and
 * the decision is used only by the driver that asked for it, so the JIT can keep it off the heap.
 *
 * <p>Immutable.
 */
final class Decision {

    /** The kinds of decision. */
    enum Kind {
        /** Run another attempt after {@link #waitNanos()}. */
        RETRY,
        /** End the series: the caller gets the failure (or the recovery's value), or the rejected result as it is. */
        GIVE_UP
    }

    private static final Decision[] GIVE_UPS = new Decision[2 * GiveUpReason.values().length];

    static {
        for (GiveUpReason reason : GiveUpReason.values()) {
            GIVE_UPS[2 * reason.ordinal()] = new Decision(Kind.GIVE_UP, -1, reason, false);
            GIVE_UPS[2 * reason.ordinal() + 1] = new Decision(Kind.GIVE_UP, -1, reason, true);
        }
    }

    private final Kind kind;
    private final long waitNanos;
    private final GiveUpReason reason;
    private final boolean recovers;
    /** For a {@code DEADLINE} give-up: the server's {@code RetryAfter} was longer than {@code ajretry.maxRetryAfter}. */
    private final boolean serverAskedTooMuch;
    /** For a retry: the wait is the server's word (a failure's {@code RetryAfter}, a result's {@code retryAfter}). */
    private final boolean fromServer;

    private Decision(Kind kind, long waitNanos, GiveUpReason reason, boolean recovers) {
        this(kind, waitNanos, reason, recovers, false, false);
    }

    private Decision(Kind kind, long waitNanos, GiveUpReason reason, boolean recovers, boolean serverAskedTooMuch,
                     boolean fromServer) {
        this.kind = kind;
        this.waitNanos = waitNanos;
        this.reason = reason;
        this.recovers = recovers;
        this.serverAskedTooMuch = serverAskedTooMuch;
        this.fromServer = fromServer;
    }

    /** Another attempt after {@code waitNanos} (>= 0), the schedule's wait. */
    static Decision retry(long waitNanos) {
        return new Decision(Kind.RETRY, waitNanos, null, false);
    }

    /** Another attempt after {@code waitNanos} (>= 0), the wait the server asked for. */
    static Decision retryAsTold(long waitNanos) {
        return new Decision(Kind.RETRY, waitNanos, null, false, false, true);
    }

    /** The series ends for {@code reason}; {@code recovers} if the method's {@code recover} method takes over. */
    static Decision giveUp(GiveUpReason reason, boolean recovers) {
        return GIVE_UPS[2 * reason.ordinal() + (recovers ? 1 : 0)];
    }

    /** The series ends because the next wait, {@code waitNanos}, would end after {@code maxDuration}. */
    static Decision pastDeadline(long waitNanos, boolean recovers) {
        return new Decision(Kind.GIVE_UP, waitNanos, GiveUpReason.DEADLINE, recovers);
    }

    /**
     * The series ends because the server's {@code RetryAfter}, {@code waitNanos}, is longer than
     * {@code ajretry.maxRetryAfter}: a {@code DEADLINE} give-up, as if that wait passed a deadline.
     */
    static Decision serverAskedTooMuch(long waitNanos, boolean recovers) {
        return new Decision(Kind.GIVE_UP, waitNanos, GiveUpReason.DEADLINE, recovers, true, false);
    }

    /** True for a give-up because the server asked for a wait longer than {@code ajretry.maxRetryAfter}. */
    boolean serverAskedTooMuch() {
        return serverAskedTooMuch;
    }

    /** True for a retry whose wait is the server's word, not the schedule's. */
    boolean fromServer() {
        return fromServer;
    }

    Kind kind() {
        return kind;
    }

    boolean retries() {
        return kind == Kind.RETRY;
    }

    /** The wait before the next attempt; for a deadline give-up, the wait that would have passed it; else -1. */
    long waitNanos() {
        return waitNanos;
    }

    /** Why the series gives up; null unless {@link Kind#GIVE_UP}. */
    GiveUpReason reason() {
        return reason;
    }

    /** True if the series gives up to the method's {@code recover} method. */
    boolean recovers() {
        return recovers;
    }

    @Override
    public String toString() {
        switch (kind) {
            case RETRY: return "RETRY after " + Durations.format(waitNanos) + (fromServer ? " (the server's word)" : "");
            default: return "GIVE_UP " + reason + (recovers ? " (recovering)" : "")
                    + (waitNanos >= 0 ? (serverAskedTooMuch ? ", the server asked for " : ", next wait ")
                    + Durations.format(waitNanos) : "");
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Decision && ((Decision) other).kind == kind && ((Decision) other).waitNanos == waitNanos
                && ((Decision) other).reason == reason && ((Decision) other).recovers == recovers
                && ((Decision) other).serverAskedTooMuch == serverAskedTooMuch
                && ((Decision) other).fromServer == fromServer;
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(kind, waitNanos, reason, recovers, serverAskedTooMuch, fromServer);
    }
}
