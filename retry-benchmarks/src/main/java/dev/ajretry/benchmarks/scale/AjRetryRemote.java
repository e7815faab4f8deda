package dev.ajretry.benchmarks.scale;

import dev.ajretry.Retry;

import java.util.concurrent.CompletableFuture;

/**
 * The ajretry contender: a {@code @Retry} method returning {@code CompletableFuture}, woven at build time with
 * retry-aspect as an aspect library, as a user's class is (this module binary-weaves javac's classes, see its
 * README). 3 tries, 100 ms fixed waits (the default {@code backoff = 1} keeps every wait at {@code delay}), every
 * {@code Exception} retried (the default); waits scheduled on ajretry's default scheduler.
 */
final class AjRetryRemote {

    private final FlakyRemote remote;

    AjRetryRemote(FlakyRemote remote) {
        this.remote = remote;
    }

    @Retry(tries = 3, delay = 100)
    CompletableFuture<String> call() {
        return remote.attempt();
    }
}
