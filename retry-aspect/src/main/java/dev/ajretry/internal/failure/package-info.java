/**
 * What ajretry does with a failure it did not throw: attaches one to another ({@link
 * dev.ajretry.internal.failure.Suppressed}, bounded) and walks chains of causes ({@link
 * dev.ajretry.internal.failure.Causes}, bounded and safe against loops). A leaf package (it depends on no other package
 * of ajretry), so that the policy (a throwing {@code giveUpIf}, {@code retryAfter()} or recovery method, the
 * {@code matchCauses} walk) and the call (earlier failures, an interrupt, a failed hand-off, a stage's wrapper) go
 * through the same gates.
 */
package dev.ajretry.internal.failure;
