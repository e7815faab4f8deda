package dev.ajretry.spring.boot;

import dev.ajretry.runtime.RetryEnvironment;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static dev.ajretry.spring.boot.InventoryConfiguration.RESERVE;
import static org.assertj.core.api.Assertions.assertThat;

/** The Actuator endpoint {@code ajretry}: when it exists, and what it lists. */
class EndpointTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(AjretryAutoConfiguration.class,
                    AjretryEndpointAutoConfiguration.class))
            .withUserConfiguration(InventoryConfiguration.class);

    @AfterEach
    void forget() {
        RetryEnvironment.reset();
    }

    private static AjretryEndpoint.Policy policy(AjretryEndpoint.Report report, String method) {
        return report.policies().stream()
                .filter(p -> p.method().equals(Inventory.class.getName() + "." + method + "(String)"))
                .findFirst().orElseThrow();
    }

    @Test
    void itListsTheMethodsCalledWithTheirEffectivePolicyAndTheBudgets() {
        runner.withPropertyValues("management.endpoints.web.exposure.include=ajretry", RESERVE + ".tries=5",
                RESERVE + ".delay=250").run(context -> {
            Inventory inventory = context.getBean(Inventory.class);
            inventory.attemptsOfOneReserve();
            inventory.release("book");

            AjretryEndpoint.Report report = context.getBean(AjretryEndpoint.class).report();

            AjretryEndpoint.Policy reserve = policy(report, "reserve");
            assertThat(reserve.tries()).isEqualTo(5);
            assertThat(reserve.delay()).isEqualTo("PT0.25S");
            assertThat(reserve.maxDelay()).isNull();
            assertThat(reserve.attemptTimeout()).isNull();
            assertThat(reserve.matchCauses()).isFalse();
            assertThat(reserve.hedges()).isZero();
            assertThat(reserve.hedgeDelay()).isEqualTo("PT0S");
            assertThat(reserve.exceptions()).containsExactly("java.io.IOException");
            assertThat(reserve.overrideKey()).isEqualTo(RESERVE);
            assertThat(policy(report, "release").budget()).isEqualTo("inventory");
            assertThat(report.budgets()).filteredOn(b -> b.name().equals("inventory")).singleElement()
                    .satisfies(b -> {
                        assertThat(b.tokens()).isEqualTo(10.0);
                        assertThat(b.allowsRetry()).isTrue();
                    });
            assertThat(report.policies()).noneMatch(p -> p.method().contains("reserveLater"));
        });
    }

    @Test
    void aMethodValidatedAtStartupIsNotListedBeforeItsFirstCall() {
        runner.withPropertyValues("management.endpoints.web.exposure.include=ajretry", RESERVE + ".tries=5")
                .run(context -> assertThat(context.getBean(AjretryEndpoint.class).report().policies())
                        .noneMatch(p -> p.method().contains("Inventory.reserve(")));
    }

    @Test
    void itIsLeftOutUnlessExposed() {
        runner.run(context -> assertThat(context).doesNotHaveBean(AjretryEndpoint.class));
    }

    @Test
    void itIsLeftOutWhenSwitchedOff() {
        runner.withPropertyValues("management.endpoints.web.exposure.include=ajretry",
                        "management.endpoint.ajretry.access=NONE")
                .run(context -> assertThat(context).doesNotHaveBean(AjretryEndpoint.class));
    }

    @Test
    void itIsLeftOutWithoutActuator() {
        runner.withClassLoader(new FilteredClassLoader(Endpoint.class))
                .withPropertyValues("management.endpoints.web.exposure.include=ajretry")
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(AjretryEndpoint.class));
    }
}
