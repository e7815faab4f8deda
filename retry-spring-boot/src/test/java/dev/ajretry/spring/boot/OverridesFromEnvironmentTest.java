package dev.ajretry.spring.boot;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.ajretry.RetryConfigurationException;
import dev.ajretry.internal.env.Overrides;
import dev.ajretry.runtime.RetryBudgets;
import dev.ajretry.runtime.RetryEnvironment;
import dev.ajretry.runtime.RetryableExceptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.util.Map;

import static dev.ajretry.spring.boot.InventoryConfiguration.RESERVE;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code ajretry.*} keys of the Spring Environment as ajretry's overrides, with real woven calls: what a call
 * does while the context is open, whether the start fails, and what is left once it is closed.
 */
class OverridesFromEnvironmentTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(AjretryAutoConfiguration.class))
            .withUserConfiguration(InventoryConfiguration.class);

    @AfterEach
    void forget() {
        System.clearProperty(RESERVE + ".tries");
        RetryEnvironment.reset();
    }

    private static int attempts(org.springframework.context.ApplicationContext context) {
        return context.getBean(Inventory.class).attemptsOfOneReserve();
    }

    @Test
    void aPropertyOverridesTheAnnotation() {
        runner.withPropertyValues(RESERVE + ".tries=4").run(context -> assertThat(attempts(context)).isEqualTo(4));
    }

    @Test
    void aPolicyBuiltBeforeTheContextStartedFollowsIt() {
        Inventory built = new Inventory();
        assertThat(built.attemptsOfOneReserve()).isEqualTo(2);

        runner.withPropertyValues(RESERVE + ".tries=4").run(context -> assertThat(built.attemptsOfOneReserve())
                .isEqualTo(4));
    }

    @Test
    void theAnnotationIsBackOnceTheContextIsClosed() {
        runner.withPropertyValues(RESERVE + ".tries=4").run(context -> assertThat(attempts(context)).isEqualTo(4));

        assertThat(new Inventory().attemptsOfOneReserve()).isEqualTo(2);
    }

    @Test
    void theNewestOpenContextWinsAndClosingItBringsBackTheOneBefore() {
        runner.withPropertyValues(RESERVE + ".tries=3").run(first -> {
            runner.withPropertyValues(RESERVE + ".tries=5").run(second -> assertThat(attempts(second)).isEqualTo(5));

            assertThat(attempts(first)).isEqualTo(3);
        });
    }

    @Test
    void aClassKeyAppliesToEveryMethodAndAMethodKeyWins() {
        runner.withPropertyValues("ajretry." + Inventory.class.getName() + ".tries=6", RESERVE + ".tries=3")
                .run(context -> assertThat(attempts(context)).isEqualTo(3));
        runner.withPropertyValues("ajretry." + Inventory.class.getName() + ".tries=6")
                .run(context -> assertThat(attempts(context)).isEqualTo(6));
    }

    @Test
    void theGlobalSwitchTurnsRetryingOff() {
        runner.withPropertyValues("ajretry.enabled=false").run(context -> assertThat(attempts(context)).isEqualTo(1));
    }

    @Test
    void placeholdersAreResolved() {
        runner.withPropertyValues("inventory.tries=7", RESERVE + ".tries=${inventory.tries}")
                .run(context -> assertThat(attempts(context)).isEqualTo(7));
    }

    @Test
    void anInvalidValueFailsTheStartNamingTheKeyAndWhereItWasSet() {
        runner.withPropertyValues(RESERVE + ".tries=zero").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).isInstanceOf(RetryConfigurationException.class)
                    .hasMessageContaining("ajretry's overrides are invalid")
                    .hasMessageContaining(Inventory.class.getName() + ".reserve(String)")
                    .hasMessageContaining("tries (from " + RESERVE + ".tries in Spring property source 'test') = 'zero'");
        });

        assertThat(new Inventory().attemptsOfOneReserve()).isEqualTo(2);
    }

    @Test
    void aValueBreakingARuleBetweenAttributesFailsTheStartToo() {
        runner.withPropertyValues(RESERVE + ".minDelay=500", RESERVE + ".maxDelay=100").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).isInstanceOf(RetryConfigurationException.class)
                    .hasMessageContaining("minDelay").hasMessageContaining("maxDelay");
        });
    }

    @Test
    void budgetSizesThatMakeNoBudgetFailTheStartNamingTheKey() {
        runner.withPropertyValues("ajretry.budget.payments.maxTokens=0").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).isInstanceOf(RetryConfigurationException.class)
                    .hasMessageContaining("budget = \"payments\": ")
                    .hasMessageContaining("maxTokens = 0 must be >= 1")
                    .hasMessageContaining("(ajretry.budget.payments.maxTokens in Spring property source 'test')");
        });
    }

    /** The startup check and a method's first call size budgets through one rule: trailing text is named too. */
    @Test
    void aBudgetSizeWithTrailingTextFailsTheStartSayingSo() {
        runner.withPropertyValues("ajretry.budget.payments.maxTokens=20 # twenty").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).isInstanceOf(RetryConfigurationException.class)
                    .hasMessageContaining("ajretry.budget.payments.maxTokens in Spring property source 'test'"
                            + " = '20 # twenty' has trailing text '# twenty'");
        });
    }

    @Test
    void aBudgetSizedByPropertiesExistsFromTheStartWithThoseSizes() {
        runner.withPropertyValues("ajretry.budget.payments.maxTokens=20", "ajretry.budget.payments.tokenRatio=0.5")
                .run(context -> assertThat(RetryBudgets.find("payments")).isNotNull().satisfies(budget -> {
                    assertThat(budget.maxTokens()).isEqualTo(20);
                    assertThat(budget.tokenRatio()).isEqualTo(0.5);
                }));
    }

    @Test
    void anInvalidGlobalValueFailsTheStartNamingTheKey() {
        runner.withPropertyValues("ajretry.enabled=nope").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).isInstanceOf(RetryConfigurationException.class)
                    .hasMessageContaining("ajretry.enabled in Spring property source 'test' = 'nope' must be true"
                            + " or false");
        });
    }

    @Test
    void environmentVariablesSetTheGlobalKeys() {
        runner.withInitializer(context -> context.getEnvironment().getPropertySources().addFirst(
                        new SystemEnvironmentPropertySource("variables", Map.of("AJRETRY_ENABLED", "false"))))
                .run(context -> {
                    assertThat(attempts(context)).isEqualTo(1);
                    assertThat(Overrides.current().global("enabled").origin())
                            .isEqualTo("ajretry.enabled from environment variable AJRETRY_ENABLED");
                });
    }

    @Test
    void aSourceOfHigherPrecedenceWinsWhole() {
        runner.withPropertyValues(RESERVE + ".tries=3")
                .withInitializer(context -> context.getEnvironment().getPropertySources().addFirst(
                        new MapPropertySource("command line", Map.of(RESERVE + ".tries", "5"))))
                .run(context -> assertThat(attempts(context)).isEqualTo(5));
    }

    @Test
    void aYamlListIsTheCommaSeparatedList() {
        runner.withPropertyValues("ajretry.retryable[0]=" + SocketTimeoutException.class.getName(),
                        "ajretry.retryable[1]=" + ConnectException.class.getName())
                .run(context -> assertThat(RetryableExceptions.all())
                        .containsExactly(SocketTimeoutException.class, ConnectException.class));

        Overrides.current(); // read again without the context, as the next policy build would
        assertThat(RetryableExceptions.all()).isEmpty();
    }

    @Test
    void aSystemPropertyStillWins() {
        System.setProperty(RESERVE + ".tries", "6");

        runner.withPropertyValues(RESERVE + ".tries=3").run(context -> assertThat(attempts(context)).isEqualTo(6));
    }

    @Test
    void theEnvironmentWinsOverAjretryPropertiesAndTheConflictIsLoggedOnce() {
        // src/test/resources/ajretry.properties sets this key to 4
        String key = "ajretry." + Inventory.class.getName() + ".release.tries";
        Logger logger = (Logger) LoggerFactory.getLogger(Overrides.class);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        logger.setLevel(Level.WARN);
        logger.setAdditive(false);
        try {
            runner.withPropertyValues(key + "=3").run(context ->
                    assertThat(Overrides.current().find(Inventory.class, "release", "tries").text()).isEqualTo("3"));
        } finally {
            logger.detachAppender(appender);
            logger.setLevel(null);
            logger.setAdditive(true);
        }

        assertThat(appender.list).filteredOn(event -> event.getLevel() == Level.WARN)
                .extracting(ILoggingEvent::getFormattedMessage)
                .singleElement().asString()
                .startsWith(key + " in Spring property source 'test' = '3' replaces " + key + " in ")
                .endsWith("ajretry.properties = '4': the application's environment wins over ajretry.properties");
        assertThat(Overrides.current().find(Inventory.class, "release", "tries").text()).isEqualTo("4");
    }
}
