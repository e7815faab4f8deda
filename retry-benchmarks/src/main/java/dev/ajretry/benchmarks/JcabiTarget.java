package dev.ajretry.benchmarks;

import com.jcabi.aspects.RetryOnFailure;

import java.util.concurrent.TimeUnit;

/**
 * The jcabi-aspects contender: {@code @RetryOnFailure} methods, woven at build time with jcabi-aspects as an aspect
 * library. 3 attempts, no delay (jcabi does not sleep when {@code delay} is 0), not verbose.
 */
public final class JcabiTarget {

    private final Work work;

    public JcabiTarget(Work work) {
        this.work = work;
    }

    @RetryOnFailure(attempts = 3, delay = 0, unit = TimeUnit.MILLISECONDS, types = Exception.class, verbose = false)
    public Object call() {
        return work.call();
    }

    @RetryOnFailure(attempts = 3, delay = 0, unit = TimeUnit.MILLISECONDS, types = Exception.class, verbose = false)
    public Object callFailing() {
        return work.callFailing();
    }
}
