package dev.ajretry.internal.spec;

import dev.ajretry.internal.env.Environment;
import dev.ajretry.internal.env.TokenBucket;

import dev.ajretry.internal.env.Overrides;

import dev.ajretry.RandomJitter;
import dev.ajretry.ResultPredicate;
import dev.ajretry.Retry;
import dev.ajretry.RetryConfigurationException;
import dev.ajretry.rules.RetryRules;
import org.slf4j.Logger;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.stream.Collectors;

/**
 * The compiled, validated {@link Retry} policy of one method: everything the engine needs, computed once when the
 * method is first called (operators' overrides applied), so that no annotation is read and no value converted on
 * any call. Its methods that decide a wait are pure functions of their arguments; randomness comes in as one.
 * Reading, overriding and checking the annotation is {@link SpecReader}'s part.
 *
 * <p>Immutable and thread-safe; shared by every call of the method.
 */
public final class RetrySpec {

    /** The most parameters a method with {@code recover} or {@code logArguments} may have; see the aspect. */
    public static final int MAX_CAPTURED_PARAMETERS = RetryRules.MAX_CAPTURED_PARAMETERS;

    static final double DEFAULT_JITTER_RATIO = 0.2;

    private final String method;
    private final Method javaMethod;
    private final Logger log;
    private final int tries;
    private final long maxDurationNanos;
    /** {@code attemptTimeout} in nanoseconds; -1 for none. */
    private final long attemptTimeoutNanos;
    private final int hedges;
    private final long hedgeDelayNanos;
    private final Waits waits;
    private final FailureClassifier classifier;
    /**
     * {@code ajretry.maxRetryAfter}, global: set once by {@link #bounded} right after the policy is read, before it
     * is published (the policies' caches publish it safely).
     */
    private long maxRetryAfterNanos = Long.MAX_VALUE;
    private final ResultPredicate<Object> resultPredicate;
    private final Recovery recovery;
    private final boolean logArguments;
    private final TokenBucket budget;
    private final HotSpec hot;
    private final boolean singleAttemptWhenNested;
    /** For methods returning a CompletionStage: the constructor of the declared type, null for CompletableFuture. */
    private final java.lang.reflect.Constructor<?> resultFutureType;

    /** Compiles what {@code b} read and checked; only {@link SpecReader} builds policies. */
    RetrySpec(SpecReader b, WaitSchedule schedule, FailureClassifier classifier) {
        this.method = b.where;
        this.javaMethod = b.javaMethod;
        this.log = b.log;
        this.tries = b.tries;
        this.maxDurationNanos = b.maxDuration < 0 ? -1 : b.unit.toNanos(b.maxDuration);
        this.attemptTimeoutNanos = b.attemptTimeout < 0 ? -1 : b.unit.toNanos(b.attemptTimeout);
        this.hedges = b.tries == 1 ? 0 : b.hedges; // retrying switched off by an operator: no hedge either
        this.hedgeDelayNanos = b.unit.toNanos(b.hedgeDelay);
        this.waits = new Waits(schedule, b.unit.toNanos(b.delay), b.unit.toNanos(b.minDelay),
                b.maxDelay == Retry.UNBOUNDED ? WaitSchedule.UNBOUNDED : b.unit.toNanos(b.maxDelay), b.randomJitter,
                Double.isNaN(b.jitterRatio) ? DEFAULT_JITTER_RATIO : b.jitterRatio, b.waitOnClasses, b.waitOnNanos,
                b.log, b.where);
        this.classifier = classifier;
        this.resultPredicate = b.resultPredicate;
        this.recovery = b.recovery;
        this.logArguments = b.logArguments;
        this.resultFutureType = b.resultFutureType;
        this.budget = b.budget;
        this.singleAttemptWhenNested = b.singleAttemptWhenNested;
        this.hot = new HotSpec(this, maxDurationNanos, resultPredicate != null, attemptTimeoutNanos >= 0, budget);
    }

    /** What a first-attempt success reads, held by {@link Specs}' identity cache. */
    public HotSpec hot() {
        return hot;
    }

    /**
     * Reads, overrides and validates the {@code @Retry} that applies to {@code method}: its own, else its declaring
     * type's. See {@link SpecReader}.
     *
     * @throws RetryConfigurationException naming the method and every invalid attribute
     * @throws IllegalArgumentException    if neither the method nor its type carries {@code @Retry}
     */
    public static RetrySpec of(Method method) {
        return of(method, Overrides.current());
    }

    /** The policy of {@code method} as if it carried {@code retry}: for property tests over generated annotations. */
    public static RetrySpec of(Method method, Retry retry, Overrides overrides) {
        return bounded(SpecReader.read(method, retry, overrides), overrides);
    }

    public static RetrySpec of(Method method, Overrides overrides) {
        return bounded(SpecReader.read(method, overrides), overrides);
    }

    /** Sets the global {@code ajretry.maxRetryAfter} on a policy just read, before anything else sees it. */
    private static RetrySpec bounded(RetrySpec spec, Overrides overrides) {
        long millis = overrides.maxRetryAfterMillis();
        spec.maxRetryAfterNanos = millis < 0 ? Long.MAX_VALUE
                : (millis >= Long.MAX_VALUE / 1_000_000L ? Long.MAX_VALUE : millis * 1_000_000L);
        return spec;
    }

    // ---- what the series asks --------------------------------------------------------------------------------

    /** The method as messages and log lines name it, such as {@code com.acme.Client.fetch(String, int)}. */
    public String method() {
        return method;
    }

    /** The retried method itself. */
    public Method javaMethod() {
        return javaMethod;
    }

    /** The logger of the method's declaring class. */
    public Logger log() {
        return log;
    }

    /** Total attempts allowed, the first included: negative for "until success", 1 when retrying is switched off. */
    public int tries() {
        return tries;
    }

    /** True if {@code attemptsMade} attempts use up the tries. */
    public boolean exhaustedAfter(long attemptsMade) {
        return tries > 0 && attemptsMade >= tries;
    }

    /** True if the method has a {@code maxDuration}: only then is the clock read before the first attempt. */
    public boolean timed() {
        return maxDurationNanos >= 0;
    }

    /**
     * The start of a call's first attempt on the current sleeper's clock, for methods with a deadline; 0 otherwise,
     * so that other methods do not pay for a clock read on their success path.
     */
    public long startTime() {
        return timed() ? Environment.waiter().nanoTime() : 0L;
    }

    /** The deadline in nanoseconds from the first attempt's start; -1 for none. */
    public long maxDurationNanos() {
        return maxDurationNanos;
    }

    /** True if each attempt is cut off after {@link #attemptTimeoutNanos()}. */
    public boolean timesAttempts() {
        return attemptTimeoutNanos >= 0;
    }

    /** {@code attemptTimeout} in nanoseconds; -1 for none. */
    public long attemptTimeoutNanos() {
        return attemptTimeoutNanos;
    }

    /** {@code hedges}: how many extra attempts may run beside the first at once; 0 for none. */
    public int hedges() {
        return hedges;
    }

    /** {@code hedgeDelay} in nanoseconds: how long an attempt runs before a hedge starts beside it. */
    public long hedgeDelayNanos() {
        return hedgeDelayNanos;
    }

    /** True if the lists, the markers, the registry, {@code waitOn} and {@code RetryAfter} look at causes too. */
    public boolean matchesCauses() {
        return classifier.matchesCauses();
    }

    /** Decides which failures are retried. */
    public FailureClassifier classifier() {
        return classifier;
    }

    /** True if returned values are checked by a {@code retryIfResult} predicate. */
    public boolean checksResults() {
        return resultPredicate != null;
    }

    /** True if {@code result} is rejected by the {@code retryIfResult} predicate. */
    public boolean rejects(Object result) {
        return resultPredicate.test(result);
    }

    /** The retry budget the method shares, or null: what its success path refills. */
    public TokenBucket budget() {
        return budget;
    }

    /** A call succeeded (at once or after retries): refills the method's retry budget, if it has one. */
    public void succeeded() {
        if (budget != null) {
            budget.earn();
        }
    }

    /**
     * A call succeeded at its first attempt: {@link #succeeded()}, and the listeners that count every call (usually
     * none: one opaque read).
     */
    public void succeededAtOnce() {
        hot.succeededAtOnce();
    }

    /** True if the method makes a single attempt when it runs inside another retried method. */
    public boolean singleAttemptWhenNested() {
        return singleAttemptWhenNested;
    }

    /** A new, incomplete future of the method's declared return type, for an asynchronous call's result. */
    @SuppressWarnings("unchecked")
    public CompletableFuture<Object> newResultFuture() {
        if (resultFutureType == null) {
            return new CompletableFuture<>();
        }
        try {
            return (CompletableFuture<Object>) resultFutureType.newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot create a " + resultFutureType.getDeclaringClass().getName(), e);
        }
    }

    /** The kind of random jitter. */
    public RandomJitter randomJitter() {
        return waits.randomJitter();
    }

    /** The recovery method, or null. */
    public Recovery recovery() {
        return recovery;
    }

    /** Whether give-up reports include the arguments. */
    public boolean logArguments() {
        return logArguments;
    }

    /** True if the method's {@code recover} method takes over when a call gives up with {@code failure}. */
    public boolean recovers(Throwable failure) {
        return recovery != null && failure != null && recovery.handles(failure);
    }

    /** The wait before a retry, step by step. */
    public Waits waits() {
        return waits;
    }

    /** {@link Waits#base}: the schedule's base wait for the retry after attempt {@code attempt}. */
    public long baseWait(long attempt, long previous, double random) {
        return waits.base(attempt, previous, random);
    }

    /**
     * {@link Waits#serversWord}: the wait {@code failure} asks for through {@code RetryAfter}, or -1. With
     * {@code matchCauses}, the link that sets the wait ({@link Waits#waitLink}) asks, if it implements it.
     */
    public long serversWord(Throwable failure) {
        // The classifier's cached traits first: most failures do not implement RetryAfter.
        if (failure == null || !classifier.asksForItsWait(failure)) {
            return -1;
        }
        return classifier.matchesCauses() ? waits.serversWord(waits.waitLink(failure), failure)
                : waits.serversWord(failure);
    }

    /**
     * The wait the predicate's {@code retryAfter} asks for after it rejected {@code result}, or -1 for "as the
     * schedule says". What it throws reaches the caller, as what {@code test} throws.
     */
    public long resultsWord(Object result) {
        return resultPredicate == null ? -1 : Waits.resultsWord(resultPredicate.retryAfter(result));
    }

    /**
     * {@link Waits#scheduled}: the wait after {@code failure} (null for a rejected result) when the server is silent;
     * with {@code matchCauses}, a {@code waitOn} entry is looked for at the link that sets the wait.
     */
    public long scheduledWait(Throwable failure, long base, double random) {
        return waits.scheduled(failure != null && classifier.matchesCauses() ? waits.waitLink(failure) : failure,
                base, random);
    }

    /**
     * {@code ajretry.maxRetryAfter} in nanoseconds: the longest {@code RetryAfter} waited; {@link Long#MAX_VALUE}
     * when it is not set.
     */
    public long maxRetryAfterNanos() {
        return maxRetryAfterNanos;
    }

    /** True if {@code giveUpIf} says "give up" on {@code failure}: {@link FailureClassifier#givesUp}. */
    public boolean givesUp(Throwable failure) {
        return classifier.givesUp(failure);
    }

    /** {@link Waits#next}: the wait after {@code failure} (null for a rejected result), from the base wait. */
    public long waitFor(Throwable failure, long base, double random) {
        return waits.next(failure, base, random);
    }

    /** {@code com.acme.Client.fetch(String, int)}: the declaring class's binary name, the method, parameter types. */
    public static String describe(Method method) {
        return RetryRules.method(method.getDeclaringClass().getName(), method.getName(),
                Arrays.stream(method.getParameterTypes()).map(Class::getSimpleName).collect(Collectors.toList()));
    }

    @Override
    public String toString() {
        return "RetrySpec[" + method + ", tries=" + (tries < 0 ? "unbounded" : tries) + ", " + waits + "]";
    }
}
