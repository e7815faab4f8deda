package dev.ajretry.internal.env;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.ajretry.RetryListener;
import dev.ajretry.testing.CapturedLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** Listeners named in META-INF/services are found without code. */
class ServiceLoadedListenerTest {

    @RegisterExtension
    final CapturedLog log = CapturedLog.of(Listeners.class).at(Level.DEBUG);

    public static class Counting implements RetryListener {
    }

    public static class AlsoCounting implements RetryListener {
    }

    public static class Throwing implements RetryListener {
        public Throwing() {
            throw new IllegalStateException("no configuration");
        }
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
        assertThat(log.events()).singleElement().satisfies(e -> {
            assertThat(e.getLevel()).isEqualTo(Level.ERROR);
            assertThat(e.getFormattedMessage()).startsWith("Ignoring a RetryListener service")
                    .contains("no.such.Listener");
            assertThat(e.getThrowableProxy().getClassName()).isEqualTo("java.util.ServiceConfigurationError");
        });
    }

    @Test
    void oneBrokenEntryDoesNotDisableTheOthers(@TempDir Path root) throws Exception {
        Path services = root.resolve("META-INF/services");
        Files.createDirectories(services);
        Files.writeString(services.resolve(RetryListener.class.getName()), String.join("\n", "no.such.Listener",
                Counting.class.getName(), Throwing.class.getName(), AlsoCounting.class.getName()) + "\n");

        try (URLClassLoader loader = new URLClassLoader(new URL[] {root.toUri().toURL()},
                ServiceLoadedListenerTest.class.getClassLoader())) {
            RetryListener[] found = Environment.loadServices(loader);

            assertThat(found).hasSize(2);
            assertThat(found[0]).isInstanceOf(Counting.class);
            assertThat(found[1]).isInstanceOf(AlsoCounting.class);
        }
        List<String> errors = log.events().stream().filter(e -> e.getLevel() == Level.ERROR)
                .map(ILoggingEvent::getFormattedMessage).collect(Collectors.toList());
        assertThat(errors).hasSize(2);
        assertThat(errors.get(0)).contains("no.such.Listener").contains("Ignoring");
        assertThat(errors.get(1)).contains(Throwing.class.getName()).contains("Ignoring");
    }
}
