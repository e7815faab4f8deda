package dev.ajretry.woven;

import dev.ajretry.FailurePredicate;
import dev.ajretry.ResultPredicate;
import dev.ajretry.Retry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static java.time.Duration.ofMillis;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** giveUpIf and retryIfResult, through woven methods. */
class PredicatesTest {

    @RegisterExtension
    final RecordedWaits sleeper = new RecordedWaits();

    /** An HTTP failure with its status. */
    static class HttpException extends IOException {
        final int status;

        HttpException(int status) {
            super("HTTP " + status);
            this.status = status;
        }
    }

    /** Gives up on client errors: a 4xx will not change by retrying. */
    public static class ClientError implements FailurePredicate {
        static final AtomicInteger instances = new AtomicInteger();

        public ClientError() {
            instances.incrementAndGet();
        }

        @Override
        public boolean test(Throwable failure) {
            return failure instanceof HttpException && ((HttpException) failure).status / 100 == 4;
        }
    }

    public static class Broken implements FailurePredicate {
        @Override
        public boolean test(Throwable failure) {
            throw new IllegalStateException("predicate bug");
        }
    }

    /** A response is a failure while its status is 503. */
    public static class Unavailable implements ResultPredicate<Response> {
        static final AtomicInteger instances = new AtomicInteger();

        public Unavailable() {
            instances.incrementAndGet();
        }

        @Override
        public boolean test(Response response) {
            return response.status() == 503;
        }
    }

    public static class Negative implements ResultPredicate<Integer> {
        @Override
        public boolean test(Integer result) {
            return result < 0;
        }
    }

    record Response(int status) {
    }

    static class Client {
        final Script script;
        final Deque<Response> responses = new ArrayDeque<>();
        final Deque<Integer> numbers = new ArrayDeque<>();
        int calls;

        Client(Script script) {
            this.script = script;
        }

        @Retry(tries = 5, delay = 10, giveUpIf = ClientError.class)
        void call() throws Throwable {
            script.attempt();
        }

        @Retry(tries = 5, giveUpIf = Broken.class)
        void brokenPredicate() throws Throwable {
            script.attempt();
        }

        @Retry(tries = 4, delay = 100, backoff = 2, retryIfResult = Unavailable.class)
        Response fetch() {
            calls++;
            return responses.removeFirst();
        }

        @Retry(tries = 3, delay = 5, retryIfResult = Negative.class)
        int number() {
            calls++;
            return numbers.removeFirst();
        }
    }

    @Test
    void theGiveUpPredicateStopsAtOnce() {
        HttpException notFound = new HttpException(404);
        Client client = new Client(Script.failing(new HttpException(503), notFound));

        Throwable thrown = catchThrowable(client::call);

        assertThat(thrown).isSameAs(notFound);
        assertThat(thrown.getSuppressed()).hasSize(1);
        assertThat(client.script.attempts()).isEqualTo(2);
        assertThat(sleeper.waits()).containsExactly(ofMillis(10));
    }

    @Test
    void otherFailuresAreRetriedAsUsual() throws Throwable {
        Client client = new Client(Script.failing(new HttpException(503), new HttpException(500)));

        client.call();

        assertThat(client.script.attempts()).isEqualTo(3);
    }

    @Test
    void thePredicateIsInstantiatedOncePerMethod() throws Throwable {
        int before = ClientError.instances.get();
        for (int i = 0; i < 20; i++) {
            new Client(Script.failing(new HttpException(503))).call();
        }
        assertThat(ClientError.instances.get() - before).isLessThanOrEqualTo(1);
    }

    @Test
    void aThrowingPredicateGivesUpWithTheFailureAndTheBugAttached() {
        IOException failure = new IOException("flaky");
        Client client = new Client(Script.failing(failure));

        Throwable thrown = catchThrowable(client::brokenPredicate);

        assertThat(thrown).isSameAs(failure);
        assertThat(thrown.getSuppressed()).singleElement().satisfies(
                s -> assertThat(s).hasMessage("predicate bug"));
        assertThat(client.script.attempts()).isEqualTo(1);
    }

    @Test
    void aRejectedResultIsRetriedOnTheSchedule() {
        Client client = new Client(Script.succeeding());
        client.responses.addAll(List.of(new Response(503), new Response(503), new Response(200)));

        assertThat(client.fetch()).isEqualTo(new Response(200));

        assertThat(client.calls).isEqualTo(3);
        assertThat(sleeper.waits()).containsExactly(ofMillis(100), ofMillis(200));
    }

    @Test
    void afterTheLastAttemptTheCallerGetsTheLastResultAsItIs() {
        Client client = new Client(Script.succeeding());
        Response last = new Response(503);
        client.responses.addAll(List.of(new Response(503), new Response(503), new Response(503), last));

        assertThat(client.fetch()).isSameAs(last);

        assertThat(client.calls).isEqualTo(4);
        assertThat(sleeper.waits()).containsExactly(ofMillis(100), ofMillis(200), ofMillis(400));
    }

    @Test
    void primitiveResultsArePredicatedToo() {
        Client client = new Client(Script.succeeding());
        client.numbers.addAll(List.of(-1, -2, 7));
        assertThat(client.number()).isEqualTo(7);
        assertThat(client.calls).isEqualTo(3);

        Client exhausted = new Client(Script.succeeding());
        exhausted.numbers.addAll(List.of(-1, -2, -3));
        assertThat(exhausted.number()).isEqualTo(-3);
        assertThat(exhausted.calls).isEqualTo(3);
    }

    @Test
    void theResultPredicateIsInstantiatedOncePerMethod() {
        int before = Unavailable.instances.get();
        for (int i = 0; i < 20; i++) {
            Client client = new Client(Script.succeeding());
            client.responses.add(new Response(200));
            client.fetch();
        }
        assertThat(Unavailable.instances.get() - before).isLessThanOrEqualTo(1);
    }
}
