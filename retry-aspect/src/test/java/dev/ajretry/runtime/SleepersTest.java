package dev.ajretry.runtime;

import dev.ajretry.runtime.RecordingSleeper;
import dev.ajretry.runtime.Sleeper;
import dev.ajretry.runtime.Sleepers;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SleepersTest {

    @Test
    void theRealSleeperIsTheDefault() {
        assertThat(Sleepers.current()).isSameAs(Sleepers.REAL);
    }

    @Test
    void theRealSleeperSleepsAtLeastTheWait() throws Exception {
        long start = System.nanoTime();
        Sleepers.REAL.sleep(Duration.ofMillis(20));
        assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(Duration.ofMillis(20).toNanos());
    }

    @Test
    void theRealSleeperThrowsForAnInterruptedThreadEvenOnAZeroWait() {
        Thread.currentThread().interrupt();
        assertThatThrownBy(() -> Sleepers.REAL.sleep(Duration.ZERO)).isInstanceOf(InterruptedException.class);
        assertThat(Thread.interrupted()).isFalse();
    }

    @Test
    void aThreadInstallationAppliesToThatThreadOnlyAndIsRestored() throws Exception {
        Sleeper mine = wait -> { };
        try (Sleepers.Installation ignored = Sleepers.installOnThisThread(mine)) {
            assertThat(Sleepers.current()).isSameAs(mine);
            AtomicReference<Sleeper> elsewhere = new AtomicReference<>();
            Thread other = new Thread(() -> elsewhere.set(Sleepers.current()));
            other.start();
            other.join();
            assertThat(elsewhere.get()).isSameAs(Sleepers.REAL);
        }
        assertThat(Sleepers.current()).isSameAs(Sleepers.REAL);
    }

    @Test
    void installationsNestAndRestoreInOrder() {
        Sleeper outer = wait -> { };
        Sleeper inner = wait -> { };
        try (Sleepers.Installation a = Sleepers.install(outer)) {
            assertThat(Sleepers.current()).isSameAs(outer);
            try (Sleepers.Installation b = Sleepers.installOnThisThread(inner)) {
                assertThat(Sleepers.current()).isSameAs(inner);
            }
            assertThat(Sleepers.current()).isSameAs(outer);
        }
        assertThat(Sleepers.current()).isSameAs(Sleepers.REAL);
    }

    @Test
    void aThreadInstallationMustBeClosedOnItsThread() throws Exception {
        Sleepers.Installation installation = Sleepers.installOnThisThread(wait -> { });
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread other = new Thread(() -> {
            try {
                installation.close();
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        other.start();
        other.join();
        installation.close();
        assertThat(failure.get()).isInstanceOf(IllegalStateException.class);
        assertThat(Sleepers.current()).isSameAs(Sleepers.REAL);
    }

    @Test
    void theRecorderRecordsInOrderAndHonoursInterrupts() {
        try (RecordingSleeper sleeper = RecordingSleeper.installOnThisThread()) {
            assertThat(Sleepers.current()).isSameAs(sleeper);
            sleeper.sleep(Duration.ofMillis(5));
            sleeper.sleep(Duration.ZERO);
            assertThat(sleeper.waits()).containsExactly(Duration.ofMillis(5), Duration.ZERO);
            assertThat(sleeper.total()).isEqualTo(Duration.ofMillis(5));
            Thread.currentThread().interrupt();
            assertThatThrownBy(() -> sleeper.sleep(Duration.ofMillis(1))).isInstanceOf(InterruptedException.class);
            assertThat(Thread.interrupted()).isFalse();
            sleeper.clear();
            assertThat(sleeper.waits()).isEmpty();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        assertThat(Sleepers.current()).isSameAs(Sleepers.REAL);
    }
}
