package dev.ajretry.spring.boot;

import dev.ajretry.RetryListener;
import dev.ajretry.runtime.RetryListeners;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;

import java.util.ArrayList;
import java.util.List;

/**
 * Registers every {@link RetryListener} bean of the context with ajretry once all singletons exist (in
 * {@code @Order} order), and unregisters them when the context closes. Listeners are JVM-wide in ajretry: while
 * several contexts are open, each one's listeners hear the calls of all.
 */
final class ListenerBeans implements SmartInitializingSingleton, DisposableBean {

    private final ObjectProvider<RetryListener> listeners;
    private final List<RetryListeners.Registration> registrations = new ArrayList<>();

    ListenerBeans(ObjectProvider<RetryListener> listeners) {
        this.listeners = listeners;
    }

    @Override
    public void afterSingletonsInstantiated() {
        listeners.orderedStream().forEach(listener -> registrations.add(RetryListeners.register(listener)));
    }

    @Override
    public void destroy() {
        for (int i = registrations.size() - 1; i >= 0; i--) {
            registrations.get(i).close();
        }
        registrations.clear();
    }
}
