package dev.ajretry.examples;

/**
 * One call the example app makes, what it is expected to do, and what it did.
 *
 * @param name             what the call shows
 * @param expectedAttempts how many requests the server should see for it
 * @param attempts         how many it saw
 * @param outcome          the value returned, or the exception thrown, as text
 * @param asExpected       whether the outcome is the designed one (value or exception type, and attempt count)
 * @param millis           how long the call took, waits included
 */
public record Scenario(String name, int expectedAttempts, int attempts, String outcome, boolean asExpected,
                       long millis) {
}
