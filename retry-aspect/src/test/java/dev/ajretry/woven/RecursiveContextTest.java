package dev.ajretry.woven;

import dev.ajretry.Retry;
import dev.ajretry.runtime.RecordingSleeper;
import dev.ajretry.runtime.RetryContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 12, section 6: a {@code @Retry} method that calls itself sees its own attempt in {@code RetryContext}, not
 * its caller's. Each depth fails its first attempt but the deepest, then calls the next depth in its second.
 */
class RecursiveContextTest {

    static class Recursive {
        final List<String> seen = new ArrayList<>();
        final Map<Integer, Integer> attempts = new HashMap<>();

        @Retry(tries = 3, delay = 0)
        String descend(int depth) {
            seen.add(depth + ":" + RetryContext.current().attempt());
            if (depth < 2 && attempts.merge(depth, 1, Integer::sum) == 1) {
                throw new IllegalStateException("first attempt at depth " + depth);
            }
            if (depth < 2) {
                descend(depth + 1);
            }
            seen.add(depth + ":" + RetryContext.current().attempt() + " after");
            return "ok";
        }

        @Retry(tries = 3, delay = 0)
        CompletableFuture<String> descendAsync(int depth) {
            seen.add(depth + ":" + RetryContext.current().attempt());
            if (depth < 2 && attempts.merge(depth, 1, Integer::sum) == 1) {
                return CompletableFuture.failedFuture(new IllegalStateException("first attempt at depth " + depth));
            }
            if (depth < 2) {
                descendAsync(depth + 1).join();
            }
            seen.add(depth + ":" + RetryContext.current().attempt() + " after");
            return CompletableFuture.completedFuture("ok");
        }
    }

    private RecordingSleeper sleeper;

    @BeforeEach
    void sleeper() {
        sleeper = RecordingSleeper.installOnThisThread();
    }

    @AfterEach
    void release() {
        sleeper.close();
    }

    private static final List<String> EXPECTED = List.of("0:1", "0:2", "1:1", "1:2", "2:1", "2:1 after",
            "1:2 after", "0:2 after");

    @Test
    void eachDepthOfABlockingRecursionSeesItsOwnAttempt() {
        Recursive recursive = new Recursive();
        assertThat(recursive.descend(0)).isEqualTo("ok");
        assertThat(recursive.seen).containsExactlyElementsOf(EXPECTED);
    }

    @Test
    void eachDepthOfAnAsynchronousRecursionSeesItsOwnAttempt() {
        Recursive recursive = new Recursive();
        assertThat(recursive.descendAsync(0).join()).isEqualTo("ok");
        assertThat(recursive.seen).containsExactlyElementsOf(EXPECTED);
    }
}
