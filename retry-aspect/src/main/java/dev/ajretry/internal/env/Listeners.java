package dev.ajretry.internal.env;

import dev.ajretry.RetryEvent;
import dev.ajretry.RetryListener;
import dev.ajretry.internal.text.Texts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * Who listens: the service-loaded listeners, then those registered in code; part of the {@link Environment}, which
 * is the only class that uses it. Registering is rare and synchronized; reading is lock-free.
 */
final class Listeners {

    private static final Logger LOG = LoggerFactory.getLogger(Listeners.class);

    private Listeners() {
    }

    private static volatile RetryListener[] listeners = loadServices(Thread.currentThread().getContextClassLoader());
    /**
     * The listeners that want first-attempt successes; empty almost always, read on every successful call. Read
     * through an opaque access, not a volatile one: a call needs no ordering with the registration, only to see it
     * soon (opaque reads are not hoisted out of loops), and it saves a barrier on every successful call.
     */
    private static RetryListener[] successListeners = successListeners(listeners);
    private static final VarHandle SUCCESS_LISTENERS;

    static {
        try {
            SUCCESS_LISTENERS = MethodHandles.lookup().findStaticVarHandle(Listeners.class, "successListeners",
                    RetryListener[].class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Registers {@code listener}; the returned action unregisters it. */
    static synchronized Runnable addListener(RetryListener listener) {
        if (listener == null) {
            throw new NullPointerException("listener");
        }
        RetryListener[] grown = Arrays.copyOf(listeners, listeners.length + 1);
        grown[grown.length - 1] = listener;
        setListeners(grown);
        return () -> removeListener(listener);
    }

    private static synchronized void removeListener(RetryListener listener) {
        List<RetryListener> kept = new ArrayList<>(Arrays.asList(listeners));
        for (int i = 0; i < kept.size(); i++) {
            if (kept.get(i) == listener) {
                kept.remove(i);
                break;
            }
        }
        setListeners(kept.toArray(new RetryListener[0]));
    }

    private static void setListeners(RetryListener[] all) {
        listeners = all;
        SUCCESS_LISTENERS.setVolatile(successListeners(all));
    }

    private static RetryListener[] successListeners(RetryListener[] all) {
        return Arrays.stream(all).filter(RetryListener::wantsFirstAttemptSuccesses).toArray(RetryListener[]::new);
    }

    /** True if any listener is registered: only then are events built. */
    static boolean anyListener() {
        return listeners.length > 0;
    }

    /** A call succeeded at its first attempt: tells the listeners that asked for it (usually none: one read). */
    static boolean anyFirstAttemptListener() {
        return ((RetryListener[]) SUCCESS_LISTENERS.getOpaque()).length > 0;
    }

    static void firstAttemptSucceeded(Method method) {
        RetryListener[] wanting = (RetryListener[]) SUCCESS_LISTENERS.getOpaque();
        if (wanting.length == 0) {
            return;
        }
        for (RetryListener listener : wanting) {
            try {
                listener.onFirstAttemptSuccess(method);
            } catch (Throwable e) {
                listenerFailed(listener, "a first-attempt success", method.toString(), e);
            }
        }
    }

    /** Tells every listener; a listener that throws is logged and skipped. */
    static void publish(RetryEvent event) {
        for (RetryListener listener : listeners) {
            try {
                switch (event.kind()) {
                    case RETRY:
                        listener.onRetry(event);
                        break;
                    case SUCCESS:
                        listener.onSuccess(event);
                        break;
                    case HEDGE:
                        listener.onHedge(event);
                        break;
                    default:
                        listener.onGiveUp(event);
                        break;
                }
            } catch (Throwable e) {
                listenerFailed(listener, "a " + event.kind() + " event", event.description(), e);
            }
        }
    }

    /**
     * Logs that {@code listener} threw {@code thrown}, with its stack trace if the logger can print it. Anything a
     * listener throws, sneaky checked exceptions and errors included, is logged and skipped: a listener never breaks
     * the call. Only the {@link Texts#isFatal fatal} errors go on.
     */
    private static void listenerFailed(RetryListener listener, String moment, String method, Throwable thrown) {
        if (Texts.isFatal(thrown)) {
            throw (VirtualMachineError) thrown;
        }
        String name = listener.getClass().getName();
        try {
            LOG.warn("Retry listener {} threw on {} of {}; ignored", name, moment, method, thrown);
        } catch (Throwable unprintable) {
            if (Texts.isFatal(unprintable)) {
                throw unprintable;
            }
            // The logger could not print the exception (logback reads the message of the exception, its causes and
            // its suppressed, and one of them throws or overflows the stack): say what happened without it.
            LOG.warn("Retry listener {} threw {} on {} of {}; ignored (its stack trace cannot be printed: {})", name,
                    Texts.text(thrown), moment, method, Texts.text(unprintable));
        }
    }

    /** Most providers that can fail in a row before the rest of the services files is given up. */
    private static final int MAX_FAILURES = 100;

    /**
     * The listeners named in {@code META-INF/services/dev.ajretry.RetryListener}, provider by provider: one that
     * cannot be found or created is logged with its class name and skipped; the others are registered.
     */
    static RetryListener[] loadServices(ClassLoader loader) {
        List<RetryListener> found = new ArrayList<>();
        Iterator<RetryListener> providers = ServiceLoader.load(RetryListener.class, loader).iterator();
        int failures = 0;
        while (true) {
            try {
                if (!providers.hasNext()) {
                    break;
                }
                found.add(providers.next());
                failures = 0;
            } catch (ServiceConfigurationError e) {
                // The service loader has gone past the broken entry: the next hasNext() reads the one after it.
                LOG.error("Ignoring a RetryListener service: {}; the other service-loaded listeners are registered",
                        e.getMessage(), e);
                if (++failures >= MAX_FAILURES) {
                    LOG.error("Giving up the RetryListener services after {} failures in a row", failures);
                    break;
                }
            }
        }
        return found.toArray(new RetryListener[0]);
    }

    /** Only the service-loaded listeners, loaded again. */
    static synchronized void reset() {
        setListeners(loadServices(Thread.currentThread().getContextClassLoader()));
    }
}
