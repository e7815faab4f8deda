package dev.ajretry.benchmarks.scale;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The remote service of one call: its first two attempts fail with an {@link IOException} delivered through a failed
 * future (not thrown), every later one succeeds with {@link #ANSWER}. Each call has its own instance, so its own
 * attempt counter; attempts may run on any thread (the caller's, then a scheduler's), hence the atomic counter.
 *
 * <p>Plain Java, never woven: every contender calls {@link #attempt()}, ajretry's through {@link AjRetryRemote}.
 */
public final class FlakyRemote {

    /** What a successful attempt answers. */
    public static final String ANSWER = "ok";
    /** How many attempts fail before one succeeds. */
    public static final int FAILURES = 2;

    private final AtomicInteger attempts = new AtomicInteger();

    /** One attempt: a failed future the first {@value #FAILURES} times, then a completed one. */
    public CompletableFuture<String> attempt() {
        if (attempts.incrementAndGet() <= FAILURES) {
            // A real exception, stack trace included, as a client library builds it.
            return CompletableFuture.failedFuture(new IOException("busy"));
        }
        return CompletableFuture.completedFuture(ANSWER);
    }

    /** Attempts made so far. */
    public int attempts() {
        return attempts.get();
    }
}
