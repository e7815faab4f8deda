package dev.ajretry.spring.boot;

import dev.ajretry.internal.env.Overrides;
import dev.ajretry.runtime.RecordingSleeper;
import dev.ajretry.runtime.RetryableExceptions;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;

import com.jayway.jsonpath.JsonPath;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Spring Boot application as users have it: application.yml and a profile's file, Actuator over real HTTP (on a
 * random port of the loopback address), metrics into Boot's own registry, and a woven bean. Written against what
 * Boot 3 and Boot 4 share (no MockMvc, no Jackson), so that the profile boot4 runs it unchanged. {@code @DirtiesContext}: the context is closed after this
 * class, so that its overrides do not outlive it in Spring's test context cache.
 */
@SpringBootTest(classes = SpringBootApplicationTest.Application.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "server.address=127.0.0.1")
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
    @Value("${local.server.port}")
    private int port;
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
    void messagesNameTheFileAndLineOfEachKey() {
        assertThat(Overrides.current().find(Inventory.class, "reserve", "delay").origin())
                .isEqualTo(InventoryConfiguration.RESERVE + ".delay in class path resource [application.yml] - 6:14");
        assertThat(Overrides.current().find(Inventory.class, "reserve", "tries").origin())
                .isEqualTo(InventoryConfiguration.RESERVE + ".tries in class path resource [application-slow.yml]"
                        + " - 3:52");
    }

    @Test
    void aYamlListNamesRetryableClasses() {
        assertThat(RetryableExceptions.all()).contains(SocketTimeoutException.class, ConnectException.class);
    }

    @Test
    void theEndpointAnswersOverHttpWithTheEffectivePolicy() throws Exception {
        inventory.attemptsOfOneReserve();
        inventory.release("book");

        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/actuator/ajretry")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        String reserve = "$.policies[?(@.method == 'dev.ajretry.spring.boot.Inventory.reserve(String)')]";
        assertThat(JsonPath.<List<Object>>read(response.body(), reserve + ".tries")).containsExactly(4);
        assertThat(JsonPath.<List<Object>>read(response.body(), reserve + ".delay")).containsExactly("PT0.04S");
        assertThat(JsonPath.<List<Object>>read(response.body(), reserve + ".overrideKey"))
                .containsExactly("ajretry.dev.ajretry.spring.boot.Inventory.reserve");
        assertThat(JsonPath.<List<Object>>read(response.body(), "$.budgets[?(@.name == 'inventory')].maxTokens"))
                .containsExactly(10);
    }

    @Test
    void callsAreRecordedIntoBootsRegistry() {
        inventory.attemptsOfOneReserve();

        assertThat(registry.find("ft.retry.retries.total").tag("method", Inventory.class.getName() + ".reserve")
                .counter()).isNotNull().satisfies(counter -> assertThat(counter.count()).isGreaterThanOrEqualTo(3));
    }
}
