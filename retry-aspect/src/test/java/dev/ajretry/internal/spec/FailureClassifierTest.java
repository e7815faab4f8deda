package dev.ajretry.internal.spec;

import dev.ajretry.RetryableError;
import dev.ajretry.RetryableException;
import dev.ajretry.RetryEvent.GiveUpReason;
import org.junit.jupiter.api.Test;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;

class FailureClassifierTest {

    static class MarkedFailure extends IllegalStateException implements RetryableError {
    }

    static class MarkedError extends Error implements RetryableError {
    }

    @SafeVarargs
    private static Class<? extends Throwable>[] classes(Class<? extends Throwable>... classes) {
        return classes;
    }

    private static final FailureClassifier DEFAULT = new FailureClassifier(classes(Exception.class), classes(), null);

    @Test
    void theDefaultRetriesEveryException() {
        assertThat(DEFAULT.classify(new IOException())).isNull();
        assertThat(DEFAULT.classify(new IllegalStateException())).isNull();
    }

    @Test
    void errorsAreNotRetriedByDefault() {
        assertThat(DEFAULT.classify(new OutOfMemoryError())).isEqualTo(GiveUpReason.NOT_RETRYABLE);
        assertThat(DEFAULT.classify(new AssertionError())).isEqualTo(GiveUpReason.NOT_RETRYABLE);
    }

    @Test
    void throwableDoesNotCoverErrors() {
        FailureClassifier all = new FailureClassifier(classes(Throwable.class), classes(), null);
        assertThat(all.classify(new IOException())).isNull();
        assertThat(all.classify(new Throwable())).isNull();
        assertThat(all.classify(new StackOverflowError())).isEqualTo(GiveUpReason.NOT_RETRYABLE);
    }

    @Test
    void errorsAreRetriedWhenListedAsErrors() {
        FailureClassifier errors = new FailureClassifier(classes(AssertionError.class), classes(), null);
        assertThat(errors.classify(new AssertionError())).isNull();
        assertThat(errors.classify(new OutOfMemoryError())).isEqualTo(GiveUpReason.NOT_RETRYABLE);
        FailureClassifier every = new FailureClassifier(classes(Error.class), classes(), null);
        assertThat(every.classify(new OutOfMemoryError())).isNull();
    }

    @Test
    void subclassesOfListedClassesAreRetried() {
        FailureClassifier io = new FailureClassifier(classes(IOException.class), classes(), null);
        assertThat(io.classify(new FileNotFoundException())).isNull();
        assertThat(io.classify(new TimeoutException())).isEqualTo(GiveUpReason.NOT_RETRYABLE);
    }

    @Test
    void markersAreRetriedWhetherListedOrNot() {
        FailureClassifier io = new FailureClassifier(classes(IOException.class), classes(), null);
        assertThat(io.classify(new RetryableException("x"))).isNull();
        assertThat(io.classify(new MarkedFailure())).isNull();
        assertThat(io.classify(new MarkedError())).isNull();
        FailureClassifier none = new FailureClassifier(classes(), classes(), null);
        assertThat(none.classify(new RetryableException())).isNull();
        assertThat(none.classify(new IOException())).isEqualTo(GiveUpReason.NOT_RETRYABLE);
    }

    @Test
    void abortOnBeatsMarkersAndExceptions() {
        FailureClassifier classifier = new FailureClassifier(classes(Exception.class),
                classes(FileNotFoundException.class, RetryableException.class, MarkedFailure.class), null);
        assertThat(classifier.classify(new FileNotFoundException())).isEqualTo(GiveUpReason.ABORT_ON);
        assertThat(classifier.classify(new IOException())).isNull();
        assertThat(classifier.classify(new RetryableException())).isEqualTo(GiveUpReason.ABORT_ON);
        assertThat(classifier.classify(new MarkedFailure())).isEqualTo(GiveUpReason.ABORT_ON);
    }

    @Test
    void interruptedExceptionIsNeverRetried() {
        FailureClassifier listed = new FailureClassifier(classes(InterruptedException.class), classes(), null);
        assertThat(DEFAULT.classify(new InterruptedException())).isEqualTo(GiveUpReason.INTERRUPTED);
        assertThat(listed.classify(new InterruptedException())).isEqualTo(GiveUpReason.INTERRUPTED);
    }

    /** The verdict is cached per failure class: alternating classes must each keep their own answer. */
    @Test
    void alternatingFailureClassesKeepTheirOwnVerdicts() {
        FailureClassifier classifier = new FailureClassifier(classes(IOException.class),
                classes(FileNotFoundException.class), null);
        for (int i = 0; i < 3; i++) {
            assertThat(classifier.classify(new IOException())).isNull();
            assertThat(classifier.classify(new FileNotFoundException())).isEqualTo(GiveUpReason.ABORT_ON);
            assertThat(classifier.classify(new TimeoutException())).isEqualTo(GiveUpReason.NOT_RETRYABLE);
            assertThat(classifier.classify(new InterruptedException())).isEqualTo(GiveUpReason.INTERRUPTED);
        }
    }

    /** The registry changes at run time: a cached "not listed" must not hide a class registered later. */
    @Test
    void aClassRegisteredAfterItsFirstFailureIsRetriedFromThenOn() {
        FailureClassifier classifier = new FailureClassifier(classes(IOException.class), classes(), null);
        assertThat(classifier.classify(new TimeoutException())).isEqualTo(GiveUpReason.NOT_RETRYABLE);
        dev.ajretry.internal.env.Environment.addRetryable(TimeoutException.class);
        try {
            assertThat(classifier.classify(new TimeoutException())).isNull();
        } finally {
            dev.ajretry.internal.env.Environment.clearRetryable();
        }
        assertThat(classifier.classify(new TimeoutException())).isEqualTo(GiveUpReason.NOT_RETRYABLE);
    }

    @Test
    void theServersWordIsAskedOnlyOfFailuresThatCarryIt() {
        class TooManyRequests extends RuntimeException implements dev.ajretry.RetryAfter {
            @Override
            public java.time.Duration retryAfter() {
                return java.time.Duration.ofSeconds(1);
            }
        }
        for (int i = 0; i < 2; i++) {
            assertThat(DEFAULT.asksForItsWait(new TooManyRequests())).isTrue();
            assertThat(DEFAULT.asksForItsWait(new IllegalStateException())).isFalse();
        }
    }
}
