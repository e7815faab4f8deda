package dev.ajretry.woven.isolated;

import dev.ajretry.Retry;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Loaded by a throwaway class loader in {@code SpecLookupTest}, as an application's class is in a container: called
 * once (a retry, then success, on both paths) and dropped.
 */
public class Plugin implements Supplier<String> {

    private int calls;

    @Retry(tries = 3, delay = 1)
    String fetch() throws IOException {
        if (++calls == 1) {
            throw new IOException("first attempt fails");
        }
        return "ok";
    }

    @Retry(tries = 3, delay = 1)
    CompletableFuture<String> fetchAsync() {
        return ++calls % 2 == 1 ? CompletableFuture.failedFuture(new IOException("first attempt fails"))
                : CompletableFuture.completedFuture("ok");
    }

    @Override
    public String get() {
        try {
            calls = 0;
            String blocking = fetch();
            calls = 0;
            return blocking + " " + fetchAsync().join();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
