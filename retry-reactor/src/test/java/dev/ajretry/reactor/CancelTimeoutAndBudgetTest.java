package dev.ajretry.reactor;

import dev.ajretry.AttemptTimeoutException;
import dev.ajretry.Retry;
import dev.ajretry.RetryEvent;
import dev.ajretry.RetryListener;
import dev.ajretry.runtime.RetryBudgets;
import dev.ajretry.runtime.RetryEnvironment;
import dev.ajretry.runtime.RetryListeners;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import reactor.test.publisher.PublisherProbe;
import reactor.test.publisher.TestPublisher;
import reactor.test.scheduler.VirtualTimeScheduler;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static java.time.Duration.ofMillis;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Disposing the subscription stops the series: the attempt in flight is cancelled, a pending wait never ends in an
 * attempt. {@code attemptTimeout} cuts an attempt off, under virtual time. The budget is spent and earned back as on
 * the other paths.
 */
class CancelTimeoutAndBudgetTest {

    static class Service {
        final Script script;

        Service(Script script) {
            this.script = script;
        }

        @Retry(tries = 5, delay = 100)
        Mono<String> mono() {
            return script.mono();
        }

        @Retry(tries = 5, delay = 100)
        Flux<String> flux() {
            return script.flux();
        }

        @Retry(tries = 2, delay = 10, attemptTimeout = 50)
        Mono<String> timed() {
            return script.mono();
        }

        @Retry(tries = 2, delay = 10, attemptTimeout = 50)
        Flux<String> timedFlux() {
            return script.flux();
        }

        @Retry(tries = 10, budget = "reactor-test")
        Mono<String> budgeted() {
            return script.mono();
        }
    }

    private VirtualTimeScheduler time;

    @BeforeEach
    void virtualTime() {
        time = VirtualTimeScheduler.getOrSet();
    }

    @AfterEach
    void reset() {
        VirtualTimeScheduler.reset();
        RetryEnvironment.reset();
    }

    @Test
    void disposingCancelsTheAttemptInFlightAndStopsTheSeries() {
        PublisherProbe<String> second = PublisherProbe.of(Mono.never());
        Service service = new Service(Script.of(new IOException("a"), second.mono()));

        Disposable subscription = service.mono().subscribe();
        time.advanceTimeBy(ofMillis(100));
        second.assertWasSubscribed();
        subscription.dispose();

        second.assertWasCancelled();
        time.advanceTimeBy(Duration.ofHours(1));
        assertThat(service.script.invocations()).isEqualTo(2);
    }

    @Test
    void disposingDuringAWaitMeansNoNextAttempt() {
        Service service = new Service(Script.of(new IOException("a"), "ok"));

        Disposable subscription = service.flux().subscribe();
        time.advanceTimeBy(ofMillis(99));
        subscription.dispose();
        time.advanceTimeBy(Duration.ofHours(1));

        assertThat(service.script.invocations()).isEqualTo(1);
    }

    @Test
    void disposingAFluxCancelsItsUpstream() {
        TestPublisher<String> upstream = TestPublisher.create();
        Service service = new Service(Script.of(upstream.flux()));
        List<String> seen = Collections.synchronizedList(new ArrayList<>());

        Disposable subscription = service.flux().subscribe(seen::add);
        upstream.next("a");
        subscription.dispose();

        upstream.assertCancelled();
        assertThat(seen).containsExactly("a");
    }

    @Test
    void anAttemptWithoutATerminalSignalInTimeIsCutOffAndRetried() {
        PublisherProbe<String> hanging = PublisherProbe.of(Mono.never());
        Service service = new Service(Script.of(hanging.mono(), "ok"));

        StepVerifier.withVirtualTime(service::timed)
                .expectSubscription()
                .expectNoEvent(ofMillis(60))
                .expectNext("ok")
                .verifyComplete();
        hanging.assertWasCancelled();
        assertThat(service.script.invokedAtMillis).containsExactly(0L, 60L);
    }

    @Test
    void aFluxAttemptIsTimedAsAWholeAndItsUpstreamCancelledWhenCutOff() {
        TestPublisher<String> slow = TestPublisher.create();
        Service service = new Service(Script.of(slow.flux(), new String[] {"x", "y"}));

        StepVerifier.withVirtualTime(service::timedFlux)
                .expectSubscription()
                .then(() -> slow.next("a"))
                .expectNext("a")
                .thenAwait(ofMillis(40))
                .then(() -> slow.next("b")) // an element does not restart the attempt's timer
                .expectNext("b")
                .thenAwait(ofMillis(10))
                .then(slow::assertCancelled)
                .thenAwait(ofMillis(10))
                .expectNext("x", "y")
                .verifyComplete();
    }

    @Test
    void anAttemptThatEndsInTimeIsNotCutOff() {
        Service service = new Service(Script.of(Mono.delay(ofMillis(49)).thenReturn("in time")));

        StepVerifier.withVirtualTime(service::timed)
                .expectSubscription()
                .thenAwait(ofMillis(49))
                .expectNext("in time")
                .verifyComplete();
        assertThat(service.script.invocations()).isEqualTo(1);
    }

    @Test
    void theLastAttemptsTimeoutIsWhatTheSubscriberGets() {
        Service service = new Service(Script.of(Flux.just("a").concatWith(Flux.never())));

        StepVerifier.withVirtualTime(service::timedFlux)
                .expectNext("a")
                .thenAwait(ofMillis(60))
                .expectNext("a")
                .thenAwait(ofMillis(50))
                .expectErrorSatisfies(failure -> assertThat(failure).isInstanceOf(AttemptTimeoutException.class)
                        .hasMessageContaining("attempt 2 timed out after 50 ms"))
                .verify();
    }

    @Test
    void retriesSpendTheBudgetAndSuccessesEarnItBack() {
        RetryBudgets.configure("reactor-test", 4, 1);
        List<RetryEvent.GiveUpReason> reasons = Collections.synchronizedList(new ArrayList<>());
        RetryListener listener = new RetryListener() {
            @Override
            public void onGiveUp(RetryEvent event) {
                reasons.add(event.giveUpReason());
            }
        };
        try (RetryListeners.Registration registration = RetryListeners.register(listener)) {
            Service failing = new Service(Script.of(new IOException("down")));
            // 4 tokens; a retry spends one, and retries stop when no more than half are left.
            StepVerifier.withVirtualTime(failing::budgeted).thenAwait(Duration.ofHours(1)).expectErrorMessage("down")
                    .verify();
            assertThat(failing.script.invocations()).isEqualTo(3);
            assertThat(reasons).containsExactly(RetryEvent.GiveUpReason.BUDGET_EXHAUSTED);
            assertThat(RetryBudgets.find("reactor-test").tokens()).isEqualTo(2.0);

            Service ok = new Service(Script.of("ok"));
            StepVerifier.withVirtualTime(ok::budgeted).expectNext("ok").verifyComplete();
            assertThat(RetryBudgets.find("reactor-test").tokens()).isEqualTo(3.0);
        }
    }
}
