package dev.ajretry.internal.spec;

import dev.ajretry.RandomJitter;
import dev.ajretry.Retry;
import dev.ajretry.RetryAfter;
import dev.ajretry.internal.env.Overrides;
import org.junit.jupiter.api.Test;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.lang.reflect.Method;
import java.time.Duration;

import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static org.assertj.core.api.Assertions.assertThat;

/** Each named step of the wait pipeline, as a table: inputs in, a wait in nanoseconds out (-1: the step says nothing). */
class WaitsTest {

    private static final long MS = MILLISECONDS.toNanos(1);

    @Retry(delay = 100, backoff = 2, minDelay = 150, maxDelay = 300, randomJitter = RandomJitter.FULL,
            waitOn = {@Retry.WaitOn(value = IOException.class, delay = 40),
                    @Retry.WaitOn(value = FileNotFoundException.class, delay = 5)})
    void policy() {
    }

    private static Waits waits() throws NoSuchMethodException {
        Method m = WaitsTest.class.getDeclaredMethod("policy");
        return RetrySpec.of(m, m.getAnnotation(Retry.class), Overrides.load(new ClassLoader(null) { })).waits();
    }

    static final class ServerSaid extends IllegalStateException implements RetryAfter {
        private final Duration wait;

        ServerSaid(Duration wait) {
            this.wait = wait;
        }

        @Override
        public Duration retryAfter() {
            if (wait == null) {
                throw new IllegalArgumentException("no header");
            }
            return wait;
        }
    }

    @Test
    void theBaseIsTheClampedSchedule() throws Exception {
        Waits waits = waits();
        assertThat(waits.base(1, 0, 0.5)).isEqualTo(150 * MS); // 100 lifted to minDelay
        assertThat(waits.base(2, 150 * MS, 0.5)).isEqualTo(300 * MS);
        assertThat(waits.base(3, 300 * MS, 0.5)).isEqualTo(300 * MS); // capped at maxDelay
    }

    @Test
    void randomJitterIsClampedAgain() throws Exception {
        Waits waits = waits();
        assertThat(waits.randomized(300 * MS, 0.5)).isEqualTo(150 * MS);
        assertThat(waits.randomized(300 * MS, 0.1)).isEqualTo(150 * MS); // 30 ms lifted to minDelay
    }

    @Test
    void theServersWordIsTakenAsItIsAndABrokenOneIsReportedOnTheFailure() throws Exception {
        Waits waits = waits();
        assertThat(waits.serversWord(new ServerSaid(Duration.ofSeconds(7)))).isEqualTo(7_000 * MS);
        assertThat(waits.serversWord(new ServerSaid(Duration.ofSeconds(-1)))).isEqualTo(-1);
        assertThat(waits.serversWord(new ServerSaid(Duration.ofSeconds(Long.MAX_VALUE)))).isEqualTo(Long.MAX_VALUE);
        assertThat(waits.serversWord(new IOException())).isEqualTo(-1);
        ServerSaid broken = new ServerSaid(null);
        assertThat(waits.serversWord(broken)).isEqualTo(-1);
        assertThat(broken.getSuppressed()).extracting(Throwable::getMessage).containsExactly("no header");
    }

    @Test
    void theMostSpecificWaitOnEntryWins() throws Exception {
        Waits waits = waits();
        assertThat(waits.waitOnEntry(new IOException())).isEqualTo(40 * MS);
        assertThat(waits.waitOnEntry(new FileNotFoundException())).isEqualTo(5 * MS);
        assertThat(waits.waitOnEntry(new IllegalStateException())).isEqualTo(-1);
    }

    @Test
    void theServersWordBeatsWaitOnWhichBeatsTheSchedule() throws Exception {
        Waits waits = waits();
        assertThat(waits.next(new ServerSaid(Duration.ofSeconds(2)), 300 * MS, 0.5)).isEqualTo(2_000 * MS);
        assertThat(waits.next(new FileNotFoundException(), 300 * MS, 0.5)).isEqualTo(5 * MS);
        assertThat(waits.next(new IllegalStateException(), 300 * MS, 0.5)).isEqualTo(150 * MS);
        assertThat(waits.next(null, 300 * MS, 0.5)).isEqualTo(150 * MS); // a rejected result: the schedule
    }
}
