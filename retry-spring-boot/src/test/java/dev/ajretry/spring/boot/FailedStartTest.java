package dev.ajretry.spring.boot;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.ajretry.RetryConfigurationException;
import dev.ajretry.runtime.RetryEnvironment;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.context.annotation.Import;
import org.slf4j.LoggerFactory;

import static dev.ajretry.spring.boot.InventoryConfiguration.RESERVE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * An application that cannot start because of an override: Boot's failure report says which key, and what to do.
 * The report is captured from Boot's reporter, not printed.
 */
class FailedStartTest {

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import(InventoryConfiguration.class)
    static class Application {
    }

    @AfterEach
    void forget() {
        RetryEnvironment.reset();
    }

    @Test
    void theFailureReportNamesTheKeyAndTheAction() {
        SpringApplication application = new SpringApplication(Application.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        Logger reporter = (Logger) LoggerFactory.getLogger(
                "org.springframework.boot.diagnostics.LoggingFailureAnalysisReporter");
        ListAppender<ILoggingEvent> report = new ListAppender<>();
        report.start();
        reporter.addAppender(report);
        reporter.setLevel(Level.ERROR);
        reporter.setAdditive(false);
        // Boot's logging system would configure logback afresh and drop the capturing appender.
        System.setProperty(LoggingSystem.SYSTEM_PROPERTY, LoggingSystem.NONE);
        try {
            assertThatThrownBy(() -> application.run("--" + RESERVE + ".tries=zero"))
                    .isInstanceOf(RetryConfigurationException.class);
        } finally {
            System.clearProperty(LoggingSystem.SYSTEM_PROPERTY);
            reporter.detachAppender(report);
            reporter.setLevel(null);
            reporter.setAdditive(true);
        }

        assertThat(report.list).singleElement().extracting(ILoggingEvent::getFormattedMessage).asString()
                .contains("APPLICATION FAILED TO START")
                .contains("tries (from " + RESERVE + ".tries in Spring property source 'commandLineArgs') = 'zero'"
                        + " is not a valid value")
                .contains("Correct or remove the ajretry override named above");
    }
}
