package dev.ajretry.testing;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.joran.util.ConfigurationWatchListUtil;
import ch.qos.logback.core.status.Status;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 13, item 8: {@code mvn verify} prints what a developer needs, not the lines tests log on purpose. The logging
 * of the tests writes nothing to the console: in this JVM (the configuration logback really loaded), and in the
 * {@code logback-test.xml} of every module whose tests have logback. A test that expects a line captures it
 * ({@link CapturedLog}).
 */
class QuietBuildTest {

    @Test
    void theTestLoggingOfThisModulePrintsNothing() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        List<Appender<?>> appenders = new ArrayList<>();
        for (Iterator<Appender<ch.qos.logback.classic.spi.ILoggingEvent>> it = root.iteratorForAppenders();
             it.hasNext(); ) {
            appenders.add(it.next());
        }

        assertThat(ConfigurationWatchListUtil.getMainWatchURL(context)).as("the configuration logback read (without"
                + " one it prints every line at DEBUG)").hasPath(Path.of("target/test-classes/logback-test.xml")
                .toAbsolutePath().toString());
        assertThat(appenders).isNotEmpty().noneMatch(appender -> appender instanceof ConsoleAppender);
        assertThat(context.getStatusManager().getCopyOfStatusList()).as("logback's complaints about its configuration")
                .noneMatch(status -> status.getLevel() >= Status.WARN);
    }

    @Test
    void everyModuleWhoseTestsLogPrintsNothing() throws Exception {
        Path root = Path.of("").toAbsolutePath().getParent();
        List<Path> modules;
        try (Stream<Path> children = Files.list(root)) {
            modules = children.filter(dir -> dir.getFileName().toString().startsWith("retry-"))
                    .filter(dir -> Files.exists(dir.resolve("pom.xml"))).sorted().collect(Collectors.toList());
        }
        assertThat(modules).as("the modules beside this one").hasSizeGreaterThan(3);

        for (Path module : modules) {
            if (!testsHaveLogback(module)) {
                continue;
            }
            Path config = module.resolve("src/test/resources/logback-test.xml");
            assertThat(config).as("%s has logback for its tests: without a logback-test.xml it prints DEBUG lines",
                    module.getFileName()).exists();
            NodeList appenders = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(config.toFile())
                    .getElementsByTagName("appender");
            for (int i = 0; i < appenders.getLength(); i++) {
                assertThat(((Element) appenders.item(i)).getAttribute("class")).as("an appender of %s", config)
                        .doesNotContain("ConsoleAppender");
            }
        }
    }

    /** True if the module has tests and they see logback-classic (the benchmarks have none; the others no logback). */
    private static boolean testsHaveLogback(Path module) throws IOException {
        return Files.isDirectory(module.resolve("src/test"))
                && Files.readString(module.resolve("pom.xml")).contains("<artifactId>logback-classic</artifactId>");
    }
}
