package dev.ajretry.reactor;

import dev.ajretry.Retry;
import dev.ajretry.runtime.RetryContext;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import reactor.test.publisher.PublisherProbe;
import reactor.test.scheduler.VirtualTimeScheduler;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Supplier;

import static java.time.Duration.ofMillis;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hedging for a {@code Mono}: the engine's hedging driver runs the attempts side by side, each the method's Mono
 * subscribed; the hedge's and the retries' waits are on Reactor's scheduler, so virtual time moves them.
 */
class HedgedMonoTest {

    /** Each attempt returns the next scripted Mono, noting what its context said. */
    static class Quotes {
        final List<Supplier<Mono<String>>> attempts = new ArrayList<>();
        final List<String> contexts = Collections.synchronizedList(new ArrayList<>());

        private Mono<String> next() {
            RetryContext context = RetryContext.current();
            contexts.add(context.attempt() + (context.isHedge() ? " hedge" : ""));
            return attempts.get(contexts.size() - 1).get();
        }

        @Retry(tries = 3, delay = 100, hedges = 1, hedgeDelay = 20)
        Mono<String> quote() {
            return next();
        }
    }

    @Test
    void aSlowMonoIsOvertakenByItsHedgeAfterTheHedgeDelayAndDisposed() {
        PublisherProbe<String> slow = PublisherProbe.of(Mono.never());
        Quotes quotes = new Quotes();
        quotes.attempts.add(slow::mono);
        quotes.attempts.add(() -> Mono.just("from the hedge"));

        StepVerifier.withVirtualTime(quotes::quote)
                .expectSubscription()
                .expectNoEvent(ofMillis(19))
                .thenAwait(ofMillis(1))
                .expectNext("from the hedge")
                .verifyComplete();

        assertThat(quotes.contexts).containsExactly("1", "2 hedge");
        assertThat(slow.wasCancelled()).as("the slow first attempt").isTrue();
    }

    @Test
    void aFailureIsRetriedOnTheScheduleBesideTheRunningHedge() {
        PublisherProbe<String> hedge = PublisherProbe.of(Mono.never());
        Quotes quotes = new Quotes();
        quotes.attempts.add(() -> Mono.delay(ofMillis(30)).then(Mono.error(new IOException("first failed"))));
        quotes.attempts.add(hedge::mono);
        quotes.attempts.add(() -> Mono.just("the retry"));

        StepVerifier.withVirtualTime(quotes::quote)
                .expectSubscription()
                .thenAwait(ofMillis(30))      // the hedge started at 20 ms; the first fails at 30 ms
                .expectNoEvent(ofMillis(99))  // the retry waits the schedule's 100 ms
                .thenAwait(ofMillis(1))
                .expectNext("the retry")
                .verifyComplete();

        assertThat(quotes.contexts).containsExactly("1", "2 hedge", "3");
        assertThat(hedge.wasCancelled()).isTrue();
    }

    @Test
    void disposingTheSubscriptionCancelsEveryAttemptInFlight() {
        VirtualTimeScheduler.getOrSet();
        try {
            PublisherProbe<String> first = PublisherProbe.of(Mono.never());
            PublisherProbe<String> second = PublisherProbe.of(Mono.never());
            Quotes quotes = new Quotes();
            quotes.attempts.add(first::mono);
            quotes.attempts.add(second::mono);

            Disposable subscription = quotes.quote().subscribe();
            VirtualTimeScheduler.get().advanceTimeBy(ofMillis(20));
            assertThat(quotes.contexts).containsExactly("1", "2 hedge");
            subscription.dispose();

            assertThat(first.wasCancelled()).isTrue();
            assertThat(second.wasCancelled()).isTrue();
        } finally {
            VirtualTimeScheduler.reset();
        }
    }
}
