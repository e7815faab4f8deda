/**
 * Spring Boot auto-configuration for ajretry: overrides from the Spring {@code Environment}, {@code RetryListener}
 * beans, Micrometer metrics, the Actuator endpoint {@code ajretry}, and ajretry's threads stopped with the context.
 * Nothing here is called by applications; docs/spring-boot.md describes what it does.
 */
package dev.ajretry.spring.boot;
