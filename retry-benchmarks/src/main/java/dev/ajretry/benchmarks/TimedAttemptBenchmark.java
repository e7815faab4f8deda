package dev.ajretry.benchmarks;

import dev.ajretry.Retry;
import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeExecutor;
import dev.failsafe.RetryPolicy;
import dev.failsafe.Timeout;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * What a per-attempt timeout costs a call that succeeds at once: ajretry's {@code attemptTimeout} (a timer task
 * armed on ajretry's scheduler, cancelled as the attempt returns) beside the same method without one, and Failsafe's
 * retry inside a {@code Timeout} with interruption (its way of timing out synchronous code). Resilience4j's
 * {@code TimeLimiter} only times futures, run on an executor: it has no blocking counterpart to measure. The timeout
 * (a second) never fires: only the bookkeeping is measured.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(jvmArgsAppend = {Logging.NOP, Logging.QUIET})
public class TimedAttemptBenchmark {

    /** The woven targets: the same method with and without a per-attempt timeout. */
    public static final class Target {
        private final Work work;

        Target(Work work) {
            this.work = work;
        }

        @Retry(tries = 3)
        public Object untimed() {
            return work.call();
        }

        @Retry(tries = 3, attemptTimeout = 1_000)
        public Object timed() {
            return work.call();
        }
    }

    Work work;
    Target target;
    FailsafeExecutor<Object> failsafe;

    @Setup
    public void setUp() {
        work = new Work();
        target = new Target(work);
        failsafe = Failsafe.with(RetryPolicy.builder().handle(Exception.class).withMaxAttempts(3).build(),
                Timeout.builder(Duration.ofSeconds(1)).withInterrupt().build());
        Object expected = work.call();
        if (target.untimed() != expected || target.timed() != expected || failsafe.get(work::call) != expected) {
            throw new IllegalStateException("a contender did not return the method's value");
        }
    }

    @Benchmark
    public Object ajretry() {
        return target.untimed();
    }

    @Benchmark
    public Object ajretryTimed() {
        return target.timed();
    }

    @Benchmark
    public Object failsafeTimed() {
        return failsafe.get(work::call);
    }
}
