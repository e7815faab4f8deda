package dev.ajretry.woven;

import dev.ajretry.Retry;
import dev.ajretry.runtime.RecordingSleeper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Soak and stress: a long unbounded series keeps its memory flat; many threads never see each other's attempts or
 * failures; cancellations and interrupts under load end series at once. CI runs a reduced size; the full size runs
 * with {@code mvn verify -Psoak} (a million failed attempts, more threads and calls).
 */
class SoakAndStressTest {

    private static final boolean FULL = Boolean.getBoolean("soak.full");

    // ---- a long unbounded series --------------------------------------------------------------------------------

    static final class Endless {
        final int failures;
        final long[] heapAtCheckpoints = new long[4];
        int attempts;

        Endless(int failures) {
            this.failures = failures;
        }

        @Retry(tries = -1)
        String call() throws IOException {
            int attempt = ++attempts;
            int checkpoint = attempt / (failures / 4);
            if (attempt % (failures / 4) == 0 && checkpoint <= 4 && checkpoint >= 1) {
                heapAtCheckpoints[checkpoint - 1] = usedHeapAfterGc();
            }
            if (attempt <= failures) {
                throw new IOException("failure " + attempt); // a new instance each time, with its stack trace
            }
            return "finally, after " + failures + " failures";
        }
    }

    static long usedHeapAfterGc() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
        }
        return used;
    }

    @Test
    void anUnboundedSeriesOfFailuresKeepsTheHeapFlat() throws Exception {
        int failures = FULL ? 1_000_000 : 200_000;
        Endless endless = new Endless(failures);
        String result;
        try (RecordingSleeper ignored = RecordingSleeper.installOnThisThread()) {
            // The recorder keeps every wait, which would itself grow: record nothing for this one.
            ignored.close();
            try (dev.ajretry.runtime.Sleepers.Installation quiet =
                         dev.ajretry.runtime.Sleepers.installOnThisThread(wait -> { })) {
                result = endless.call();
            }
        }

        assertThat(result).isEqualTo("finally, after " + failures + " failures");
        assertThat(endless.attempts).isEqualTo(failures + 1);
        long first = endless.heapAtCheckpoints[0];
        long last = endless.heapAtCheckpoints[3];
        if (FULL) {
            // The figure is for whoever runs the full soak (-Psoak); the everyday build prints nothing.
            System.out.printf("soak: %,d failed attempts; heap after GC at a quarter: %,d KiB, at the end: %,d KiB%n",
                    failures, first / 1024, last / 1024);
        }
        // Between a quarter of the way and the end, three quarters of the failures came and went: what is kept
        // (16 earlier failures, 16 attempts of history) does not grow with them.
        assertThat(last - first).as("heap growth from %d to %d bytes", first, last).isLessThan(8L * 1024 * 1024);
    }

    // ---- many threads, one method ------------------------------------------------------------------------------

    static final class Shared {
        @Retry(tries = 5)
        static String call(int id, int failures, AtomicInteger attempts, List<Throwable> thrown) throws IOException {
            int attempt = attempts.incrementAndGet();
            if (attempt <= failures) {
                IOException failure = new IOException("call " + id + " attempt " + attempt);
                thrown.add(failure);
                throw failure;
            }
            return "call " + id;
        }
    }

    @Test
    void sixteenThreadsHammeringOneMethodNeverCrossWires() throws Exception {
        int threads = 16;
        int callsPerThread = FULL ? 20_000 : 2_000;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> results = new ArrayList<>();
        try (RecordingSleeper ignored = RecordingSleeper.installEverywhere()) {
            ignored.close();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                results.add(pool.submit(() -> {
                    start.await();
                    int wrong = 0;
                    for (int i = 0; i < callsPerThread; i++) {
                        int id = thread * callsPerThread + i;
                        int failures = ThreadLocalRandom.current().nextInt(7); // 5 or more: gives up
                        AtomicInteger attempts = new AtomicInteger();
                        List<Throwable> thrown = new ArrayList<>();
                        try {
                            String value = Shared.call(id, failures, attempts, thrown);
                            if (failures >= 5 || !value.equals("call " + id) || attempts.get() != failures + 1) {
                                wrong++;
                            }
                        } catch (IOException e) {
                            boolean own = failures >= 5 && attempts.get() == 5 && e == thrown.get(4)
                                    && List.of(e.getSuppressed()).equals(thrown.subList(0, 4));
                            if (!own) {
                                wrong++;
                            }
                        }
                    }
                    return wrong;
                }));
            }
            start.countDown();
            int wrong = 0;
            for (Future<Integer> result : results) {
                wrong += result.get(5, TimeUnit.MINUTES);
            }
            assertThat(wrong).isZero();
        } finally {
            pool.shutdownNow();
        }
    }

    // ---- cancellation and interrupts under load ----------------------------------------------------------------

    static final class Waiting {
        final AtomicInteger attempts = new AtomicInteger();

        @Retry(tries = 5, delay = 10, unit = TimeUnit.MINUTES)
        CompletableFuture<String> async() {
            attempts.incrementAndGet();
            return CompletableFuture.failedFuture(new IOException("busy"));
        }

        @Retry(tries = 5, delay = 10, unit = TimeUnit.MINUTES)
        String blocking(CountDownLatch failedOnce) throws IOException {
            attempts.incrementAndGet();
            failedOnce.countDown();
            throw new IOException("busy");
        }
    }

    @Test
    void cancellingManyPendingAsyncCallsStopsThemAll() throws Exception {
        int calls = FULL ? 20_000 : 2_000;
        List<Waiting> services = new ArrayList<>();
        List<CompletableFuture<String>> futures = new ArrayList<>();
        for (int i = 0; i < calls; i++) {
            Waiting service = new Waiting();
            services.add(service);
            futures.add(service.async());
        }
        futures.forEach(f -> f.cancel(true));
        Thread.sleep(100);

        assertThat(futures).allSatisfy(f -> assertThat(f).isCancelled());
        assertThat(services).allSatisfy(s -> assertThat(s.attempts).hasValue(1));
    }

    @Test
    void interruptingManyThreadsWaitingBetweenAttemptsEndsEachSeriesAtOnce() throws Exception {
        int threads = FULL ? 200 : 50;
        List<Thread> waiting = new ArrayList<>();
        List<AtomicReference<Throwable>> outcomes = new ArrayList<>();
        List<AtomicReference<Boolean>> flags = new ArrayList<>();
        CountDownLatch allFailedOnce = new CountDownLatch(threads);
        for (int i = 0; i < threads; i++) {
            AtomicReference<Throwable> outcome = new AtomicReference<>();
            AtomicReference<Boolean> flag = new AtomicReference<>();
            Waiting service = new Waiting();
            Thread thread = new Thread(() -> {
                try {
                    service.blocking(allFailedOnce);
                } catch (Throwable t) {
                    outcome.set(t);
                }
                flag.set(Thread.currentThread().isInterrupted());
            });
            thread.start();
            waiting.add(thread);
            outcomes.add(outcome);
            flags.add(flag);
        }
        assertThat(allFailedOnce.await(1, TimeUnit.MINUTES)).isTrue();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        for (Thread thread : waiting) {
            while (thread.getState() != Thread.State.TIMED_WAITING && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
            thread.interrupt();
        }
        for (Thread thread : waiting) {
            thread.join(TimeUnit.MINUTES.toMillis(1));
            assertThat(thread.isAlive()).isFalse();
        }
        assertThat(outcomes).allSatisfy(o -> assertThat(o.get()).isInstanceOf(IOException.class).hasMessage("busy"));
        assertThat(flags).allSatisfy(f -> assertThat(f.get()).isTrue());
    }
}
