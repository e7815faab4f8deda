package dev.ajretry;

/**
 * Looks at a failure and says "stop now, do not retry", for what a class list cannot express: an HTTP 4xx status
 * inside an exception, a vendor error code, a message. Named by {@link Retry#giveUpIf()}.
 *
 * <p>Implementations need a public no-argument constructor; one instance is created per method, when its policy is
 * built, and shared by every call, so it must be thread-safe (a stateless class is). It is asked only about
 * failures that would otherwise be retried. If it throws, the series gives up with the failure it was asked about,
 * the predicate's exception attached as suppressed.
 */
@FunctionalInterface
public interface FailurePredicate {

    /** True to give up at once with {@code failure}; false to retry it as the policy says. */
    boolean test(Throwable failure);

    /** The default of {@link Retry#giveUpIf()}: never gives up early. Not instantiated. */
    final class Never implements FailurePredicate {
        private Never() {
        }

        @Override
        public boolean test(Throwable failure) {
            return false;
        }
    }
}
