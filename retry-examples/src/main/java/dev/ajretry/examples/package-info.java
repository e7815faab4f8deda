/**
 * Runnable applications that show {@code @Retry} at work against real (loopback) servers; each doubles as an
 * end-to-end test. Not published.
 */
package dev.ajretry.examples;
