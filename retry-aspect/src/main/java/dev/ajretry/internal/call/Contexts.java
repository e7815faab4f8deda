package dev.ajretry.internal.call;

import dev.ajretry.internal.spec.Specs;
import dev.ajretry.internal.spec.RetrySpec;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Iterator;

/**
 * Finds the {@code RetryContext} of the current thread.
 *
 * <p>A series registers itself on its thread from its first retry on (so a first attempt that succeeds registers
 * nothing). The innermost {@code @Retry} method running on the thread is found by walking the stack for the frames
 * the weaver generates ({@code name_aroundBodyN}); if the innermost registered series belongs to that method, the
 * context is its current attempt; otherwise that method is in its first attempt. An asynchronous attempt after the
 * first runs on another thread, below the body frame only: there the registered series is taken when the frame is
 * its method's. A method that calls itself has several frames on the stack: the registered series is the one whose
 * method had as many frames on the stack when it registered as it has now; a deeper call is in its first attempt.
 */
public final class Contexts {

    private static final StackWalker WALKER = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);
    private static final String AROUND_BODY = "_aroundBody";

    private Contexts() {
    }

    /** The context of the innermost retried method of this thread, or null outside of any. */
    public static CallContext current() {
        ASKED = true;
        Attempts active = OnThread.active();
        Method method = WALKER.walk(frames -> innermostRetried(frames.iterator(), active));
        if (method == null) {
            return null;
        }
        if (active != null && active.policy.javaMethod().equals(method)
                && (framesAtRegistration(active) == UNCOUNTED || framesOf(method) == framesAtRegistration(active))) {
            return OnThread.context(active);
        }
        RetrySpec policy = Specs.byMethod(method);
        if (policy == null) {
            return null;
        }
        return new CallContext(policy.method(), 1, policy.tries(), null, Duration.ZERO, false);
    }

    /**
     * How many frames of {@code method} itself (the woven method, not its body or advice) are on this thread's
     * stack: the depth of its recursion here. An asynchronous attempt after the first runs with none.
     */
    /** {@link Attempts.Extra#frames} of a call that registered before anyone asked for a context. */
    static final int UNCOUNTED = -1;

    /**
     * Whether {@link #current()} was ever called in this JVM. Counting a method's frames walks the stack (a few
     * microseconds, measured: a call failing twice went from 33 ns to 4 us); it is only needed to tell recursive calls
     * apart in a context, so a call counts them when it registers only once someone has asked for a context. A call
     * that registered before that is matched by its method alone, as if not recursive.
     */
    private static volatile boolean ASKED;

    private static int framesAtRegistration(Attempts call) {
        Attempts.Extra extra = call.extraOrNull();
        return extra == null ? UNCOUNTED : extra.frames;
    }

    /** True once someone asked for a context: from then on, registering calls count their frames. */
    static boolean asked() {
        return ASKED;
    }

    static int framesOf(Method method) {
        Class<?> type = method.getDeclaringClass();
        String name = method.getName();
        java.util.List<Class<?>> parameters = java.util.Arrays.asList(method.getParameterTypes());
        return WALKER.walk(frames -> (int) frames.filter(f -> f.getDeclaringClass() == type
                && f.getMethodName().equals(name) && f.getMethodType().parameterList().equals(parameters)).count());
    }

    /** Every retried method running on this thread, innermost first (each frame of a recursive method counts). */
    static java.util.List<Method> retriedMethodsOnStack() {
        Attempts active = OnThread.active();
        return WALKER.walk(frames -> {
            java.util.List<Method> found = new java.util.ArrayList<>();
            Iterator<StackWalker.StackFrame> it = frames.iterator();
            Method next;
            while ((next = innermostRetried(it, found.isEmpty() ? active : null)) != null) {
                found.add(next);
            }
            return found;
        });
    }

    /**
     * The innermost frame below a woven body ({@code name_aroundBodyN...}) whose method is named {@code name}, in the
     * same class, and has a policy: the woven method itself.
     */
    private static Method innermostRetried(Iterator<StackWalker.StackFrame> frames, Attempts active) {
        while (frames.hasNext()) {
            StackWalker.StackFrame frame = frames.next();
            String name = frame.getMethodName();
            int body = name.indexOf(AROUND_BODY);
            if (body <= 0) {
                continue;
            }
            String woven = name.substring(0, body);
            Class<?> type = frame.getDeclaringClass();
            if (active != null && isBodyOf(frame, active.policy.javaMethod())) {
                // An asynchronous attempt runs on a thread where the woven method's own frame is long gone.
                return active.policy.javaMethod();
            }
            while (frames.hasNext()) {
                StackWalker.StackFrame caller = frames.next();
                if (caller.getDeclaringClass() == type && caller.getMethodName().equals(woven)) {
                    Method method = methodOf(caller);
                    if (method != null && Specs.byMethod(method) != null) {
                        return method;
                    }
                    break;
                }
            }
        }
        return null;
    }

    /** True if {@code frame} is the woven body ({@code name_aroundBodyN}, no advice suffix) of {@code method}. */
    private static boolean isBodyOf(StackWalker.StackFrame frame, Method method) {
        String name = frame.getMethodName();
        if (frame.getDeclaringClass() != method.getDeclaringClass() || name.endsWith("$advice")
                || !name.startsWith(method.getName() + AROUND_BODY)) {
            return false;
        }
        // The body takes the target first for an instance method, then the method's own parameters, then
        // whatever the weaver adds (the join point, when an advice uses it).
        java.util.List<Class<?>> body = frame.getMethodType().parameterList();
        java.util.List<Class<?>> own = java.util.Arrays.asList(method.getParameterTypes());
        int first = java.lang.reflect.Modifier.isStatic(method.getModifiers()) ? 0 : 1;
        return body.size() >= first + own.size() && body.subList(first, first + own.size()).equals(own);
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
