package dev.ajretry.runtime;

import dev.ajretry.internal.env.Environment;
import dev.ajretry.internal.spec.Specs;

import java.util.Comparator;
import java.util.List;

/**
 * ajretry's JVM-wide state as a whole: the sleeper, the asynchronous scheduler and executor, the listeners, the
 * retry budgets, the retryable classes, the operators' overrides, and every method's compiled policy.
 *
 * <ul>
 *   <li>{@link #reset()}, for tests: everything back as at start, policies rebuilt at their next call (so a test
 *       that changes a system property override sees it).</li>
 *   <li>{@link #shutdown()}, for containers (application servers, hot reload): stops the threads ajretry started,
 *       so that nothing of ajretry keeps the application's class loader alive.</li>
 * </ul>
 * Thread-safe.
 */
public final class RetryEnvironment {

    private RetryEnvironment() {
    }

    /**
     * Puts the JVM-wide state back as at start: the real sleeper for every thread, the default scheduler and no
     * executor, only the service-loaded listeners, no budget, no registered retryable class, the overrides
     * ({@code ajretry.properties}, an installed external source such as a Spring {@code Environment}, system
     * properties) read again, and every method's policy built again at its next call. An external source of
     * overrides stays installed: only its owner (the Spring context that installed it, when it closes) removes it. Sleepers installed for one thread are left to the code that installed them, and so are
     * registrations already handed out (closing one later is harmless).
     */
    public static void reset() {
        Environment.reset();
    }

    /**
     * The effective policy of every {@code @Retry} method called so far (since the JVM started or the last
     * {@link #reset()}), overrides applied, sorted by method: for operators' tools. It walks every woven class's
     * table, so call it when asked (an endpoint, a diagnostic), never per call. A method whose policy is invalid is
     * not listed: its calls throw a {@code RetryConfigurationException} saying why. JVM-wide: methods of every
     * application in this class loader hierarchy that ajretry served.
     */
    public static List<RetryPolicyDescription> policies() {
        return Specs.built().stream().map(RetryPolicyDescription::of)
                .sorted(Comparator.comparing(RetryPolicyDescription::method))
                .toList();
    }

    /**
     * Stops the default scheduler's threads ({@code ajretry-scheduler-N}). Call it when the application stops, once
     * it makes no more calls. An asynchronous call still waiting for its next attempt does not get it, and does not
     * hang either: its future completes now, on the calling thread, with the call's last failure (the same instance,
     * a {@link java.util.concurrent.RejectedExecutionException} saying the scheduler was shut down attached as
     * suppressed; give-up reason {@code HAND_OFF_FAILED}), or with its recovery method's value. Attempts running on
     * the scheduler's threads at that moment are interrupted. A later asynchronous retry starts a new scheduler. A
     * scheduler set with {@link AsyncRetries#useScheduler} is the application's to stop.
     */
    public static void shutdown() {
        Environment.shutdown();
    }
}
