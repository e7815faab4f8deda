package dev.ajretry.spring.boot;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The application's own configuration in these tests: one woven bean. */
@Configuration(proxyBeanMethods = false)
class InventoryConfiguration {

    /** The key prefix of {@link Inventory#reserve}'s overrides. */
    static final String RESERVE = "ajretry.dev.ajretry.spring.boot.Inventory.reserve";

    @Bean
    Inventory inventory() {
        return new Inventory();
    }
}
