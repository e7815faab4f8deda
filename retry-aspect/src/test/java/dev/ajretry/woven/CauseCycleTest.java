package dev.ajretry.woven;

import dev.ajretry.Retry;
import dev.ajretry.runtime.RecordingSleeper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Issue 12, "every call ends": a stage failing with a {@link CompletionException} whose cause chain loops back (or
 * one that says it is its own cause) no longer spins the thread that unwraps it. A chain with no end is taken as it
 * is: the caller gets the failure the stage completed with, on every path that unwraps (attempts and recovery).
 */
class CauseCycleTest {

    /** A CompletionException whose cause can be set after construction, so that a chain can loop. */
    static final class Looping extends CompletionException {
        Looping(String message) {
            super(message);
        }
    }

    /** A CompletionException that names itself as its cause. */
    static final class OwnCause extends CompletionException {
        OwnCause() {
            super("its own cause");
        }

        @Override
        public synchronized Throwable getCause() {
            return this;
        }
    }

    static Looping twoCycle() {
        Looping a = new Looping("a");
        Looping b = new Looping("b");
        a.initCause(b);
        b.initCause(a);
        return a;
    }

    /** A CompletionException whose chain runs through {@code length} wrappers into a loop. */
    static Looping longLoop(int length) {
        Looping head = new Looping("0");
        Looping current = head;
        for (int i = 1; i < length; i++) {
            Looping next = new Looping(Integer.toString(i));
            current.initCause(next);
            current = next;
        }
        current.initCause(head.getCause() == null ? head : head.getCause());
        return head;
    }

    static class Service {
        final Supplier<Throwable> failure;
        int attempts;

        Service(Supplier<Throwable> failure) {
            this.failure = failure;
        }

        @Retry(tries = 3, delay = 10)
        CompletableFuture<String> fetch() {
            attempts++;
            return CompletableFuture.failedFuture(failure.get());
        }

        @Retry(tries = 3, delay = 10, exceptions = CompletionException.class)
        CompletableFuture<String> retryingCompletionExceptions() {
            attempts++;
            return CompletableFuture.failedFuture(failure.get());
        }

        @Retry(tries = 2, delay = 10, recover = "fallback")
        CompletableFuture<String> recovering() {
            attempts++;
            return CompletableFuture.failedFuture(new IOException("attempt " + attempts));
        }

        CompletableFuture<String> fallback() {
            return CompletableFuture.failedFuture(failure.get());
        }
    }

    private static Throwable failureOf(Supplier<CompletableFuture<String>> call) {
        return assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            try (RecordingSleeper ignored = RecordingSleeper.installOnThisThread()) {
                // handle(), not get(): get() itself unwraps one CompletionException, hiding which one the call kept.
                Throwable failure = call.get().handle((value, thrown) -> thrown).get(10, TimeUnit.SECONDS);
                assertThat(failure).as("the call's failure").isNotNull();
                return failure;
            }
        }, "the thread spun on a cause chain with no end");
    }

    @Test
    void aStageFailingWithACycleOfCausesEndsWithThatFailure() {
        Looping cyclic = twoCycle();
        Service service = new Service(() -> cyclic);

        assertThat(failureOf(service::fetch)).isSameAs(cyclic);
        assertThat(service.attempts).isEqualTo(3);
        assertThat(cyclic.getSuppressed()).isEmpty(); // the same instance each time: never attached to itself
    }

    @Test
    void aStageFailingWithItsOwnCauseEndsWithThatFailure() {
        OwnCause own = new OwnCause();
        Service service = new Service(() -> own);

        assertThat(failureOf(service::fetch)).isSameAs(own);
    }

    @Test
    void aLongChainThatLoopsAtItsEndIsTakenAsItIs() {
        Looping head = longLoop(1_000);
        Service service = new Service(() -> head);

        assertThat(failureOf(service::fetch)).isSameAs(head);
    }

    @Test
    void aCyclicFailureIsClassifiedAsItIsAndRetried() {
        Service service = new Service(CauseCycleTest::twoCycle);

        Throwable failure = failureOf(service::retryingCompletionExceptions);

        assertThat(failure).isInstanceOf(Looping.class).hasMessage("a");
        assertThat(service.attempts).isEqualTo(3);
        assertThat(failure.getSuppressed()).hasSize(2);
    }

    @Test
    void aRecoveryStageFailingWithACycleOfCausesEndsWithThatFailure() {
        Looping cyclic = twoCycle();
        Service service = new Service(() -> cyclic);

        Throwable failure = failureOf(service::recovering);

        assertThat(failure).isSameAs(cyclic);
        assertThat(failure.getSuppressed()).singleElement().satisfies(s -> assertThat(s).hasMessage("attempt 2"));
    }
}
