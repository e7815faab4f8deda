package dev.ajretry.aspect;

import dev.ajretry.engine.PolicyTable;
import dev.ajretry.engine.RetryPolicy;
import dev.ajretry.engine.RetrySeries;
import org.aspectj.lang.JoinPoint;
import org.aspectj.lang.annotation.SuppressAjWarnings;
import org.aspectj.lang.reflect.MethodSignature;

/**
 * Weaves {@link dev.ajretry.Retry @Retry}: every execution of a method annotated with it, or of a public method
 * declared in a type annotated with it, runs in a retry loop.
 *
 * <p>The loop is the whole advice: run the method; on success return (nothing else happens, nothing is allocated);
 * on failure ask {@link RetrySeries#retryOrRethrow} whether to go again. It waits and returns, or it throws the
 * failure the caller must get. Everything about the policy was computed once, on the method's first call, and is
 * found again by identity of the join point's static part.
 *
 * <p>Why one advice per primitive return type: an {@code Object around()} advice would box an {@code int} result on
 * every call, an allocation the success path must not make. The advices differ only in their return type.
 *
 * <p>Why code style and {@code proceed()} in a loop inside the advice: the advice body is inlined into each woven
 * method, and {@code proceed()} becomes a direct call of the original body with the original arguments, with no
 * closure object. Execution join points are used (not call), so private, static, final and self-invoked methods are
 * covered, and no {@code this()} binding is made, which would silently exclude static methods.
 */
public aspect RetryAspect {

    private static final PolicyTable POLICIES = new PolicyTable();

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

    /** The policies built so far; for tests of the engine. */
    public static PolicyTable policies() {
        return POLICIES;
    }

    /** The compiled policy of the method, built and validated at its first call. */
    private static RetryPolicy policyOf(JoinPoint.StaticPart joinPoint) {
        RetryPolicy policy = POLICIES.get(joinPoint);
        if (policy != null) {
            return policy;
        }
        return POLICIES.getOrBuild(joinPoint, ((MethodSignature) joinPoint.getSignature()).getMethod());
    }

    @SuppressAjWarnings("adviceDidNotMatch")
    Object around(): retriedExecution() && returnsReferenceOrVoid() {
        RetryPolicy policy = policyOf(thisJoinPointStaticPart);
        RetrySeries series = null;
        while (true) {
            try {
                return proceed();
            } catch (Throwable failure) {
                series = RetrySeries.retryOrRethrow(series, policy, failure);
            }
        }
    }

    @SuppressAjWarnings("adviceDidNotMatch")
    boolean around(): retriedExecution() && execution(boolean *(..)) {
        RetryPolicy policy = policyOf(thisJoinPointStaticPart);
        RetrySeries series = null;
        while (true) {
            try {
                return proceed();
            } catch (Throwable failure) {
                series = RetrySeries.retryOrRethrow(series, policy, failure);
            }
        }
    }

    @SuppressAjWarnings("adviceDidNotMatch")
    byte around(): retriedExecution() && execution(byte *(..)) {
        RetryPolicy policy = policyOf(thisJoinPointStaticPart);
        RetrySeries series = null;
        while (true) {
            try {
                return proceed();
            } catch (Throwable failure) {
                series = RetrySeries.retryOrRethrow(series, policy, failure);
            }
        }
    }

    @SuppressAjWarnings("adviceDidNotMatch")
    char around(): retriedExecution() && execution(char *(..)) {
        RetryPolicy policy = policyOf(thisJoinPointStaticPart);
        RetrySeries series = null;
        while (true) {
            try {
                return proceed();
            } catch (Throwable failure) {
                series = RetrySeries.retryOrRethrow(series, policy, failure);
            }
        }
    }

    @SuppressAjWarnings("adviceDidNotMatch")
    short around(): retriedExecution() && execution(short *(..)) {
        RetryPolicy policy = policyOf(thisJoinPointStaticPart);
        RetrySeries series = null;
        while (true) {
            try {
                return proceed();
            } catch (Throwable failure) {
                series = RetrySeries.retryOrRethrow(series, policy, failure);
            }
        }
    }

    @SuppressAjWarnings("adviceDidNotMatch")
    int around(): retriedExecution() && execution(int *(..)) {
        RetryPolicy policy = policyOf(thisJoinPointStaticPart);
        RetrySeries series = null;
        while (true) {
            try {
                return proceed();
            } catch (Throwable failure) {
                series = RetrySeries.retryOrRethrow(series, policy, failure);
            }
        }
    }

    @SuppressAjWarnings("adviceDidNotMatch")
    long around(): retriedExecution() && execution(long *(..)) {
        RetryPolicy policy = policyOf(thisJoinPointStaticPart);
        RetrySeries series = null;
        while (true) {
            try {
                return proceed();
            } catch (Throwable failure) {
                series = RetrySeries.retryOrRethrow(series, policy, failure);
            }
        }
    }

    @SuppressAjWarnings("adviceDidNotMatch")
    float around(): retriedExecution() && execution(float *(..)) {
        RetryPolicy policy = policyOf(thisJoinPointStaticPart);
        RetrySeries series = null;
        while (true) {
            try {
                return proceed();
            } catch (Throwable failure) {
                series = RetrySeries.retryOrRethrow(series, policy, failure);
            }
        }
    }

    @SuppressAjWarnings("adviceDidNotMatch")
    double around(): retriedExecution() && execution(double *(..)) {
        RetryPolicy policy = policyOf(thisJoinPointStaticPart);
        RetrySeries series = null;
        while (true) {
            try {
                return proceed();
            } catch (Throwable failure) {
                series = RetrySeries.retryOrRethrow(series, policy, failure);
            }
        }
    }
}
