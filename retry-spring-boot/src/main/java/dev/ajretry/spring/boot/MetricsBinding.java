package dev.ajretry.spring.boot;

import dev.ajretry.micrometer.RetryMetrics;
import dev.ajretry.runtime.RetryListeners;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;

/**
 * Binds {@link RetryMetrics} to the context's {@link MeterRegistry} (the only one, or the primary one, such as Spring
 * Boot's composite registry) once all singletons exist, and unbinds it when the context closes. Found lazily, so it
 * needs no ordering against the auto-configuration that creates the registry, in any Boot version.
 */
final class MetricsBinding implements SmartInitializingSingleton, DisposableBean {

    private final ObjectProvider<MeterRegistry> registries;
    private RetryListeners.Registration registration;

    MetricsBinding(ObjectProvider<MeterRegistry> registries) {
        this.registries = registries;
    }

    @Override
    public void afterSingletonsInstantiated() {
        MeterRegistry registry = registries.getIfUnique();
        if (registry != null) {
            registration = RetryMetrics.bindTo(registry);
        }
    }

    @Override
    public void destroy() {
        if (registration != null) {
            registration.close();
            registration = null;
        }
    }
}
