package dev.ajretry.spring.boot;

import org.junit.jupiter.api.Test;
import org.springframework.core.DefaultParameterNameDiscoverer;

import java.lang.reflect.Method;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * ajc keeps parameter names, as javac -parameters does, because the parent pom sets
 * {@code <parameters>true</parameters>}: Spring reads them (request parameters, constructor binding, cache keys).
 * docs/spring-boot.md tells users to set the same.
 */
class ParameterNamesTest {

    @Test
    void springFindsTheNamesOfAWovenMethodsParameters() throws NoSuchMethodException {
        Method reserve = Inventory.class.getMethod("reserve", String.class);

        assertThat(reserve.getParameters()[0].isNamePresent()).isTrue();
        assertThat(new DefaultParameterNameDiscoverer().getParameterNames(reserve)).containsExactly("item");
    }
}
