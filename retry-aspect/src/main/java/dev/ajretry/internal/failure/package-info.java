/**
 * How ajretry attaches one failure to another: {@link dev.ajretry.internal.failure.Suppressed}, bounded. A leaf
 * package (it depends on no other package of ajretry), so that the policy (a throwing {@code giveUpIf},
 * {@code retryAfter()} or recovery method) and the call (earlier failures, an interrupt, a failed hand-off) attach
 * through the same gate.
 */
package dev.ajretry.internal.failure;
