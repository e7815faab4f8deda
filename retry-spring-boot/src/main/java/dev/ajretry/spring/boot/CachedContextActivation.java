package dev.ajretry.spring.boot;

import org.springframework.core.Ordered;
import org.springframework.test.context.TestContext;
import org.springframework.test.context.TestExecutionListener;

/**
 * For Spring's test context cache: before each test method, makes the overrides of the test's own application
 * context the ones in force ({@link ContextInstallation#activate()}). Without it, a test class that reuses a cached
 * context would run with the {@code ajretry.*} properties of whichever context started last, since ajretry's state
 * is JVM-wide. Registered through {@code META-INF/spring.factories}; it does nothing for a test without a context,
 * or whose context does not use this auto-configuration, and nothing at all while the same context runs test after
 * test.
 */
public final class CachedContextActivation implements TestExecutionListener, Ordered {

    /** Creates the listener; Spring's test framework does, from {@code META-INF/spring.factories}. */
    public CachedContextActivation() {
    }

    @Override
    public void beforeTestMethod(TestContext testContext) {
        if (testContext.hasApplicationContext()) {
            testContext.getApplicationContext().getBeanProvider(ContextInstallation.class)
                    .ifAvailable(ContextInstallation::activate);
        }
    }

    /** After Spring's own listeners: by then the context is loaded. */
    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
