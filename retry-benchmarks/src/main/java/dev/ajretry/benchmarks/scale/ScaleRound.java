package dev.ajretry.benchmarks.scale;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * One round: N calls of one contender started at once from this thread, then waited for, measured by the JVM's
 * management beans. Everything a call needs of its own is built before the clock starts.
 *
 * <ul>
 *   <li>Wall time: {@code System.nanoTime()} from before the first call starts until every future has completed.</li>
 *   <li>Peak threads: {@link ThreadMXBean#getPeakThreadCount()} after {@link ThreadMXBean#resetPeakThreadCount()},
 *       minus the JVM's own threads, counted before the contender was set up.</li>
 *   <li>Peak heap: after a {@code System.gc()}, every heap pool's {@link MemoryPoolMXBean#resetPeakUsage()}; then
 *       the sum of their peaks. The JVM records a pool's peak at each GC and when it is read; between two GCs the used
 *       heap only grows, so no peak is missed; the sum of each pool's peak may exceed the heap's peak (the pools peak
 *       at different moments). Garbage counts until collected: the figure depends on the young generation's size.</li>
 *   <li>Allocation: {@code com.sun.management.ThreadMXBean#getThreadAllocatedBytes(long[])} of every live thread
 *       before and after, the difference summed (a thread started during the round counts from zero). Exact per
 *       thread on JDK 17 and 25 (allocations in TLABs and outside them alike); what it cannot see is a thread that
 *       ends during the round, which {@link Figures#allocationComplete()} reports. JMH's {@code -prof gc} sums the
 *       same counters on JDK 17 (from JDK 21 it reads their total, which also counts ended threads; not in JDK 17's
 *       API, which this module is compiled against).</li>
 * </ul>
 */
final class ScaleRound {

    /** How long a round waits for its calls: a hang guard, far beyond any healthy run; a call still pending fails. */
    private static final long HANG_GUARD_NANOS = TimeUnit.SECONDS.toNanos(120);

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private ScaleRound() {
    }

    /** Live threads now: the baseline to take before the contender is set up. */
    static int liveThreads() {
        return THREADS.getThreadCount();
    }

    /** Runs {@code calls} calls of {@code contender} at once and measures them. */
    static Figures run(Contender contender, Contender.Calls prepared, int calls, int baselineThreads) {
        FlakyRemote[] remotes = new FlakyRemote[calls];
        List<Supplier<CompletionStage<String>>> starts = new ArrayList<>(calls);
        CompletableFuture<?>[] futures = new CompletableFuture<?>[calls];
        for (int i = 0; i < calls; i++) {
            remotes[i] = new FlakyRemote();
            starts.add(prepared.prepare(remotes[i]));
        }
        List<MemoryPoolMXBean> heapPools = heapPools();
        System.gc();
        heapPools.forEach(MemoryPoolMXBean::resetPeakUsage);
        Allocation allocation = Allocation.start();
        THREADS.resetPeakThreadCount();

        long start = System.nanoTime();
        Throwable firstFailure = null;
        for (int i = 0; i < calls; i++) {
            try {
                futures[i] = starts.get(i).get().toCompletableFuture();
            } catch (RuntimeException e) {
                futures[i] = CompletableFuture.failedFuture(e);
            }
        }
        int succeeded = 0;
        for (CompletableFuture<?> future : futures) {
            try {
                long left = Math.max(0, start + HANG_GUARD_NANOS - System.nanoTime());
                succeeded += FlakyRemote.ANSWER.equals(future.get(left, TimeUnit.NANOSECONDS)) ? 1 : 0;
            } catch (ExecutionException | TimeoutException e) {
                firstFailure = firstFailure != null ? firstFailure : e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the calls", e);
            }
        }
        long wallMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        int peakThreads = THREADS.getPeakThreadCount() - baselineThreads;
        long peakHeap = heapPools.stream().mapToLong(pool -> pool.getPeakUsage().getUsed()).sum();
        allocation.stop();

        long attempts = 0;
        int notAtThree = 0;
        for (FlakyRemote remote : remotes) {
            attempts += remote.attempts();
            notAtThree += remote.attempts() == FlakyRemote.FAILURES + 1 ? 0 : 1;
        }
        if (firstFailure != null) {
            System.err.println(contender.label() + ": a call failed: " + firstFailure);
            firstFailure.printStackTrace();
        }
        return new Figures(contender, calls, succeeded, attempts, notAtThree, wallMillis, baselineThreads,
                peakThreads, peakHeap, allocation.bytes, allocation.complete, jvm());
    }

    private static List<MemoryPoolMXBean> heapPools() {
        return ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(pool -> pool.getType() == MemoryType.HEAP)
                .toList();
    }

    private static String jvm() {
        return System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version");
    }

    /** Bytes allocated by all threads between {@link #start()} and {@link #stop()}. */
    private static final class Allocation {
        private static final com.sun.management.ThreadMXBean ALLOCATION =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

        private final Map<Long, Long> before;
        private final long startedBefore;
        long bytes;
        boolean complete;

        private Allocation(Map<Long, Long> before, long startedBefore) {
            this.before = before;
            this.startedBefore = startedBefore;
        }

        static Allocation start() {
            long started = ALLOCATION.getTotalStartedThreadCount();
            return new Allocation(allocatedByThread(), started);
        }

        void stop() {
            Map<Long, Long> after = allocatedByThread();
            long startedDuring = ALLOCATION.getTotalStartedThreadCount() - startedBefore;
            long sum = 0;
            int newThreads = 0;
            for (Map.Entry<Long, Long> thread : after.entrySet()) {
                Long earlier = before.get(thread.getKey());
                sum += thread.getValue() - (earlier != null ? earlier : 0L);
                newThreads += earlier != null ? 0 : 1;
            }
            bytes = sum;
            // Every thread alive at the start is alive at the end, and every thread started since is alive too.
            complete = after.keySet().containsAll(before.keySet()) && newThreads == startedDuring;
        }

        /** Allocated bytes of every live thread, by id; a thread that ended between the two calls is left out. */
        private static Map<Long, Long> allocatedByThread() {
            long[] ids = ALLOCATION.getAllThreadIds();
            long[] allocated = ALLOCATION.getThreadAllocatedBytes(ids);
            Map<Long, Long> byThread = new HashMap<>(ids.length * 2);
            for (int i = 0; i < ids.length; i++) {
                if (allocated[i] >= 0) {
                    byThread.put(ids[i], allocated[i]);
                }
            }
            return byThread;
        }
    }
}
