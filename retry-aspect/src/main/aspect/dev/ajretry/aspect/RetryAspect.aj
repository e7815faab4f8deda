package dev.ajretry.aspect;

import dev.ajretry.internal.call.ArgumentCapture;
import dev.ajretry.internal.call.Attempts;
import dev.ajretry.internal.call.BlockingCall;
import dev.ajretry.internal.call.ReactiveSeries;
import dev.ajretry.internal.spec.Specs;
import dev.ajretry.internal.spec.HotSpec;
import dev.ajretry.internal.call.StageCall;
import org.aspectj.lang.annotation.SuppressAjWarnings;

/**
 * Weaves {@link dev.ajretry.Retry @Retry}: every execution of a method annotated with it, or of a public method
 * declared in a type annotated with it, runs in a retry loop.
 *
 * <p>The loop is the whole advice: run the method; on success return (nothing else happens, nothing is allocated);
 * on failure, or on a result the method's predicate rejects, hand it to {@link BlockingCall}, which waits and
 * returns, or throws the failure the caller must get. A call holds state from its first attempt on only if its
 * method times each attempt ({@code attemptTimeout}); then each attempt that returns is checked against its timer. Everything about the policy was computed once, on the
 * method's first call, and is found again from the join point's static part ({@link Specs}).
 *
 * <p>Why one advice per primitive return type: an {@code Object around()} advice would box an {@code int} result on
 * every call, an allocation the success path must not make. The nine retry advices differ only in that type.
 *
 * <p>Why code style and {@code proceed()} in a loop inside the advice: the advice body is inlined into each woven
 * method, and {@code proceed()} becomes a direct call of the original body with the original arguments, with no
 * closure object. Execution join points are used (not call), so private, static, final and self-invoked methods are
 * covered, and the retry advices bind nothing ({@code this()} would silently exclude static methods).
 *
 * <p>Why the capture advices at the end: a series that gives up may need the call's target and arguments (for a
 * {@code recover} method, or {@code logArguments}). Binding them on every call would allocate; instead the retry
 * advice asks {@link ArgumentCapture} for them and proceeds once more, and the capture advice of that join point,
 * which runs inside the retry advice (it comes later in this aspect, so it has lower precedence), hands them over
 * without running the method body. Its {@code if()} test is all that other calls pay.
 */
public aspect RetryAspect {

    /** A method that carries {@code @Retry} itself. */
    pointcut executionOfRetryMethod(): execution(@dev.ajretry.Retry * *(..));

    /**
     * A public method declared in a type that carries {@code @Retry}, unless the method has its own. {@code @within}
     * looks at the type that declares the method only; {@code within(@Retry *)} would also take in nested types.
     */
    pointcut executionOfPublicMethodInRetryType():
            execution(public !@dev.ajretry.Retry * *(..)) && @within(dev.ajretry.Retry);

    /** Every execution that is retried. */
    pointcut retriedExecution(): executionOfRetryMethod() || executionOfPublicMethodInRetryType();

    /** Methods that return a reference (an array included) or nothing: the ones whose result is never boxed. */
    pointcut returnsReferenceOrVoid(): !execution(boolean *(..)) && !execution(byte *(..))
            && !execution(char *(..)) && !execution(short *(..)) && !execution(int *(..))
            && !execution(long *(..)) && !execution(float *(..)) && !execution(double *(..));

    /** Methods whose result is a stage: retried asynchronously, never blocking a thread. */
    pointcut returnsCompletionStage(): execution(java.util.concurrent.CompletionStage+ *(..));

    /**
     * Methods whose result is a Reactor {@code Mono} or {@code Flux} (exactly: a subtype is a trap): retried by
     * retry-reactor's aspect when it is woven too, never by this one. Written {@code reactor..Mono}, a pattern, not the
     * exact name: this aspect is compiled without Reactor, and an exact name of a missing type warns there
     * (Xlint:invalidAbsoluteTypeName). A user's build without Reactor weaves with no warning (BuildTimeCheckTest).
     */
    pointcut returnsMonoOrFlux(): execution(reactor..Mono *(..)) || execution(reactor..Flux *(..));

    /** A retried execution entered by the retry advice only to hand over its arguments. */
    pointcut argumentCapture(): retriedExecution() && if(ArgumentCapture.requested());

    /**
     * The asynchronous retry: returns at once the future of the whole series. Unlike the others this advice keeps a
     * closure (proceed() runs later, on other threads) and reads the join point's arguments: an asynchronous call
     * allocates its result future anyway.
     */
    @SuppressAjWarnings("adviceDidNotMatch")
    Object around(): retriedExecution() && returnsCompletionStage() {
        HotSpec policy = Specs.of(thisJoinPointStaticPart);
        return StageCall.start(policy.spec(), thisJoinPoint.getThis(), thisJoinPoint.getArgs(), new StageCall.Attempt() {
            public Object run() throws Throwable {
                return proceed();
            }
        });
    }

    /**
     * A {@code Mono} or {@code Flux} method: not retried here. Its call fails, before the body runs, if nothing retries
     * it: with the trap's message when retry-reactor is not on the class path ({@code Specs}), or when its aspect did
     * not weave the method ({@link ReactiveSeries#checkRetried}). With retry-reactor woven, its aspect runs first and
     * this advice runs inside each attempt: a lookup in the policy cache and a thread-local read.
     */
    @SuppressAjWarnings("adviceDidNotMatch")
    before(): retriedExecution() && returnsMonoOrFlux() {
        ReactiveSeries.checkRetried(Specs.of(thisJoinPointStaticPart).spec());
    }

    @SuppressAjWarnings("adviceDidNotMatch")
    Object around(): retriedExecution() && returnsReferenceOrVoid() && !returnsCompletionStage() && !returnsMonoOrFlux() {
        HotSpec policy = Specs.of(thisJoinPointStaticPart);
        long start = policy.startTime();
        Attempts call = start == HotSpec.TIMED_ATTEMPTS ? BlockingCall.timed(policy) : null;
        while (true) {
            Object result;
            try {
                result = proceed();
                if (call != null) {
                    BlockingCall.returned(call);
                }
            } catch (Throwable failure) {
                call = BlockingCall.failed(call, policy, start, failure);
                if (BlockingCall.needsArguments(call)) {
                    ArgumentCapture capture;
                    ArgumentCapture.begin();
                    try {
                        proceed();
                    } finally {
                        capture = ArgumentCapture.end();
                    }
                    return (Object) BlockingCall.giveUp(call, capture);
                }
                continue;
            }
            if (policy.checksResults() && BlockingCall.retrying(call = BlockingCall.afterResult(call, policy, start, result))) {
                continue;
            }
            BlockingCall.succeeded(call, policy);
            return result;
        }
    }

    @SuppressAjWarnings("adviceDidNotMatch")
    boolean around(): retriedExecution() && execution(boolean *(..)) {
        HotSpec policy = Specs.of(thisJoinPointStaticPart);
        long start = policy.startTime();
        Attempts call = start == HotSpec.TIMED_ATTEMPTS ? BlockingCall.timed(policy) : null;
        while (true) {
            boolean result;
            try {
                result = proceed();
                if (call != null) {
                    BlockingCall.returned(call);
                }
            } catch (Throwable failure) {
                call = BlockingCall.failed(call, policy, start, failure);
                if (BlockingCall.needsArguments(call)) {
                    ArgumentCapture capture;
                    ArgumentCapture.begin();
                    try {
                        proceed();
                    } finally {
                        capture = ArgumentCapture.end();
                    }
                    return (Boolean) BlockingCall.giveUp(call, capture);
                }
                continue;
            }
            if (policy.checksResults() && BlockingCall.retrying(call = BlockingCall.afterResult(call, policy, start, result))) {
                continue;
            }
            BlockingCall.succeeded(call, policy);
            return result;
        }
    }

    @SuppressAjWarnings("adviceDidNotMatch")
    byte around(): retriedExecution() && execution(byte *(..)) {
        HotSpec policy = Specs.of(thisJoinPointStaticPart);
        long start = policy.startTime();
        Attempts call = start == HotSpec.TIMED_ATTEMPTS ? BlockingCall.timed(policy) : null;
        while (true) {
            byte result;
            try {
                result = proceed();
                if (call != null) {
                    BlockingCall.returned(call);
                }
            } catch (Throwable failure) {
                call = BlockingCall.failed(call, policy, start, failure);
                if (BlockingCall.needsArguments(call)) {
                    ArgumentCapture capture;
                    ArgumentCapture.begin();
                    try {
                        proceed();
                    } finally {
                        capture = ArgumentCapture.end();
                    }
                    return (Byte) BlockingCall.giveUp(call, capture);
                }
                continue;
            }
            if (policy.checksResults() && BlockingCall.retrying(call = BlockingCall.afterResult(call, policy, start, result))) {
                continue;
            }
            BlockingCall.succeeded(call, policy);
            return result;
        }
    }

    @SuppressAjWarnings("adviceDidNotMatch")
    char around(): retriedExecution() && execution(char *(..)) {
        HotSpec policy = Specs.of(thisJoinPointStaticPart);
        long start = policy.startTime();
        Attempts call = start == HotSpec.TIMED_ATTEMPTS ? BlockingCall.timed(policy) : null;
        while (true) {
            char result;
            try {
                result = proceed();
                if (call != null) {
                    BlockingCall.returned(call);
                }
            } catch (Throwable failure) {
                call = BlockingCall.failed(call, policy, start, failure);
                if (BlockingCall.needsArguments(call)) {
                    ArgumentCapture capture;
                    ArgumentCapture.begin();
                    try {
                        proceed();
                    } finally {
                        capture = ArgumentCapture.end();
                    }
                    return (Character) BlockingCall.giveUp(call, capture);
                }
                continue;
            }
            if (policy.checksResults() && BlockingCall.retrying(call = BlockingCall.afterResult(call, policy, start, result))) {
                continue;
            }
            BlockingCall.succeeded(call, policy);
            return result;
        }
    }

    @SuppressAjWarnings("adviceDidNotMatch")
    short around(): retriedExecution() && execution(short *(..)) {
        HotSpec policy = Specs.of(thisJoinPointStaticPart);
        long start = policy.startTime();
        Attempts call = start == HotSpec.TIMED_ATTEMPTS ? BlockingCall.timed(policy) : null;
        while (true) {
            short result;
            try {
                result = proceed();
                if (call != null) {
                    BlockingCall.returned(call);
                }
            } catch (Throwable failure) {
                call = BlockingCall.failed(call, policy, start, failure);
                if (BlockingCall.needsArguments(call)) {
                    ArgumentCapture capture;
                    ArgumentCapture.begin();
                    try {
                        proceed();
                    } finally {
                        capture = ArgumentCapture.end();
                    }
                    return (Short) BlockingCall.giveUp(call, capture);
                }
                continue;
            }
            if (policy.checksResults() && BlockingCall.retrying(call = BlockingCall.afterResult(call, policy, start, result))) {
                continue;
            }
            BlockingCall.succeeded(call, policy);
            return result;
        }
    }

    @SuppressAjWarnings("adviceDidNotMatch")
    int around(): retriedExecution() && execution(int *(..)) {
        HotSpec policy = Specs.of(thisJoinPointStaticPart);
        long start = policy.startTime();
        Attempts call = start == HotSpec.TIMED_ATTEMPTS ? BlockingCall.timed(policy) : null;
        while (true) {
            int result;
            try {
                result = proceed();
                if (call != null) {
                    BlockingCall.returned(call);
                }
            } catch (Throwable failure) {
                call = BlockingCall.failed(call, policy, start, failure);
                if (BlockingCall.needsArguments(call)) {
                    ArgumentCapture capture;
                    ArgumentCapture.begin();
                    try {
                        proceed();
                    } finally {
                        capture = ArgumentCapture.end();
                    }
                    return (Integer) BlockingCall.giveUp(call, capture);
                }
                continue;
            }
            if (policy.checksResults() && BlockingCall.retrying(call = BlockingCall.afterResult(call, policy, start, result))) {
                continue;
            }
            BlockingCall.succeeded(call, policy);
            return result;
        }
    }

    @SuppressAjWarnings("adviceDidNotMatch")
    long around(): retriedExecution() && execution(long *(..)) {
        HotSpec policy = Specs.of(thisJoinPointStaticPart);
        long start = policy.startTime();
        Attempts call = start == HotSpec.TIMED_ATTEMPTS ? BlockingCall.timed(policy) : null;
        while (true) {
            long result;
            try {
                result = proceed();
                if (call != null) {
                    BlockingCall.returned(call);
                }
            } catch (Throwable failure) {
                call = BlockingCall.failed(call, policy, start, failure);
                if (BlockingCall.needsArguments(call)) {
                    ArgumentCapture capture;
                    ArgumentCapture.begin();
                    try {
                        proceed();
                    } finally {
                        capture = ArgumentCapture.end();
                    }
                    return (Long) BlockingCall.giveUp(call, capture);
                }
                continue;
            }
            if (policy.checksResults() && BlockingCall.retrying(call = BlockingCall.afterResult(call, policy, start, result))) {
                continue;
            }
            BlockingCall.succeeded(call, policy);
            return result;
        }
    }

    @SuppressAjWarnings("adviceDidNotMatch")
    float around(): retriedExecution() && execution(float *(..)) {
        HotSpec policy = Specs.of(thisJoinPointStaticPart);
        long start = policy.startTime();
        Attempts call = start == HotSpec.TIMED_ATTEMPTS ? BlockingCall.timed(policy) : null;
        while (true) {
            float result;
            try {
                result = proceed();
                if (call != null) {
                    BlockingCall.returned(call);
                }
            } catch (Throwable failure) {
                call = BlockingCall.failed(call, policy, start, failure);
                if (BlockingCall.needsArguments(call)) {
                    ArgumentCapture capture;
                    ArgumentCapture.begin();
                    try {
                        proceed();
                    } finally {
                        capture = ArgumentCapture.end();
                    }
                    return (Float) BlockingCall.giveUp(call, capture);
                }
                continue;
            }
            if (policy.checksResults() && BlockingCall.retrying(call = BlockingCall.afterResult(call, policy, start, result))) {
                continue;
            }
            BlockingCall.succeeded(call, policy);
            return result;
        }
    }

    @SuppressAjWarnings("adviceDidNotMatch")
    double around(): retriedExecution() && execution(double *(..)) {
        HotSpec policy = Specs.of(thisJoinPointStaticPart);
        long start = policy.startTime();
        Attempts call = start == HotSpec.TIMED_ATTEMPTS ? BlockingCall.timed(policy) : null;
        while (true) {
            double result;
            try {
                result = proceed();
                if (call != null) {
                    BlockingCall.returned(call);
                }
            } catch (Throwable failure) {
                call = BlockingCall.failed(call, policy, start, failure);
                if (BlockingCall.needsArguments(call)) {
                    ArgumentCapture capture;
                    ArgumentCapture.begin();
                    try {
                        proceed();
                    } finally {
                        capture = ArgumentCapture.end();
                    }
                    return (Double) BlockingCall.giveUp(call, capture);
                }
                continue;
            }
            if (policy.checksResults() && BlockingCall.retrying(call = BlockingCall.afterResult(call, policy, start, result))) {
                continue;
            }
            BlockingCall.succeeded(call, policy);
            return result;
        }
    }

    // ---- argument capture: one advice per number of parameters, for instance and for static methods ----------

    @SuppressAjWarnings("adviceDidNotMatch")
    Object around(Object target): argumentCapture() && execution(!static * *()) && this(target) {
        ArgumentCapture.capture(target);
        return null;
    }

    @SuppressAjWarnings("adviceDidNotMatch")
    Object around(): argumentCapture() && execution(static * *()) {
        ArgumentCapture.capture(null);
        return null;
    }

    @SuppressAjWarnings("adviceDidNotMatch")
    Object around(Object target, Object a0): argumentCapture() && execution(!static * *(*)) && this(target) && args(a0) {
        ArgumentCapture.capture(target, a0);
        return null;
    }

    @SuppressAjWarnings("adviceDidNotMatch")
    Object around(Object a0): argumentCapture() && execution(static * *(*)) && args(a0) {
        ArgumentCapture.capture(null, a0);
        return null;
    }

    @SuppressAjWarnings("adviceDidNotMatch")
    Object around(Object target, Object a0, Object a1): argumentCapture() && execution(!static * *(*, *)) && this(target) && args(a0, a1) {
        ArgumentCapture.capture(target, a0, a1);
        return null;
    }

    @SuppressAjWarnings("adviceDidNotMatch")
    Object around(Object a0, Object a1): argumentCapture() && execution(static * *(*, *)) && args(a0, a1) {
        ArgumentCapture.capture(null, a0, a1);
        return null;
    }

    @SuppressAjWarnings("adviceDidNotMatch")
    Object around(Object target, Object a0, Object a1, Object a2): argumentCapture() && execution(!static * *(*, *, *)) && this(target) && args(a0, a1, a2) {
        ArgumentCapture.capture(target, a0, a1, a2);
        return null;
    }

    @SuppressAjWarnings("adviceDidNotMatch")
    Object around(Object a0, Object a1, Object a2): argumentCapture() && execution(static * *(*, *, *)) && args(a0, a1, a2) {
        ArgumentCapture.capture(null, a0, a1, a2);
        return null;
    }

    @SuppressAjWarnings("adviceDidNotMatch")
    Object around(Object target, Object a0, Object a1, Object a2, Object a3): argumentCapture() && execution(!static * *(*, *, *, *)) && this(target) && args(a0, a1, a2, a3) {
        ArgumentCapture.capture(target, a0, a1, a2, a3);
        return null;
    }

    @SuppressAjWarnings("adviceDidNotMatch")
    Object around(Object a0, Object a1, Object a2, Object a3): argumentCapture() && execution(static * *(*, *, *, *)) && args(a0, a1, a2, a3) {
        ArgumentCapture.capture(null, a0, a1, a2, a3);
        return null;
    }

    @SuppressAjWarnings("adviceDidNotMatch")
    Object around(Object target, Object a0, Object a1, Object a2, Object a3, Object a4): argumentCapture() && execution(!static * *(*, *, *, *, *)) && this(target) && args(a0, a1, a2, a3, a4) {
        ArgumentCapture.capture(target, a0, a1, a2, a3, a4);
        return null;
    }

    @SuppressAjWarnings("adviceDidNotMatch")
    Object around(Object a0, Object a1, Object a2, Object a3, Object a4): argumentCapture() && execution(static * *(*, *, *, *, *)) && args(a0, a1, a2, a3, a4) {
        ArgumentCapture.capture(null, a0, a1, a2, a3, a4);
        return null;
    }

    @SuppressAjWarnings("adviceDidNotMatch")
    Object around(Object target, Object a0, Object a1, Object a2, Object a3, Object a4, Object a5): argumentCapture() && execution(!static * *(*, *, *, *, *, *)) && this(target) && args(a0, a1, a2, a3, a4, a5) {
        ArgumentCapture.capture(target, a0, a1, a2, a3, a4, a5);
        return null;
    }

    @SuppressAjWarnings("adviceDidNotMatch")
    Object around(Object a0, Object a1, Object a2, Object a3, Object a4, Object a5): argumentCapture() && execution(static * *(*, *, *, *, *, *)) && args(a0, a1, a2, a3, a4, a5) {
        ArgumentCapture.capture(null, a0, a1, a2, a3, a4, a5);
        return null;
    }

    @SuppressAjWarnings("adviceDidNotMatch")
    Object around(Object target, Object a0, Object a1, Object a2, Object a3, Object a4, Object a5, Object a6): argumentCapture() && execution(!static * *(*, *, *, *, *, *, *)) && this(target) && args(a0, a1, a2, a3, a4, a5, a6) {
        ArgumentCapture.capture(target, a0, a1, a2, a3, a4, a5, a6);
        return null;
    }

    @SuppressAjWarnings("adviceDidNotMatch")
    Object around(Object a0, Object a1, Object a2, Object a3, Object a4, Object a5, Object a6): argumentCapture() && execution(static * *(*, *, *, *, *, *, *)) && args(a0, a1, a2, a3, a4, a5, a6) {
        ArgumentCapture.capture(null, a0, a1, a2, a3, a4, a5, a6);
        return null;
    }

    @SuppressAjWarnings("adviceDidNotMatch")
    Object around(Object target, Object a0, Object a1, Object a2, Object a3, Object a4, Object a5, Object a6, Object a7): argumentCapture() && execution(!static * *(*, *, *, *, *, *, *, *)) && this(target) && args(a0, a1, a2, a3, a4, a5, a6, a7) {
        ArgumentCapture.capture(target, a0, a1, a2, a3, a4, a5, a6, a7);
        return null;
    }

    @SuppressAjWarnings("adviceDidNotMatch")
    Object around(Object a0, Object a1, Object a2, Object a3, Object a4, Object a5, Object a6, Object a7): argumentCapture() && execution(static * *(*, *, *, *, *, *, *, *)) && args(a0, a1, a2, a3, a4, a5, a6, a7) {
        ArgumentCapture.capture(null, a0, a1, a2, a3, a4, a5, a6, a7);
        return null;
    }

    @SuppressAjWarnings("adviceDidNotMatch")
    Object around(Object target, Object a0, Object a1, Object a2, Object a3, Object a4, Object a5, Object a6, Object a7, Object a8): argumentCapture() && execution(!static * *(*, *, *, *, *, *, *, *, *)) && this(target) && args(a0, a1, a2, a3, a4, a5, a6, a7, a8) {
        ArgumentCapture.capture(target, a0, a1, a2, a3, a4, a5, a6, a7, a8);
        return null;
    }

    @SuppressAjWarnings("adviceDidNotMatch")
    Object around(Object a0, Object a1, Object a2, Object a3, Object a4, Object a5, Object a6, Object a7, Object a8): argumentCapture() && execution(static * *(*, *, *, *, *, *, *, *, *)) && args(a0, a1, a2, a3, a4, a5, a6, a7, a8) {
        ArgumentCapture.capture(null, a0, a1, a2, a3, a4, a5, a6, a7, a8);
        return null;
    }

    @SuppressAjWarnings("adviceDidNotMatch")
    Object around(Object target, Object a0, Object a1, Object a2, Object a3, Object a4, Object a5, Object a6, Object a7, Object a8, Object a9): argumentCapture() && execution(!static * *(*, *, *, *, *, *, *, *, *, *)) && this(target) && args(a0, a1, a2, a3, a4, a5, a6, a7, a8, a9) {
        ArgumentCapture.capture(target, a0, a1, a2, a3, a4, a5, a6, a7, a8, a9);
        return null;
    }

    @SuppressAjWarnings("adviceDidNotMatch")
    Object around(Object a0, Object a1, Object a2, Object a3, Object a4, Object a5, Object a6, Object a7, Object a8, Object a9): argumentCapture() && execution(static * *(*, *, *, *, *, *, *, *, *, *)) && args(a0, a1, a2, a3, a4, a5, a6, a7, a8, a9) {
        ArgumentCapture.capture(null, a0, a1, a2, a3, a4, a5, a6, a7, a8, a9);
        return null;
    }
}
