package dev.ajretry.parity;

import dev.ajretry.Retry;
import dev.ajretry.AttemptRecord;
import dev.ajretry.runtime.RecordingSleeper;
import dev.ajretry.runtime.RetryBudget;
import dev.ajretry.runtime.RetryBudgets;
import dev.ajretry.runtime.RetryContext;
import dev.ajretry.RetryEvent;
import dev.ajretry.RetryListener;
import dev.ajretry.runtime.RetryListeners;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.MDC;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs a fixture on a driver and tells its {@link Outcome}. For each test: a {@link RecordingSleeper} on the test's
 * thread (no real time passes, waits are recorded, asynchronous retries run inline) and a listener recording the
 * fixtures' events; after it, both removed, the budgets it used refilled, the thread's interrupt flag cleared.
 * <pre>{@code @RegisterExtension final Harness harness = new Harness();}</pre>
 */
final class Harness implements BeforeEachCallback, AfterEachCallback {

    private RecordingSleeper sleeper;
    private RetryListeners.Registration registration;
    private final Set<String> budgets = new LinkedHashSet<>();
    private final List<RetryEvent> events = Collections.synchronizedList(new ArrayList<>());
    private final List<String> firstAttemptSuccesses = Collections.synchronizedList(new ArrayList<>());
    private volatile Class<?> fixtureType;

    private final RetryListener recorder = new RetryListener() {
        @Override
        public void onRetry(RetryEvent event) {
            heard(event);
        }

        @Override
        public void onSuccess(RetryEvent event) {
            heard(event);
        }

        @Override
        public void onGiveUp(RetryEvent event) {
            heard(event);
        }

        @Override
        public boolean wantsFirstAttemptSuccesses() {
            return true;
        }

        @Override
        public void onFirstAttemptSuccess(Method method) {
            if (method.getDeclaringClass() == fixtureType) {
                firstAttemptSuccesses.add(method.getName());
            }
        }
    };

    private void heard(RetryEvent event) {
        // Only the fixture's: a listener is global, and another test's asynchronous call may still be running.
        if (event.method().getDeclaringClass() == fixtureType) {
            events.add(event);
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        sleeper = RecordingSleeper.installOnThisThread();
        registration = RetryListeners.register(recorder);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        Thread.interrupted();
        if (registration != null) {
            registration.close();
            registration = null;
        }
        sleeper.close();
        for (String name : budgets) {
            RetryBudget budget = RetryBudgets.find(name);
            if (budget != null) {
                budget.reset();
            }
        }
        budgets.clear();
    }

    /** The recording sleeper of this test. */
    RecordingSleeper sleeper() {
        return sleeper;
    }

    /** Stops listening for the rest of the test: some behaviour must not depend on whether anyone listens. */
    void stopListening() {
        if (registration != null) {
            registration.close();
            registration = null;
        }
    }

    /**
     * The budget {@code name} with the default sizes, full: it is refilled now and after the test. Call before the
     * first call of a fixture naming it.
     */
    RetryBudget budget(String name) {
        return budget(name, RetryBudgets.DEFAULT_MAX_TOKENS, RetryBudgets.DEFAULT_TOKEN_RATIO);
    }

    RetryBudget budget(String name, int maxTokens, double tokenRatio) {
        RetryBudget budget = RetryBudgets.configure(name, maxTokens, tokenRatio);
        budget.reset();
        budgets.add(name);
        return budget;
    }

    /** Calls {@code fixture} once on {@code driver}, its waits, events and attempts counted from now. */
    Outcome run(Driver driver, Fixture fixture) {
        assertSameRetry(fixture.getClass());
        fixture.bind(driver, sleeper);
        fixtureType = fixture.getClass();
        events.clear();
        firstAttemptSuccesses.clear();
        int waitsBefore = sleeper.waits().size();
        String budgetName = retryOf(fixture.getClass(), "call").budget();

        Driver.Delivered delivered = driver.invoke(fixture);

        boolean interrupted = Thread.interrupted();
        List<Duration> waits = sleeper.waits().subList(waitsBefore, sleeper.waits().size());
        RetryBudget budget = budgetName.isEmpty() ? null : RetryBudgets.find(budgetName);
        List<RetryEvent> heard = List.copyOf(events);
        List<String> compact = new ArrayList<>();
        List<String> details = new ArrayList<>();
        firstAttemptSuccesses.forEach(name -> compact.add("FIRST_ATTEMPT_SUCCESS"));
        for (RetryEvent event : heard) {
            compact.add(compact(event));
            details.add(details(event));
        }
        Throwable failure = delivered.failure();
        return new Outcome(delivered.value(), failure,
                failure == null ? List.of() : Arrays.asList(failure.getSuppressed()),
                delivered.escapedTheFuture(), delivered.completedWithinTheCall(), fixture.attempts(),
                List.copyOf(waits), compact, details, fixture.inside(), budget == null ? null : budget.tokens(),
                interrupted, threadState());
    }

    // ---- describing ----------------------------------------------------------------------------------------

    /** {@code IOException(message)}: how failures appear in event texts. */
    static String label(Throwable failure) {
        return failure == null ? "no failure" : failure.getClass().getSimpleName() + "(" + failure.getMessage() + ")";
    }

    private static String millis(Duration duration) {
        if (duration == null) {
            return "?";
        }
        long nanos = duration.toNanos();
        return nanos % 1_000_000 == 0 ? nanos / 1_000_000 + "ms" : duration.toString();
    }

    /** {@code RETRY #1 IOException(1) wait 100ms}, {@code SUCCESS #3}, {@code GIVE_UP #3 TRIES_EXHAUSTED IOException(3)}. */
    static String compact(RetryEvent event) {
        StringBuilder text = new StringBuilder(event.kind().toString()).append(" #").append(event.attempt());
        if (event.kind() == RetryEvent.Kind.GIVE_UP) {
            text.append(' ').append(event.giveUpReason());
        }
        if (event.kind() != RetryEvent.Kind.SUCCESS) {
            text.append(' ').append(event.failure() == null ? "rejected result" : label(event.failure()));
        }
        if (event.nextWait() != null) {
            text.append(" wait ").append(millis(event.nextWait())).append(event.nextWaitFromServer() ? " (server)" : "");
        }
        if (event.recovered()) {
            text.append(" recovered");
        }
        return text.toString();
    }

    /** The compact text, plus tries, elapsed time and history: {@code ... | tries 3, elapsed 220ms, history [...]}. */
    static String details(RetryEvent event) {
        return compact(event) + " | tries " + event.tries() + ", elapsed " + millis(event.elapsed())
                + ", history " + event.history().stream().map(Harness::history).collect(Collectors.toList());
    }

    private static String history(AttemptRecord record) {
        return "#" + record.attempt() + " at " + millis(record.startOffset()) + " ran " + millis(record.duration())
                + " " + (record.failure() == null ? "rejected result" : label(record.failure()))
                + (record.waitAfter() == null ? "" : " then " + millis(record.waitAfter())
                + (record.waitFromServer() ? " (server)" : ""));
    }

    private static String threadState() {
        List<String> left = new ArrayList<>();
        if (RetryContext.current().active()) {
            left.add("context " + RetryContext.current());
        }
        if (MDC.get(RetryContext.MDC_SERIES) != null) {
            left.add("MDC " + RetryContext.MDC_SERIES + "=" + MDC.get(RetryContext.MDC_SERIES));
        }
        if (MDC.get(RetryContext.MDC_ATTEMPT) != null) {
            left.add("MDC " + RetryContext.MDC_ATTEMPT + "=" + MDC.get(RetryContext.MDC_ATTEMPT));
        }
        return left.isEmpty() ? "clean" : String.join(", ", left);
    }

    // ---- the two methods of a fixture carry the same policy -------------------------------------------------

    private static Retry retryOf(Class<?> type, String name) {
        try {
            Retry retry = type.getDeclaredMethod(name).getAnnotation(Retry.class);
            assertThat(retry).as("%s.%s() carries @Retry", type.getSimpleName(), name).isNotNull();
            return retry;
        } catch (NoSuchMethodException e) {
            throw new AssertionError(type.getSimpleName() + " declares no " + name + "()", e);
        }
    }

    /**
     * Both methods carry the same {@code @Retry}, every attribute but {@code recover} (each needs a recovery method
     * of its own return type). A typo in one copy would make a divergence of the fixture look like one of the engine.
     */
    private static void assertSameRetry(Class<?> type) {
        Retry blocking = retryOf(type, "call");
        Retry async = retryOf(type, "callAsync");
        for (Method attribute : Retry.class.getDeclaredMethods()) {
            if (attribute.getName().equals("recover")) {
                assertThat(blocking.recover().isEmpty()).as("recover on both or neither").isEqualTo(async.recover().isEmpty());
                continue;
            }
            try {
                Object a = attribute.invoke(blocking);
                Object b = attribute.invoke(async);
                assertThat(Objects.deepEquals(a, b)).as("%s: @Retry.%s of call() %s, of callAsync() %s",
                        type.getSimpleName(), attribute.getName(), describe(a), describe(b)).isTrue();
            } catch (ReflectiveOperationException e) {
                throw new AssertionError(e);
            }
        }
    }

    private static String describe(Object value) {
        return value instanceof Object[] ? Arrays.deepToString((Object[]) value) : String.valueOf(value);
    }
}
