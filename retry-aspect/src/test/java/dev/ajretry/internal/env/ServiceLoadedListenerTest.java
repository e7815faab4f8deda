package dev.ajretry.internal.env;

import dev.ajretry.RetryListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Listeners named in META-INF/services are found without code. */
class ServiceLoadedListenerTest {

    public static class Counting implements RetryListener {
    }

    @Test
    void aListenerNamedInMetaInfServicesIsLoaded(@TempDir Path root) throws Exception {
        Path services = root.resolve("META-INF/services");
        Files.createDirectories(services);
        Files.writeString(services.resolve(RetryListener.class.getName()), Counting.class.getName() + "\n");

        try (URLClassLoader loader = new URLClassLoader(new URL[] {root.toUri().toURL()},
                ServiceLoadedListenerTest.class.getClassLoader())) {
            RetryListener[] found = Environment.loadServices(loader);

            assertThat(found).singleElement().isInstanceOf(Counting.class);
        }
    }

    @Test
    void aBrokenServiceFileIsReportedNotFatal(@TempDir Path root) throws Exception {
        Path services = root.resolve("META-INF/services");
        Files.createDirectories(services);
        Files.writeString(services.resolve(RetryListener.class.getName()), "no.such.Listener\n");

        try (URLClassLoader loader = new URLClassLoader(new URL[] {root.toUri().toURL()},
                ServiceLoadedListenerTest.class.getClassLoader())) {
            assertThat(Environment.loadServices(loader)).isEmpty();
        }
    }
}
