package dev.ajretry.woven;

import org.junit.jupiter.api.Test;

import java.io.File;
import java.lang.ref.WeakReference;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 12, section 2: an application that carries ajretry itself (a web application's {@code WEB-INF/lib}, a
 * plugin, an isolating test runner) is loaded by one class loader. After an asynchronous retry, ajretry's default
 * scheduler has threads whose context loader is that loader; they never stop on their own, so the documented way
 * for a container to let the application go is {@code RetryEnvironment.shutdown()}. After it, nothing of ajretry
 * pins the loader.
 */
class ApplicationLoaderTest {

    /** Everything of the test's class path (ajretry, aspectjrt, slf4j, logback, the woven test classes), isolated. */
    private static URLClassLoader application() throws Exception {
        List<URL> urls = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            urls.add(new File(entry).toURI().toURL());
        }
        return new URLClassLoader("application", urls.toArray(new URL[0]), ClassLoader.getPlatformClassLoader());
    }

    @Test
    void anApplicationWithAjretryInsideIsCollectedOnceItShutsAjretryDown() throws Exception {
        WeakReference<ClassLoader> loader = runAndStop();

        for (int i = 0; i < 50 && loader.get() != null; i++) {
            System.gc();
            Thread.sleep(20);
        }
        assertThat(loader.get()).as("the application's loader, after an async retry and RetryEnvironment.shutdown()")
                .isNull();
    }

    @SuppressWarnings("unchecked")
    private static WeakReference<ClassLoader> runAndStop() throws Exception {
        URLClassLoader loader = application();
        Class<?> plugin = loader.loadClass("dev.ajretry.woven.isolated.Plugin");
        assertThat(plugin.getClassLoader()).isSameAs(loader);
        Class<?> environment = loader.loadClass("dev.ajretry.runtime.RetryEnvironment");
        assertThat(environment).as("ajretry of the application, not of the test").isNotSameAs(
                dev.ajretry.runtime.RetryEnvironment.class);
        Supplier<String> instance = (Supplier<String>) plugin.getConstructor().newInstance();
        String[] result = new String[1];
        Throwable[] failure = new Throwable[1];
        // On a thread of the application, as a container's request thread, which ends with the request.
        Thread request = new Thread(() -> {
            try {
                result[0] = instance.get(); // a blocking and an asynchronous retry: the scheduler's threads start
                environment.getMethod("shutdown").invoke(null); // what the container's stop hook calls
            } catch (Throwable t) {
                failure[0] = t;
            }
        });
        request.setContextClassLoader(loader);
        request.start();
        request.join();
        assertThat(failure[0]).isNull();
        assertThat(result[0]).isEqualTo("ok ok");
        loader.close();
        return new WeakReference<>(loader);
    }
}
