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
 * Scenario (a): the call succeeds at its first attempt, one thread. {@link #direct()} is the floor: the method called
 * without any retry library. Each benchmark returns the value, which JMH consumes.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(jvmArgsAppend = {Logging.NOP, Logging.QUIET})
public class SuccessBenchmark {

    Contenders contenders;

    @Setup
    public void setUp() {
        contenders = new Contenders().verified();
    }

    @Benchmark
    public Object direct() {
        return contenders.work.call();
    }

    @Benchmark
    public Object ajretry() {
        return contenders.ajretry.call();
    }

    @Benchmark
    public Object resilience4j() {
        return contenders.resilience4jCall.get();
    }

    @Benchmark
    public Object failsafe() {
        return contenders.failsafe.get(contenders.failsafeCall);
    }

    @Benchmark
    public Object springRetry() {
        return contenders.springRetry.execute(contenders.springCall);
    }

    @Benchmark
    public Object jcabi() {
        return contenders.jcabi.call();
    }
}
