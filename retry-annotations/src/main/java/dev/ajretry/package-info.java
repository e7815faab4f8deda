/**
 * The contract: {@link dev.ajretry.Retry @Retry} and the small types users write against, with no dependency at
 * all. The markers ({@link dev.ajretry.RetryableException}, {@link dev.ajretry.RetryableError}), the server's word
 * ({@link dev.ajretry.RetryAfter}), the predicates ({@link dev.ajretry.FailurePredicate},
 * {@link dev.ajretry.ResultPredicate}), {@link dev.ajretry.RandomJitter}, {@link dev.ajretry.Nested}, and what
 * listeners implement and are told ({@link dev.ajretry.RetryListener}, {@link dev.ajretry.RetryEvent},
 * {@link dev.ajretry.AttemptRecord}). A build that only annotates its methods needs nothing else at compile time.
 *
 * <p>May use: the JDK only.
 */
package dev.ajretry;
