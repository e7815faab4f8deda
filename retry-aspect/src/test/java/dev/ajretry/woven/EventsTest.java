package dev.ajretry.woven;

import ch.qos.logback.classic.Level;
import dev.ajretry.ResultPredicate;
import dev.ajretry.Retry;
import dev.ajretry.AttemptRecord;
import dev.ajretry.runtime.RecordingSleeper;
import dev.ajretry.RetryEvent;
import dev.ajretry.RetryEvent.GiveUpReason;
import dev.ajretry.RetryEvent.Kind;
import dev.ajretry.RetryListener;
import dev.ajretry.runtime.RetryListeners;
import dev.ajretry.testing.CapturedLog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static java.time.Duration.ofMillis;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** Listeners hear each retry, a success after retries and the give-up, with the attempt history. */
class EventsTest {

    private final List<RetryEvent> events = new ArrayList<>();
    private final RetryListener recorder = new RetryListener() {
        @Override
        public void onRetry(RetryEvent event) {
            events.add(event);
        }

        @Override
        public void onSuccess(RetryEvent event) {
            events.add(event);
        }

        @Override
        public void onGiveUp(RetryEvent event) {
            events.add(event);
        }
    };
    private RetryListeners.Registration registration;
    private RecordingSleeper sleeper;

    @BeforeEach
    void listen() {
        registration = RetryListeners.register(recorder);
        sleeper = RecordingSleeper.installOnThisThread();
    }

    @AfterEach
    void stopListening() {
        registration.close();
        sleeper.close();
    }

    public static class Rejects503 implements ResultPredicate<Integer> {
        @Override
        public boolean test(Integer status) {
            return status == 503;
        }
    }

    class Service {
        final Script script;
        Duration attemptTakes = Duration.ZERO;
        int status = 503;

        Service(Script script) {
            this.script = script;
        }

        @Retry(tries = 3, delay = 100)
        void call() throws Throwable {
            sleeper.advance(attemptTakes);
            script.attempt();
        }

        @Retry(tries = 3, delay = 100, maxDuration = 60_000, logArguments = true)
        void timed(String user, char[] secret) throws Throwable {
            sleeper.advance(attemptTakes);
            script.attempt();
        }

        @Retry(exceptions = IOException.class)
        void ioOnly() throws Throwable {
            script.attempt();
        }

        @Retry(tries = 2, retryIfResult = Rejects503.class)
        int status() {
            return status;
        }
    }

    private static List<Kind> kinds(List<RetryEvent> events) {
        return events.stream().map(RetryEvent::kind).toList();
    }

    @Test
    void eachRetryThenTheSuccessInOrder() throws Throwable {
        IOException first = new IOException("1");
        Service service = new Service(Script.failing(first, new IOException("2")));

        service.call();

        assertThat(kinds(events)).containsExactly(Kind.RETRY, Kind.RETRY, Kind.SUCCESS);
        assertThat(events).extracting(RetryEvent::attempt).containsExactly(1L, 2L, 3L);
        assertThat(events.get(0).failure()).isSameAs(first);
        assertThat(events.get(0).nextWait()).isEqualTo(ofMillis(100));
        assertThat(events.get(2).failure()).isNull();
        assertThat(events).extracting(RetryEvent::seriesId).containsOnly(events.get(0).seriesId());
        assertThat(events.get(0).description()).isEqualTo("dev.ajretry.woven.EventsTest$Service.call()");
        assertThat(events.get(0).method().getName()).isEqualTo("call");
    }

    @Test
    void aFirstAttemptSuccessIsNoEvent() throws Throwable {
        new Service(Script.succeeding()).call();
        assertThat(events).isEmpty();
    }

    @Test
    void theGiveUpCarriesTheWholeHistory() {
        IOException last = new IOException("3");
        Service service = new Service(Script.failing(new IOException("1"), new IOException("2"), last));
        service.attemptTakes = ofMillis(10);

        catchThrowable(() -> service.timed("alice", "hunter2".toCharArray()));

        assertThat(kinds(events)).containsExactly(Kind.RETRY, Kind.RETRY, Kind.GIVE_UP);
        RetryEvent giveUp = events.get(2);
        assertThat(giveUp.giveUpReason()).isEqualTo(GiveUpReason.TRIES_EXHAUSTED);
        assertThat(giveUp.failure()).isSameAs(last);
        assertThat(giveUp.recovered()).isFalse();
        assertThat(giveUp.elapsed()).isEqualTo(ofMillis(230));
        assertThat(giveUp.history()).containsExactly(
                new AttemptRecord(1, ofMillis(0), ofMillis(10), giveUp.history().get(0).failure(), ofMillis(100)),
                new AttemptRecord(2, ofMillis(110), ofMillis(10), giveUp.history().get(1).failure(), ofMillis(100)),
                new AttemptRecord(3, ofMillis(220), ofMillis(10), last, null));
        assertThat(giveUp.history().get(0).failure()).hasMessage("1");
        assertThat(giveUp.arguments()).containsExactly("alice", "[h, u, n, t, e, r, 2]");
    }

    @Test
    void argumentsAreLeftOutUnlessAskedFor() {
        Service service = new Service(Script.failing(new IOException("1"), new IOException("2"),
                new IOException("3")));

        catchThrowable(service::call);

        assertThat(events.get(2).arguments()).isEmpty();
    }

    @Test
    void theGiveUpLogLineCarriesHistoryAndOptedInArguments() {
        CapturedLog log = CapturedLog.of(Service.class).at(Level.WARN).start();
        try {
            Service service = new Service(Script.failing(new IOException("1"), new IOException("2"),
                    new IOException("3")));
            service.attemptTakes = ofMillis(10);
            catchThrowable(() -> service.timed("alice", new char[] {'x'}));
        } finally {
            log.close();
        }
        assertThat(log.events()).singleElement().satisfies(e -> assertThat(e.getFormattedMessage()).contains(
                "gave up, tries exhausted after 3 of 3 attempts; throwing java.io.IOException: 3; history: "
                        + "#1 at +0 ms ran 10 ms, failed with java.io.IOException: 1, then waited 100 ms | "
                        + "#2 at +110 ms ran 10 ms, failed with java.io.IOException: 2, then waited 100 ms | "
                        + "#3 at +220 ms ran 10 ms, failed with java.io.IOException: 3; arguments: [alice, [x]]"));
    }

    @Test
    void aFailureNotRetriedIsAGiveUpEvent() {
        Service service = new Service(Script.failing(new IllegalStateException("not io")));

        catchThrowable(service::ioOnly);

        assertThat(kinds(events)).containsExactly(Kind.GIVE_UP);
        assertThat(events.get(0).giveUpReason()).isEqualTo(GiveUpReason.NOT_RETRYABLE);
        assertThat(events.get(0).attempt()).isEqualTo(1);
    }

    @Test
    void aRejectedResultGivingUpIsAnEventWithoutFailure() {
        Service service = new Service(Script.succeeding());

        assertThat(service.status()).isEqualTo(503);

        assertThat(kinds(events)).containsExactly(Kind.RETRY, Kind.GIVE_UP);
        assertThat(events.get(1).failure()).isNull();
        assertThat(events.get(1).history()).extracting(AttemptRecord::failure).containsExactly(null, null);
    }

    @Test
    void aListenerThatThrowsNeverBreaksTheCall() throws Throwable {
        List<Kind> heardAfter = new ArrayList<>();
        try (RetryListeners.Registration broken = RetryListeners.register(new RetryListener() {
            @Override
            public void onRetry(RetryEvent event) {
                throw new IllegalStateException("listener bug");
            }
        }); RetryListeners.Registration after = RetryListeners.register(new RetryListener() {
            @Override
            public void onRetry(RetryEvent event) {
                heardAfter.add(event.kind());
            }
        })) {
            Service service = new Service(Script.failing(new IOException("1")));
            service.call();
            assertThat(service.script.attempts()).isEqualTo(2);
            assertThat(heardAfter).containsExactly(Kind.RETRY);
        }
    }

    @Test
    void unregisteredListenersHearNothing() throws Throwable {
        registration.close();
        new Service(Script.failing(new IOException("1"))).call();
        assertThat(events).isEmpty();
        registration = RetryListeners.register(recorder);
    }
}
