package dev.ajretry.internal.call;

import dev.ajretry.internal.spec.Specs;
import dev.ajretry.internal.spec.RetrySpec;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Nested retries: a retried method failing while another one is retrying on the same thread. Their attempts
 * multiply (the "product of layers"), so each pair of methods is logged once, at WARN; and a method that asked for a
 * single attempt when nested ({@code Nested.SINGLE_ATTEMPT}, or {@code ajretry.nested=outermost}) gets one.
 *
 * <p>Cost: the warning looks at the thread's registered series (a thread-local read) at a call's first failure
 * only. The single-attempt check, for methods that asked for it, also walks the stack for a retried method in its
 * first attempt, whose series is not registered yet.
 */
final class Nesting {

    private static final Logger LOG = LoggerFactory.getLogger(Nesting.class);
    private static final Map<String, Boolean> WARNED = new ConcurrentHashMap<>();

    private Nesting() {
    }

    /** Logs, once per pair of methods, that {@code inner} fails inside a series that is retrying. */
    static void check(Attempts inner) {
        Attempts outer = OnThread.active();
        if (outer == null || outer == inner) {
            return;
        }
        warnOnce(outer.policy, inner.policy);
    }

    /** True if another retried method runs below {@code inner} on this thread (registered or in its first attempt). */
    static boolean isNested(Attempts inner) {
        Attempts outer = OnThread.active();
        if (outer != null && outer != inner) {
            return true;
        }
        List<Method> retried = Contexts.retriedMethodsOnStack();
        // The innermost is the failing method itself; any further one is an outer series.
        if (retried.size() > 1) {
            RetrySpec outerPolicy = Specs.byMethod(retried.get(1));
            if (outerPolicy != null) {
                warnOnce(outerPolicy, inner.policy);
            }
            return true;
        }
        return false;
    }

    private static void warnOnce(RetrySpec outer, RetrySpec inner) {
        String pair = outer.method() + " > " + inner.method();
        if (WARNED.putIfAbsent(pair, Boolean.TRUE) == null) {
            LOG.warn("Nested retries: {} (tries = {}) fails inside the retry series of {} (tries = {}): their attempts"
                    + " multiply, up to {} calls. Retry at one level, or mark the inner method"
                    + " @Retry(whenNested = Nested.SINGLE_ATTEMPT) (or set ajretry.nested=outermost).", inner.method(),
                    triesText(inner), outer.method(), triesText(outer), product(outer, inner));
        }
    }

    private static String triesText(RetrySpec policy) {
        return policy.tries() < 0 ? "unbounded" : Integer.toString(policy.tries());
    }

    private static String product(RetrySpec outer, RetrySpec inner) {
        if (outer.tries() < 0 || inner.tries() < 0) {
            return "unbounded";
        }
        return Long.toString((long) outer.tries() * inner.tries());
    }
}
