package dev.ajretry.benchmarks;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;

import java.util.concurrent.TimeUnit;

/**
 * Scenario (c): the success path of {@link SuccessBenchmark}, from 2 threads at once, sharing the contenders as an
 * application shares them (one retry object, executor or template; one woven method). The figure is the time per
 * call on each thread: ideally the 1-thread figure, more if a contender writes shared memory on every call.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Threads(2)
public class SuccessTwoThreadsBenchmark {

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
