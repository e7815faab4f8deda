package dev.ajretry.spring.boot;

import dev.ajretry.internal.env.Environment;
import dev.ajretry.internal.env.Overrides;
import dev.ajretry.runtime.RetryEnvironment;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.core.env.ConfigurableEnvironment;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What one application context does to ajretry's JVM-wide state, from its start to its close.
 *
 * <p>At startup, before any application bean exists (a bean factory post-processor), it installs the context's
 * {@code ajretry.*} properties as ajretry's overrides and builds the policy of every method they name, so that an
 * invalid value fails the context's start naming the key and the file. Policies built before (by another context, or
 * before this one) are built again at their next call, so the order of calls and contexts does not matter.
 *
 * <p>At close, created first and so destroyed after every application bean (whose own shutdown may still make
 * retried calls), it removes its overrides, which brings back those of the context started before it if that one is
 * still open (Spring's test context cache keeps several open in one JVM); and when the last context that
 * installed ajretry closes, it stops ajretry's threads ({@link RetryEnvironment#shutdown()}).
 *
 * <p>Between the two, {@link #activate()} makes this context's overrides the ones in force again: what
 * {@link CachedContextActivation} does before each test whose context came from Spring's test context cache.
 */
final class ContextInstallation implements BeanFactoryPostProcessor, DisposableBean {

    /** Contexts started and not yet closed: ajretry's threads stop only when none is left. */
    private static final AtomicInteger OPEN_CONTEXTS = new AtomicInteger();

    /** The installation whose overrides are in force: the newest, or the last one {@link #activate() activated}. */
    private static ContextInstallation active;

    private final ConfigurableEnvironment environment;
    private Map<String, Overrides.Value> overrides;
    private Runnable removal;
    private boolean counted;

    ContextInstallation(ConfigurableEnvironment environment) {
        this.environment = environment;
    }

    @Override
    public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
        ClassLoader loader = beanFactory.getBeanClassLoader();
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        // The overrides find the classes that keys name through the context class loader: the application's.
        thread.setContextClassLoader(loader);
        try {
            overrides = SpringEnvironmentOverrides.read(environment);
            install();
            try {
                OverridesCheck.check(Overrides.current(), loader);
            } catch (RuntimeException e) {
                removal.run();
                removal = null;
                throw e;
            }
        } finally {
            thread.setContextClassLoader(previous);
        }
        OPEN_CONTEXTS.incrementAndGet();
        counted = true;
    }

    private void install() {
        synchronized (ContextInstallation.class) {
            removal = Environment.installOverrides(overrides);
            active = this;
        }
    }

    /**
     * Makes this context's overrides the ones in force, if another open context's are: installs them again, as the
     * newest. Every policy is built again at its next call. Nothing happens if they are in force already.
     */
    void activate() {
        synchronized (ContextInstallation.class) {
            if (active == this || removal == null) {
                return;
            }
            removal.run();
            install();
        }
    }

    @Override
    public void destroy() {
        synchronized (ContextInstallation.class) {
            if (removal != null) {
                removal.run();
                removal = null;
            }
            if (active == this) {
                active = null;
            }
        }
        if (counted) {
            counted = false;
            if (OPEN_CONTEXTS.decrementAndGet() == 0) {
                RetryEnvironment.shutdown();
            }
        }
    }
}
