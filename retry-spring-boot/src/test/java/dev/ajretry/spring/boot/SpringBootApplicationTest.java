package dev.ajretry.spring.boot;

import dev.ajretry.runtime.RecordingSleeper;
import dev.ajretry.runtime.RetryableExceptions;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.servlet.MockMvc;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * A Spring Boot application as users have it: application.yml and a profile's file, Actuator over HTTP (MockMvc),
 * metrics into Boot's own registry, and a woven bean. {@code @DirtiesContext}: the context is closed after this
 * class, so that its overrides do not outlive it in Spring's test context cache.
 */
@SpringBootTest(classes = SpringBootApplicationTest.Application.class)
@AutoConfigureMockMvc
@ActiveProfiles("slow")
@DirtiesContext
class SpringBootApplicationTest {

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import(InventoryConfiguration.class)
    static class Application {
    }

    @Autowired
    private Inventory inventory;
    @Autowired
    private MockMvc mvc;
    @Autowired
    private MeterRegistry registry;

    private RecordingSleeper sleeper;

    @BeforeEach
    void recordWaits() {
        sleeper = RecordingSleeper.installOnThisThread();
    }

    @AfterEach
    void stopRecording() {
        sleeper.close();
    }

    @Test
    void theProfilesFileWinsOverApplicationYmlKeyByKey() {
        assertThat(inventory.attemptsOfOneReserve()).isEqualTo(4);
        assertThat(sleeper.waits()).containsExactly(Duration.ofMillis(40), Duration.ofMillis(40),
                Duration.ofMillis(40));
    }

    @Test
    void aYamlListNamesRetryableClasses() {
        assertThat(RetryableExceptions.all()).contains(SocketTimeoutException.class, ConnectException.class);
    }

    @Test
    void theEndpointAnswersOverHttpWithTheEffectivePolicy() throws Exception {
        inventory.attemptsOfOneReserve();

        mvc.perform(get("/actuator/ajretry")).andExpect(status().isOk())
                .andExpect(jsonPath("$.policies[?(@.method == 'dev.ajretry.spring.boot.Inventory.reserve(String)')]"
                        + ".tries").value(4))
                .andExpect(jsonPath("$.policies[?(@.method == 'dev.ajretry.spring.boot.Inventory.reserve(String)')]"
                        + ".delay").value("PT0.04S"))
                .andExpect(jsonPath("$.policies[?(@.method == 'dev.ajretry.spring.boot.Inventory.reserve(String)')]"
                        + ".overrideKey").value("ajretry.dev.ajretry.spring.boot.Inventory.reserve"))
                .andExpect(jsonPath("$.budgets").isArray());
    }

    @Test
    void callsAreRecordedIntoBootsRegistry() {
        inventory.attemptsOfOneReserve();

        assertThat(registry.find("ft.retry.retries.total").tag("method", Inventory.class.getName() + ".reserve")
                .counter()).isNotNull().satisfies(counter -> assertThat(counter.count()).isGreaterThanOrEqualTo(3));
    }
}
