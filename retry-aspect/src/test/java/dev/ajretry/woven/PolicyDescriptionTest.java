package dev.ajretry.woven;

import dev.ajretry.RandomJitter;
import dev.ajretry.Retry;
import dev.ajretry.runtime.RetryBudget;
import dev.ajretry.runtime.RetryBudgets;
import dev.ajretry.runtime.RetryEnvironment;
import dev.ajretry.runtime.RetryPolicyDescription;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link RetryEnvironment#policies()} and {@link RetryBudgets#all()}: what an operator's view lists. */
class PolicyDescriptionTest {

    @AfterEach
    void forget() {
        System.clearProperty("ajretry." + Described.class.getName() + ".fetch.tries");
        System.clearProperty("ajretry." + Described.class.getName() + ".plain.attemptTimeout");
        System.clearProperty("ajretry." + Described.class.getName() + ".plain.matchCauses");
        RetryEnvironment.reset();
    }

    static class Described {
        @Retry(tries = 4, delay = 2, unit = TimeUnit.SECONDS, backoff = 1.5, jitter = -100, minDelay = 50,
                maxDelay = 10_000, maxDuration = 60, attemptTimeout = 5, matchCauses = true,
                randomJitter = RandomJitter.FULL,
                exceptions = IOException.class, abortOn = UncheckedIOException.class, budget = "described")
        String fetch(String key, int times) {
            return key;
        }

        @Retry
        void plain() {
        }

        @Retry
        void neverCalled() {
        }
    }

    private static RetryPolicyDescription policyOf(String methodName) {
        return RetryEnvironment.policies().stream().filter(p -> p.declaringClass().equals(Described.class.getName()))
                .filter(p -> p.methodName().equals(methodName)).findFirst().orElseThrow();
    }

    @Test
    void aCalledMethodIsListedWithItsValuesInTheEnginesUnits() {
        new Described().fetch("k", 1);

        RetryPolicyDescription fetch = policyOf("fetch");
        assertThat(fetch.method()).isEqualTo(Described.class.getName() + ".fetch(String, int)");
        assertThat(fetch.tries()).isEqualTo(4);
        assertThat(fetch.delay()).isEqualTo(Duration.ofSeconds(2));
        assertThat(fetch.backoff()).isEqualTo(1.5);
        assertThat(fetch.jitter()).isEqualTo(Duration.ofSeconds(-100));
        assertThat(fetch.minDelay()).isEqualTo(Duration.ofSeconds(50));
        assertThat(fetch.maxDelay()).contains(Duration.ofSeconds(10_000));
        assertThat(fetch.maxDuration()).contains(Duration.ofSeconds(60));
        assertThat(fetch.attemptTimeout()).contains(Duration.ofSeconds(5));
        assertThat(fetch.matchCauses()).isTrue();
        assertThat(fetch.randomJitter()).isEqualTo(RandomJitter.FULL);
        assertThat(fetch.exceptions()).containsExactly(IOException.class.getName());
        assertThat(fetch.abortOn()).containsExactly(UncheckedIOException.class.getName());
        assertThat(fetch.budget()).contains("described");
        assertThat(fetch.recover()).isEmpty();
        assertThat(fetch.maxRetryAfter()).isEmpty();
    }

    @Test
    void defaultsAreListedAsNoBoundAndOnlyCalledMethodsAppear() {
        new Described().plain();

        RetryPolicyDescription plain = policyOf("plain");
        assertThat(plain.maxDelay()).isEmpty();
        assertThat(plain.maxDuration()).isEmpty();
        assertThat(plain.attemptTimeout()).isEmpty();
        assertThat(plain.matchCauses()).isFalse();
        assertThat(plain.budget()).isEmpty();
        assertThat(RetryEnvironment.policies()).noneMatch(p -> p.methodName().equals("neverCalled"));
    }

    @Test
    void overridesAreApplied() {
        System.setProperty("ajretry." + Described.class.getName() + ".fetch.tries", "7");
        RetryEnvironment.reset();

        new Described().fetch("k", 1);

        assertThat(policyOf("fetch").tries()).isEqualTo(7);
    }

    @Test
    void attemptTimeoutAndMatchCausesCanBeOverridden() {
        System.setProperty("ajretry." + Described.class.getName() + ".plain.attemptTimeout", "250");
        System.setProperty("ajretry." + Described.class.getName() + ".plain.matchCauses", "true");
        RetryEnvironment.reset();

        new Described().plain();

        assertThat(policyOf("plain").attemptTimeout()).contains(Duration.ofMillis(250));
        assertThat(policyOf("plain").matchCauses()).isTrue();
    }

    @Test
    void aResetForgetsEveryPolicy() {
        new Described().plain();

        RetryEnvironment.reset();

        assertThat(RetryEnvironment.policies()).noneMatch(p -> p.declaringClass().equals(Described.class.getName()));
    }

    @Test
    void aDescriptionKeptKeepsNoClassLoaderAlive() throws Exception {
        List<RetryPolicyDescription> kept = new ArrayList<>();
        WeakReference<ClassLoader> loader = callDescribeAndDrop(kept);

        for (int i = 0; i < 50 && loader.get() != null; i++) {
            System.gc();
            Thread.sleep(20);
        }
        assertThat(kept).extracting(RetryPolicyDescription::methodName).contains("fetch", "fetchAsync");
        assertThat(loader.get()).as("the throwaway loader, its methods' descriptions still held").isNull();
    }

    @SuppressWarnings("unchecked")
    private static WeakReference<ClassLoader> callDescribeAndDrop(List<RetryPolicyDescription> kept)
            throws Exception {
        ClassLoader loader = new SpecLookupTest.ThrowawayLoader();
        Supplier<String> plugin = (Supplier<String>) loader.loadClass("dev.ajretry.woven.isolated.Plugin")
                .getConstructor().newInstance();
        Thread caller = new Thread(plugin::get);
        caller.setContextClassLoader(loader);
        caller.start();
        caller.join();
        RetryEnvironment.policies().stream()
                .filter(p -> p.declaringClass().equals("dev.ajretry.woven.isolated.Plugin"))
                .forEach(kept::add);
        return new WeakReference<>(loader);
    }

    @Test
    void budgetsAreListedWithTheirTokens() {
        new Described().fetch("k", 1);

        Optional<RetryBudget> budget = RetryBudgets.all().stream().filter(b -> b.name().equals("described"))
                .findFirst();
        assertThat(budget).hasValueSatisfying(b -> {
            assertThat(b.tokens()).isEqualTo(10.0);
            assertThat(b.maxTokens()).isEqualTo(RetryBudgets.DEFAULT_MAX_TOKENS);
        });
    }
}
