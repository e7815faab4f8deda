package dev.ajretry.spring.boot;

import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * The Actuator endpoint {@code ajretry} ({@link AjretryEndpoint}), when Actuator is on the class path and the
 * endpoint is available (exposed, as {@code management.endpoints.web.exposure.include=ajretry}, and not switched
 * off with {@code management.endpoint.ajretry.enabled=false} or {@code .access=none}).
 */
@AutoConfiguration
@ConditionalOnClass(name = "org.springframework.boot.actuate.endpoint.annotation.Endpoint")
public class AjretryEndpointAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnAvailableEndpoint(endpoint = AjretryEndpoint.class)
    AjretryEndpoint ajretryEndpoint() {
        return new AjretryEndpoint();
    }
}
