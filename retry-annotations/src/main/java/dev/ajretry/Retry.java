package dev.ajretry;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.concurrent.TimeUnit;

/**
 * Re-invokes the annotated method when it throws, according to the policy given by the attributes.
 *
 * <p>The method is woven at compile time by the {@code RetryAspect} of {@code retry-aspect} (through
 * {@code aspectj-maven-plugin}); there is no proxy, so private, static, final and self-invoked methods are retried
 * too. Without weaving this annotation does nothing: see the README and docs/setup.md for the build setup.
 *
 * <h2>On a method or on a type</h2>
 * On a method it applies to that method. On a type it applies to every {@code public} method declared in that type
 * (not to methods inherited from elsewhere, nor to nested types); a method's own {@code @Retry} wins over its type's.
 *
 * <h2>The schedule of waits</h2>
 * All durations are in {@link #unit()}. The wait after the first failed attempt is {@link #delay()}; each later wait
 * is the previous wait times {@link #backoff()}, plus {@link #jitter()} (multiply first, then add). Every wait, the
 * first included, is then raised to {@link #minDelay()} and lowered to {@link #maxDelay()}, and it is never negative.
 * The next wait is computed from the previous wait as clamped, so a wait that reached {@code maxDelay} stays there.
 * Arithmetic saturates: a huge backoff or an unbounded number of tries never overflows into a negative wait.
 * <p>Example: {@code @Retry(tries = 6, delay = 100, backoff = 2, jitter = 10, maxDelay = 500)} waits
 * 100, 210, 430, 500 and 500 ms between its six attempts. {@link #randomJitter()} adds randomness on top.
 *
 * <h2>Deadline, the server's word, per-exception waits</h2>
 * {@link #maxDuration()} bounds a call: no wait starts that would end at it or after it. A failure implementing
 * {@link RetryAfter} sets the next wait itself; {@link #waitOn()} gives fixed waits to particular exceptions. Both
 * replace the schedule's wait for that attempt only, and neither is clamped or jittered.
 *
 * <h2>What is retried</h2>
 * A failure is retried when, in this order of precedence:
 * <ol>
 *   <li>it is not an instance of a class in {@link #abortOn()} (those are never retried);</li>
 *   <li>it is not an {@link InterruptedException} (an interrupt is never swallowed by retrying);</li>
 *   <li>it is a {@link RetryableException}, implements {@link RetryableError}, or is of a class registered as
 *       retryable for the whole application: always retried; or</li>
 *   <li>it is an instance of a class in {@link #exceptions()}. A {@link java.lang.Error} is retried only when
 *       {@code exceptions} lists {@code Error} or one of its subclasses: {@code Throwable.class} does not cover
 *       errors such as {@code OutOfMemoryError}.</li>
 * </ol>
 * A failure so retried gets its retry unless the tries, the budget, the deadline or an interrupt end the call; last,
 * the {@link #giveUpIf()} predicate, if any, is asked and may still say "give up". It is never asked about a failure
 * that would not be retried anyway (the last attempt's, for instance).
 *
 * <h2>When it fails</h2>
 * The caller gets the very exception instance the last attempt threw, never wrapped (checked exceptions keep their
 * declared type). The failures of earlier attempts are attached to it as suppressed exceptions, oldest first, at most
 * the last 16 distinct ones. A thread interrupted while it waits stops retrying at once, keeps its interrupt flag set
 * and gets the last failure.
 *
 * <p>A returned value can count as a failure too: see {@link #retryIfResult()}. When the series ends with a failure,
 * {@link #recover()} can name a method whose value is returned instead.
 *
 * <h2>Invalid values</h2>
 * The policy of a method is read, validated and compiled once, at the method's first call (after operators'
 * overrides from system properties and {@code ajretry.properties} are applied). An invalid value is
 * reported by a {@link RetryConfigurationException} naming the class, the method and the attribute, thrown before
 * the method body runs; nothing is silently clamped.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface Retry {

    /** The default number of {@link #tries()}. */
    int DEFAULT_TRIES = 3;

    /** The value of {@link #maxDelay()} that means "no upper bound". */
    long UNBOUNDED = -1;

    /**
     * Total number of attempts, the first included: {@code tries = 3} means one call and at most two retries.
     * A negative value means "until it succeeds" (or until a failure that is not retried).
     * {@code 0} is invalid. {@code 1} means a single attempt, no retry. Default {@value #DEFAULT_TRIES}.
     */
    int tries() default DEFAULT_TRIES;

    /** The wait after the first failed attempt, in {@link #unit()}. {@code >= 0}; default 0 (retry at once). */
    long delay() default 0;

    /**
     * The unit of {@link #delay()}, {@link #jitter()}, {@link #minDelay()}, {@link #maxDelay()},
     * {@link #maxDuration()}, {@link #attemptTimeout()}, {@link #hedgeDelay()} and the {@link #waitOn()} delays.
     * Default milliseconds.
     */
    TimeUnit unit() default TimeUnit.MILLISECONDS;

    /**
     * The factor each wait is multiplied by to give the next: {@code next = previous * backoff + jitter}.
     * {@code 1.0} (the default) keeps the wait constant, {@code 2.0} doubles it, a value below 1 shrinks it.
     * Must be {@code > 0} and finite.
     */
    double backoff() default 1.0;

    /**
     * Added to each wait, after the multiplication by {@link #backoff()}, to give the next wait, in {@link #unit()}.
     * May be negative (waits shrink); a wait never goes below 0. Default 0.
     */
    long jitter() default 0;

    /** Lower bound of every wait, the first included, in {@link #unit()}. {@code >= 0}; default 0. */
    long minDelay() default 0;

    /**
     * Upper bound of every wait, the first included, in {@link #unit()}. {@link #UNBOUNDED} ({@code -1}, the default)
     * means no bound; any other value must be {@code >= minDelay}.
     */
    long maxDelay() default UNBOUNDED;

    /**
     * The failures that are retried, subclasses included. Default: {@code Exception.class}, every exception.
     * See the class documentation for {@link Error}s and for the precedence of {@link #abortOn()}.
     */
    Class<? extends Throwable>[] exceptions() default Exception.class;

    /** Failures that are never retried, subclasses included, whatever {@link #exceptions()} or a marker says. */
    Class<? extends Throwable>[] abortOn() default {};

    /**
     * The most time a call may take, in {@link #unit()}, counted from the start of its first attempt; {@code -1}
     * (the default) for no limit, else {@code > 0}. No wait starts that would end at the deadline or after it: the
     * last failure is thrown at once instead. An attempt already running is not interrupted by it: see
     * {@link #attemptTimeout()}.
     */
    long maxDuration() default -1;

    /**
     * The most time one attempt may run, in {@link #unit()}; {@code -1} (the default) for no limit, else {@code > 0}.
     * An attempt still running when it passes fails with an {@link AttemptTimeoutException}, which is retried (it is
     * a {@link RetryableError}) unless {@link #abortOn()} names it.
     * <ul>
     *   <li>A method returning a {@code CompletionStage}: the attempt's stage is cancelled (through
     *       {@code toCompletableFuture()}, where the stage supports it); nothing blocks.</li>
     *   <li>A blocking method: the calling thread is interrupted. The attempt must respond to interruption
     *       ({@code java.net.http}, NIO channels, {@code Thread.sleep}, {@code lockInterruptibly}, socket I/O on a
     *       virtual thread); a classic blocking socket read and most JDBC drivers do not: give those their own
     *       timeouts. The attempt's own exception, if any, becomes the cause; a result returned late is discarded.
     *       The interrupt ajretry raised is cleared before the next wait and before the caller gets control back; an
     *       interrupt of the caller's own is kept.</li>
     * </ul>
     * No thread is created per attempt: one scheduler thread times every attempt.
     */
    long attemptTimeout() default -1;

    /**
     * For a method returning a {@code CompletionStage}: how many extra attempts may be in flight at once beside the
     * first, to cut the tail latency of calls that are merely slow (hedged requests). {@code >= 0}; default 0 (none).
     * While no attempt has succeeded and fewer than {@code 1 + hedges} are in flight, a new attempt with the same
     * arguments starts {@link #hedgeDelay()} after the latest one started. The first to succeed completes the call,
     * and the others are cancelled. A failure that would be retried ends only its own attempt (the next follows the
     * schedule); one that would not ends the call, and the others are cancelled. Every attempt, hedged or retried,
     * counts against {@link #tries()}, spends the retry budget's tokens and is bound by {@link #maxDuration()} and
     * {@link #attemptTimeout()}. On a blocking method it is an error: a blocking call cannot run two attempts at once.
     */
    int hedges() default 0;

    /**
     * How long an attempt may run, in {@link #unit()}, before a hedge is started beside it; {@code >= 0}, default 0.
     * Set it near the latency the calls reach at a high percentile (the 95th, say): then only the slowest calls get a
     * hedge. See {@link #hedges()}.
     */
    long hedgeDelay() default 0;

    /**
     * Whether {@link #exceptions()}, {@link #abortOn()}, {@link #waitOn()}, the markers {@link RetryableError} and
     * {@link RetryableException}, the classes registered as retryable and {@link RetryAfter} look at the causes of a
     * failure too, not only at the failure itself: an {@code IOException} inside an {@code UncheckedIOException}, a
     * {@code CompletionException} or a framework's wrapper. Default false.
     *
     * <p>The walk down the causes is bounded and safe against a chain that loops. {@code abortOn} matching any link
     * wins; otherwise a link that is retryable makes the failure retryable; the outermost link that implements
     * {@code RetryAfter} or matches a {@code waitOn} entry sets the wait. The caller still gets the failure that was
     * thrown, never one of its causes.
     */
    boolean matchCauses() default false;

    /**
     * Fixed waits for particular failures, instead of the schedule's:
     * {@code waitOn = {@WaitOn(value = SocketTimeoutException.class, delay = 2000), @WaitOn(value =
     * ConnectException.class, delay = 100)}}. The most specific matching class wins (a subclass over its superclass).
     * Waiting on a failure does not make it retried: it must still be covered by {@link #exceptions()} or a marker.
     */
    WaitOn[] waitOn() default {};

    /**
     * A predicate that looks at a failure that would otherwise be retried and can say "give up now" (for example on
     * an HTTP 4xx). It is asked last, after the tries, the budget and the deadline, and never about the last
     * attempt's failure. Public class with a public no-argument constructor, instantiated once per method.
     */
    Class<? extends FailurePredicate> giveUpIf() default FailurePredicate.Never.class;

    /**
     * A predicate that looks at a returned value and can say "this is a failure, try again" (for example an HTTP
     * response with status 503). After the last attempt the caller gets the last result as it is. Public class
     * with a public no-argument constructor, instantiated once per method.
     */
    Class<? extends ResultPredicate<?>> retryIfResult() default ResultPredicate.Never.class;

    /** Random spreading of the waits; see {@link RandomJitter}. Default {@link RandomJitter#NONE}. */
    RandomJitter randomJitter() default RandomJitter.NONE;

    /**
     * The ratio {@code r} of {@link RandomJitter#PROPORTIONAL}: waits spread over {@code [w(1-r), w(1+r)]}.
     * In {@code [0, 1]}; unset (NaN) means 0.2. Setting it with another kind of jitter is an error.
     */
    double jitterRatio() default Double.NaN;

    /**
     * The name of a method of the same class whose value is returned when the series ends with a failure (tries
     * used up, a failure not retried, a give-up, the deadline, an interrupt). It takes the same parameters as the
     * retried method, optionally preceded by a {@link Throwable} (or a subclass: then only failures of that class are
     * recovered), and returns a type assignable to the retried method's. Without a {@code Throwable} parameter it
     * recovers {@link Exception}s only. If it throws, that propagates. It is not called on success. A missing or
     * mismatched method is reported before the first attempt. Not allowed on a type-level {@code @Retry}.
     */
    String recover() default "";

    /**
     * The name of a retry budget shared with every method that names it: a token bucket that stops retries (never
     * first attempts) while a dependency keeps failing, so that retrying cannot multiply the load on it. Each retry
     * spends a token, each successful call earns back a fraction of one, and retries are allowed only while more than
     * half the tokens are left. Empty (the default) for none. See {@code RetryBudgets} in retry-aspect.
     */
    String budget() default "";

    /**
     * What this method does when it is called while another {@code @Retry} method is already retrying on the same
     * thread (nested retries multiply: 3 tries inside 3 tries make 9 calls). See {@link Nested}.
     */
    Nested whenNested() default Nested.RETRY;

    /**
     * Whether the give-up log line and event include the method's arguments (the text of each, cut at 200
     * characters; arrays and the JDK's collections by their first elements), and whether the log lines show a
     * result that {@link #retryIfResult()} rejected (else they say "returned a rejected result" without it). Off by
     * default: arguments and results may hold secrets.
     */
    boolean logArguments() default false;

    /**
     * A fixed wait for failures of the given classes (subclasses included), in the enclosing {@link Retry#unit()},
     * replacing the schedule's wait for that attempt. See {@link Retry#waitOn()}.
     */
    @Documented
    @Retention(RetentionPolicy.RUNTIME)
    @Target({})
    @interface WaitOn {
        /** The failure classes this wait applies to. */
        Class<? extends Throwable>[] value();

        /** The wait, in the enclosing {@code @Retry}'s unit; {@code >= 0}. */
        long delay();
    }
}
