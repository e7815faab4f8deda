/**
 * The sync/async parity harness: every behavioural scenario of {@code @Retry} runs on each {@link
 * dev.ajretry.parity.Driver} (the blocking loop, and the asynchronous driver fed a failed future, a dependent stage
 * or a synchronous throw) and must give the same documented {@link dev.ajretry.parity.Outcome}: waits, attempts,
 * the failure instance and its suppressed list, the result, events, context and MDC inside attempts, budget tokens.
 * Each fixture declares {@code call()} and {@code callAsync()} with the same {@code @Retry} (checked by the
 * {@link dev.ajretry.parity.Harness}); no real time passes (a {@code RecordingSleeper} records the waits).
 *
 * <p>Run: {@code mvn -B -ntp -pl retry-aspect -am test -Dtest='Parity*' -Dsurefire.failIfNoSpecifiedTests=false}.
 * Surefire names a run by its index: [1] BLOCKING, [2] ASYNC_FAILED_FUTURE, [3] ASYNC_DEPENDENT_STAGE,
 * [4] ASYNC_THROWS. The intended differences (interrupts, cancellation) are explained in
 * {@link dev.ajretry.parity.ParityInterruptAndCancelTest}.
 */
package dev.ajretry.parity;
