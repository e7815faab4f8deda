package dev.ajretry.parity;

import java.time.Duration;
import java.util.List;

/**
 * Everything one call of a fixture showed, on one driver: what the caller got, how many attempts ran, the waits, the
 * events, what each attempt saw of its context and MDC, the budget afterwards and what the thread was left with.
 * Failures keep their identity ({@code isSameAs}); events are described in a driver-neutral text (see
 * {@link Harness}), so that the expectations of a scenario read the same for every driver.
 *
 * @param result              the value returned, or null
 * @param failure             what the caller got instead: thrown, or the future's failure unwrapped
 * @param suppressed          the failure's suppressed list, empty without failure
 * @param escapedTheFuture    an asynchronous call threw instead of returning a future (never expected)
 * @param completedInCall     the future was complete when the call returned (a recording sleeper runs retries inline)
 * @param attempts            how many times the method body ran
 * @param waits               the waits recorded by the sleeper during the call
 * @param events              listener events, compactly: {@code RETRY #1 IOException(1) wait 100ms}, ...
 * @param eventDetails        the same events with elapsed time, history and recovery: {@code GIVE_UP #3 ... }
 * @param inside              per attempt, the context and MDC it saw: {@code attempt 2 of 3, series S, mdc S/2}
 * @param tokens              the budget's tokens after the call, or null without a budget
 * @param interruptedAfter    the caller's thread had its interrupt flag set after the call (the harness clears it)
 * @param threadAfter         what the call left on the thread: {@code clean}, or the context or MDC left behind
 */
record Outcome(String result, Throwable failure, List<Throwable> suppressed, boolean escapedTheFuture,
               boolean completedInCall, int attempts, List<Duration> waits, List<String> events,
               List<String> eventDetails, List<String> inside, Double tokens, boolean interruptedAfter,
               String threadAfter) {
}
