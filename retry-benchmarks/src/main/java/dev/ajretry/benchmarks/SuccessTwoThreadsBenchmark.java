package dev.ajretry.benchmarks;

import org.openjdk.jmh.annotations.Threads;

/**
 * Scenario (c): the benchmarks of {@link SuccessBenchmark} (JMH inherits them), from 2 threads at once, sharing the
 * contenders as an application shares them (one retry object, executor or template; one woven method). The figure is
 * the time per call on each thread: ideally the 1-thread figure, more if a contender writes shared memory on every
 * call.
 */
@Threads(2)
public class SuccessTwoThreadsBenchmark extends SuccessBenchmark {
}
