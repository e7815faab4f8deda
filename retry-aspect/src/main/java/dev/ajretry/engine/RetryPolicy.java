package dev.ajretry.engine;

import dev.ajretry.Retry;
import dev.ajretry.RetryConfigurationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The compiled, validated {@link Retry} policy of one method: everything the engine needs, computed once when the
 * method is first called, so that no annotation is read and no value converted on any call.
 *
 * <p>Immutable and thread-safe; shared by every call of the method.
 */
public final class RetryPolicy {

    private final String method;
    private final Logger log;
    private final int tries;
    private final WaitSchedule schedule;
    private final FailureClassifier classifier;

    private RetryPolicy(String method, Logger log, int tries, WaitSchedule schedule, FailureClassifier classifier) {
        this.method = method;
        this.log = log;
        this.tries = tries;
        this.schedule = schedule;
        this.classifier = classifier;
    }

    /**
     * Reads and validates the {@code @Retry} that applies to {@code method}: its own, else its declaring type's.
     *
     * @throws RetryConfigurationException naming the method and every invalid attribute
     * @throws IllegalArgumentException    if neither the method nor its type carries {@code @Retry}
     */
    public static RetryPolicy of(Method method) {
        Retry retry = method.getAnnotation(Retry.class);
        String where = describe(method);
        if (retry == null) {
            retry = method.getDeclaringClass().getAnnotation(Retry.class);
            where += " (from @Retry on " + method.getDeclaringClass().getName() + ")";
        }
        if (retry == null) {
            throw new IllegalArgumentException("no @Retry on " + describe(method) + " nor on its class");
        }
        return of(retry, where, LoggerFactory.getLogger(method.getDeclaringClass()));
    }

    /**
     * Validates {@code retry} and compiles it.
     *
     * @param where how messages name the method, such as {@code com.acme.Client.fetch(String)}
     * @param log   where the series' lines go: the logger of the method's declaring class
     */
    static RetryPolicy of(Retry retry, String where, Logger log) {
        List<String> problems = new ArrayList<>();
        TimeUnit unit = retry.unit();
        if (retry.tries() == 0) {
            problems.add("tries = 0, must be >= 1 (total attempts, the first included) or negative (until success)");
        }
        if (retry.delay() < 0) {
            problems.add("delay = " + retry.delay() + ", must be >= 0");
        }
        double backoff = retry.backoff();
        if (!(backoff > 0) || Double.isInfinite(backoff)) {
            problems.add("backoff = " + backoff + ", must be > 0 and finite");
        }
        if (retry.minDelay() < 0) {
            problems.add("minDelay = " + retry.minDelay() + ", must be >= 0");
        }
        if (retry.maxDelay() != Retry.UNBOUNDED && retry.maxDelay() < Math.max(0, retry.minDelay())) {
            problems.add("maxDelay = " + retry.maxDelay() + ", must be -1 (unbounded) or >= minDelay ("
                    + retry.minDelay() + ")");
        }
        if (retry.exceptions().length > 0 && Arrays.stream(retry.exceptions())
                .allMatch(e -> Arrays.stream(retry.abortOn()).anyMatch(a -> a.isAssignableFrom(e)))) {
            problems.add("abortOn = " + names(retry.abortOn()) + " covers every class of exceptions = "
                    + names(retry.exceptions()) + ", so nothing listed would ever be retried");
        }
        if (!problems.isEmpty()) {
            throw new RetryConfigurationException("@Retry on " + where + ": " + String.join("; ", problems));
        }
        long maxNanos = retry.maxDelay() == Retry.UNBOUNDED ? WaitSchedule.UNBOUNDED : unit.toNanos(retry.maxDelay());
        WaitSchedule schedule = new WaitSchedule(unit.toNanos(retry.delay()), backoff, unit.toNanos(retry.jitter()),
                unit.toNanos(retry.minDelay()), maxNanos);
        return new RetryPolicy(where, log, retry.tries(), schedule,
                new FailureClassifier(retry.exceptions(), retry.abortOn()));
    }

    /** The method as messages and log lines name it, such as {@code com.acme.Client.fetch(String, int)}. */
    public String method() {
        return method;
    }

    /** The logger of the method's declaring class. */
    public Logger log() {
        return log;
    }

    /** Total attempts allowed, the first included, as the annotation says it: negative for "until success". */
    public int tries() {
        return tries;
    }

    /** True if {@code attemptsMade} attempts use up the tries. */
    public boolean exhaustedAfter(long attemptsMade) {
        return tries > 0 && attemptsMade >= tries;
    }

    /** The deterministic schedule of waits. */
    public WaitSchedule schedule() {
        return schedule;
    }

    /** Decides which failures are retried. */
    public FailureClassifier classifier() {
        return classifier;
    }

    /** {@code com.acme.Client.fetch(String, int)}: the declaring class's binary name, the method, parameter types. */
    static String describe(Method method) {
        return method.getDeclaringClass().getName() + "." + method.getName() + Arrays.stream(method.getParameterTypes())
                .map(Class::getSimpleName).collect(Collectors.joining(", ", "(", ")"));
    }

    private static String names(Class<?>[] classes) {
        return Arrays.stream(classes).map(Class::getSimpleName).collect(Collectors.joining(", ", "{", "}"));
    }

    @Override
    public String toString() {
        return "RetryPolicy[" + method + ", tries=" + (tries < 0 ? "unbounded" : tries) + ", " + schedule + "]";
    }
}
