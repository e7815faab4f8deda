/**
 * Asynchronous calls at scale beside the peers: many concurrent calls, each failing twice with an
 * {@code IOException} delivered through a failed {@code CompletableFuture}, waiting 100 ms twice, then succeeding,
 * through ajretry, Failsafe and Resilience4j. Not JMH: one round of N calls in flight at once, measured by the JVM's
 * management beans, each contender in a JVM of its own. Run by
 * {@link dev.ajretry.benchmarks.scale.AsyncScaleComparison}; see the module's README.
 */
package dev.ajretry.benchmarks.scale;
