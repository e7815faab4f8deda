package dev.ajretry.benchmarks.scale;

import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeExecutor;
import dev.failsafe.RetryPolicy;
import dev.failsafe.function.CheckedSupplier;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;

/**
 * The contenders of the comparison, each configured alike: 3 attempts in all, a fixed 100 ms wait before each
 * retry, every {@code Exception} retried (each library's default), the wait scheduled without blocking a thread.
 * What each library lets you build once (the policy, the retry object, the executor) is built once per JVM, by
 * {@link #setUp()}; what a call needs of its own (its remote, and the handle the library is given) is built by
 * {@link Calls#prepare(FlakyRemote)} before the clock starts, so that the measured round holds only the calls.
 */
public enum Contender {

    /** The floor: the workload's own cost, no retry library and no waits. */
    WORKLOAD("workload alone (floor)",
            "the three attempts called back to back on the caller's thread: no library, no waits") {
        @Override
        Calls setUp() {
            return remote -> () -> {
                remote.attempt();
                remote.attempt();
                return remote.attempt();
            };
        }
    },

    /** ajretry's asynchronous path with its default scheduler. */
    AJRETRY("ajretry",
            "`@Retry(tries = 3, delay = 100)` on a method returning `CompletableFuture`, woven at build time; the"
                    + " default scheduler (`AsyncRetries`: one JVM-wide `ScheduledThreadPoolExecutor` of "
                    + dev.ajretry.runtime.AsyncRetries.DEFAULT_THREADS + " daemon threads); the first attempt runs"
                    + " on the caller's thread, each retry on a scheduler thread") {
        @Override
        Calls setUp() {
            return remote -> new AjRetryRemote(remote)::call;
        }
    },

    /** Failsafe's asynchronous execution with its default scheduler. */
    FAILSAFE("Failsafe " + version("failsafe"),
            "`Failsafe.with(RetryPolicy.builder().withDelay(100 ms).withMaxAttempts(3).build())` built once,"
                    + " `getStageAsync(supplier)` per call; the default scheduler (`DelegatingScheduler`: one"
                    + " `FailsafeDelayScheduler` thread for the waits, the attempts on `ForkJoinPool.commonPool()`,"
                    + " or on a `ForkJoinPool` of its own with parallelism 2 where the common pool's parallelism is 1,"
                    + " as on 2 cores); every attempt, the first included, runs on that pool") {
        @Override
        Calls setUp() {
            RetryPolicy<String> policy = RetryPolicy.<String>builder()
                    .withDelay(Duration.ofMillis(100))
                    .withMaxAttempts(3)
                    .build();
            FailsafeExecutor<String> failsafe = Failsafe.with(policy);
            return remote -> {
                CheckedSupplier<CompletionStage<String>> attempt = remote::attempt;
                return () -> failsafe.getStageAsync(attempt);
            };
        }
    },

    /** Resilience4j's asynchronous retry on a scheduler sized as its Spring integration sizes it. */
    RESILIENCE4J("Resilience4j " + version("resilience4j"),
            "`Retry.of(name, RetryConfig.custom().maxAttempts(3).waitDuration(100 ms).build())` built once,"
                    + " `retry.executeCompletionStage(scheduler, supplier)` per call; the scheduler"
                    + " `Executors.newScheduledThreadPool(availableProcessors())`, as resilience4j-spring6's"
                    + " `RetryAspect` creates it when no `resilience4j.scheduled.executor` is configured (the core"
                    + " library has no default); the first attempt runs on the caller's thread, each retry on a"
                    + " scheduler thread") {
        @Override
        Calls setUp() {
            Retry retry = Retry.of("scale", RetryConfig.custom()
                    .maxAttempts(3)
                    .waitDuration(Duration.ofMillis(100))
                    .build());
            ScheduledExecutorService scheduler =
                    Executors.newScheduledThreadPool(Runtime.getRuntime().availableProcessors());
            return remote -> {
                Supplier<CompletionStage<String>> attempt = remote::attempt;
                return () -> retry.executeCompletionStage(scheduler, attempt);
            };
        }
    };

    /** How one contender makes a call: built once per JVM. */
    interface Calls {
        /** The call of {@code remote}, ready to start: built before the clock starts; {@code get()} starts it. */
        Supplier<CompletionStage<String>> prepare(FlakyRemote remote);
    }

    private final String label;
    private final String configuration;

    Contender(String label, String configuration) {
        this.label = label;
        this.configuration = configuration;
    }

    /** The name in the table, with the library's version. */
    public String label() {
        return label;
    }

    /** How the contender is configured, in a sentence of Markdown. */
    public String configuration() {
        return configuration;
    }

    /** Builds what the library lets you build once: the policy, the retry object, the executor. */
    abstract Calls setUp();

    /** The version of a peer, as this module's pom declares it (versions.properties, filtered by Maven). */
    private static String version(String peer) {
        try (InputStream in = Contender.class.getResourceAsStream("versions.properties")) {
            if (in == null) {
                throw new IllegalStateException("versions.properties is missing beside " + Contender.class);
            }
            Properties versions = new Properties();
            versions.load(in);
            return versions.getProperty(peer);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read versions.properties", e);
        }
    }
}
