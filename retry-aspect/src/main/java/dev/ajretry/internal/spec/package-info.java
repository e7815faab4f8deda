/**
 * Internal; no compatibility promise. Everything about a method's policy, computed once at its first call: the
 * immutable {@link dev.ajretry.internal.spec.RetrySpec}, read and validated from the annotation and the overrides by
 * {@link dev.ajretry.internal.spec.SpecReader} (with the rules of {@code dev.ajretry.rules}), its schedule, failure
 * classifier and recovery, and the lock-free lookup from a join point ({@link dev.ajretry.internal.spec.Specs}).
 * Nothing here runs per call but the pure functions a decision asks.
 *
 * <p>May use: {@code dev.ajretry}, {@code dev.ajretry.rules}, {@code dev.ajretry.internal.env}, aspectjrt (the join
 * point's static part only), slf4j.
 */
package dev.ajretry.internal.spec;
