package dev.ajretry.spring.boot;

import dev.ajretry.Retry;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A woven bean whose retried methods always fail, counting their attempts: the number of attempts of one call is the
 * {@code tries} in force. No waits ({@code delay = 0}), so that no test sleeps.
 */
public class Inventory {

    private final AtomicInteger attempts = new AtomicInteger();

    @Retry(tries = 2, delay = 0, exceptions = IOException.class)
    public String reserve(String item) throws IOException {
        attempts.incrementAndGet();
        throw new IOException(item + " is not reachable");
    }

    @Retry(tries = 2, delay = 0, budget = "inventory")
    public String release(String item) {
        attempts.incrementAndGet();
        return item;
    }

    @Retry(tries = 3, delay = 0)
    public CompletionStage<String> reserveLater(String item) {
        attempts.incrementAndGet();
        return CompletableFuture.failedFuture(new IllegalStateException(item + " is not reachable"));
    }

    /** The attempts one call of {@link #reserve} makes, with the overrides in force now. */
    public int attemptsOfOneReserve() {
        attempts.set(0);
        try {
            reserve("book");
        } catch (IOException expected) {
            // every attempt fails: what counts is how many there were
        }
        return attempts.get();
    }
}
