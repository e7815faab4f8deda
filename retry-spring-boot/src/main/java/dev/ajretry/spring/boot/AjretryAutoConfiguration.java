package dev.ajretry.spring.boot;

import dev.ajretry.RetryListener;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * ajretry in a Spring Boot application, with nothing to declare:
 * <ul>
 *   <li>the {@code ajretry.*} keys of the Spring {@code Environment} ({@code application.yml} or
 *       {@code .properties}, profiles, command-line arguments, {@code @TestPropertySource}) are ajretry's
 *       operators' overrides, the same keys as {@code ajretry.properties}, over that file and under system
 *       properties; checked when the context starts;</li>
 *   <li>every {@link RetryListener} bean is registered, and unregistered when the context closes;</li>
 *   <li>with Micrometer and retry-micrometer on the class path, ajretry's meters are recorded into the context's
 *       {@code MeterRegistry};</li>
 *   <li>ajretry's threads are stopped when the last context closes.</li>
 * </ul>
 * The Actuator endpoint is {@link AjretryEndpointAutoConfiguration}'s. docs/spring-boot.md has the details.
 */
@AutoConfiguration
public class AjretryAutoConfiguration {

    /** Static: a bean factory post-processor, created before any other bean and destroyed after them all. */
    @Bean
    static ContextInstallation ajretryContextInstallation(ConfigurableEnvironment environment) {
        return new ContextInstallation(environment);
    }

    @Bean
    ListenerBeans ajretryListenerBeans(ObjectProvider<RetryListener> listeners) {
        return new ListenerBeans(listeners);
    }

    /** Only with both Micrometer and retry-micrometer: each is an optional dependency. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = {"io.micrometer.core.instrument.MeterRegistry", "dev.ajretry.micrometer.RetryMetrics"})
    static class Metrics {

        @Bean
        MetricsBinding ajretryMetricsBinding(ObjectProvider<io.micrometer.core.instrument.MeterRegistry> registries) {
            return new MetricsBinding(registries);
        }
    }
}
