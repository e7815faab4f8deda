package dev.ajretry.internal.spec;

import dev.ajretry.Retry;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PolicyTableTest {

    @Retry(tries = 7)
    void annotated() {
    }

    @Retry(tries = 0)
    void invalid() {
    }

    private static Method method(String name) throws NoSuchMethodException {
        return PolicyTableTest.class.getDeclaredMethod(name);
    }

    @Test
    void findsWhatItBuiltAndNothingElse() throws Exception {
        PolicyTable table = new PolicyTable();
        Object key = new Object();
        assertThat(table.get(key)).isNull();

        RetrySpec built = table.getOrBuild(key, method("annotated"));

        assertThat(built.tries()).isEqualTo(7);
        assertThat(table.get(key)).isSameAs(built);
        assertThat(table.getOrBuild(key, method("annotated"))).isSameAs(built);
        assertThat(table.get(new Object())).isNull();
        assertThat(table.builds()).isEqualTo(1);
    }

    @Test
    void growsPastItsFirstSizeKeepingEveryEntry() throws Exception {
        PolicyTable table = new PolicyTable();
        Method method = method("annotated");
        List<Object> keys = new ArrayList<>();
        List<RetrySpec> policies = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            Object key = new Object();
            keys.add(key);
            policies.add(table.getOrBuild(key, method));
        }
        for (int i = 0; i < keys.size(); i++) {
            assertThat(table.get(keys.get(i))).isSameAs(policies.get(i));
        }
        assertThat(table.builds()).isEqualTo(5_000);
    }

    @Test
    void anInvalidPolicyIsNotStoredAndFailsEachTime() throws Exception {
        PolicyTable table = new PolicyTable();
        Object key = new Object();
        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> table.getOrBuild(key, method("invalid")))
                    .hasMessageContaining("PolicyTableTest.invalid(): tries = 0");
        }
        assertThat(table.get(key)).isNull();
        assertThat(table.builds()).isZero();
    }

    @Test
    void racingThreadsBuildOncePerKey() throws Exception {
        PolicyTable table = new PolicyTable();
        Method method = method("annotated");
        AtomicInteger builds = new AtomicInteger();
        List<Object> keys = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            keys.add(new Object());
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<List<RetrySpec>>> results = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                results.add(pool.submit(() -> {
                    start.await();
                    List<RetrySpec> seen = new ArrayList<>();
                    for (Object key : keys) {
                        RetrySpec policy = table.get(key);
                        seen.add(policy != null ? policy : table.getOrBuild(key, method, m -> {
                            builds.incrementAndGet();
                            return RetrySpec.of(m);
                        }));
                    }
                    return seen;
                }));
            }
            start.countDown();
            List<RetrySpec> first = results.get(0).get(1, TimeUnit.MINUTES);
            for (Future<List<RetrySpec>> result : results) {
                List<RetrySpec> seen = result.get(1, TimeUnit.MINUTES);
                for (int i = 0; i < seen.size(); i++) {
                    assertThat(seen.get(i)).isSameAs(first.get(i));
                }
            }
            assertThat(builds).hasValue(200);
        } finally {
            pool.shutdownNow();
        }
    }
}
