package dev.ajretry.internal.spec;

import dev.ajretry.RetryableError;
import dev.ajretry.RetryableException;
import dev.ajretry.RetryEvent.GiveUpReason;
import org.junit.jupiter.api.Test;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.UndeclaredThrowableException;
import java.util.concurrent.CompletionException;
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

    private static final FailureClassifier DEFAULT = new FailureClassifier(classes(Exception.class), classes(), null, false);

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
        FailureClassifier all = new FailureClassifier(classes(Throwable.class), classes(), null, false);
        assertThat(all.classify(new IOException())).isNull();
        assertThat(all.classify(new Throwable())).isNull();
        assertThat(all.classify(new StackOverflowError())).isEqualTo(GiveUpReason.NOT_RETRYABLE);
    }

    @Test
    void errorsAreRetriedWhenListedAsErrors() {
        FailureClassifier errors = new FailureClassifier(classes(AssertionError.class), classes(), null, false);
        assertThat(errors.classify(new AssertionError())).isNull();
        assertThat(errors.classify(new OutOfMemoryError())).isEqualTo(GiveUpReason.NOT_RETRYABLE);
        FailureClassifier every = new FailureClassifier(classes(Error.class), classes(), null, false);
        assertThat(every.classify(new OutOfMemoryError())).isNull();
    }

    @Test
    void subclassesOfListedClassesAreRetried() {
        FailureClassifier io = new FailureClassifier(classes(IOException.class), classes(), null, false);
        assertThat(io.classify(new FileNotFoundException())).isNull();
        assertThat(io.classify(new TimeoutException())).isEqualTo(GiveUpReason.NOT_RETRYABLE);
    }

    @Test
    void markersAreRetriedWhetherListedOrNot() {
        FailureClassifier io = new FailureClassifier(classes(IOException.class), classes(), null, false);
        assertThat(io.classify(new RetryableException("x"))).isNull();
        assertThat(io.classify(new MarkedFailure())).isNull();
        assertThat(io.classify(new MarkedError())).isNull();
        FailureClassifier none = new FailureClassifier(classes(), classes(), null, false);
        assertThat(none.classify(new RetryableException())).isNull();
        assertThat(none.classify(new IOException())).isEqualTo(GiveUpReason.NOT_RETRYABLE);
    }

    @Test
    void abortOnBeatsMarkersAndExceptions() {
        FailureClassifier classifier = new FailureClassifier(classes(Exception.class),
                classes(FileNotFoundException.class, RetryableException.class, MarkedFailure.class), null, false);
        assertThat(classifier.classify(new FileNotFoundException())).isEqualTo(GiveUpReason.ABORT_ON);
        assertThat(classifier.classify(new IOException())).isNull();
        assertThat(classifier.classify(new RetryableException())).isEqualTo(GiveUpReason.ABORT_ON);
        assertThat(classifier.classify(new MarkedFailure())).isEqualTo(GiveUpReason.ABORT_ON);
    }

    @Test
    void interruptedExceptionIsNeverRetried() {
        FailureClassifier listed = new FailureClassifier(classes(InterruptedException.class), classes(), null, false);
        assertThat(DEFAULT.classify(new InterruptedException())).isEqualTo(GiveUpReason.INTERRUPTED);
        assertThat(listed.classify(new InterruptedException())).isEqualTo(GiveUpReason.INTERRUPTED);
    }

    /** The verdict is cached per failure class: alternating classes must each keep their own answer. */
    @Test
    void alternatingFailureClassesKeepTheirOwnVerdicts() {
        FailureClassifier classifier = new FailureClassifier(classes(IOException.class),
                classes(FileNotFoundException.class), null, false);
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
        FailureClassifier classifier = new FailureClassifier(classes(IOException.class), classes(), null, false);
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

    // ---- matchCauses: every link of the chain ----------------------------------------------------------------

    private static FailureClassifier causes(Class<? extends Throwable>[] exceptions,
                                            Class<? extends Throwable>[] abortOn) {
        return new FailureClassifier(exceptions, abortOn, null, true);
    }

    private static UncheckedIOException wrapped(IOException cause) {
        return new UncheckedIOException(cause);
    }

    @Test
    void withoutMatchCausesOnlyTheFailureItselfCounts() {
        FailureClassifier io = new FailureClassifier(classes(IOException.class), classes(), null, false);
        assertThat(io.classify(new CompletionException(new IOException()))).isEqualTo(GiveUpReason.NOT_RETRYABLE);
        FailureClassifier aborts = new FailureClassifier(classes(Exception.class), classes(IOException.class), null,
                false);
        assertThat(aborts.classify(new IllegalStateException(new IOException()))).isNull();
    }

    @Test
    void aListedCauseAnywhereInTheChainMakesTheFailureRetryable() {
        FailureClassifier io = causes(classes(IOException.class), classes());
        assertThat(io.classify(wrapped(new IOException()))).isNull();
        assertThat(io.classify(new CompletionException(new UndeclaredThrowableException(new FileNotFoundException()))))
                .isNull();
        assertThat(io.classify(new IllegalStateException(new TimeoutException())))
                .isEqualTo(GiveUpReason.NOT_RETRYABLE);
        assertThat(io.classify(new IllegalStateException())).isEqualTo(GiveUpReason.NOT_RETRYABLE);
    }

    @Test
    void markersAndTheRegistryAreLookedForDownTheChain() {
        FailureClassifier none = causes(classes(), classes());
        assertThat(none.classify(new IllegalStateException(new RetryableException("x")))).isNull();
        assertThat(none.classify(new IllegalStateException(new MarkedFailure()))).isNull();
        assertThat(none.classify(new IllegalStateException(new TimeoutException())))
                .isEqualTo(GiveUpReason.NOT_RETRYABLE);
        dev.ajretry.internal.env.Environment.addRetryable(TimeoutException.class);
        try {
            assertThat(none.classify(new IllegalStateException(new TimeoutException()))).isNull();
        } finally {
            dev.ajretry.internal.env.Environment.clearRetryable();
        }
    }

    @Test
    void abortOnMatchingAnyLinkWinsOverARetryableLink() {
        FailureClassifier classifier = causes(classes(IOException.class), classes(FileNotFoundException.class));
        // the outer link is retryable, an inner one is aborted: abortOn wins
        assertThat(classifier.classify(new IOException(new FileNotFoundException()))).isEqualTo(GiveUpReason.ABORT_ON);
        assertThat(classifier.classify(new RetryableException("x", new FileNotFoundException())))
                .isEqualTo(GiveUpReason.ABORT_ON);
        assertThat(classifier.classify(new IOException(new IOException()))).isNull();
    }

    @Test
    void onlyTheFailureItselfSaysInterrupted() {
        FailureClassifier classifier = causes(classes(Exception.class), classes());
        assertThat(classifier.classify(new InterruptedException())).isEqualTo(GiveUpReason.INTERRUPTED);
        // an attempt timed out: the interrupted attempt's exception is the cause, and the timeout is retried
        assertThat(classifier.classify(new dev.ajretry.AttemptTimeoutException("m()", 1,
                java.time.Duration.ofMillis(5), new InterruptedException()))).isNull();
    }

    @Test
    void aChainThatLoopsOrThrowsEnds() {
        FailureClassifier io = causes(classes(IOException.class), classes());
        IllegalStateException a = new IllegalStateException("a");
        IllegalArgumentException b = new IllegalArgumentException("b", a);
        a.initCause(b);
        assertThat(io.classify(a)).isEqualTo(GiveUpReason.NOT_RETRYABLE);
        IllegalStateException c = new IllegalStateException("c");
        IllegalStateException d = new IllegalStateException("d", new IOException());
        c.initCause(d);
        assertThat(io.classify(c)).isNull();
        RuntimeException hostile = new RuntimeException() {
            @Override
            public synchronized Throwable getCause() {
                throw new IllegalStateException("no cause for you");
            }
        };
        assertThat(io.classify(hostile)).isEqualTo(GiveUpReason.NOT_RETRYABLE);
    }

    @Test
    void theServersWordIsLookedForDownTheChain() {
        class TooManyRequests extends RuntimeException implements dev.ajretry.RetryAfter {
            @Override
            public java.time.Duration retryAfter() {
                return java.time.Duration.ofSeconds(1);
            }
        }
        FailureClassifier classifier = causes(classes(Exception.class), classes());
        assertThat(classifier.asksForItsWait(new CompletionException(new TooManyRequests()))).isTrue();
        assertThat(classifier.asksForItsWait(new CompletionException(new IOException()))).isFalse();
        assertThat(DEFAULT.asksForItsWait(new CompletionException(new TooManyRequests()))).isFalse();
    }
}
