package dev.ajretry.spring.boot;

import dev.ajretry.RetryConfigurationException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns a {@link RetryConfigurationException} that stops an application's start (an invalid {@code ajretry.*}
 * value, a malformed {@code ajretry.properties}) into Spring Boot's "APPLICATION FAILED TO START" report: the
 * message, which names the key and where it was set, and what to do. Registered through
 * {@code META-INF/spring.factories}.
 */
final class RetryConfigurationFailureAnalyzer extends AbstractFailureAnalyzer<RetryConfigurationException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, RetryConfigurationException cause) {
        return new FailureAnalysis(cause.getMessage(),
                "Correct or remove the ajretry override named above, where the message says it was set (an"
                        + " application property, ajretry.properties or a system property); docs/spring-boot.md"
                        + " lists the keys and their values.", cause);
    }
}
