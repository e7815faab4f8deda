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
 * Scenario (b) for ajretry with what applications run: logback at INFO. WARN being on, a call that fails keeps its
 * attempts' history for a give-up line (it reads the clock at each failure), which slf4j-nop spares
 * {@link FailTwiceBenchmark}. The calls end well, so no line is written.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(jvmArgsAppend = {Logging.LOGBACK, Logging.LOGBACK_AT_INFO, Logging.QUIET})
public class FailTwiceLogbackBenchmark {

    Contenders contenders;
    Work work;

    @Setup
    public void setUp() {
        contenders = new Contenders().verified();
        work = contenders.work;
        if (!org.slf4j.LoggerFactory.getLogger(AjRetryTarget.class).isWarnEnabled()
                || org.slf4j.LoggerFactory.getLogger(AjRetryTarget.class).isDebugEnabled()) {
            throw new IllegalStateException("this benchmark needs logback at INFO: see logback-info.xml");
        }
    }

    @Benchmark
    public Object ajretry() {
        work.failNext(2);
        return contenders.ajretry.callFailing();
    }
}
