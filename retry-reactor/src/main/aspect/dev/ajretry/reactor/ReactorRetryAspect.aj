package dev.ajretry.reactor;

import dev.ajretry.internal.spec.Specs;
import org.aspectj.lang.annotation.SuppressAjWarnings;

/**
 * Weaves {@link dev.ajretry.Retry @Retry} on methods declared to return a Reactor {@code Mono} or {@code Flux}: the
 * method returns at once a publisher of the same kind, and each subscription to it runs a retry series, each attempt
 * a new call of the method body at (re-)subscription ({@link ReactorCall}).
 *
 * <p>Woven beside retry-aspect's {@code RetryAspect}, both listed in {@code <aspectLibraries>}. That aspect's retry
 * advices exclude these methods; its one advice left on them (a policy lookup, so that a build without this module
 * fails at the first call) runs inside each attempt: hence the precedence, this aspect first. The pointcuts repeat
 * RetryAspect's (they are not visible outside its package) and take exactly {@code Mono} and {@code Flux}: a subtype
 * could not be returned from here, and stays the trap it was.
 *
 * <p>Why the join point's target and arguments are read on every call (an allocation): a give-up may need them for
 * {@code recover} or {@code logArguments}, and the series runs later, on other threads, where the blocking path's
 * capture cannot reach. A call of a reactive method allocates its pipeline anyway.
 */
public aspect ReactorRetryAspect {

    declare precedence: ReactorRetryAspect, dev.ajretry.aspect.RetryAspect;

    /** A method that carries {@code @Retry} itself. */
    pointcut executionOfRetryMethod(): execution(@dev.ajretry.Retry * *(..));

    /** A public method declared in a type that carries {@code @Retry}, unless the method has its own. */
    pointcut executionOfPublicMethodInRetryType():
            execution(public !@dev.ajretry.Retry * *(..)) && @within(dev.ajretry.Retry);

    /** Every execution that is retried. */
    pointcut retriedExecution(): executionOfRetryMethod() || executionOfPublicMethodInRetryType();

    @SuppressAjWarnings("adviceDidNotMatch")
    Object around(): retriedExecution() && execution(reactor.core.publisher.Mono *(..)) {
        return ReactorCall.mono(Specs.of(thisJoinPointStaticPart).spec(), thisJoinPoint.getThis(),
                thisJoinPoint.getArgs(), new ReactorCall.Attempt() {
                    public Object run() throws Throwable {
                        return proceed();
                    }
                });
    }

    @SuppressAjWarnings("adviceDidNotMatch")
    Object around(): retriedExecution() && execution(reactor.core.publisher.Flux *(..)) {
        return ReactorCall.flux(Specs.of(thisJoinPointStaticPart).spec(), thisJoinPoint.getThis(),
                thisJoinPoint.getArgs(), new ReactorCall.Attempt() {
                    public Object run() throws Throwable {
                        return proceed();
                    }
                });
    }
}
