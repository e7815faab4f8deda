package dev.ajretry.woven;

import ch.qos.logback.classic.Level;
import dev.ajretry.AttemptRecord;
import dev.ajretry.FailurePredicate;
import dev.ajretry.Retry;
import dev.ajretry.RetryAfter;
import dev.ajretry.RetryEvent;
import dev.ajretry.RetryListener;
import dev.ajretry.runtime.RecordingSleeper;
import dev.ajretry.runtime.RetryListeners;
import dev.ajretry.testing.CapturedLog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Values that cannot be printed (an exception whose {@code getMessage()} or {@code toString()} throws, an argument
 * whose {@code toString()} overflows the stack) never change what the caller gets: its last failure, the very
 * instance, or the recovery's value. Every place where ajretry turns a user's value into text is exercised: the
 * DEBUG lines, the give-up line, the events and their history, the {@code giveUpIf} and {@code retryAfter()}
 * warnings, the listener-failure warning, nested retries. Each scenario runs on the blocking and the async path.
 */
class HostileValuesTest {

    /** How an {@link Unprintable} fails to print. */
    enum Hostility {
        MESSAGE_THROWS, MESSAGE_OVERFLOWS, TO_STRING_THROWS, TO_STRING_THROWS_ERROR, TO_STRING_OVERFLOWS,
        TO_STRING_THROWS_CHECKED
    }

    enum Path { BLOCKING, ASYNC }

    /** An exception that cannot be printed, in the way its {@link Hostility} says. */
    static class Unprintable extends RuntimeException {
        final Hostility how;

        Unprintable(Hostility how) {
            super("unprintable " + how);
            this.how = how;
        }

        @Override
        public String getMessage() {
            if (how == Hostility.MESSAGE_THROWS) {
                throw new IllegalStateException("getMessage() is broken");
            }
            if (how == Hostility.MESSAGE_OVERFLOWS) {
                return "again " + getMessage(); // calls itself until the stack overflows
            }
            return super.getMessage();
        }

        @Override
        public String toString() {
            switch (how) {
                case TO_STRING_THROWS:
                    throw new UnsupportedOperationException("toString() is broken");
                case TO_STRING_THROWS_ERROR:
                    throw new Error("toString() is broken");
                case TO_STRING_OVERFLOWS:
                    return "again " + this; // calls itself until the stack overflows
                case TO_STRING_THROWS_CHECKED:
                    throw HostileValuesTest.<RuntimeException>sneaky(new Exception("toString() is broken"));
                default:
                    return super.toString();
            }
        }
    }

    /** An unprintable failure that tells its own wait, with a {@code retryAfter()} that throws an unprintable one. */
    static class UnprintableRetryAfter extends Unprintable implements RetryAfter {
        UnprintableRetryAfter(Hostility how) {
            super(how);
        }

        @Override
        public Duration retryAfter() {
            throw new Unprintable(how);
        }
    }

    @SuppressWarnings("unchecked")
    static <T extends Throwable> T sneaky(Throwable t) throws T {
        throw (T) t;
    }

    /** What {@link ThrowsUnprintable} throws; set by the test. */
    static volatile Hostility predicateThrows = Hostility.MESSAGE_THROWS;

    public static class ThrowsUnprintable implements FailurePredicate {
        @Override
        public boolean test(Throwable failure) {
            throw new Unprintable(predicateThrows);
        }
    }

    public static class BrokenPredicate implements FailurePredicate {
        @Override
        public boolean test(Throwable failure) {
            throw new IllegalStateException("predicate bug");
        }
    }

    /** An order and its line point at each other: printing either overflows the stack. */
    static final class Order {
        final List<Line> lines = new ArrayList<>();

        @Override
        public String toString() {
            return "Order" + lines;
        }
    }

    static final class Line {
        final Order order;

        Line(Order order) {
            this.order = order;
            order.lines.add(this);
        }

        @Override
        public String toString() {
            return "Line of " + order;
        }
    }

    static class Service {
        final Script script;

        Service(Script script) {
            this.script = script;
        }

        private CompletableFuture<String> attempt() {
            try {
                script.attempt();
                return CompletableFuture.completedFuture("ok");
            } catch (Throwable failure) {
                return CompletableFuture.failedFuture(failure);
            }
        }

        @Retry(tries = 3, delay = 10)
        String call() throws Throwable {
            script.attempt();
            return "ok";
        }

        @Retry(tries = 3, delay = 10)
        CompletableFuture<String> callAsync() {
            return attempt();
        }

        @Retry(tries = 1)
        String single() throws Throwable {
            script.attempt();
            return "ok";
        }

        @Retry(tries = 1)
        CompletableFuture<String> singleAsync() {
            return attempt();
        }

        @Retry(tries = 3, delay = 10, recover = "fallback")
        String recovering() throws Throwable {
            script.attempt();
            return "ok";
        }

        @Retry(tries = 3, delay = 10, recover = "fallbackAsync")
        CompletableFuture<String> recoveringAsync() {
            return attempt();
        }

        String fallback() {
            return "recovered";
        }

        CompletableFuture<String> fallbackAsync() {
            return CompletableFuture.completedFuture("recovered");
        }

        @Retry(tries = 3, delay = 10, giveUpIf = ThrowsUnprintable.class)
        String predicateThrows() throws Throwable {
            script.attempt();
            return "ok";
        }

        @Retry(tries = 3, delay = 10, giveUpIf = ThrowsUnprintable.class)
        CompletableFuture<String> predicateThrowsAsync() {
            return attempt();
        }

        @Retry(tries = 3, delay = 10, giveUpIf = BrokenPredicate.class)
        String brokenPredicate() throws Throwable {
            script.attempt();
            return "ok";
        }

        @Retry(tries = 3, delay = 10, giveUpIf = BrokenPredicate.class)
        CompletableFuture<String> brokenPredicateAsync() {
            return attempt();
        }

        @Retry(tries = 3, delay = 10, logArguments = true)
        String withArgument(Object argument) throws Throwable {
            script.attempt();
            return "ok";
        }

        @Retry(tries = 3, delay = 10, logArguments = true)
        CompletableFuture<String> withArgumentAsync(Object argument) {
            return attempt();
        }
    }

    static class Outer {
        final Service inner;

        Outer(Service inner) {
            this.inner = inner;
        }

        @Retry(tries = 2, delay = 10)
        String call() throws Throwable {
            return inner.call();
        }

        @Retry(tries = 2, delay = 10)
        CompletableFuture<String> callAsync() {
            return inner.callAsync();
        }
    }

    @RegisterExtension
    final CapturedLog log = CapturedLog.of("dev.ajretry").at(Level.DEBUG);
    private RecordingSleeper sleeper;

    @BeforeEach
    void install() {
        sleeper = RecordingSleeper.installOnThisThread();
    }

    @AfterEach
    void release() {
        sleeper.close();
    }

    static Stream<Arguments> hostilitiesAndPaths() {
        return Stream.of(Hostility.values())
                .flatMap(how -> Stream.of(Path.values()).map(path -> Arguments.of(how, path)));
    }

    private static Unprintable[] unprintables(Hostility how, int count) {
        Unprintable[] failures = new Unprintable[count];
        for (int i = 0; i < count; i++) {
            failures[i] = new Unprintable(how);
        }
        return failures;
    }

    /** What the call ended with: its failure, or its value as a string. */
    private static Object outcome(Path path, Script script, Function<Service, Object> blocking,
                                  Function<Service, CompletableFuture<String>> async) {
        Service service = new Service(script);
        if (path == Path.BLOCKING) {
            try {
                return blocking.apply(service);
            } catch (Throwable thrown) {
                return thrown;
            }
        }
        // handle, not join: join would wrap the failure in a CompletionException, which prints it.
        return async.apply(service).handle((value, failure) -> failure != null ? failure : value).join();
    }

    private static Function<Service, Object> unchecked(ThrowingCall call) {
        return service -> {
            try {
                return call.call(service);
            } catch (Throwable t) {
                throw HostileValuesTest.<RuntimeException>sneaky(t);
            }
        };
    }

    @FunctionalInterface
    interface ThrowingCall {
        Object call(Service service) throws Throwable;
    }

    /** Identity, with a failure message that does not print the hostile values. */
    private static void assertSameInstance(Object actual, Throwable expected) {
        assertThat(actual == expected).as("the caller got %s, not its last failure (%s)",
                actual == null ? "null" : actual.getClass().getName(), expected.getClass().getName()).isTrue();
    }

    private List<String> lines() {
        return log.lines();
    }

    @ParameterizedTest
    @MethodSource("hostilitiesAndPaths")
    void theCallerGetsItsLastFailureWhenNoFailureCanBePrinted(Hostility how, Path path) {
        Unprintable[] failures = unprintables(how, 3);

        Object outcome = outcome(path, Script.failing(failures), unchecked(Service::call), Service::callAsync);

        assertSameInstance(outcome, failures[2]);
        List<String> lines = lines();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).startsWith("DEBUG").contains("attempt 1 of 3 failed with <"
                + Unprintable.class.getName() + ": toString() threw ");
        assertThat(lines.get(2)).startsWith("WARN").contains("gave up, tries exhausted after 3 of 3 attempts;"
                + " throwing <" + Unprintable.class.getName() + ": toString() threw ")
                .contains("#3 at +20 ms ran 0 ms, failed with <" + Unprintable.class.getName() + ": toString() threw");
    }

    @ParameterizedTest
    @MethodSource("hostilitiesAndPaths")
    void aSingleTryWithAnUnprintableFailureHandsItBack(Hostility how, Path path) {
        Unprintable failure = new Unprintable(how);

        Object outcome = outcome(path, Script.failing(failure), unchecked(Service::single), Service::singleAsync);

        assertSameInstance(outcome, failure);
        assertThat(lines()).singleElement().asString().startsWith("DEBUG")
                .contains("1 of 1").contains("failed with <" + Unprintable.class.getName() + ": toString() threw");
    }

    @ParameterizedTest
    @MethodSource("hostilitiesAndPaths")
    void aRecoveryStillRecoversFromUnprintableFailures(Hostility how, Path path) {
        Object outcome = outcome(path, Script.failing(unprintables(how, 3)), unchecked(Service::recovering),
                Service::recoveringAsync);

        assertThat(outcome).isEqualTo("recovered");
    }

    @ParameterizedTest
    @MethodSource("hostilitiesAndPaths")
    void aGiveUpPredicateThatThrowsAnUnprintableExceptionGivesUpWithTheFailure(Hostility how, Path path) {
        predicateThrows = how;
        IllegalStateException failure = new IllegalStateException("the failure");

        Object outcome = outcome(path, Script.failing(failure), unchecked(Service::predicateThrows),
                Service::predicateThrowsAsync);

        assertSameInstance(outcome, failure);
        assertThat(failure.getSuppressed()).singleElement().isInstanceOf(Unprintable.class);
        assertThat(lines()).anySatisfy(line -> assertThat(line).startsWith("WARN").contains("giveUpIf predicate "
                + ThrowsUnprintable.class.getName() + " threw <" + Unprintable.class.getName()
                + ": toString() threw"));
    }

    @ParameterizedTest
    @MethodSource("hostilitiesAndPaths")
    void aGiveUpPredicateThatThrowsOnAnUnprintableFailureGivesUpWithIt(Hostility how, Path path) {
        Unprintable failure = new Unprintable(how);

        Object outcome = outcome(path, Script.failing(failure), unchecked(Service::brokenPredicate),
                Service::brokenPredicateAsync);

        assertSameInstance(outcome, failure);
        assertThat(lines()).anySatisfy(line -> assertThat(line).startsWith("WARN")
                .contains("threw java.lang.IllegalStateException: predicate bug on <" + Unprintable.class.getName()
                        + ": toString() threw"));
    }

    @ParameterizedTest
    @MethodSource("hostilitiesAndPaths")
    void aRetryAfterThatThrowsAnUnprintableExceptionKeepsTheSchedule(Hostility how, Path path) {
        Unprintable[] failures = {new UnprintableRetryAfter(how), new UnprintableRetryAfter(how)};

        Object outcome = outcome(path, Script.failing(failures), unchecked(Service::call), Service::callAsync);

        assertThat(outcome).isEqualTo("ok");
        assertThat(sleeper.waits()).containsExactly(Duration.ofMillis(10), Duration.ofMillis(10));
        assertThat(lines()).anySatisfy(line -> assertThat(line).startsWith("WARN")
                .contains("retryAfter() of " + UnprintableRetryAfter.class.getName() + " threw <"
                        + Unprintable.class.getName() + ": toString() threw"));
    }

    @ParameterizedTest
    @MethodSource("hostilitiesAndPaths")
    void nestedRetriesHandBackTheUnprintableFailure(Hostility how, Path path) {
        Unprintable[] failures = unprintables(how, 6);
        Service inner = new Service(Script.failing(failures));
        Outer outer = new Outer(inner);

        Object outcome;
        if (path == Path.BLOCKING) {
            try {
                outcome = outer.call();
            } catch (Throwable thrown) {
                outcome = thrown;
            }
        } else {
            outcome = outer.callAsync().handle((value, failure) -> failure != null ? failure : value).join();
        }

        assertSameInstance(outcome, failures[5]);
    }

    /** A listener that reads what the events offer as text: each history record, and the event itself. */
    static final class PrintingListener implements RetryListener {
        final List<String> texts = new ArrayList<>();

        @Override
        public void onRetry(RetryEvent event) {
            print(event);
        }

        @Override
        public void onGiveUp(RetryEvent event) {
            print(event);
        }

        private void print(RetryEvent event) {
            for (AttemptRecord record : event.history()) {
                texts.add(record.toString());
            }
            texts.add(event.toString());
        }
    }

    @ParameterizedTest
    @MethodSource("hostilitiesAndPaths")
    void eventsAndTheirHistoryPrintUnprintableFailures(Hostility how, Path path) {
        Unprintable[] failures = unprintables(how, 3);
        PrintingListener listener = new PrintingListener();

        Object outcome;
        try (RetryListeners.Registration registration = RetryListeners.register(listener)) {
            outcome = outcome(path, Script.failing(failures), unchecked(Service::call), Service::callAsync);
        }

        assertSameInstance(outcome, failures[2]);
        // 2 retries (1 and 2 records) and the give-up (3 records), each followed by the event's own text
        assertThat(listener.texts).hasSize(9);
        assertThat(listener.texts.get(0)).isEqualTo("#1 failed with <" + Unprintable.class.getName()
                + ": toString() threw " + threwClass(how) + ">, then waited 10 ms");
        assertThat(listener.texts.get(8)).startsWith("RetryEvent[kind=GIVE_UP").contains("failure=<"
                + Unprintable.class.getName() + ": toString() threw");
        assertThat(lines()).noneMatch(line -> line.contains("Retry listener"));
    }

    private static String threwClass(Hostility how) {
        switch (how) {
            case MESSAGE_THROWS: return IllegalStateException.class.getName();
            case MESSAGE_OVERFLOWS: return StackOverflowError.class.getName();
            case TO_STRING_THROWS: return UnsupportedOperationException.class.getName();
            case TO_STRING_THROWS_ERROR: return Error.class.getName();
            case TO_STRING_OVERFLOWS: return StackOverflowError.class.getName();
            default: return Exception.class.getName();
        }
    }

    @ParameterizedTest
    @EnumSource(Hostility.class)
    void anAttemptRecordPrintsAnUnprintableFailure(Hostility how) {
        AttemptRecord record = new AttemptRecord(2, Duration.ofMillis(5), Duration.ofMillis(1), new Unprintable(how),
                null);

        assertThat(record.toString()).isEqualTo("#2 at +5 ms ran 1 ms, failed with <" + Unprintable.class.getName()
                + ": toString() threw " + threwClass(how) + ">");
    }

    static Stream<Arguments> unprintableArguments() {
        Order order = new Order();
        new Line(order);
        return Stream.of(Path.values()).flatMap(path -> Stream.of(
                Arguments.of(path, "an order and its line", order, "<" + Order.class.getName()
                        + ": toString() threw java.lang.StackOverflowError>"),
                Arguments.of(path, "an unprintable exception", new Unprintable(Hostility.TO_STRING_THROWS_ERROR),
                        "<" + Unprintable.class.getName() + ": toString() threw java.lang.Error>")));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("unprintableArguments")
    void anArgumentThatCannotBePrintedIsShownAsSuch(Path path, String what, Object argument, String shown) {
        IllegalStateException[] failures = {new IllegalStateException("1"), new IllegalStateException("2"),
                new IllegalStateException("3")};

        Object outcome = outcome(path, Script.failing(failures), unchecked(s -> s.withArgument(argument)),
                s -> s.withArgumentAsync(argument));

        assertSameInstance(outcome, failures[2]);
        assertThat(lines()).last().asString().startsWith("WARN").endsWith("; arguments: [" + shown + "]");
    }

    /** What a listener throws; set by the test. */
    static Throwable thrownByListener;

    static final class ThrowingListener implements RetryListener {
        @Override
        public void onRetry(RetryEvent event) {
            throw HostileValuesTest.<RuntimeException>sneaky(thrownByListener);
        }

        @Override
        public void onGiveUp(RetryEvent event) {
            throw HostileValuesTest.<RuntimeException>sneaky(thrownByListener);
        }

        @Override
        public boolean wantsFirstAttemptSuccesses() {
            return true;
        }

        @Override
        public void onFirstAttemptSuccess(Method method) {
            throw HostileValuesTest.<RuntimeException>sneaky(thrownByListener);
        }
    }

    /** The exceptions a logger cannot take: logback reads the message of the exception, its cause, its suppressed. */
    static Stream<Arguments> unprintableListenerFailures() {
        return Stream.of(Hostility.MESSAGE_THROWS, Hostility.MESSAGE_OVERFLOWS).flatMap(how -> Stream.of(Path.values())
                .flatMap(path -> {
                    IllegalStateException withUnprintableCause = new IllegalStateException("listener bug",
                            new Unprintable(how));
                    IllegalStateException withUnprintableSuppressed = new IllegalStateException("listener bug");
                    withUnprintableSuppressed.addSuppressed(new Unprintable(how));
                    return Stream.of(Arguments.of(how, path, "itself", new Unprintable(how)),
                            Arguments.of(how, path, "its cause", withUnprintableCause),
                            Arguments.of(how, path, "its suppressed", withUnprintableSuppressed));
                }));
    }

    @ParameterizedTest(name = "{0} {1}: {2}")
    @MethodSource("unprintableListenerFailures")
    void aListenerThatThrowsAnUnprintableExceptionIsLoggedAndSkipped(Hostility how, Path path, String which,
                                                                      Throwable thrown) {
        thrownByListener = thrown;
        IllegalStateException[] failures = {new IllegalStateException("1"), new IllegalStateException("2"),
                new IllegalStateException("3")};
        Object outcome;
        Object success;
        try (RetryListeners.Registration registration = RetryListeners.register(new ThrowingListener())) {
            outcome = outcome(path, Script.failing(failures), unchecked(Service::call), Service::callAsync);
            success = outcome(path, Script.succeeding(), unchecked(Service::call), Service::callAsync);
        }

        assertSameInstance(outcome, failures[2]);
        assertThat(success).isEqualTo("ok");
        List<String> warnings = lines().stream().filter(line -> line.contains("Retry listener"))
                .collect(Collectors.toList());
        // two retries, the give-up, the first-attempt success
        assertThat(warnings).hasSize(4).allSatisfy(line -> assertThat(line).startsWith("WARN Retry listener "
                + ThrowingListener.class.getName() + " threw "));
    }
}
