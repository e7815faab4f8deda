package dev.ajretry.reactor;

import dev.ajretry.FailurePredicate;
import dev.ajretry.ResultPredicate;
import dev.ajretry.Retry;
import dev.ajretry.RetryEvent;
import dev.ajretry.RetryListener;
import dev.ajretry.runtime.RecordingSleeper;
import dev.ajretry.runtime.RetryContext;
import dev.ajretry.runtime.RetryEnvironment;
import dev.ajretry.runtime.RetryListeners;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static java.time.Duration.ofMillis;
import static org.assertj.core.api.Assertions.assertThat;

/** What a subscriber of a retried Mono or Flux gets: recovery, predicates, events, context, re-emission, sleepers. */
class ReactorRetryTest {

    static final class Cached extends RuntimeException {
        private static final long serialVersionUID = 1L;
    }

    /** Rejects "busy", and asks for the wait the value names: "busy" waits 3 s. */
    public static final class Busy implements ResultPredicate<String> {
        @Override
        public boolean test(String result) {
            return result.startsWith("busy");
        }

        @Override
        public Duration retryAfter(String result) {
            return result.equals("busy") ? Duration.ofSeconds(3) : null;
        }
    }

    /** Gives up on a failure whose message says so. */
    public static final class Fatal implements FailurePredicate {
        @Override
        public boolean test(Throwable failure) {
            return "fatal".equals(failure.getMessage());
        }
    }

    /** Throws: a broken predicate. */
    public static final class Broken implements ResultPredicate<String> {
        @Override
        public boolean test(String result) {
            throw new IllegalStateException("broken predicate");
        }
    }

    static class Service {
        final Script script;

        Service(Script script) {
            this.script = script;
        }

        @Retry(tries = 3, delay = 100, recover = "fromCache")
        Mono<String> recovered() {
            return script.mono();
        }

        Mono<String> fromCache(Throwable failure) {
            return failure instanceof Cached ? Mono.error(new IllegalStateException("cache down"))
                    : Mono.just("cached after " + failure.getMessage());
        }

        @Retry(tries = 3, delay = 100, recover = "fluxFromCache")
        Flux<String> recoveredFlux(String key) {
            return script.flux();
        }

        Flux<String> fluxFromCache(String key) {
            return Flux.just(key, "cached");
        }

        @Retry(tries = 3, delay = 100, retryIfResult = Busy.class)
        Mono<String> polled() {
            return script.mono();
        }

        @Retry(tries = 3, delay = 100, retryIfResult = Busy.class)
        Flux<String> polledFlux() {
            return script.flux();
        }

        @Retry(tries = 2, retryIfResult = Broken.class)
        Mono<String> brokenPredicate() {
            return script.mono();
        }

        @Retry(tries = 5, delay = 100, giveUpIf = Fatal.class)
        Mono<String> givesUp() {
            return script.mono();
        }

        @Retry(tries = 4, delay = 100)
        Mono<String> plain() {
            return script.mono();
        }

        @Retry(tries = 4, delay = 1)
        Mono<String> quick() {
            return script.mono();
        }

        @Retry(tries = 4, delay = 100)
        Flux<String> plainFlux() {
            return script.flux();
        }

        @Retry(tries = 3, delay = 100)
        Mono<String> nothing() {
            script.invoke();
            return null;
        }

        @Retry(tries = 3, delay = 100)
        Mono<String> throwsAtOnce() throws IOException {
            script.invoke();
            throw new IOException("thrown by the method itself");
        }

        @Retry(tries = 1000)
        Mono<String> many() {
            return script.mono();
        }
    }

    @AfterEach
    void reset() {
        RetryEnvironment.reset();
    }

    @Test
    void aRecoveryMethodsMonoIsWhatTheSubscriberGets() {
        Service service = new Service(Script.of(new IOException("a"), new IOException("b"), new IOException("c")));

        StepVerifier.withVirtualTime(service::recovered)
                .thenAwait(Duration.ofHours(1))
                .expectNext("cached after c")
                .verifyComplete();
        assertThat(service.script.invocations()).isEqualTo(3);
    }

    @Test
    void aRecoveryThatFailsHandsOnItsFailureWithTheCallsAttached() {
        Cached last = new Cached();
        Service service = new Service(Script.of(new Cached(), new Cached(), last));

        StepVerifier.withVirtualTime(service::recovered)
                .thenAwait(Duration.ofHours(1))
                .expectErrorSatisfies(failure -> assertThat(failure).hasMessage("cache down")
                        .hasSuppressedException(last))
                .verify();
    }

    @Test
    void aFluxRecoveryTakesTheArguments() {
        Service service = new Service(Script.of(new IOException("down")));

        StepVerifier.withVirtualTime(() -> service.recoveredFlux("key-1"))
                .thenAwait(Duration.ofHours(1))
                .expectNext("key-1", "cached")
                .verifyComplete();
        assertThat(service.script.invocations()).isEqualTo(3);
    }

    @Test
    void aRejectedValueIsRetriedAfterTheWaitItAsksFor() {
        Service service = new Service(Script.of("busy", "busy, no word", "ready"));

        StepVerifier.withVirtualTime(service::polled)
                .thenAwait(Duration.ofHours(1))
                .expectNext("ready")
                .verifyComplete();
        assertThat(service.script.waitsMillis()).containsExactly(3000L, 100L);
    }

    @Test
    void whenTriesRunOutTheLastRejectedValueIsEmittedAsItIs() {
        Service service = new Service(Script.of("busy, 1", "busy, 2", "busy, 3", "never asked"));

        StepVerifier.withVirtualTime(service::polled)
                .thenAwait(Duration.ofHours(1))
                .expectNext("busy, 3")
                .verifyComplete();
        assertThat(service.script.invocations()).isEqualTo(3);
    }

    @Test
    void aFluxElementThatIsRejectedEndsItsAttempt() {
        // Elements before the rejected one are emitted; the rejected one is not, unless the series gives up on it.
        Service service = new Service(Script.of(new String[] {"a", "busy, no word", "never"}, new String[] {"a", "b"}));

        StepVerifier.withVirtualTime(service::polledFlux)
                .thenAwait(Duration.ofHours(1))
                .expectNext("a", "a", "b")
                .verifyComplete();
    }

    @Test
    void aPredicateThatThrowsEndsTheCallWithWhatItThrew() {
        Service service = new Service(Script.of("value"));

        StepVerifier.create(service.brokenPredicate())
                .expectErrorMessage("broken predicate")
                .verify();
        assertThat(service.script.invocations()).isEqualTo(1);
    }

    @Test
    void giveUpIfStopsTheSeries() {
        Service service = new Service(Script.of(new IOException("flaky"), new IOException("fatal"), "ok"));

        StepVerifier.withVirtualTime(service::givesUp)
                .thenAwait(Duration.ofHours(1))
                .expectErrorMessage("fatal")
                .verify();
        assertThat(service.script.invocations()).isEqualTo(2);
    }

    @Test
    void aMethodThatThrowsOrReturnsNullFailsItsAttempt() {
        Service throwing = new Service(Script.of("unused"));
        StepVerifier.withVirtualTime(() -> {
                    try {
                        return throwing.throwsAtOnce();
                    } catch (IOException e) {
                        throw new AssertionError("the call itself never throws", e);
                    }
                })
                .thenAwait(Duration.ofHours(1))
                .expectErrorMessage("thrown by the method itself")
                .verify();
        assertThat(throwing.script.invocations()).isEqualTo(3);

        Service nulls = new Service(Script.of("unused"));
        StepVerifier.withVirtualTime(nulls::nothing)
                .thenAwait(Duration.ofHours(1))
                .expectErrorSatisfies(failure -> assertThat(failure).isInstanceOf(NullPointerException.class)
                        .hasMessageContaining("nothing() returned null instead of a Mono"))
                .verify();
        assertThat(nulls.script.invocations()).isEqualTo(3);
    }

    @Test
    void callingTheMethodInvokesNothingUntilSubscribedAndEachSubscriptionIsASeries() {
        Service service = new Service(Script.of(new IOException("a"), "one", new IOException("b"), "two"));
        Mono<String> result = service.plain();
        assertThat(service.script.invocations()).as("before subscription").isZero();

        StepVerifier.withVirtualTime(() -> result).thenAwait(Duration.ofHours(1)).expectNext("one").verifyComplete();
        StepVerifier.withVirtualTime(() -> result).thenAwait(Duration.ofHours(1)).expectNext("two").verifyComplete();
        assertThat(service.script.invocations()).isEqualTo(4);
    }

    @Test
    void aFluxRetrySubscribesFromTheStartSoEarlierElementsComeAgain() {
        Service service = new Service(Script.of(
                Flux.just("a", "b").concatWith(Flux.error(new IOException("cut"))), new String[] {"a", "b", "c"}));

        StepVerifier.withVirtualTime(service::plainFlux)
                .expectSubscription()
                .expectNext("a", "b")
                .thenAwait(ofMillis(100))
                .expectNext("a", "b", "c")
                .verifyComplete();
    }

    @Test
    void eachAttemptAfterTheFirstSeesItsRetryContext() {
        Service service = new Service(Script.of(new IOException("a"), new IOException("b"), "ok"));

        StepVerifier.withVirtualTime(service::plain).thenAwait(Duration.ofHours(1)).expectNext("ok").verifyComplete();
        assertThat(service.script.contextAttempts).containsExactly(1L, 2L, 3L);
    }

    @Test
    void laterAttemptsRunOnReactorsParallelSchedulerWithTheirAttemptInTheMdc() {
        // Real time, one millisecond per wait: nothing here depends on how long the waits take.
        Service service = new Service(Script.of(new IOException("a"), new IOException("b"), "ok"));

        StepVerifier.create(service.quick()).expectNext("ok").verifyComplete();
        assertThat(service.script.threads.get(0)).isEqualTo(Thread.currentThread().getName());
        assertThat(service.script.threads.subList(1, 3)).allSatisfy(name -> assertThat(name).startsWith("parallel-"));
        assertThat(service.script.mdcAttempts).containsExactly("1", "2", "3");
        assertThat(MDC.get(RetryContext.MDC_ATTEMPT)).as("left as it was").isNull();
    }

    @Test
    void listenersHearEachRetryAndTheOutcome() {
        List<String> heard = Collections.synchronizedList(new ArrayList<>());
        RetryListener listener = new RetryListener() {
            @Override
            public void onRetry(RetryEvent event) {
                heard.add("retry " + event.attempt() + " in " + event.nextWait().toMillis() + " ms");
            }

            @Override
            public void onSuccess(RetryEvent event) {
                heard.add("success at " + event.attempt());
            }

            @Override
            public void onGiveUp(RetryEvent event) {
                heard.add("give up at " + event.attempt() + ": " + event.giveUpReason());
            }
        };
        try (RetryListeners.Registration registration = RetryListeners.register(listener)) {
            Service ok = new Service(Script.of(new IOException("a"), "ok"));
            StepVerifier.withVirtualTime(ok::plain).thenAwait(Duration.ofHours(1)).expectNext("ok").verifyComplete();
            Service failing = new Service(Script.of(new IOException("down")));
            StepVerifier.withVirtualTime(failing::plain).thenAwait(Duration.ofHours(1)).expectError().verify();
        }
        assertThat(heard).containsExactly("retry 1 in 100 ms", "success at 2",
                "retry 1 in 100 ms", "retry 2 in 100 ms", "retry 3 in 100 ms", "give up at 4: TRIES_EXHAUSTED");
    }

    @Test
    void anInstalledTestSleeperTakesTheWaitsAndRecordsThem() {
        Service service = new Service(Script.of(new IOException("a"), new IOException("b"), "ok"));
        try (RecordingSleeper sleeper = RecordingSleeper.installOnThisThread()) {
            // No virtual time: the sleeper runs each next attempt at once.
            StepVerifier.create(service.plain()).expectNext("ok").verifyComplete();
            assertThat(sleeper.waits()).containsExactly(ofMillis(100), ofMillis(100));
        }
    }

    @Test
    void attemptsThatFailAtOnceDoNotGrowTheStack() {
        Service service = new Service(Script.of(new IOException("always")));
        try (RecordingSleeper sleeper = RecordingSleeper.installOnThisThread()) {
            StepVerifier.create(service.many()).expectErrorMessage("always").verify();
            assertThat(sleeper.waits()).hasSize(999);
        }
        assertThat(service.script.invocations()).isEqualTo(1000);
    }
}
