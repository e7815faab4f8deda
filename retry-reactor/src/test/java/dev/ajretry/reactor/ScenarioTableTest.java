package dev.ajretry.reactor;

import dev.ajretry.Retry;
import dev.ajretry.RetryAfter;
import dev.ajretry.runtime.RetryEnvironment;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The same scenarios on a {@code Mono} method and on a {@code Flux} method, under virtual time: which attempts run,
 * the exact waits between them (read on the virtual clock at each invocation), and what the subscriber gets. Each
 * attempt is an invocation of the method body.
 */
class ScenarioTableTest {

    static final IOException FIRST = new IOException("first");
    static final IOException SECOND = new IOException("second");
    static final IOException THIRD = new IOException("third");
    static final IOException FOURTH = new IOException("fourth");

    /** A failure that carries the server's word: wait 7 s. */
    static final class Throttled extends IOException implements RetryAfter {
        private static final long serialVersionUID = 1L;

        @Override
        public Duration retryAfter() {
            return Duration.ofSeconds(7);
        }
    }

    static final class Overloaded extends IOException {
        private static final long serialVersionUID = 1L;
    }

    /** Each policy on a Mono method and on a Flux method. */
    static class Service {
        final Script script;

        Service(Script script) {
            this.script = script;
        }

        @Retry(tries = 4, delay = 100, backoff = 2, exceptions = IOException.class, abortOn = FileNotFoundException.class,
                waitOn = @Retry.WaitOn(value = Overloaded.class, delay = 1000))
        Mono<String> mono() {
            return script.mono();
        }

        @Retry(tries = 4, delay = 100, backoff = 2, exceptions = IOException.class, abortOn = FileNotFoundException.class,
                waitOn = @Retry.WaitOn(value = Overloaded.class, delay = 1000))
        Flux<String> flux() {
            return script.flux();
        }

        @Retry(tries = 10, delay = 400, maxDuration = 1000)
        Mono<String> monoWithDeadline() {
            return script.mono();
        }

        @Retry(tries = 10, delay = 400, maxDuration = 1000)
        Flux<String> fluxWithDeadline() {
            return script.flux();
        }
    }

    enum Shape {
        MONO(Service::mono, Service::monoWithDeadline),
        FLUX(Service::flux, Service::fluxWithDeadline);

        final Function<Service, Publisher<String>> scheduled;
        final Function<Service, Publisher<String>> deadline;

        Shape(Function<Service, Publisher<String>> scheduled, Function<Service, Publisher<String>> deadline) {
            this.scheduled = scheduled;
            this.deadline = deadline;
        }
    }

    /** A row: the steps, then the waits expected between the invocations, then the outcome. */
    record Row(String name, List<Object> steps, boolean deadline, List<Long> waits, Object outcome) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<Row> rows() {
        List<Row> rows = new ArrayList<>();
        rows.add(new Row("success at once: one invocation", List.of("ok"), false, List.of(), "ok"));
        rows.add(new Row("two failures, then success: the schedule's waits", List.of(FIRST, SECOND, "ok"), false,
                List.of(100L, 200L), "ok"));
        rows.add(new Row("tries used up: the last failure itself", List.of(FIRST, SECOND, THIRD, FOURTH), false,
                List.of(100L, 200L, 400L), FOURTH));
        rows.add(new Row("abortOn: not retried", List.of(new FileNotFoundException("gone")), false, List.of(),
                FileNotFoundException.class));
        rows.add(new Row("not listed in exceptions: not retried", List.of(new IllegalStateException("bug")), false,
                List.of(), IllegalStateException.class));
        rows.add(new Row("the server's RetryAfter", List.of(new Throttled(), "ok"), false, List.of(7000L), "ok"));
        rows.add(new Row("waitOn's own wait", List.of(new Overloaded(), "ok"), false, List.of(1000L), "ok"));
        rows.add(new Row("maxDuration: no wait that would end past it", List.of(FIRST, SECOND, THIRD, "ok"), true,
                List.of(400L, 400L), THIRD));
        return rows;
    }

    static Stream<Arguments> table() {
        return Stream.of(Shape.values()).flatMap(shape -> rows().stream().map(row -> Arguments.of(shape, row)));
    }

    @AfterEach
    void reset() {
        RetryEnvironment.reset();
    }

    @SuppressWarnings("unchecked")
    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("table")
    void scenario(Shape shape, Row row) {
        Script script = Script.of(row.steps().toArray());
        Service service = new Service(script);
        Function<Service, Publisher<String>> method = row.deadline() ? shape.deadline : shape.scheduled;

        StepVerifier.Step<String> verifier = StepVerifier.withVirtualTime(() -> method.apply(service))
                .expectSubscription()
                .thenAwait(Duration.ofHours(1));
        if (row.outcome() instanceof String) {
            verifier.expectNext((String) row.outcome()).verifyComplete();
        } else if (row.outcome() instanceof Class) {
            verifier.expectError((Class<? extends Throwable>) row.outcome()).verify();
        } else {
            verifier.expectErrorSatisfies(failure -> assertThat(failure).isSameAs(row.outcome())).verify();
        }

        assertThat(script.waitsMillis()).as("the waits between invocations").isEqualTo(row.waits());
        assertThat(script.invocations()).isEqualTo(row.waits().size() + 1);
    }

    @ParameterizedTest
    @MethodSource("shapes")
    void theFinalFailureCarriesTheEarlierOnes(Shape shape) {
        IOException a = new IOException("a"), b = new IOException("b"), c = new IOException("c"),
                d = new IOException("d");
        Service service = new Service(Script.of(a, b, c, d));

        StepVerifier.withVirtualTime(() -> shape.scheduled.apply(service))
                .thenAwait(Duration.ofHours(1))
                .expectErrorSatisfies(failure -> assertThat(failure).isSameAs(d).hasSuppressedException(a)
                        .satisfies(f -> assertThat(f.getSuppressed()).containsExactly(a, b, c)))
                .verify();
    }

    static Stream<Shape> shapes() {
        return Stream.of(Shape.values());
    }
}
