package dev.ajretry.woven;

import dev.ajretry.Retry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.function.IntUnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A woven call that succeeds at once allocates nothing: not the policy (cached), not a series, not a boxed result.
 * Counted with the JVM's per-thread allocation counter over many calls, so one stray allocation per call (16 bytes
 * for a boxed int) would show as megabytes. The cost in nanoseconds is measured by the JMH benchmarks, not here.
 */
class SuccessPathAllocationTest {

    private static final int CALLS = 200_000;

    static class Fast {
        @Retry(tries = 5, delay = 100, backoff = 2, jitter = 10, maxDelay = 500)
        int primitive(int x) {
            return x * 31 + 1_000_000;
        }

        @Retry(tries = 5, delay = 100, backoff = 2)
        static long staticLong(long x) {
            return x + Long.MAX_VALUE / 2;
        }

        @Retry(tries = 3)
        Object reference(Object x) {
            return x;
        }

        @Retry(tries = -1)
        void nothing() {
        }

        /**
         * Every attribute but maxDuration (tested alone) and attemptTimeout (whose timer is the one allocation a timed
         * call makes): still nothing. A reference result, since a result predicate
         * sees a primitive result boxed (documented).
         */
        @Retry(tries = 4, delay = 100, backoff = 2, jitter = 5, minDelay = 10, maxDelay = 1000,
                exceptions = java.io.IOException.class, abortOn = java.io.FileNotFoundException.class,
                waitOn = @Retry.WaitOn(value = java.net.SocketTimeoutException.class, delay = 2000),
                giveUpIf = PredicatesTest.ClientError.class, retryIfResult = RejectsNull.class,
                randomJitter = dev.ajretry.RandomJitter.PROPORTIONAL, jitterRatio = 0.3,
                recover = "fallback", logArguments = true, matchCauses = true)
        Object everything(Object response) {
            return response;
        }

        @Retry(maxDuration = 5_000)
        int withDeadline(int x) {
            return x + 1_000_000;
        }

        Object fallback(Object response) {
            return "fallback";
        }
    }

    public static class RejectsNull implements dev.ajretry.ResultPredicate<Object> {
        @Override
        public boolean test(Object result) {
            return result == null;
        }
    }

    private static com.sun.management.ThreadMXBean threads;

    @BeforeAll
    static void allocationCounter() {
        assumeTrue(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean,
                "needs the HotSpot allocation counter");
        threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assumeTrue(threads.isThreadAllocatedMemorySupported());
        threads.setThreadAllocatedMemoryEnabled(true);
    }

    private static long bytesAllocatedBy(IntUnaryOperator call) {
        long id = Thread.currentThread().getId();
        int sink = 0;
        for (int i = 0; i < CALLS; i++) {
            sink += call.applyAsInt(i); // warm-up: the policy is built, the code compiled
        }
        long before = threads.getThreadAllocatedBytes(id);
        for (int i = 0; i < CALLS; i++) {
            sink += call.applyAsInt(i);
        }
        long allocated = threads.getThreadAllocatedBytes(id) - before;
        assertThat(sink).isNotEqualTo(42); // keeps the calls alive
        return allocated;
    }

    @Test
    void aPrimitiveResultIsNotBoxed() {
        Fast fast = new Fast();
        assertThat(bytesAllocatedBy(fast::primitive)).isLessThan(CALLS / 10);
        assertThat(bytesAllocatedBy(i -> (int) Fast.staticLong(i))).isLessThan(CALLS / 10);
    }

    @Test
    void aMethodWithEveryAttributeAllocatesNothing() {
        Fast fast = new Fast();
        Object response = new Object();
        assertThat(bytesAllocatedBy(i -> fast.everything(response) == response ? 1 : 0)).isLessThan(CALLS / 10);
    }

    @Test
    void aMethodWithADeadlineAllocatesNothing() {
        Fast fast = new Fast();
        assertThat(bytesAllocatedBy(fast::withDeadline)).isLessThan(CALLS / 10);
    }

    @Test
    void referenceAndVoidMethodsAllocateNothing() {
        Fast fast = new Fast();
        Object argument = new Object();
        assertThat(bytesAllocatedBy(i -> fast.reference(argument) == argument ? 1 : 0)).isLessThan(CALLS / 10);
        assertThat(bytesAllocatedBy(i -> {
            fast.nothing();
            return i;
        })).isLessThan(CALLS / 10);
    }
}
