/**
 * Internal; no compatibility promise. The one home of ajretry's JVM-wide state
 * ({@link dev.ajretry.internal.env.Environment}: waiter, scheduler, listeners, budgets, retryable classes, overrides,
 * and their reset and shutdown), and the engine's side of the public sleeper and budget
 * ({@link dev.ajretry.internal.env.Waiter}, {@link dev.ajretry.internal.env.TokenBucket}).
 *
 * <p>May use: {@code dev.ajretry}, slf4j, the JDK. Used by the specs, the calls and the runtime facades.
 */
package dev.ajretry.internal.env;
