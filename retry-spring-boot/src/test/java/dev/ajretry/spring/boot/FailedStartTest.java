package dev.ajretry.spring.boot;

import dev.ajretry.RetryConfigurationException;
import dev.ajretry.runtime.RetryEnvironment;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Import;

import static dev.ajretry.spring.boot.InventoryConfiguration.RESERVE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** An application that cannot start because of an override: Boot's failure report says which key, and what to do. */
@ExtendWith(OutputCaptureExtension.class)
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
    void theFailureReportNamesTheKeyAndTheAction(CapturedOutput output) {
        SpringApplication application = new SpringApplication(Application.class);
        application.setWebApplicationType(WebApplicationType.NONE);

        assertThatThrownBy(() -> application.run("--" + RESERVE + ".tries=zero"))
                .isInstanceOf(RetryConfigurationException.class);

        assertThat(output.getOut() + output.getErr())
                .contains("APPLICATION FAILED TO START")
                .contains("tries (from " + RESERVE + ".tries in Spring property source 'commandLineArgs') = 'zero'"
                        + " is not a valid value")
                .contains("Correct or remove the ajretry override named above");
    }
}
