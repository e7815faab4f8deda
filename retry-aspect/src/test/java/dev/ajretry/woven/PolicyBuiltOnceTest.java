package dev.ajretry.woven;

import dev.ajretry.Retry;
import dev.ajretry.internal.spec.Specs;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;

/** A method's policy is read and compiled once, however many calls and threads. */
class PolicyBuiltOnceTest {

    static class Counted {
        @Retry(tries = 5, delay = 0, backoff = 3)
        int first(int x) {
            return x;
        }

        @Retry
        String second(String s) {
            return s;
        }
    }

    @Test
    void onePolicyPerMethodWhateverTheNumberOfCalls() throws Exception {
        long before = Specs.builds();
        Counted counted = new Counted();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            Thread thread = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                for (int i = 0; i < 10_000; i++) {
                    counted.first(i);
                    counted.second("s");
                }
            });
            thread.start();
            threads.add(thread);
        }
        start.countDown();
        for (Thread thread : threads) {
            thread.join();
        }

        assertThat(Specs.builds() - before).isEqualTo(2);
    }
}
