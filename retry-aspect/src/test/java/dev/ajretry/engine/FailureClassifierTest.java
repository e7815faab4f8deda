package dev.ajretry.engine;

import dev.ajretry.RetryableError;
import dev.ajretry.RetryableException;
import dev.ajretry.engine.FailureClassifier.Verdict;
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
        assertThat(DEFAULT.classify(new IOException())).isEqualTo(Verdict.RETRY);
        assertThat(DEFAULT.classify(new IllegalStateException())).isEqualTo(Verdict.RETRY);
    }

    @Test
    void errorsAreNotRetriedByDefault() {
        assertThat(DEFAULT.classify(new OutOfMemoryError())).isEqualTo(Verdict.NOT_LISTED);
        assertThat(DEFAULT.classify(new AssertionError())).isEqualTo(Verdict.NOT_LISTED);
    }

    @Test
    void throwableDoesNotCoverErrors() {
        FailureClassifier all = new FailureClassifier(classes(Throwable.class), classes(), null);
        assertThat(all.classify(new IOException())).isEqualTo(Verdict.RETRY);
        assertThat(all.classify(new Throwable())).isEqualTo(Verdict.RETRY);
        assertThat(all.classify(new StackOverflowError())).isEqualTo(Verdict.NOT_LISTED);
    }

    @Test
    void errorsAreRetriedWhenListedAsErrors() {
        FailureClassifier errors = new FailureClassifier(classes(AssertionError.class), classes(), null);
        assertThat(errors.classify(new AssertionError())).isEqualTo(Verdict.RETRY);
        assertThat(errors.classify(new OutOfMemoryError())).isEqualTo(Verdict.NOT_LISTED);
        FailureClassifier every = new FailureClassifier(classes(Error.class), classes(), null);
        assertThat(every.classify(new OutOfMemoryError())).isEqualTo(Verdict.RETRY);
    }

    @Test
    void subclassesOfListedClassesAreRetried() {
        FailureClassifier io = new FailureClassifier(classes(IOException.class), classes(), null);
        assertThat(io.classify(new FileNotFoundException())).isEqualTo(Verdict.RETRY);
        assertThat(io.classify(new TimeoutException())).isEqualTo(Verdict.NOT_LISTED);
    }

    @Test
    void markersAreRetriedWhetherListedOrNot() {
        FailureClassifier io = new FailureClassifier(classes(IOException.class), classes(), null);
        assertThat(io.classify(new RetryableException("x"))).isEqualTo(Verdict.RETRY);
        assertThat(io.classify(new MarkedFailure())).isEqualTo(Verdict.RETRY);
        assertThat(io.classify(new MarkedError())).isEqualTo(Verdict.RETRY);
        FailureClassifier none = new FailureClassifier(classes(), classes(), null);
        assertThat(none.classify(new RetryableException())).isEqualTo(Verdict.RETRY);
        assertThat(none.classify(new IOException())).isEqualTo(Verdict.NOT_LISTED);
    }

    @Test
    void abortOnBeatsMarkersAndExceptions() {
        FailureClassifier classifier = new FailureClassifier(classes(Exception.class),
                classes(FileNotFoundException.class, RetryableException.class, MarkedFailure.class), null);
        assertThat(classifier.classify(new FileNotFoundException())).isEqualTo(Verdict.ABORT_ON);
        assertThat(classifier.classify(new IOException())).isEqualTo(Verdict.RETRY);
        assertThat(classifier.classify(new RetryableException())).isEqualTo(Verdict.ABORT_ON);
        assertThat(classifier.classify(new MarkedFailure())).isEqualTo(Verdict.ABORT_ON);
    }

    @Test
    void interruptedExceptionIsNeverRetried() {
        FailureClassifier listed = new FailureClassifier(classes(InterruptedException.class), classes(), null);
        assertThat(DEFAULT.classify(new InterruptedException())).isEqualTo(Verdict.INTERRUPTED);
        assertThat(listed.classify(new InterruptedException())).isEqualTo(Verdict.INTERRUPTED);
    }
}
