/**
 * Micrometer metrics for {@code @Retry} calls: {@link dev.ajretry.micrometer.RetryMetrics} binds a listener that
 * records calls by outcome, retries, attempts and waits.
 *
 * <p>May use: {@code dev.ajretry}, {@code dev.ajretry.runtime}, Micrometer.
 */
package dev.ajretry.micrometer;
