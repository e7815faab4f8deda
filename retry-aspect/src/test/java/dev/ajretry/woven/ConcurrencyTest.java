package dev.ajretry.woven;

import dev.ajretry.Retry;
import dev.ajretry.runtime.RecordingSleeper;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** Many threads calling one woven method at once: each call gets its own attempts, result and failures. */
class ConcurrencyTest {

    static class Shared {
        @Retry(tries = 4)
        static String call(Script script, int id) throws Throwable {
            script.attempt();
            return "result " + id;
        }
    }

    private record Outcome(int failures, int attempts, Object resultOrThrown, List<Throwable> scripted) {
    }

    @Test
    void everyCallGetsExactlyItsOwnAttemptsAndResult() throws Exception {
        int threads = 8;
        int callsPerThread = 2_000;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try (RecordingSleeper ignored = RecordingSleeper.installEverywhere()) {
            List<Future<List<String>>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    List<String> problems = new ArrayList<>();
                    for (int i = 0; i < callsPerThread; i++) {
                        int id = thread * callsPerThread + i;
                        int failures = ThreadLocalRandom.current().nextInt(6);
                        List<Throwable> scripted = new ArrayList<>();
                        for (int f = 0; f < failures; f++) {
                            scripted.add(new IllegalStateException("call " + id + " failure " + f));
                        }
                        Script script = Script.failing(scripted.toArray(new Throwable[0]));
                        Throwable thrown = catchThrowable(() -> {
                            String result = Shared.call(script, id);
                            if (!result.equals("result " + id)) {
                                throw new AssertionError("call " + id + " got " + result);
                            }
                        });
                        Outcome outcome = new Outcome(failures, script.attempts(), thrown, scripted);
                        check(outcome).ifPresent(problems::add);
                    }
                    return problems;
                }));
            }
            List<String> problems = new ArrayList<>();
            for (Future<List<String>> future : futures) {
                problems.addAll(future.get(2, TimeUnit.MINUTES));
            }
            assertThat(problems).isEmpty();
        } finally {
            pool.shutdownNow();
        }
    }

    private static java.util.Optional<String> check(Outcome o) {
        if (o.failures < 4) {
            if (o.resultOrThrown != null || o.attempts != o.failures + 1) {
                return java.util.Optional.of("expected success after " + o.failures + " failures: " + o);
            }
            return java.util.Optional.empty();
        }
        // 4 or 5 scripted failures: the fourth attempt's failure is thrown, with the first three suppressed.
        Throwable thrown = (Throwable) o.resultOrThrown;
        if (o.attempts != 4 || thrown != o.scripted.get(3)
                || !List.of(thrown.getSuppressed()).equals(o.scripted.subList(0, 3))) {
            return java.util.Optional.of("expected the fourth failure with three suppressed: " + o);
        }
        return java.util.Optional.empty();
    }
}
