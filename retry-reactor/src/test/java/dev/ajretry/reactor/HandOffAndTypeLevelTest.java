package dev.ajretry.reactor;

import dev.ajretry.Retry;
import dev.ajretry.RetryEvent;
import dev.ajretry.RetryListener;
import dev.ajretry.runtime.RetryEnvironment;
import dev.ajretry.runtime.RetryListeners;
import dev.ajretry.runtime.Sleeper;
import dev.ajretry.runtime.Sleepers;
import dev.ajretry.runtime.WeavingCheck;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every call ends, also when its next attempt cannot be scheduled; a type-level @Retry covers Mono methods too; and
 * WeavingCheck sees them woven.
 */
class HandOffAndTypeLevelTest {

    /** A sleeper whose scheduler is shut down: every wait is rejected. */
    static final Sleeper SHUT_DOWN = new Sleeper() {
        @Override
        public void sleep(Duration wait) {
            throw new AssertionError("a Reactor call never sleeps");
        }

        @Override
        public Future<?> schedule(Runnable task, Duration delay) {
            throw new RejectedExecutionException("shut down");
        }
    };

    static class Service {
        final Script script;

        Service(Script script) {
            this.script = script;
        }

        @Retry(tries = 3, delay = 100)
        Mono<String> mono() {
            return script.mono();
        }
    }

    @Retry(tries = 2, delay = 50)
    public static class Covered {
        final Script script;

        Covered(Script script) {
            this.script = script;
        }

        public Mono<String> fetch() {
            return script.mono();
        }
    }

    @AfterEach
    void reset() {
        RetryEnvironment.reset();
    }

    @Test
    void aWaitThatCannotBeScheduledEndsTheCallWithTheLastFailureAndTheReason() {
        IOException failure = new IOException("down");
        Service service = new Service(Script.of(failure, "never"));
        List<RetryEvent.GiveUpReason> reasons = Collections.synchronizedList(new ArrayList<>());
        RetryListener listener = new RetryListener() {
            @Override
            public void onGiveUp(RetryEvent event) {
                reasons.add(event.giveUpReason());
            }
        };
        try (Sleepers.Installation installation = Sleepers.installOnThisThread(SHUT_DOWN);
             RetryListeners.Registration registration = RetryListeners.register(listener)) {
            StepVerifier.create(service.mono())
                    .expectErrorSatisfies(thrown -> assertThat(thrown).isSameAs(failure)
                            .satisfies(f -> assertThat(f.getSuppressed()).singleElement()
                                    .isInstanceOf(RejectedExecutionException.class)))
                    .verify();
        }
        assertThat(reasons).containsExactly(RetryEvent.GiveUpReason.HAND_OFF_FAILED);
        assertThat(service.script.invocations()).isEqualTo(1);
    }

    @Test
    void weavingCheckSeesTheMonoMethodsWoven() {
        WeavingCheck.assertWoven(Service.class, Covered.class);
    }

    @Test
    void aPublicMonoMethodOfATypeLevelRetryIsRetried() {
        Covered covered = new Covered(Script.of(new IOException("a"), "ok"));

        StepVerifier.withVirtualTime(covered::fetch)
                .thenAwait(Duration.ofMillis(50))
                .expectNext("ok")
                .verifyComplete();
        assertThat(covered.script.waitsMillis()).containsExactly(50L);
    }
}
