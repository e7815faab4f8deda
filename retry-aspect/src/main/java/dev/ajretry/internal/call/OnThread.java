package dev.ajretry.internal.call;

import org.slf4j.MDC;

/**
 * What a call leaves on the thread that runs its attempts, from its first retry on: the call itself, for
 * {@code RetryContext} and nesting checks, and its series id and attempt in SLF4J's MDC. Both drivers register the
 * same way: the blocking one once its first wait is over, until the call ends; the asynchronous one around each
 * attempt's synchronous part. Leaving restores exactly what the thread had before.
 */
final class OnThread {

    /**
     * Each thread's slot: a one-element array holding the innermost registered call, or null. Why a slot and not the
     * call itself as the thread-local's value: registering and leaving then write an array element, where
     * {@link ThreadLocal#set} would probe and clean the thread's map twice per call (measured: 13% of a call that
     * fails twice, retry-benchmarks/RESULTS.md). Why {@code Object[]}: a JDK class, so the slot a pooled thread keeps
     * after the call pins no class loader, ajretry's included; it holds null between calls.
     */
    private static final ThreadLocal<Object[]> ACTIVE = new ThreadLocal<>();
    /**
     * False when SLF4J has no MDC (no binding, or one without MDC): then the series id is not formatted and put on
     * every retry for nobody to read.
     */
    private static final boolean MDC_IN_USE = !(MDC.getMDCAdapter() == null
            || MDC.getMDCAdapter().getClass().getSimpleName().startsWith("NOP"));

    private OnThread() {
    }

    /** The innermost call registered on this thread: one whose retried attempt is running. */
    static Attempts active() {
        Object[] slot = ACTIVE.get();
        return slot == null ? null : (Attempts) slot[0];
    }

    /** This thread's slot, created at its first registration. */
    private static Object[] slot() {
        Object[] slot = ACTIVE.get();
        if (slot == null) {
            slot = new Object[1];
            ACTIVE.set(slot);
        }
        return slot;
    }

    /** Registers {@code call} on this thread (if it is not yet) for its attempt {@code attempt}. */
    static void enter(Attempts call, long attempt) {
        if (!call.registered) {
            call.registered = true;
            Object[] slot = slot();
            call.outer = (Attempts) slot[0];
            slot[0] = call;
            // A recursive call of the same method, deeper on this stack, must not take this call for its own.
            if (Contexts.asked()) {
                // Not for every call: the count walks the stack, and the Extra it needs is an allocation.
                call.extra().frames = Contexts.framesOf(call.policy.javaMethod());
            }
            if (MDC_IN_USE) {
                Attempts.Extra e = call.extra();
                e.outerMdcSeries = MDC.get(CallContext.MDC_SERIES);
                e.outerMdcAttempt = MDC.get(CallContext.MDC_ATTEMPT);
                MDC.put(CallContext.MDC_SERIES, call.id());
            }
        }
        if (MDC_IN_USE) {
            MDC.put(CallContext.MDC_ATTEMPT, Long.toString(attempt));
        }
    }

    /** Unregisters {@code call}, if registered, restoring what the thread had before. */
    static void leave(Attempts call) {
        if (!call.registered) {
            return;
        }
        call.registered = false;
        // The slot stays, emptied or given back to the outer call: the next call on this thread allocates none.
        slot()[0] = call.outer;
        Attempts.Extra e = call.extraOrNull();
        if (MDC_IN_USE && e != null) {
            restore(CallContext.MDC_SERIES, e.outerMdcSeries);
            restore(CallContext.MDC_ATTEMPT, e.outerMdcAttempt);
        }
    }

    /** The context of {@code call}'s attempt running now, for {@code RetryContext.current()}. */
    static CallContext context(Attempts call) {
        return new CallContext(call.policy.method(), call.currentAttempt(), call.policy.tries(), call.id(),
                call.elapsed(), call.runningHedge());
    }

    private static void restore(String key, String value) {
        if (value == null) {
            MDC.remove(key);
        } else {
            MDC.put(key, value);
        }
    }
}
