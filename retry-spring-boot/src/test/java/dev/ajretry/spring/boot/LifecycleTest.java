package dev.ajretry.spring.boot;

import dev.ajretry.runtime.AsyncRetries;
import dev.ajretry.runtime.RetryEnvironment;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledExecutorService;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** ajretry's threads stop when the last open context closes, not before: several contexts share one JVM. */
class LifecycleTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(AjretryAutoConfiguration.class))
            .withUserConfiguration(InventoryConfiguration.class);

    @AfterEach
    void forget() {
        RetryEnvironment.reset();
    }

    /** An asynchronous call that retries on ajretry's scheduler, and that scheduler. */
    private static ScheduledExecutorService retryAsynchronously(Inventory inventory) {
        assertThatThrownBy(() -> inventory.reserveLater("book").toCompletableFuture().join())
                .isInstanceOf(CompletionException.class).hasCauseInstanceOf(IllegalStateException.class);
        return AsyncRetries.scheduler();
    }

    @Test
    void closingTheContextStopsAjretrysScheduler() {
        ScheduledExecutorService[] used = new ScheduledExecutorService[1];
        runner.run(context -> {
            used[0] = retryAsynchronously(context.getBean(Inventory.class));
            assertThat(used[0].isShutdown()).isFalse();
        });

        assertThat(used[0].isShutdown()).isTrue();
    }

    @Test
    void theSchedulerRunsOnUntilTheLastOpenContextCloses() {
        ScheduledExecutorService[] used = new ScheduledExecutorService[1];
        runner.run(outer -> {
            runner.run(inner -> used[0] = retryAsynchronously(inner.getBean(Inventory.class)));

            assertThat(used[0].isShutdown()).isFalse();
            assertThat(retryAsynchronously(outer.getBean(Inventory.class))).isSameAs(used[0]);
        });

        assertThat(used[0].isShutdown()).isTrue();
    }

    @Test
    void aContextThatFailedToStartCountsForNothing() {
        runner.withPropertyValues("ajretry.enabled=nope").run(failed -> assertThat(failed).hasFailed());
        ScheduledExecutorService[] used = new ScheduledExecutorService[1];
        runner.run(context -> used[0] = retryAsynchronously(context.getBean(Inventory.class)));

        assertThat(used[0].isShutdown()).isTrue();
    }

    @Test
    void aLaterContextRetriesOnANewScheduler() {
        ScheduledExecutorService[] used = new ScheduledExecutorService[2];
        runner.run(context -> used[0] = retryAsynchronously(context.getBean(Inventory.class)));
        runner.run(context -> used[1] = retryAsynchronously(context.getBean(Inventory.class)));

        assertThat(used[1]).isNotSameAs(used[0]);
        assertThat(used[1].isShutdown()).isTrue();
    }
}
