package dev.ajretry.benchmarks;

import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeExecutor;
import dev.failsafe.RetryPolicy;
import dev.failsafe.function.CheckedSupplier;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import org.springframework.retry.RetryCallback;
import org.springframework.retry.backoff.NoBackOffPolicy;
import org.springframework.retry.policy.SimpleRetryPolicy;
import org.springframework.retry.support.RetryTemplate;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * Every contender, each wrapping the same {@link Work}, each configured alike: 3 attempts in all, no wait between
 * them, every {@code Exception} retried. Everything a library lets you build once (the retry object, the executor,
 * the template, the decorated supplier or callback) is built here, once; a benchmark only calls.
 */
public final class Contenders {

    final Work work = new Work();

    /** ajretry: {@code @Retry(tries = 3)}, woven at build time. */
    final AjRetryTarget ajretry = new AjRetryTarget(work);

    /** jcabi-aspects: {@code @RetryOnFailure(attempts = 3, delay = 0)}, woven at build time. */
    final JcabiTarget jcabi = new JcabiTarget(work);

    /** Resilience4j: one {@code Retry}, and its decorated suppliers, built once. */
    final Supplier<Object> resilience4jCall;
    final Supplier<Object> resilience4jCallFailing;

    /** Failsafe: one executor around one {@code RetryPolicy}, and the suppliers, built once. */
    final FailsafeExecutor<Object> failsafe;
    final CheckedSupplier<Object> failsafeCall;
    final CheckedSupplier<Object> failsafeCallFailing;

    /** Spring Retry: one {@code RetryTemplate}, and the callbacks, built once. */
    final RetryTemplate springRetry;
    final RetryCallback<Object, RuntimeException> springCall;
    final RetryCallback<Object, RuntimeException> springCallFailing;

    public Contenders() {
        Retry retry = Retry.of("benchmark", RetryConfig.custom()
                .maxAttempts(3)
                .waitDuration(Duration.ZERO)
                .retryExceptions(Exception.class)
                .build());
        resilience4jCall = Retry.decorateSupplier(retry, work::call);
        resilience4jCallFailing = Retry.decorateSupplier(retry, work::callFailing);

        failsafe = Failsafe.with(RetryPolicy.builder()
                .handle(Exception.class)
                .withMaxAttempts(3) // no delay by default (withDelay rejects Duration.ZERO)
                .build());
        failsafeCall = work::call;
        failsafeCallFailing = work::callFailing;

        springRetry = new RetryTemplate();
        springRetry.setRetryPolicy(new SimpleRetryPolicy(3));
        springRetry.setBackOffPolicy(new NoBackOffPolicy());
        springCall = context -> work.call();
        springCallFailing = context -> work.callFailing();
    }

    /**
     * Checks that every contender returns the method's value on success and really retries two failures; a build that
     * did not weave {@code @Retry} or {@code @RetryOnFailure} fails here, at setup, instead of measuring a plain call.
     */
    public Contenders verified() {
        Object expected = work.call();
        check("direct", work.call(), expected);
        check("ajretry", ajretry.call(), expected);
        check("resilience4j", resilience4jCall.get(), expected);
        check("failsafe", failsafe.get(failsafeCall), expected);
        check("springRetry", springRetry.execute(springCall), expected);
        check("jcabi", jcabi.call(), expected);

        String failing = "two failures, then success";
        work.failNext(2);
        check("ajretry, " + failing, retried("ajretry", ajretry::callFailing), expected);
        work.failNext(2);
        check("resilience4j, " + failing, retried("resilience4j", resilience4jCallFailing), expected);
        work.failNext(2);
        check("failsafe, " + failing, retried("failsafe", () -> failsafe.get(failsafeCallFailing)), expected);
        work.failNext(2);
        check("springRetry, " + failing, retried("springRetry", () -> springRetry.execute(springCallFailing)),
                expected);
        work.failNext(2);
        check("jcabi, " + failing, retried("jcabi", jcabi::callFailing), expected);
        return this;
    }

    private static Object retried(String contender, Supplier<Object> call) {
        try {
            return call.get();
        } catch (Work.Failure e) {
            throw new IllegalStateException(contender + " did not retry: is the benchmark module woven?", e);
        }
    }

    private static void check(String contender, Object actual, Object expected) {
        if (actual != expected) {
            throw new IllegalStateException(contender + " returned " + actual + ", expected " + expected);
        }
    }
}
