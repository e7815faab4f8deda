package dev.ajretry.internal.env;

import ch.qos.logback.classic.Level;
import dev.ajretry.RetryConfigurationException;
import dev.ajretry.testing.CapturedLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * ajretry.properties as operators write it: through a throwaway class loader over temporary directories, so no
 * file reaches the other tests.
 */
class OverridesFileTest {

    private static final String KEY = "ajretry." + OverridesFileTest.class.getName();

    /** The test class loader without the ajretry.properties of src/test/resources, as the parent of a test's own. */
    static final ClassLoader WITHOUT_TEST_FILE = new ClassLoader(OverridesFileTest.class.getClassLoader()) {
        @Override
        public URL getResource(String name) {
            return name.equals("ajretry.properties") ? null : super.getResource(name);
        }

        @Override
        public Enumeration<URL> getResources(String name) throws IOException {
            return name.equals("ajretry.properties") ? Collections.emptyEnumeration() : super.getResources(name);
        }
    };

    @RegisterExtension
    final CapturedLog log = CapturedLog.of(Overrides.class).at(Level.INFO);

    private List<String> lines() {
        return log.lines();
    }

    private static Path file(Path dir, String text) throws IOException {
        Files.createDirectories(dir);
        return Files.writeString(dir.resolve("ajretry.properties"), text, StandardCharsets.ISO_8859_1);
    }

    private static URLClassLoader over(Path... dirs) throws IOException {
        URL[] urls = new URL[dirs.length];
        for (int i = 0; i < dirs.length; i++) {
            urls[i] = dirs[i].toUri().toURL();
        }
        return new URLClassLoader(urls, WITHOUT_TEST_FILE);
    }

    // ---- 1. comments after a value ------------------------------------------------------------------------------

    @Test
    void anInlineCommentAfterTheGlobalSwitchIsNamedAsTrailingText(@TempDir Path root) throws IOException {
        Path written = file(root, "ajretry.enabled=false   # retrying off everywhere\n");
        try (URLClassLoader loader = over(root)) {
            assertThatThrownBy(() -> Overrides.load(loader)).isInstanceOf(RetryConfigurationException.class)
                    .hasMessageContaining("ajretry.enabled in " + written.toUri().toURL())
                    .hasMessageContaining("has trailing text '# retrying off everywhere': .properties comments"
                            + " must start a line");
        }
    }

    @Test
    void anInlineCommentInTheRetryableListIsNamedAsTrailingText(@TempDir Path root) throws IOException {
        file(root, "ajretry.retryable=java.net.SocketTimeoutException ! third-party\n");
        try (URLClassLoader loader = over(root)) {
            assertThatThrownBy(() -> Overrides.load(loader)).isInstanceOf(RetryConfigurationException.class)
                    .hasMessageContaining("ajretry.retryable in ")
                    .hasMessageContaining("has trailing text '! third-party': .properties comments must start a"
                            + " line");
        }
    }

    /** The example of docs/operations.md, "Operators' overrides", copied as it stands into a file, reads cleanly. */
    @Test
    void theDocumentedExampleWorksWhenCopied(@TempDir Path root) throws IOException {
        String page = Files.readString(Path.of("..", "docs", "operations.md"));
        Matcher example = Pattern.compile("## Operators' overrides.*?```properties\\n(.*?)```", Pattern.DOTALL)
                .matcher(page);
        assertThat(example.find()).isTrue();
        file(root, example.group(1));
        try (URLClassLoader loader = over(root)) {
            Overrides overrides = Overrides.load(loader);

            assertThat(overrides.global("enabled").text()).isEqualTo("false");
            assertThat(overrides.global("com.acme.Client.fetch.tries").text()).isEqualTo("5");
            assertThat(overrides.global("com.acme.Client.delay").text()).isEqualTo("250");
        } finally {
            Environment.clearRetryable();
        }
    }

    // ---- 1b. an external source beside the file -------------------------------------------------------------------

    @Test
    void anExternalSourceWinsOverTheFileAndEachKeyItTakesIsLoggedOnce(@TempDir Path root) throws IOException {
        Path written = file(root, KEY + ".fetch.tries=5\n" + KEY + ".delay=9\n");
        Map<String, Overrides.Value> external = Map.of(
                KEY + ".fetch.tries", new Overrides.Value("7", KEY + ".fetch.tries in application.yml"),
                KEY + ".delay", new Overrides.Value("9", KEY + ".delay in application.yml"));
        try (URLClassLoader loader = over(root)) {
            Overrides overrides = Overrides.load(loader, external);

            assertThat(overrides.find(OverridesFileTest.class, "fetch", "tries"))
                    .isEqualTo(new Overrides.Value("7", KEY + ".fetch.tries in application.yml"));
            assertThat(lines()).filteredOn(line -> line.startsWith("WARN")).containsExactly("WARN " + KEY
                    + ".fetch.tries in application.yml = '7' replaces " + KEY + ".fetch.tries in "
                    + written.toUri().toURL() + " = '5': the application's environment wins over ajretry.properties");
        }
    }

    // ---- 2. several files on the class path ---------------------------------------------------------------------

    @Test
    void onlyTheFirstFileIsReadAndEveryOtherIsReportedAsIgnored(@TempDir Path root) throws IOException {
        Path first = file(root.resolve("application"), KEY + ".fetch.tries=5\n");
        Path second = file(root.resolve("dependency"), KEY + ".fetch.tries=9\najretry.enabled=false\n");
        try (URLClassLoader loader = over(root.resolve("application"), root.resolve("dependency"))) {
            Overrides overrides = Overrides.load(loader);

            assertThat(overrides.find(OverridesFileTest.class, "fetch", "tries").text()).isEqualTo("5");
            assertThat(overrides.global("enabled")).isNull();
            assertThat(lines()).contains("INFO Operators' overrides read from " + first.toUri().toURL())
                    .anySatisfy(line -> assertThat(line).startsWith("WARN Ignoring " + second.toUri().toURL())
                            .contains("only the first ajretry.properties on the class path is read ("
                                    + first.toUri().toURL() + ")"));
            assertThat(lines()).filteredOn(line -> line.startsWith("WARN")).hasSize(1);
        }
    }

    // ---- 3. a malformed file ------------------------------------------------------------------------------------

    @Test
    void aMalformedFileIsAConfigurationErrorNamingIt(@TempDir Path root) throws IOException {
        Path written = file(root, KEY + ".fetch.tries=\\u12\n");
        try (URLClassLoader loader = over(root)) {
            assertThatThrownBy(() -> Overrides.load(loader)).isInstanceOf(RetryConfigurationException.class)
                    .hasMessageContaining("cannot read " + written.toUri().toURL())
                    .hasMessageContaining("Malformed \\uxxxx encoding");
        }
    }

    // ---- 4. a typo in the class part of a key -------------------------------------------------------------------

    @Test
    void aKeyNamingNoClassIsLoggedAsAnError(@TempDir Path root) throws IOException {
        file(root, "ajretry.com.acme.Clinet.fetch.tries=5\n"
                + KEY + ".fetch.tries=5\n"
                + KEY + ".delay=5\n"
                + "ajretry." + Nested.class.getName() + ".enabled=false\n"
                + "ajretry.budget.payments.maxTokens=20\n");
        try (URLClassLoader loader = over(root)) {
            Overrides.load(loader);
        }

        assertThat(lines()).filteredOn(line -> line.startsWith("ERROR")).singleElement().satisfies(line -> assertThat(
                line).startsWith("ERROR Ignoring ajretry.com.acme.Clinet.fetch.tries in ")
                .contains("no class com.acme.Clinet.fetch nor com.acme.Clinet is found"));
    }

    static class Nested {
    }
}
