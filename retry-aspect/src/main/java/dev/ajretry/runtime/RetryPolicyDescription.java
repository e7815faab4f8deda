package dev.ajretry.runtime;

import dev.ajretry.RandomJitter;
import dev.ajretry.internal.spec.RetrySpec;
import dev.ajretry.internal.spec.WaitSchedule;
import dev.ajretry.internal.spec.Waits;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The effective policy of one {@code @Retry} method, as it was built at the method's first call: the annotation's
 * values with the operators' overrides applied, in the engine's units (durations, not {@code delay} and
 * {@code unit}). A read-only snapshot for operators' tools, such as an Actuator endpoint; listed by
 * {@link RetryEnvironment#policies()}.
 *
 * <p>Immutable and thread-safe. It holds only names and numbers, never a class or a method, so keeping one keeps no
 * application class (nor its class loader) alive.
 */
public final class RetryPolicyDescription {

    private final String method;
    private final String declaringClass;
    private final String methodName;
    private final int tries;
    private final Duration delay;
    private final double backoff;
    private final Duration jitter;
    private final Duration minDelay;
    private final Duration maxDelay;
    private final Duration maxDuration;
    private final Duration attemptTimeout;
    private final int hedges;
    private final Duration hedgeDelay;
    private final boolean matchCauses;
    private final RandomJitter randomJitter;
    private final double jitterRatio;
    private final List<String> exceptions;
    private final List<String> abortOn;
    private final String giveUpIf;
    private final boolean checksResults;
    private final String recover;
    private final String budget;
    private final boolean logArguments;
    private final boolean singleAttemptWhenNested;
    private final Duration maxRetryAfter;

    private RetryPolicyDescription(RetrySpec spec) {
        Waits waits = spec.waits();
        WaitSchedule schedule = waits.schedule();
        this.method = RetrySpec.describe(spec.javaMethod());
        this.declaringClass = spec.javaMethod().getDeclaringClass().getName();
        this.methodName = spec.javaMethod().getName();
        this.tries = spec.tries();
        this.delay = Duration.ofNanos(waits.delayNanos());
        this.backoff = schedule.backoff();
        this.jitter = Duration.ofNanos(schedule.jitterNanos());
        this.minDelay = Duration.ofNanos(waits.minNanos());
        this.maxDelay = waits.maxNanos() == WaitSchedule.UNBOUNDED ? null : Duration.ofNanos(waits.maxNanos());
        this.maxDuration = spec.maxDurationNanos() < 0 ? null : Duration.ofNanos(spec.maxDurationNanos());
        this.attemptTimeout = spec.timesAttempts() ? Duration.ofNanos(spec.attemptTimeoutNanos()) : null;
        this.matchCauses = spec.matchesCauses();
        this.hedges = spec.hedges();
        this.hedgeDelay = Duration.ofNanos(spec.hedgeDelayNanos());
        this.randomJitter = spec.randomJitter();
        this.jitterRatio = waits.jitterRatio();
        this.exceptions = spec.classifier().retried().stream().map(Class::getName).toList();
        this.abortOn = spec.classifier().aborted().stream().map(Class::getName).toList();
        this.giveUpIf = spec.classifier().giveUpIf() == null ? null : spec.classifier().giveUpIf().getClass().getName();
        this.checksResults = spec.checksResults();
        this.recover = spec.recovery() == null ? null : spec.recovery().description();
        this.budget = spec.budget() == null ? null : spec.budget().name();
        this.logArguments = spec.logArguments();
        this.singleAttemptWhenNested = spec.singleAttemptWhenNested();
        this.maxRetryAfter = spec.maxRetryAfterNanos() == Long.MAX_VALUE ? null
                : Duration.ofNanos(spec.maxRetryAfterNanos());
    }

    static RetryPolicyDescription of(RetrySpec spec) {
        return new RetryPolicyDescription(spec);
    }

    /** The method as ajretry's messages name it: {@code com.acme.Client.fetch(String, int)}. */
    public String method() {
        return method;
    }

    /** The binary name of the method's class ({@code com.acme.Outer$Inner}), as override keys name it. */
    public String declaringClass() {
        return declaringClass;
    }

    /** The method's name, as method override keys name it ({@code ajretry.com.acme.Client.fetch.tries}). */
    public String methodName() {
        return methodName;
    }

    /** Total attempts, the first included: negative for "until success", 1 when retrying is switched off. */
    public int tries() {
        return tries;
    }

    /** {@code delay}: the first wait, before {@code minDelay} and {@code maxDelay} clamp it. */
    public Duration delay() {
        return delay;
    }

    /** {@code backoff}: the multiplier from one wait to the next. */
    public double backoff() {
        return backoff;
    }

    /** {@code jitter}: added to each wait after multiplying; may be negative. */
    public Duration jitter() {
        return jitter;
    }

    /** {@code minDelay}: the shortest wait. */
    public Duration minDelay() {
        return minDelay;
    }

    /** {@code maxDelay}: the longest wait; empty for none. */
    public Optional<Duration> maxDelay() {
        return Optional.ofNullable(maxDelay);
    }

    /** {@code maxDuration}: the deadline from the first attempt's start; empty for none. */
    public Optional<Duration> maxDuration() {
        return Optional.ofNullable(maxDuration);
    }

    /** {@code attemptTimeout}: the most time one attempt may run; empty for none. */
    public Optional<Duration> attemptTimeout() {
        return Optional.ofNullable(attemptTimeout);
    }

    /** {@code hedges}: how many extra attempts may run beside the first at once; 0 for none. */
    public int hedges() {
        return hedges;
    }

    /** {@code hedgeDelay}: how long an attempt runs before a hedge starts beside it. */
    public Duration hedgeDelay() {
        return hedgeDelay;
    }

    /** {@code matchCauses}: whether the failure lists, markers and {@code RetryAfter} look at causes too. */
    public boolean matchCauses() {
        return matchCauses;
    }

    /** {@code randomJitter}. */
    public RandomJitter randomJitter() {
        return randomJitter;
    }

    /** {@code jitterRatio}, as {@code PROPORTIONAL} random jitter uses it (the default applied). */
    public double jitterRatio() {
        return jitterRatio;
    }

    /** {@code exceptions}: the binary names of the classes retried, subclasses included. */
    public List<String> exceptions() {
        return exceptions;
    }

    /** {@code abortOn}: the binary names of the classes never retried, subclasses included. */
    public List<String> abortOn() {
        return abortOn;
    }

    /** {@code giveUpIf}: the predicate's class name; empty for none. */
    public Optional<String> giveUpIf() {
        return Optional.ofNullable(giveUpIf);
    }

    /** True if returned values are checked by a {@code retryIfResult} predicate. */
    public boolean checksResults() {
        return checksResults;
    }

    /** {@code recover}: the recovery method, as messages name it; empty for none. */
    public Optional<String> recover() {
        return Optional.ofNullable(recover);
    }

    /** {@code budget}: the name of the retry budget the method shares; empty for none. */
    public Optional<String> budget() {
        return Optional.ofNullable(budget);
    }

    /** {@code logArguments}. */
    public boolean logArguments() {
        return logArguments;
    }

    /**
     * True if the method makes a single attempt when it runs inside another retried method:
     * {@code whenNested = SINGLE_ATTEMPT}, or {@code ajretry.nested=outermost}.
     */
    public boolean singleAttemptWhenNested() {
        return singleAttemptWhenNested;
    }

    /** {@code ajretry.maxRetryAfter}: the longest wait a failure's {@code RetryAfter} may ask for; empty for none. */
    public Optional<Duration> maxRetryAfter() {
        return Optional.ofNullable(maxRetryAfter);
    }

    @Override
    public String toString() {
        return "RetryPolicyDescription[" + method + ", tries=" + (tries < 0 ? "until success" : tries) + ", delay="
                + delay + ", backoff=" + backoff + ", jitter=" + jitter + ", minDelay=" + minDelay + ", maxDelay="
                + (maxDelay == null ? "none" : maxDelay) + ", maxDuration=" + (maxDuration == null ? "none" : maxDuration)
                + (attemptTimeout == null ? "" : ", attemptTimeout=" + attemptTimeout)
                + (matchCauses ? ", matchCauses" : "")
                + (hedges > 0 ? ", hedges=" + hedges + ", hedgeDelay=" + hedgeDelay : "") + ", randomJitter=" + randomJitter + (budget == null ? "" : ", budget=" + budget) + "]";
    }
}
