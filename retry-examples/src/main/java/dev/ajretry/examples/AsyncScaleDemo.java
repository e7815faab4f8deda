package dev.ajretry.examples;

import dev.ajretry.Retry;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Many concurrent calls that each fail twice, wait 100 ms twice, then succeed: through the asynchronous path
 * (a {@code CompletableFuture} method, waits scheduled, no thread blocked) and through the blocking path on a fixed
 * pool of 200 threads. Prints wall time, threads and peak heap of each.
 *
 * <pre>mvn -q -pl retry-examples -am -DskipTests package exec:java -Dexec.mainClass=dev.ajretry.examples.AsyncScaleDemo</pre>
 */
public final class AsyncScaleDemo {

    /** The figures of one run. */
    public record Figures(String path, int calls, int succeeded, long attempts, long wallMillis, int peakThreads,
                          long peakHeapMiB) {
    }

    /** A remote call that fails on its first two attempts: each call has its own counter. */
    static final class Remote {
        final AtomicInteger attempts = new AtomicInteger();

        @Retry(tries = 3, delay = 100)
        CompletableFuture<String> callAsync() {
            if (attempts.incrementAndGet() <= 2) {
                return CompletableFuture.failedFuture(new IOException("busy"));
            }
            return CompletableFuture.completedFuture("ok");
        }

        @Retry(tries = 3, delay = 100)
        String callBlocking() throws IOException {
            if (attempts.incrementAndGet() <= 2) {
                throw new IOException("busy");
            }
            return "ok";
        }
    }

    private AsyncScaleDemo() {
    }

    public static void main(String[] args) throws Exception {
        int calls = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        runAsync(Math.min(calls, 1_000)); // warm-up: class loading and JIT, not measured
        Figures async = runAsync(calls);
        Figures blocking = runBlocking(calls, 200);
        System.out.printf("%-42s %7s %9s %9s %8s %12s %14s%n", "path", "calls", "succeeded", "attempts", "wall ms",
                "peak threads", "peak heap MiB");
        for (Figures f : List.of(async, blocking)) {
            System.out.printf("%-42s %7d %9d %9d %8d %12d %14d%n", f.path(), f.calls(), f.succeeded(), f.attempts(),
                    f.wallMillis(), f.peakThreads(), f.peakHeapMiB());
        }
        System.exit(async.succeeded() == calls && blocking.succeeded() == calls ? 0 : 1);
    }

    /** {@code calls} asynchronous calls at once; waits for all of them. */
    public static Figures runAsync(int calls) throws Exception {
        Measurement measurement = new Measurement();
        List<Remote> remotes = new ArrayList<>(calls);
        List<CompletableFuture<String>> futures = new ArrayList<>(calls);
        for (int i = 0; i < calls; i++) {
            Remote remote = new Remote();
            remotes.add(remote);
            futures.add(remote.callAsync());
        }
        int succeeded = 0;
        for (CompletableFuture<String> future : futures) {
            succeeded += "ok".equals(future.get(1, TimeUnit.MINUTES)) ? 1 : 0;
        }
        return measurement.figures("async (CompletableFuture, shared scheduler)", calls, succeeded, remotes);
    }

    /** {@code calls} blocking calls on a fixed pool of {@code threads}; waits for all of them. */
    public static Figures runBlocking(int calls, int threads) throws Exception {
        Measurement measurement = new Measurement();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Remote> remotes = new ArrayList<>(calls);
        List<Future<String>> futures = new ArrayList<>(calls);
        try {
            for (int i = 0; i < calls; i++) {
                Remote remote = new Remote();
                remotes.add(remote);
                futures.add(pool.submit(remote::callBlocking));
            }
            int succeeded = 0;
            for (Future<String> future : futures) {
                succeeded += "ok".equals(future.get(5, TimeUnit.MINUTES)) ? 1 : 0;
            }
            return measurement.figures("blocking (fixed pool of " + threads + " threads)", calls, succeeded, remotes);
        } finally {
            pool.shutdownNow();
        }
    }

    /** Wall time, peak live threads and peak heap since it was created. */
    private static final class Measurement {
        private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        private final long start;

        Measurement() {
            System.gc();
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                if (pool.getType() == MemoryType.HEAP) {
                    pool.resetPeakUsage();
                }
            }
            threads.resetPeakThreadCount();
            start = System.nanoTime();
        }

        Figures figures(String path, int calls, int succeeded, List<Remote> remotes) {
            long wall = (System.nanoTime() - start) / 1_000_000;
            long heap = 0;
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                if (pool.getType() == MemoryType.HEAP) {
                    heap += pool.getPeakUsage().getUsed();
                }
            }
            long attempts = remotes.stream().mapToLong(r -> r.attempts.get()).sum();
            return new Figures(path, calls, succeeded, attempts, wall, threads.getPeakThreadCount(),
                    heap / (1024 * 1024));
        }
    }
}
