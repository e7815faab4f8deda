/**
 * Internal; no compatibility promise. One call of a retried method: the pure decision
 * ({@link dev.ajretry.internal.call.Decider}, {@link dev.ajretry.internal.call.Decision}), the per-call state and its
 * steps ({@link dev.ajretry.internal.call.Attempts}), what a call reports ({@link dev.ajretry.internal.call.Reporter})
 * and leaves on its thread ({@link dev.ajretry.internal.call.OnThread}), and the two drivers that carry decisions out:
 * {@link dev.ajretry.internal.call.BlockingCall} (sleep or throw) and {@link dev.ajretry.internal.call.StageCall}
 * (schedule or complete); and {@link dev.ajretry.internal.call.ReactiveSeries}, the bridge through which a driver
 * in another module (retry-reactor's) takes the same steps.
 *
 * <p>May use: {@code dev.ajretry} (and {@code dev.ajretry.rules}, for the message of
 * {@code ReactiveSeries.checkRetried}), {@code dev.ajretry.internal.spec}, {@code dev.ajretry.internal.env}, slf4j.
 * Used by the aspect, by {@code RetryContext} for the attempt in progress, and by retry-reactor's driver.
 */
package dev.ajretry.internal.call;
