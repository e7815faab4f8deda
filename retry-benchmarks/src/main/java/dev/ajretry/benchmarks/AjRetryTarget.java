package dev.ajretry.benchmarks;

import dev.ajretry.Retry;

/**
 * The ajretry contender: {@code @Retry} methods, woven at build time by aspectj-maven-plugin with retry-aspect as an
 * aspect library, exactly as a user's classes are. 3 tries, no wait (the defaults: {@code delay = 0}, every
 * {@code Exception} retried).
 */
public final class AjRetryTarget {

    private final Work work;

    public AjRetryTarget(Work work) {
        this.work = work;
    }

    @Retry(tries = 3)
    public Object call() {
        return work.call();
    }

    @Retry(tries = 3)
    public Object callFailing() {
        return work.callFailing();
    }
}
