package dev.ajretry.woven;

import dev.ajretry.FailurePredicate;
import dev.ajretry.Nested;
import dev.ajretry.ResultPredicate;
import dev.ajretry.Retry;
import dev.ajretry.RetryAfter;
import dev.ajretry.RetryEvent;
import dev.ajretry.RetryListener;
import dev.ajretry.runtime.RetryContext;
import dev.ajretry.runtime.RetryListeners;
import dev.ajretry.runtime.Sleeper;
import dev.ajretry.runtime.Sleepers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.MDC;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 12, section 2: the thread's state (the registered series, the MDC entries, {@code RetryContext}) is restored
 * on every way out of a call, whatever a user callback throws and at whichever attempt. Every callback the engine
 * calls (a listener, {@code giveUpIf}, the {@code retryIfResult} predicate, {@code retryAfter()}, the recovery
 * method, the sleeper and its clock) throws each kind of throwable (a runtime exception, an error, a sneaky checked
 * exception, a stack overflow, a fatal error) at each moment it can be called at (the first attempt, a later one, the
 * give-up, the success); blocking, and asynchronous with the attempts on the calling thread or on a pool thread; both
 * made from inside another retried method's second attempt, whose registered series, context and MDC must be the
 * ones restored; and both for methods with an {@code attemptTimeout}, whose calls hold state from the first attempt.
 *
 * <p>After each call, on the calling thread (and on the pool's thread): the MDC holds exactly what it held before
 * (values of an outer series, set by the test), no context is active, and no series is left registered: a probe
 * method that asks for a single attempt when nested still makes all of its attempts, each seeing its own context.
 * The caller's outcome is checked too: it is the failure or value the callback's contract says, nothing is lost.
 */
class ThreadStateRestoredTest {

    static final String OUTER_SERIES = "outer-series";
    static final String OUTER_ATTEMPT = "outer-attempt";

    /** The user callbacks the engine calls during a series. */
    enum Callback {
        LISTENER(Moment.FIRST, Moment.LATER, Moment.GIVE_UP, Moment.SUCCESS, Moment.FIRST_ATTEMPT_SUCCESS),
        /** Asked only about a failure that would otherwise be retried: never at the give-up. */
        GIVE_UP_IF(Moment.FIRST, Moment.LATER),
        RESULT_PREDICATE(Moment.FIRST, Moment.LATER, Moment.GIVE_UP),
        /** Asked only when a retry could follow: never at the give-up. */
        RETRY_AFTER(Moment.FIRST, Moment.LATER),
        /** The result predicate's own retryAfter, asked like a failure's: only when a retry could follow. */
        RESULT_RETRY_AFTER(Moment.FIRST, Moment.LATER),
        /** Called at the give-up only: at attempt 1 (abortOn), at attempt 2 (abortOn), tries exhausted. */
        RECOVER(Moment.FIRST, Moment.LATER, Moment.GIVE_UP),
        /** Waits follow attempts 1 and 2 only. */
        SLEEPER(Moment.FIRST, Moment.LATER),
        /** The same, after results the predicate rejected: another way through the blocking driver. */
        SLEEPER_AFTER_A_REJECTED_RESULT(Moment.FIRST, Moment.LATER),
        /**
         * The sleeper's clock, read before the first attempt (a method with a deadline) and after each failed one (a
         * listener is registered: the history is kept).
         */
        CLOCK(Moment.START, Moment.FIRST, Moment.LATER, Moment.GIVE_UP);

        final Set<Moment> moments;

        Callback(Moment first, Moment... more) {
            this.moments = EnumSet.of(first, more);
        }
    }

    /**
     * When the callback throws: before any attempt, about attempt 1, about attempt 2, at the give-up (3 of 3), at the
     * success (3), at a success of the first attempt (for listeners that want those).
     */
    enum Moment {
        START(0), FIRST(1), LATER(2), GIVE_UP(3), SUCCESS(3), FIRST_ATTEMPT_SUCCESS(1);

        final int attempt;

        Moment(int attempt) {
            this.attempt = attempt;
        }
    }

    enum Path {
        BLOCKING, ASYNC_ON_THE_CALLING_THREAD, ASYNC_ON_A_POOL_THREAD,
        /** The call is made by another retried method, at its second attempt: its series is the one to restore. */
        BLOCKING_INSIDE_A_SERIES,
        ASYNC_INSIDE_A_SERIES,
        /** The methods with an attemptTimeout (a minute: it never fires): a call holds state from its first attempt. */
        BLOCKING_TIMED, ASYNC_TIMED,
        /** Methods with hedges: their own driver (a hedge never starts here: every attempt answers in its call). */
        ASYNC_HEDGED;

        boolean nested() {
            return this == BLOCKING_INSIDE_A_SERIES || this == ASYNC_INSIDE_A_SERIES;
        }

        boolean async() {
            return this != BLOCKING && this != BLOCKING_INSIDE_A_SERIES && this != BLOCKING_TIMED;
        }

        boolean timed() {
            return this == BLOCKING_TIMED || this == ASYNC_TIMED;
        }

        boolean hedged() {
            return this == ASYNC_HEDGED;
        }
    }

    /** What the callback throws. */
    enum Kind {
        RUNTIME_EXCEPTION(() -> new IllegalStateException("callback broke")),
        ERROR(() -> new AssertionError("callback broke")),
        CHECKED_EXCEPTION(() -> new Exception("callback broke, sneakily")),
        STACK_OVERFLOW(() -> new StackOverflowError("callback broke")),
        /** A sleeper's way to say the thread was interrupted; from any other callback, a sneaky checked exception. */
        INTERRUPTED(() -> new InterruptedException("callback interrupted")),
        /** The JVM failing: never contained, it reaches the caller; the thread is left clean all the same. */
        FATAL(() -> new OutOfMemoryError("callback broke (simulated)"));

        final Supplier<Throwable> make;

        Kind(Supplier<Throwable> make) {
            this.make = make;
        }
    }

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (Callback callback : Callback.values()) {
            for (Moment moment : callback.moments) {
                for (Path path : Path.values()) {
                    for (Kind kind : Kind.values()) {
                        cases.add(Arguments.of(callback, moment, path, kind));
                    }
                }
            }
        }
        return cases.stream();
    }

    // ---- the trap: which callback throws what, about which attempt ------------------------------------------

    /** Set by each test before its call; the callbacks are instantiated by the engine, so they read it here. */
    static volatile Callback trappedCallback;
    /** The fixtures of the call under test: the clock reads their attempts so far. */
    static volatile Fixtures current;
    /** True while the call under test runs: the waits of an outer series are not the trapped sleeper's to count. */
    static volatile boolean counting;
    static volatile int trappedAttempt;
    static volatile Throwable trapped;

    /** Which of the sleeper's two callbacks the trap is for: it springs the same way for both. */
    static Callback sleeper() {
        return trappedCallback == Callback.SLEEPER_AFTER_A_REJECTED_RESULT ? trappedCallback : Callback.SLEEPER;
    }

    static void spring(Callback callback, int attempt) {
        if (trappedCallback == callback && trappedAttempt == attempt) {
            throw Fixtures.<RuntimeException>sneaky(trapped);
        }
    }

    /** The failure of attempt {@code attempt}; asks the server's wait of 10 ms (trapped: throws). */
    static final class Failure extends IOException implements RetryAfter {
        final int attempt;

        Failure(int attempt) {
            super("attempt " + attempt);
            this.attempt = attempt;
        }

        @Override
        public Duration retryAfter() {
            spring(Callback.RETRY_AFTER, attempt);
            return Duration.ofMillis(10);
        }
    }

    /** A failure that is never retried: it makes a series give up early, for the recovery's first moments. */
    static final class Fatal extends IOException {
        final int attempt;

        Fatal(int attempt) {
            super("fatal at attempt " + attempt);
            this.attempt = attempt;
        }
    }

    public static final class TrappedGiveUpIf implements FailurePredicate {
        @Override
        public boolean test(Throwable failure) {
            spring(Callback.GIVE_UP_IF, ((Failure) failure).attempt);
            return false;
        }
    }

    /**
     * Rejects every result ({@code "result k"}); trapped: throws about the result of attempt k, from {@code test} or
     * from {@code retryAfter}.
     */
    public static final class TrappedRejects implements ResultPredicate<String> {
        @Override
        public boolean test(String result) {
            spring(Callback.RESULT_PREDICATE, Integer.parseInt(result.substring("result ".length())));
            return true;
        }

        @Override
        public Duration retryAfter(String result) {
            spring(Callback.RESULT_RETRY_AFTER, Integer.parseInt(result.substring("result ".length())));
            return null;
        }
    }

    /** The fixtures: each method runs its attempts from {@link #outcomes}, the same blocking and asynchronous. */
    static final class Fixtures {
        /** Attempt k (1-based) throws outcomes[k - 1] if it is a throwable, else returns it. */
        Object[] outcomes;
        int attempts;

        private String attempt() {
            int attempt = ++attempts;
            Object outcome = outcomes[attempt - 1];
            if (outcome instanceof Throwable) {
                throw Fixtures.<RuntimeException>sneaky((Throwable) outcome);
            }
            return (String) outcome;
        }

        /** Even attempts fail by throwing at once, odd ones with a failed future: both ways out of an attempt. */
        private CompletableFuture<String> attemptAsync() {
            if (attempts % 2 == 1) {
                return CompletableFuture.completedFuture(attempt());
            }
            try {
                return CompletableFuture.completedFuture(attempt());
            } catch (Throwable failure) {
                return CompletableFuture.failedFuture(failure);
            }
        }

        @Retry(tries = 3, delay = 10)
        String plain() {
            return attempt();
        }

        @Retry(tries = 3, delay = 10)
        CompletableFuture<String> plainAsync() {
            return attemptAsync();
        }

        @Retry(tries = 3, delay = 10, maxDuration = 60_000)
        String withDeadline() {
            return attempt();
        }

        @Retry(tries = 3, delay = 10, maxDuration = 60_000)
        CompletableFuture<String> withDeadlineAsync() {
            return attemptAsync();
        }

        @Retry(tries = 3, delay = 10, giveUpIf = TrappedGiveUpIf.class)
        String withGiveUpIf() {
            return attempt();
        }

        @Retry(tries = 3, delay = 10, giveUpIf = TrappedGiveUpIf.class)
        CompletableFuture<String> withGiveUpIfAsync() {
            return attemptAsync();
        }

        @Retry(tries = 3, delay = 10, retryIfResult = TrappedRejects.class)
        String withResultPredicate() {
            return attempt();
        }

        @Retry(tries = 3, delay = 10, retryIfResult = TrappedRejects.class)
        CompletableFuture<String> withResultPredicateAsync() {
            return attemptAsync();
        }

        @Retry(tries = 3, delay = 10, abortOn = Fatal.class, recover = "fallback")
        String withRecovery() {
            return attempt();
        }

        @Retry(tries = 3, delay = 10, abortOn = Fatal.class, recover = "fallbackAsync")
        CompletableFuture<String> withRecoveryAsync() {
            return attemptAsync();
        }

        @Retry(tries = 3, delay = 10, attemptTimeout = 60_000)
        String plainTimed() {
            return attempt();
        }

        @Retry(tries = 3, delay = 10, attemptTimeout = 60_000)
        CompletableFuture<String> plainTimedAsync() {
            return attemptAsync();
        }

        @Retry(tries = 3, delay = 10, maxDuration = 60_000, attemptTimeout = 60_000)
        String withDeadlineTimed() {
            return attempt();
        }

        @Retry(tries = 3, delay = 10, maxDuration = 60_000, attemptTimeout = 60_000)
        CompletableFuture<String> withDeadlineTimedAsync() {
            return attemptAsync();
        }

        @Retry(tries = 3, delay = 10, giveUpIf = TrappedGiveUpIf.class, attemptTimeout = 60_000)
        String withGiveUpIfTimed() {
            return attempt();
        }

        @Retry(tries = 3, delay = 10, giveUpIf = TrappedGiveUpIf.class, attemptTimeout = 60_000)
        CompletableFuture<String> withGiveUpIfTimedAsync() {
            return attemptAsync();
        }

        @Retry(tries = 3, delay = 10, retryIfResult = TrappedRejects.class, attemptTimeout = 60_000)
        String withResultPredicateTimed() {
            return attempt();
        }

        @Retry(tries = 3, delay = 10, retryIfResult = TrappedRejects.class, attemptTimeout = 60_000)
        CompletableFuture<String> withResultPredicateTimedAsync() {
            return attemptAsync();
        }

        @Retry(tries = 3, delay = 10, abortOn = Fatal.class, recover = "fallback", attemptTimeout = 60_000)
        String withRecoveryTimed() {
            return attempt();
        }

        @Retry(tries = 3, delay = 10, abortOn = Fatal.class, recover = "fallbackAsync", attemptTimeout = 60_000)
        CompletableFuture<String> withRecoveryTimedAsync() {
            return attemptAsync();
        }

        @Retry(tries = 3, delay = 10, hedges = 1, hedgeDelay = 10)
        CompletableFuture<String> plainHedgedAsync() {
            return attemptAsync();
        }

        @Retry(tries = 3, delay = 10, maxDuration = 60_000, hedges = 1, hedgeDelay = 10)
        CompletableFuture<String> withDeadlineHedgedAsync() {
            return attemptAsync();
        }

        @Retry(tries = 3, delay = 10, giveUpIf = TrappedGiveUpIf.class, hedges = 1, hedgeDelay = 10)
        CompletableFuture<String> withGiveUpIfHedgedAsync() {
            return attemptAsync();
        }

        @Retry(tries = 3, delay = 10, retryIfResult = TrappedRejects.class, hedges = 1, hedgeDelay = 10)
        CompletableFuture<String> withResultPredicateHedgedAsync() {
            return attemptAsync();
        }

        @Retry(tries = 3, delay = 10, abortOn = Fatal.class, recover = "fallbackAsync", hedges = 1, hedgeDelay = 10)
        CompletableFuture<String> withRecoveryHedgedAsync() {
            return attemptAsync();
        }

        private String fallback(Throwable failure) {
            int attempt = failure instanceof Fatal ? ((Fatal) failure).attempt : ((Failure) failure).attempt;
            spring(Callback.RECOVER, attempt);
            return "recovered";
        }

        private CompletableFuture<String> fallbackAsync(Throwable failure) {
            return CompletableFuture.completedFuture(fallback(failure));
        }

        @SuppressWarnings("unchecked")
        static <T extends Throwable> T sneaky(Throwable failure) throws T {
            throw (T) failure;
        }
    }

    /**
     * The outer series of the nested paths: its first attempt fails; its second makes the call under test, then notes
     * what it sees of its own context and MDC, which the call must have left as it found them.
     */
    static final class Outer {
        int attempts;
        String seenAfterTheCall;

        @Retry(tries = 2, delay = 0)
        Delivered around(java.util.concurrent.Callable<Delivered> call) throws Exception {
            if (++attempts == 1) {
                throw new IOException("outer attempt 1");
            }
            Delivered delivered = call.call();
            RetryContext context = RetryContext.current();
            seenAfterTheCall = context.attempt() + " " + context.method().replaceAll(".*\\$", "") + " series="
                    + (context.seriesId() != null && context.seriesId().equals(MDC.get(RetryContext.MDC_SERIES))
                    ? "mdc" : "other") + " attempt=" + MDC.get(RetryContext.MDC_ATTEMPT);
            return delivered;
        }
    }

    /** The probe: a retried method that must make its three attempts, each seeing its own context and MDC. */
    static final class Probe {
        final List<String> seen = new ArrayList<>();
        int attempts;

        @Retry(tries = 3, delay = 0, whenNested = Nested.SINGLE_ATTEMPT)
        String run() throws IOException {
            RetryContext context = RetryContext.current();
            seen.add(context.attempt() + " " + context.method().replaceAll(".*\\$", "") + " series="
                    + (context.seriesId() == null ? "-" : context.seriesId().equals(MDC.get(RetryContext.MDC_SERIES))
                    ? "mdc" : "other") + " attempt=" + MDC.get(RetryContext.MDC_ATTEMPT));
            if (++attempts < 3) {
                throw new IOException("probe " + attempts);
            }
            return "probed";
        }
    }

    // ---- the sleeper of each path ---------------------------------------------------------------------------

    /** No real time passes: waits return at once; asynchronous ones run inline or on the pool; trapped, it throws. */
    static final class TrappedSleeper implements Sleeper {
        final ExecutorService pool;
        int waits;

        TrappedSleeper(ExecutorService pool) {
            this.pool = pool;
        }

        @Override
        public void sleep(Duration wait) {
            if (!counting) {
                return;
            }
            spring(sleeper(), ++waits);
        }

        @Override
        public long nanoTime() {
            Fixtures fixtures = current;
            if (counting && fixtures != null) {
                spring(Callback.CLOCK, fixtures.attempts);
            }
            return 0;
        }

        @Override
        public Future<?> schedule(Runnable task, Duration delay) {
            if (counting) {
                spring(sleeper(), ++waits);
            }
            if (pool == null) {
                task.run();
                return CompletableFuture.completedFuture(null);
            }
            return pool.submit(task);
        }
    }

    private static ExecutorService pool;
    private Sleepers.Installation installation;
    private RetryListeners.Registration listening;

    @BeforeAll
    static void startThePool() {
        pool = Executors.newSingleThreadExecutor(r -> {
            Thread thread = new Thread(r, "attempts");
            thread.setDaemon(true);
            return thread;
        });
    }

    @AfterAll
    static void stopThePool() {
        pool.shutdownNow();
    }

    @BeforeEach
    void listen() {
        listening = RetryListeners.register(new RetryListener() {
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
            public void onFirstAttemptSuccess(java.lang.reflect.Method method) {
                if (method.getDeclaringClass() == Fixtures.class) {
                    spring(Callback.LISTENER, 1);
                }
            }

            private void heard(RetryEvent event) {
                if (event.method().getDeclaringClass() == Fixtures.class) {
                    spring(Callback.LISTENER, (int) event.attempt());
                }
            }
        });
    }

    @AfterEach
    void cleanUp() throws Exception {
        trappedCallback = null;
        trapped = null;
        current = null;
        listening.close();
        if (installation != null) {
            installation.close();
        }
        MDC.clear();
        onThePool(MDC::clear);
    }

    @ParameterizedTest(name = "{0} throws {3} at {1}, {2}")
    @MethodSource("cases")
    void theThreadIsLeftAsItWas(Callback callback, Moment moment, Path path, Kind kind) throws Exception {
        Fixtures fixtures = new Fixtures();
        current = fixtures;
        fixtures.outcomes = script(callback, moment);
        Throwable thrown = kind.make.get();
        installation = Sleepers.installOnThisThread(
                new TrappedSleeper(path == Path.ASYNC_ON_A_POOL_THREAD ? pool : null));
        MDC.put(RetryContext.MDC_SERIES, OUTER_SERIES);
        MDC.put(RetryContext.MDC_ATTEMPT, OUTER_ATTEMPT);
        onThePool(() -> {
            MDC.put(RetryContext.MDC_SERIES, OUTER_SERIES);
            MDC.put(RetryContext.MDC_ATTEMPT, OUTER_ATTEMPT);
        });
        trappedCallback = callback;
        trappedAttempt = moment.attempt;
        trapped = thrown;

        Delivered delivered;
        if (path.nested()) {
            Outer outer = new Outer();
            delivered = outer.around(() -> counted(() -> call(fixtures, callback, path)));
            assertThat(outer.seenAfterTheCall).as("the outer series' attempt, after the call it made")
                    .isEqualTo("2 Outer.around(Callable) series=mdc attempt=2");
        } else {
            delivered = counted(() -> call(fixtures, callback, path));
        }
        trappedCallback = null;

        boolean interrupted = Thread.interrupted();
        assertThat(delivered.escaped).as("an asynchronous call returns its future, whatever happens").isFalse();
        assertThat(interrupted).as("the interrupt flag: set again only after an interrupted wait")
                .isEqualTo(isSleeper(callback) && kind == Kind.INTERRUPTED && !path.async());
        assertOutcome(callback, moment, kind, path, fixtures, thrown, delivered.failure, delivered.value);
        assertThat(state()).as("the calling thread after the call").isEqualTo(CLEAN);
        assertThat(probe()).as("a retried call made next on the calling thread").isEqualTo(PROBED);
        assertThat(state()).as("the calling thread after the probe").isEqualTo(CLEAN);
        if (path == Path.ASYNC_ON_A_POOL_THREAD) {
            assertThat(onThePool(ThreadStateRestoredTest::state)).as("the attempts' thread after the call")
                    .isEqualTo(CLEAN);
            assertThat(onThePool(ThreadStateRestoredTest::probe)).as("a retried call made next on the attempts'"
                    + " thread").isEqualTo(PROBED);
        }
    }

    /** What each attempt does, for the callback to be called about the moment's attempt. */
    private static Object[] script(Callback callback, Moment moment) {
        if (callback == Callback.RESULT_PREDICATE || callback == Callback.RESULT_RETRY_AFTER
                || callback == Callback.SLEEPER_AFTER_A_REJECTED_RESULT) {
            return new Object[] {"result 1", "result 2", "result 3"};
        }
        if (moment == Moment.SUCCESS) {
            return new Object[] {new Failure(1), new Failure(2), "done"};
        }
        if (moment == Moment.FIRST_ATTEMPT_SUCCESS) {
            return new Object[] {"done"};
        }
        if (callback == Callback.RECOVER && moment == Moment.FIRST) {
            return new Object[] {new Fatal(1)};
        }
        if (callback == Callback.RECOVER && moment == Moment.LATER) {
            return new Object[] {new Failure(1), new Fatal(2)};
        }
        return new Object[] {new Failure(1), new Failure(2), new Failure(3)};
    }

    /** What the caller gets: whatever a callback threw, the call's contract holds. */
    private static boolean isSleeper(Callback callback) {
        return callback == Callback.SLEEPER || callback == Callback.SLEEPER_AFTER_A_REJECTED_RESULT;
    }

    private static void assertOutcome(Callback callback, Moment moment, Kind kind, Path path, Fixtures fixtures,
                                      Throwable thrown, Throwable failure, String value) {
        Object last = fixtures.attempts == 0 ? null : fixtures.outcomes[fixtures.attempts - 1];
        if (kind == Kind.FATAL && !(isSleeper(callback) && path.async())) {
            // Never contained (Texts.isFatal), whoever threw it; only a hand-off attaches it to the last failure.
            assertThat(failure).isSameAs(thrown);
            assertThat(fixtures.attempts).isEqualTo(moment.attempt);
            return;
        }
        switch (callback) {
            case LISTENER:
            case RETRY_AFTER:
                // Contained: logged, and the series goes on as if nothing happened.
                assertThat(fixtures.attempts).isEqualTo(fixtures.outcomes.length);
                if (moment == Moment.SUCCESS || moment == Moment.FIRST_ATTEMPT_SUCCESS) {
                    assertThat(value).isEqualTo("done");
                } else {
                    assertThat(failure).isSameAs(last);
                }
                break;
            case GIVE_UP_IF:
                // A predicate that throws says "give up": the failure it was asked about, the exception attached.
                assertThat(fixtures.attempts).isEqualTo(moment.attempt);
                assertThat(failure).isSameAs(last);
                assertThat(failure.getSuppressed()).contains(thrown);
                break;
            case RESULT_PREDICATE:
            case RESULT_RETRY_AFTER:
                // Documented: what the predicate throws reaches the caller.
                assertThat(fixtures.attempts).isEqualTo(moment.attempt);
                assertThat(failure).isSameAs(thrown);
                break;
            case RECOVER:
                // The recovery's own failure, the final one attached.
                assertThat(fixtures.attempts).isEqualTo(moment.attempt);
                assertThat(failure).isSameAs(thrown);
                assertThat(thrown.getSuppressed()).contains((Throwable) last);
                break;
            case CLOCK:
                // A broken clock ends the call with its exception, the failure it was reading the time after attached.
                assertThat(fixtures.attempts).isEqualTo(moment.attempt);
                assertThat(failure).isSameAs(thrown);
                if (last != null) {
                    assertThat(thrown.getSuppressed()).contains((Throwable) last);
                }
                break;
            case SLEEPER_AFTER_A_REJECTED_RESULT:
                assertThat(fixtures.attempts).isEqualTo(moment.attempt);
                if (!path.async() && kind != Kind.INTERRUPTED) {
                    assertThat(failure).isSameAs(thrown); // blocking: the sleeper's exception
                } else {
                    // An interrupted wait, or a hand-off that failed: the last result, as it is.
                    assertThat(failure).isNull();
                    assertThat(value).isEqualTo(last);
                }
                break;
            case SLEEPER:
                assertThat(fixtures.attempts).isEqualTo(moment.attempt);
                if (failure == thrown) {
                    // Blocking: the sleeper's exception, with the failure it was waiting after.
                    assertThat(thrown.getSuppressed()).contains((Throwable) last);
                } else {
                    // An interrupted wait, or (asynchronous) a failed hand-off: the last failure, the reason attached.
                    assertThat(failure).isSameAs(last);
                    assertThat(failure.getSuppressed()).contains(thrown);
                }
                break;
            default:
                throw new AssertionError(callback);
        }
    }

    // ---- calling, and looking at a thread -----------------------------------------------------------------

    record Delivered(String value, Throwable failure, boolean escaped) {
    }

    private static Delivered counted(java.util.concurrent.Callable<Delivered> call) throws Exception {
        counting = true;
        try {
            return call.call();
        } finally {
            counting = false;
        }
    }

    private static Delivered call(Fixtures fixtures, Callback callback, Path path) throws InterruptedException {
        if (!path.async()) {
            try {
                return new Delivered(blocking(fixtures, callback, path.timed()), null, false);
            } catch (Throwable failure) {
                return new Delivered(null, failure, false);
            }
        }
        CompletableFuture<String> future;
        try {
            future = path.hedged() ? hedged(fixtures, callback) : async(fixtures, callback, path.timed());
        } catch (Throwable escaped) {
            return new Delivered(null, escaped, true);
        }
        try {
            // A guard against a hang only: no outcome depends on how long the call takes.
            return new Delivered(future.get(30, TimeUnit.SECONDS), null, false);
        } catch (ExecutionException failed) {
            return new Delivered(null, failed.getCause(), false);
        } catch (java.util.concurrent.TimeoutException hung) {
            throw new AssertionError("the call never completed", hung);
        }
    }

    private static String blocking(Fixtures fixtures, Callback callback, boolean timed) {
        switch (callback) {
            case GIVE_UP_IF: return timed ? fixtures.withGiveUpIfTimed() : fixtures.withGiveUpIf();
            case RESULT_PREDICATE:
            case RESULT_RETRY_AFTER:
            case SLEEPER_AFTER_A_REJECTED_RESULT:
                return timed ? fixtures.withResultPredicateTimed() : fixtures.withResultPredicate();
            case RECOVER: return timed ? fixtures.withRecoveryTimed() : fixtures.withRecovery();
            case CLOCK: return timed ? fixtures.withDeadlineTimed() : fixtures.withDeadline();
            default: return timed ? fixtures.plainTimed() : fixtures.plain();
        }
    }

    private static CompletableFuture<String> async(Fixtures fixtures, Callback callback, boolean timed) {
        switch (callback) {
            case GIVE_UP_IF: return timed ? fixtures.withGiveUpIfTimedAsync() : fixtures.withGiveUpIfAsync();
            case RESULT_PREDICATE:
            case RESULT_RETRY_AFTER:
            case SLEEPER_AFTER_A_REJECTED_RESULT:
                return timed ? fixtures.withResultPredicateTimedAsync() : fixtures.withResultPredicateAsync();
            case RECOVER: return timed ? fixtures.withRecoveryTimedAsync() : fixtures.withRecoveryAsync();
            case CLOCK: return timed ? fixtures.withDeadlineTimedAsync() : fixtures.withDeadlineAsync();
            default: return timed ? fixtures.plainTimedAsync() : fixtures.plainAsync();
        }
    }

    private static CompletableFuture<String> hedged(Fixtures fixtures, Callback callback) {
        switch (callback) {
            case GIVE_UP_IF: return fixtures.withGiveUpIfHedgedAsync();
            case RESULT_PREDICATE:
            case RESULT_RETRY_AFTER:
            case SLEEPER_AFTER_A_REJECTED_RESULT:
                return fixtures.withResultPredicateHedgedAsync();
            case RECOVER: return fixtures.withRecoveryHedgedAsync();
            case CLOCK: return fixtures.withDeadlineHedgedAsync();
            default: return fixtures.plainHedgedAsync();
        }
    }

    private static final String CLEAN = "MDC " + OUTER_SERIES + "/" + OUTER_ATTEMPT + ", no context";

    /** The MDC entries and the context of the thread, as {@link #CLEAN} says them when untouched. */
    private static String state() {
        RetryContext context = RetryContext.current();
        return "MDC " + MDC.get(RetryContext.MDC_SERIES) + "/" + MDC.get(RetryContext.MDC_ATTEMPT) + ", "
                + (context.active() ? "context " + context : "no context");
    }

    private static final List<String> PROBED = List.of("1 Probe.run() series=- attempt=" + OUTER_ATTEMPT,
            "2 Probe.run() series=mdc attempt=2", "3 Probe.run() series=mdc attempt=3");

    /**
     * The contexts a fresh retried call sees, attempt by attempt. A series left registered on the thread would make
     * it a nested call: one attempt only ({@code whenNested = SINGLE_ATTEMPT}), or another series' context.
     */
    private static List<String> probe() {
        Probe probe = new Probe();
        try (Sleepers.Installation none = Sleepers.installOnThisThread(wait -> { })) {
            assertThat(probe.run()).isEqualTo("probed");
        } catch (IOException failed) {
            return append(probe.seen, "failed: " + failed.getMessage());
        }
        return probe.seen;
    }

    private static List<String> append(List<String> list, String more) {
        List<String> all = new ArrayList<>(list);
        all.add(more);
        return all;
    }

    private static <T> T onThePool(java.util.concurrent.Callable<T> task) throws Exception {
        try {
            return pool.submit(task).get(30, TimeUnit.SECONDS);
        } catch (ExecutionException failed) {
            throw failed.getCause() instanceof Exception ? (Exception) failed.getCause() : failed;
        }
    }

    private static void onThePool(Runnable task) throws Exception {
        onThePool(() -> {
            task.run();
            return null;
        });
    }
}
