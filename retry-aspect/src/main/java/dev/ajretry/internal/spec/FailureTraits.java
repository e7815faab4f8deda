package dev.ajretry.internal.spec;

import dev.ajretry.RetryAfter;
import dev.ajretry.RetryableError;

/**
 * Which of ajretry's interfaces an exception class implements, computed once per class.
 *
 * <p>Why: {@code failure instanceof SomeInterface} that answers "no" walks the class's secondary supertypes, and
 * on JDK 17 that costs about 25 ns a check (measured in retry-benchmarks); a failed attempt asks two such questions.
 * A {@link ClassValue} answers both from one lookup.
 */
final class FailureTraits {

    private static final int RETRYABLE_ERROR = 1;
    private static final int RETRY_AFTER = 2;

    private static final ClassValue<Integer> TRAITS = new ClassValue<>() {
        @Override
        protected Integer computeValue(Class<?> type) {
            return (RetryableError.class.isAssignableFrom(type) ? RETRYABLE_ERROR : 0)
                    | (RetryAfter.class.isAssignableFrom(type) ? RETRY_AFTER : 0);
        }
    };

    private FailureTraits() {
    }

    /** True if the failure's class implements {@link RetryableError}. */
    static boolean isRetryableError(Throwable failure) {
        return (TRAITS.get(failure.getClass()) & RETRYABLE_ERROR) != 0;
    }

    /** True if the failure's class implements {@link RetryAfter}. */
    static boolean isRetryAfter(Throwable failure) {
        return (TRAITS.get(failure.getClass()) & RETRY_AFTER) != 0;
    }
}
