/**
 * JUnit 5 support: {@link dev.ajretry.junit.RecordRetries @RecordRetries} records every wait of the test's retried
 * calls instead of sleeping, and {@link dev.ajretry.junit.RetryRecorder} tells the test what was waited.
 *
 * <p>May use: {@code dev.ajretry}, {@code dev.ajretry.runtime}, JUnit Jupiter's extension API.
 */
package dev.ajretry.junit;
