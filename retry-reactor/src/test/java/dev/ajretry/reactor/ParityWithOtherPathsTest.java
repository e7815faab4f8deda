package dev.ajretry.reactor;

import dev.ajretry.FailurePredicate;
import dev.ajretry.ResultPredicate;
import dev.ajretry.Retry;
import dev.ajretry.RetryAfter;
import dev.ajretry.RetryEvent;
import dev.ajretry.RetryListener;
import dev.ajretry.runtime.RecordingSleeper;
import dev.ajretry.runtime.RetryEnvironment;
import dev.ajretry.runtime.RetryListeners;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One policy that uses most attributes, on a blocking method, a {@code CompletableFuture} method and a {@code Mono}
 * method: each scenario gives the same waits (a {@code RecordingSleeper} takes them on every path), the same events
 * and the same outcome on all three. The decisions are the engine's; only the drivers differ.
 */
class ParityWithOtherPathsTest {

    static final class Throttled extends IOException implements RetryAfter {
        private static final long serialVersionUID = 1L;

        Throttled() {
            super("throttled");
        }

        @Override
        public Duration retryAfter() {
            return Duration.ofMillis(1500);
        }
    }

    static final class Overloaded extends IOException {
        private static final long serialVersionUID = 1L;

        Overloaded() {
            super("overloaded");
        }
    }

    public static final class Busy implements ResultPredicate<String> {
        @Override
        public boolean test(String result) {
            return result.startsWith("busy");
        }

        @Override
        public Duration retryAfter(String result) {
            return result.equals("busy") ? Duration.ofMillis(900) : null;
        }
    }

    public static final class Fatal implements FailurePredicate {
        @Override
        public boolean test(Throwable failure) {
            return "fatal".equals(failure.getMessage());
        }
    }

    /** The same @Retry on the three kinds of method. */
    static class Service {
        final Deque<Object> steps;

        Service(List<Object> steps) {
            this.steps = new ArrayDeque<>(steps);
        }

        private Object next() {
            return steps.isEmpty() ? "done" : steps.poll();
        }

        @Retry(tries = 5, delay = 100, backoff = 2, maxDelay = 1000, exceptions = IOException.class,
                abortOn = FileNotFoundException.class, waitOn = @Retry.WaitOn(value = Overloaded.class, delay = 700),
                maxDuration = 3000, giveUpIf = Fatal.class, retryIfResult = Busy.class, recover = "fallback")
        String blocking() throws Exception {
            Object step = next();
            if (step instanceof Exception) {
                throw (Exception) step;
            }
            return (String) step;
        }

        String fallback(IOException failure) {
            return "recovered from " + failure.getMessage();
        }

        @Retry(tries = 5, delay = 100, backoff = 2, maxDelay = 1000, exceptions = IOException.class,
                abortOn = FileNotFoundException.class, waitOn = @Retry.WaitOn(value = Overloaded.class, delay = 700),
                maxDuration = 3000, giveUpIf = Fatal.class, retryIfResult = Busy.class, recover = "stageFallback")
        CompletableFuture<String> stage() {
            Object step = next();
            return step instanceof Throwable ? CompletableFuture.failedFuture((Throwable) step)
                    : CompletableFuture.completedFuture((String) step);
        }

        CompletableFuture<String> stageFallback(IOException failure) {
            return CompletableFuture.completedFuture("recovered from " + failure.getMessage());
        }

        @Retry(tries = 5, delay = 100, backoff = 2, maxDelay = 1000, exceptions = IOException.class,
                abortOn = FileNotFoundException.class, waitOn = @Retry.WaitOn(value = Overloaded.class, delay = 700),
                maxDuration = 3000, giveUpIf = Fatal.class, retryIfResult = Busy.class, recover = "monoFallback")
        Mono<String> mono() {
            Object step = next();
            return step instanceof Throwable ? Mono.error((Throwable) step) : Mono.just((String) step);
        }

        Mono<String> monoFallback(IOException failure) {
            return Mono.just("recovered from " + failure.getMessage());
        }
    }

    /** What a path did: its waits, its events, what the caller got. */
    record Run(List<Duration> waits, List<String> events, String outcome) {
    }

    static Stream<Supplier<List<Object>>> scenarios() {
        return Stream.of(
                () -> List.of("ok"),
                () -> List.of(new IOException("a"), new IOException("b"), "ok"),
                () -> List.of(new IOException("a"), new IOException("b"), new IOException("c"), new IOException("d"),
                        new IOException("e")),
                () -> List.of(new FileNotFoundException("gone")),
                () -> List.of(new IllegalStateException("bug")),
                () -> List.of(new Throttled(), new Overloaded(), "ok"),
                () -> List.of(new IOException("a"), new IOException("fatal")),
                () -> List.of("busy", "busy, no word", "ok"),
                () -> List.of("busy, 1", "busy, 2", "busy, 3", "busy, 4", "busy, 5"),
                () -> List.of(new Overloaded(), new Overloaded(), new Overloaded(), new Overloaded()));
    }

    @AfterEach
    void reset() {
        RetryEnvironment.reset();
    }

    @ParameterizedTest
    @MethodSource("scenarios")
    void theThreePathsAgree(Supplier<List<Object>> scenario) {
        Run blocking = run(() -> {
            try {
                return new Service(scenario.get()).blocking();
            } catch (Exception failure) {
                return describe(failure);
            }
        });
        Run stage = run(() -> {
            try {
                return new Service(scenario.get()).stage().get();
            } catch (ExecutionException failure) {
                return describe(failure.getCause());
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        });
        Run mono = run(() -> {
            List<String> outcome = new ArrayList<>();
            StepVerifier.create(new Service(scenario.get()).mono())
                    .consumeNextWith(outcome::add)
                    .verifyComplete();
            return outcome.get(0);
        }, () -> {
            List<String> outcome = new ArrayList<>();
            StepVerifier.create(new Service(scenario.get()).mono())
                    .consumeErrorWith(failure -> outcome.add(describe(failure)))
                    .verify();
            return outcome.get(0);
        }, blocking.outcome().startsWith("failed: "));

        assertThat(stage).as("the CompletionStage path").isEqualTo(blocking);
        assertThat(mono).as("the Mono path").isEqualTo(blocking);
    }

    private static Run run(Supplier<String> call) {
        return run(call, call, false);
    }

    /** Runs {@code succeeding}, or {@code failing} if the call is expected to fail, with a sleeper and a listener. */
    private static Run run(Supplier<String> succeeding, Supplier<String> failing, boolean fails) {
        List<String> events = Collections.synchronizedList(new ArrayList<>());
        RetryListener listener = new RetryListener() {
            @Override
            public void onRetry(RetryEvent event) {
                events.add("retry " + event.attempt() + " after " + event.failure() + ", wait " + event.nextWait()
                        + (event.nextWaitFromServer() ? " (server)" : ""));
            }

            @Override
            public void onSuccess(RetryEvent event) {
                events.add("success at " + event.attempt());
            }

            @Override
            public void onGiveUp(RetryEvent event) {
                events.add("give up at " + event.attempt() + ": " + event.giveUpReason() + ", recovered "
                        + event.recovered() + ", " + event.history().size() + " in history");
            }
        };
        try (RecordingSleeper sleeper = RecordingSleeper.installOnThisThread();
             RetryListeners.Registration registration = RetryListeners.register(listener)) {
            String outcome = fails ? failing.get() : succeeding.get();
            return new Run(sleeper.waits(), List.copyOf(events), outcome);
        }
    }

    private static String describe(Throwable failure) {
        return "failed: " + failure + ", suppressed " + Arrays.stream(failure.getSuppressed()).map(Throwable::toString)
                .collect(Collectors.toList());
    }
}
