package dev.ajretry.junit;

import dev.ajretry.runtime.RecordingSleeper;
import dev.ajretry.runtime.RetryListeners;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The JUnit 5 extension behind {@link RecordRetries}: before each test it installs a {@link RecordingSleeper} on the
 * test's thread and registers a {@link RetryRecorder}; after the test it removes both, whatever the test did.
 */
public final class RetryRecorderExtension implements BeforeEachCallback, AfterEachCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(RetryRecorderExtension.class);

    @Override
    public void beforeEach(ExtensionContext context) {
        RecordingSleeper sleeper = RecordingSleeper.installOnThisThread();
        RetryRecorder recorder = new RetryRecorder(Thread.currentThread(), sleeper);
        RetryListeners.Registration registration = RetryListeners.register(recorder);
        context.getStore(NAMESPACE).put(RetryRecorder.class, recorder);
        context.getStore(NAMESPACE).put(RetryListeners.Registration.class, registration);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        RetryListeners.Registration registration =
                context.getStore(NAMESPACE).remove(RetryListeners.Registration.class, RetryListeners.Registration.class);
        RetryRecorder recorder = context.getStore(NAMESPACE).remove(RetryRecorder.class, RetryRecorder.class);
        try {
            if (registration != null) {
                registration.close();
            }
        } finally {
            if (recorder != null) {
                recorder.sleeper().close();
            }
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == RetryRecorder.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getStore(NAMESPACE).get(RetryRecorder.class, RetryRecorder.class);
    }
}
