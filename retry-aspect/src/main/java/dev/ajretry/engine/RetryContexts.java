package dev.ajretry.engine;

import dev.ajretry.runtime.RetryContext;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Iterator;

/**
 * Finds the {@link RetryContext} of the current thread.
 *
 * <p>A series registers itself on its thread from its first retry on (so a first attempt that succeeds registers
 * nothing). The innermost {@code @Retry} method running on the thread is found by walking the stack for the frames
 * the weaver generates ({@code name_aroundBodyN}); if the innermost registered series belongs to that method, the
 * context is its current attempt; otherwise that method is in its first attempt.
 */
public final class RetryContexts {

    private static final StackWalker WALKER = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);
    private static final String AROUND_BODY = "_aroundBody";

    private RetryContexts() {
    }

    /** The context of the innermost retried method of this thread, or null outside of any. */
    public static RetryContext current() {
        Method method = WALKER.walk(frames -> innermostRetried(frames.iterator()));
        if (method == null) {
            return null;
        }
        RetrySeries active = RetrySeries.activeOnThisThread();
        if (active != null && active.policy().javaMethod().equals(method)) {
            return active.context();
        }
        RetryPolicy policy = PolicyTable.shared().byMethod(method);
        if (policy == null) {
            return null;
        }
        return new RetryContext(policy.method(), 1, policy.tries(), null, Duration.ZERO);
    }

    /**
     * The innermost frame below a woven body ({@code name_aroundBodyN...}) whose method is named {@code name}, in the
     * same class, and has a policy: the woven method itself.
     */
    private static Method innermostRetried(Iterator<StackWalker.StackFrame> frames) {
        while (frames.hasNext()) {
            StackWalker.StackFrame frame = frames.next();
            String name = frame.getMethodName();
            int body = name.indexOf(AROUND_BODY);
            if (body <= 0) {
                continue;
            }
            String woven = name.substring(0, body);
            Class<?> type = frame.getDeclaringClass();
            while (frames.hasNext()) {
                StackWalker.StackFrame caller = frames.next();
                if (caller.getDeclaringClass() == type && caller.getMethodName().equals(woven)) {
                    Method method = methodOf(caller);
                    if (method != null && PolicyTable.shared().byMethod(method) != null) {
                        return method;
                    }
                    break;
                }
            }
        }
        return null;
    }

    private static Method methodOf(StackWalker.StackFrame frame) {
        try {
            return frame.getDeclaringClass().getDeclaredMethod(frame.getMethodName(),
                    frame.getMethodType().parameterArray());
        } catch (NoSuchMethodException e) {
            return null;
        }
    }
}
