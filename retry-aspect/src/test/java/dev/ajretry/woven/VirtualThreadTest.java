package dev.ajretry.woven;

import dev.ajretry.Retry;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * On JDK 21+, a blocking @Retry call on a virtual thread waits without pinning its carrier: a thousand calls each
 * waiting 200 ms finish together, on the handful of carrier threads there are. Pinned, they would need
 * 1000 x 200 ms / carriers, well over a minute on two cores.
 */
class VirtualThreadTest {

    static class Flaky {
        final AtomicInteger attempts = new AtomicInteger();

        @Retry(tries = 2, delay = 200)
        String call() throws IOException {
            if (attempts.incrementAndGet() == 1) {
                throw new IOException("first attempt fails");
            }
            return Thread.currentThread().toString();
        }
    }

    @Test
    void waitsDoNotPinTheCarrierThread() throws Exception {
        assumeTrue(Runtime.version().feature() >= 21, "virtual threads need JDK 21+");
        // The tests compile for Java 17, so the JDK 21 API is reached by reflection.
        ExecutorService virtualThreads = (ExecutorService) Executors.class
                .getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
        int calls = 1000;
        long start = System.nanoTime();
        List<Future<String>> results = new ArrayList<>();
        try {
            for (int i = 0; i < calls; i++) {
                Flaky flaky = new Flaky();
                results.add(virtualThreads.submit(flaky::call));
            }
            for (Future<String> result : results) {
                assertThat(result.get(2, TimeUnit.MINUTES)).contains("VirtualThread");
            }
        } finally {
            virtualThreads.shutdownNow();
        }
        long elapsed = System.nanoTime() - start;
        assertThat(elapsed).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(200));
        // Generous: unpinned this takes well under a second; pinned on two carriers it takes 100 s.
        assertThat(elapsed).isLessThan(TimeUnit.SECONDS.toNanos(30));
    }
}
