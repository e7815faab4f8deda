package dev.ajretry.runtime;

import dev.ajretry.RetryListener;
import dev.ajretry.RetryEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * The registered {@link RetryListener}s: those found by {@link ServiceLoader} when this class is first used, then
 * those registered in code. Thread-safe; registering is rare, reading is lock-free.
 */
public final class RetryListeners {

    private static final Logger LOG = LoggerFactory.getLogger(RetryListeners.class);
    private static volatile RetryListener[] listeners = loadServices(Thread.currentThread().getContextClassLoader());
    /**
     * The listeners that want first-attempt successes; empty almost always, read on every successful call. Read
     * through an opaque access, not a volatile one: a call needs no ordering with the registration, only to see it
     * soon (opaque reads are not hoisted out of loops), and it saves a barrier on every successful call.
     */
    private static RetryListener[] successListeners = successListeners(listeners);
    private static final java.lang.invoke.VarHandle SUCCESS_LISTENERS;

    static {
        try {
            SUCCESS_LISTENERS = java.lang.invoke.MethodHandles.lookup().findStaticVarHandle(RetryListeners.class,
                    "successListeners", RetryListener[].class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private RetryListeners() {
    }

    /** Registers {@code listener} until the returned registration is closed. */
    public static synchronized Registration register(RetryListener listener) {
        if (listener == null) {
            throw new NullPointerException("listener");
        }
        RetryListener[] grown = Arrays.copyOf(listeners, listeners.length + 1);
        grown[grown.length - 1] = listener;
        listeners = grown;
        SUCCESS_LISTENERS.setVolatile(successListeners(grown));
        return () -> unregister(listener);
    }

    private static synchronized void unregister(RetryListener listener) {
        List<RetryListener> kept = new ArrayList<>(Arrays.asList(listeners));
        for (int i = 0; i < kept.size(); i++) {
            if (kept.get(i) == listener) {
                kept.remove(i);
                break;
            }
        }
        listeners = kept.toArray(new RetryListener[0]);
        SUCCESS_LISTENERS.setVolatile(successListeners(listeners));
    }

    private static RetryListener[] successListeners(RetryListener[] all) {
        return Arrays.stream(all).filter(RetryListener::wantsFirstAttemptSuccesses).toArray(RetryListener[]::new);
    }

    /**
     * A call succeeded at its first attempt: tells the listeners that asked for it. With none (the usual case) this
     * is one volatile read and a length test.
     */
    public static void firstAttemptSucceeded(java.lang.reflect.Method method) {
        RetryListener[] wanting = (RetryListener[]) SUCCESS_LISTENERS.getOpaque();
        if (wanting.length == 0) {
            return;
        }
        for (RetryListener listener : wanting) {
            try {
                listener.onFirstAttemptSuccess(method);
            } catch (VirtualMachineError fatal) {
                throw fatal;
            } catch (Throwable e) {
                LOG.warn("Retry listener {} threw on a first-attempt success of {}; ignored",
                        listener.getClass().getName(), method, e);
            }
        }
    }

    /** True if any listener is registered: only then are events built. */
    public static boolean any() {
        return listeners.length > 0;
    }

    /** The listeners, in calling order. */
    public static List<RetryListener> all() {
        return List.of(listeners);
    }

    /** Tells every listener; a listener that throws is logged and skipped. */
    public static void publish(RetryEvent event) {
        for (RetryListener listener : listeners) {
            try {
                switch (event.kind()) {
                    case RETRY:
                        listener.onRetry(event);
                        break;
                    case SUCCESS:
                        listener.onSuccess(event);
                        break;
                    default:
                        listener.onGiveUp(event);
                        break;
                }
            } catch (VirtualMachineError fatal) {
                throw fatal;
            } catch (Throwable e) {
                // Anything else, sneaky checked exceptions and errors included: a listener never breaks the call.
                LOG.warn("Retry listener {} threw on a {} event of {}; ignored", listener.getClass().getName(),
                        event.kind(), event.description(), e);
            }
        }
    }

    static RetryListener[] loadServices(ClassLoader loader) {
        List<RetryListener> found = new ArrayList<>();
        try {
            for (RetryListener listener : ServiceLoader.load(RetryListener.class, loader)) {
                found.add(listener);
            }
        } catch (ServiceConfigurationError e) {
            LOG.error("Could not load the RetryListener services; no service-loaded listener is active", e);
        }
        return found.toArray(new RetryListener[0]);
    }

    /** A registered listener; closing it unregisters the listener. */
    @FunctionalInterface
    public interface Registration extends AutoCloseable {
        @Override
        void close();
    }
}
