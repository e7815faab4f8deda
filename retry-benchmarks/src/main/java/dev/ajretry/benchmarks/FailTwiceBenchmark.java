package dev.ajretry.benchmarks;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.concurrent.TimeUnit;

/**
 * Scenario (b): each call fails twice, then succeeds at its third attempt; no wait between attempts. The failure is
 * one preallocated exception without stack trace or suppression ({@link Work.Failure}), so throwing it costs almost
 * nothing and the figure is the library's own cost. {@link #direct()} is the floor: a hand-written retry loop.
 * Every benchmark arms the two failures first, the floor included.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(jvmArgsAppend = {Logging.NOP, Logging.QUIET})
public class FailTwiceBenchmark {

    Contenders contenders;
    Work work;

    @Setup
    public void setUp() {
        contenders = new Contenders().verified();
        work = contenders.work;
    }

    @Benchmark
    public Object direct() {
        work.failNext(2);
        while (true) {
            try {
                return work.callFailing();
            } catch (Work.Failure e) {
                // retry
            }
        }
    }

    @Benchmark
    public Object ajretry() {
        work.failNext(2);
        return contenders.ajretry.callFailing();
    }

    @Benchmark
    public Object resilience4j() {
        work.failNext(2);
        return contenders.resilience4jCallFailing.get();
    }

    @Benchmark
    public Object failsafe() {
        work.failNext(2);
        return contenders.failsafe.get(contenders.failsafeCallFailing);
    }

    @Benchmark
    public Object springRetry() {
        work.failNext(2);
        return contenders.springRetry.execute(contenders.springCallFailing);
    }

    @Benchmark
    public Object jcabi() {
        work.failNext(2);
        return contenders.jcabi.callFailing();
    }
}
