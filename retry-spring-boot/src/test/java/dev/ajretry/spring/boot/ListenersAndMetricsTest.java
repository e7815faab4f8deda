package dev.ajretry.spring.boot;

import dev.ajretry.RetryEvent;
import dev.ajretry.RetryListener;
import dev.ajretry.micrometer.RetryMetrics;
import dev.ajretry.runtime.RetryEnvironment;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** RetryListener beans and Micrometer's registry, bound while the context is open and only then. */
class ListenersAndMetricsTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(AjretryAutoConfiguration.class))
            .withUserConfiguration(InventoryConfiguration.class);

    @AfterEach
    void forget() {
        RetryEnvironment.reset();
    }

    /** Records the methods of the retries it hears. */
    static class RecordingListener implements RetryListener {
        final List<String> retried = new CopyOnWriteArrayList<>();

        @Override
        public void onRetry(RetryEvent event) {
            retried.add(event.method().getName());
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class ListenerConfiguration {
        @Bean
        RecordingListener recordingListener() {
            return new RecordingListener();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class RegistryConfiguration {
        @Bean
        MeterRegistry meterRegistry() {
            return new SimpleMeterRegistry();
        }
    }

    private static double failedReserveCalls(MeterRegistry registry) {
        return registry.find(RetryMetrics.CALLS).tag("method", Inventory.class.getName() + ".reserve")
                .counters().stream().mapToDouble(c -> c.count()).sum();
    }

    @Test
    void aListenerBeanHearsRetriesWhileTheContextIsOpenAndNotAfter() {
        RecordingListener[] kept = new RecordingListener[1];
        runner.withUserConfiguration(ListenerConfiguration.class).run(context -> {
            kept[0] = context.getBean(RecordingListener.class);
            context.getBean(Inventory.class).attemptsOfOneReserve();

            assertThat(kept[0].retried).containsExactly("reserve");
        });

        new Inventory().attemptsOfOneReserve();

        assertThat(kept[0].retried).containsExactly("reserve");
    }

    @Test
    void callsAreRecordedIntoTheContextsRegistryWhileItIsOpenAndNotAfter() {
        MeterRegistry[] kept = new MeterRegistry[1];
        runner.withUserConfiguration(RegistryConfiguration.class).run(context -> {
            kept[0] = context.getBean(MeterRegistry.class);
            context.getBean(Inventory.class).attemptsOfOneReserve();

            assertThat(failedReserveCalls(kept[0])).isEqualTo(1);
        });

        new Inventory().attemptsOfOneReserve();

        assertThat(failedReserveCalls(kept[0])).isEqualTo(1);
    }

    @Test
    void withoutAMeterRegistryBeanNothingIsBound() {
        runner.run(context -> assertThat(context).hasSingleBean(MetricsBinding.class)
                .doesNotHaveBean(MeterRegistry.class));
    }

    @Test
    void withoutRetryMicrometerOnTheClassPathTheMetricsPartIsLeftOut() {
        runner.withClassLoader(new FilteredClassLoader(RetryMetrics.class))
                .withUserConfiguration(RegistryConfiguration.class)
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(MetricsBinding.class));
    }

    @Test
    void withoutMicrometerOnTheClassPathTheMetricsPartIsLeftOut() {
        runner.withClassLoader(new FilteredClassLoader(MeterRegistry.class))
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(MetricsBinding.class));
    }
}
