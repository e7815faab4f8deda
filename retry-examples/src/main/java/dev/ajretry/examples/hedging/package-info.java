/**
 * Hedged requests against a service with a heavy tail: {@link dev.ajretry.examples.hedging.TailLatencyServer} answers
 * most requests in milliseconds and a few in seconds, {@link dev.ajretry.examples.hedging.TailLatencyClient} reads
 * from it with and without {@code @Retry(hedges = 1)}, and {@link dev.ajretry.examples.hedging.HedgingRun} runs many
 * calls at a fixed concurrency and keeps each call's latency. The demo that prints the percentiles and draws them,
 * {@code HedgingDemo}, is in the test sources, with the libraries it uses (HdrHistogram, JFreeChart).
 */
package dev.ajretry.examples.hedging;
