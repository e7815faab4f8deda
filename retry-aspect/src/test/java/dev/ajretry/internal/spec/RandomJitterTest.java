package dev.ajretry.internal.spec;

import dev.ajretry.internal.env.Overrides;

import dev.ajretry.RandomJitter;
import dev.ajretry.Retry;
import dev.ajretry.RetryConfigurationException;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The random jitter variants as pure functions of the random value they are given. */
class RandomJitterTest {

    private static final long MS = 1_000_000L;

    @Retry(tries = 10, delay = 100, backoff = 2, maxDelay = 1000, randomJitter = RandomJitter.PROPORTIONAL)
    void proportional() {
    }

    @Retry(tries = 10, delay = 100, backoff = 2, randomJitter = RandomJitter.PROPORTIONAL, jitterRatio = 0.5)
    void proportionalHalf() {
    }

    @Retry(tries = 10, delay = 100, backoff = 2, minDelay = 30, randomJitter = RandomJitter.FULL)
    void full() {
    }

    @Retry(tries = 10, delay = 100, maxDelay = 1000, randomJitter = RandomJitter.DECORRELATED)
    void decorrelated() {
    }

    @Retry(randomJitter = RandomJitter.FULL, jitterRatio = 0.3)
    void ratioWithFull() {
    }

    @Retry(randomJitter = RandomJitter.PROPORTIONAL, jitterRatio = 1.5)
    void ratioTooBig() {
    }

    @Retry(randomJitter = RandomJitter.DECORRELATED, backoff = 2)
    void decorrelatedWithBackoff() {
    }

    private static RetrySpec policy(String name) throws NoSuchMethodException {
        Method method = RandomJitterTest.class.getDeclaredMethod(name);
        return RetrySpec.of(method, Overrides.load(new ClassLoader(null) { }));
    }

    @Test
    void proportionalSpreadsEachWaitAroundTheScheduleWithoutFeedingBack() throws Exception {
        RetrySpec policy = policy("proportional");
        long base = policy.baseWait(1, 0, 0.0);
        assertThat(base).isEqualTo(100 * MS);
        assertThat(policy.waitFor(null, base, 0.0)).isEqualTo(80 * MS);
        assertThat(policy.waitFor(null, base, 0.5)).isEqualTo(100 * MS);
        assertThat(policy.waitFor(null, base, 0.999999)).isBetween(119 * MS, 120 * MS);
        // The next base follows the schedule, not the randomized wait.
        assertThat(policy.baseWait(2, base, 0.0)).isEqualTo(200 * MS);
        // Clamps apply after: 800 * 1.2 = 960 but 1000 * 1.2 = 1200 is lowered to maxDelay.
        assertThat(policy.waitFor(null, 1000 * MS, 0.999999)).isEqualTo(1000 * MS);
    }

    @Test
    void proportionalUsesTheGivenRatio() throws Exception {
        RetrySpec policy = policy("proportionalHalf");
        assertThat(policy.waitFor(null, 100 * MS, 0.0)).isEqualTo(50 * MS);
        assertThat(policy.waitFor(null, 100 * MS, 0.75)).isEqualTo(125 * MS);
    }

    @Test
    void fullIsUniformFromZeroToTheWaitThenClamped() throws Exception {
        RetrySpec policy = policy("full");
        assertThat(policy.waitFor(null, 100 * MS, 0.5)).isEqualTo(50 * MS);
        assertThat(policy.waitFor(null, 100 * MS, 0.0)).isEqualTo(30 * MS); // minDelay
        assertThat(policy.baseWait(2, 100 * MS, 0.0)).isEqualTo(200 * MS);
    }

    @Test
    void decorrelatedDrawsBetweenDelayAndThreeTimesThePreviousCappedByMaxDelay() throws Exception {
        RetrySpec policy = policy("decorrelated");
        long first = policy.baseWait(1, 0, 0.5);
        assertThat(first).isEqualTo(200 * MS); // uniform(100, 300) at 0.5
        assertThat(policy.waitFor(null, first, 0.5)).isEqualTo(first); // no second randomization
        long second = policy.baseWait(2, first, 1.0);
        assertThat(second).isEqualTo(600 * MS); // up to 3 * 200
        assertThat(policy.baseWait(3, second, 0.0)).isEqualTo(100 * MS); // down to delay
        assertThat(policy.baseWait(3, second, 1.0)).isEqualTo(1000 * MS); // capped by maxDelay
    }

    @Test
    void misusedJitterSettingsAreRejected() {
        assertThatThrownBy(() -> policy("ratioWithFull")).isInstanceOf(RetryConfigurationException.class)
                .hasMessageContaining("RandomJitterTest.ratioWithFull(): jitterRatio = 0.3 only applies to"
                        + " randomJitter = PROPORTIONAL, not FULL");
        assertThatThrownBy(() -> policy("ratioTooBig")).hasMessageContaining("jitterRatio = 1.5, must be in [0, 1]");
        assertThatThrownBy(() -> policy("decorrelatedWithBackoff"))
                .hasMessageContaining("randomJitter = DECORRELATED").hasMessageContaining("backoff (2.0)");
    }
}
