package dev.ajretry.runtime;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The woven-or-not check, against classes compiled by plain javac (never woven) and by ajc (woven). */
class WeavingCheckTest {

    private static final String SOURCE = String.join("\n",
            "package com.acme.plain;",
            "import dev.ajretry.Retry;",
            "public class Client {",
            "    @Retry(tries = 3) public String fetch(String id) { return id; }",
            "    @Retry void quiet() { }",
            "    public String notRetried() { return \"\"; }",
            "}");

    private static final String ABSTRACT_SOURCE = String.join("\n",
            "package com.acme.plain;",
            "import dev.ajretry.Retry;",
            "public abstract class Base {",
            "    @Retry public abstract String fetch(String id);",
            "}");

    /** Compiles the sources with javac, as a build without the AspectJ plugin would. */
    private static URLClassLoader compilePlain(Path root) throws Exception {
        Path sources = root.resolve("src/com/acme/plain");
        Files.createDirectories(sources);
        Files.writeString(sources.resolve("Client.java"), SOURCE);
        Files.writeString(sources.resolve("Base.java"), ABSTRACT_SOURCE);
        Path classes = root.resolve("classes");
        Files.createDirectories(classes);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        // javac's own output (the compile-time check's warning about Base.fetch) is kept for a failure message,
        // not printed into the build's.
        ByteArrayOutputStream said = new ByteArrayOutputStream();
        int status = javac.run(null, said, said, "-d", classes.toString(), "-cp", System.getProperty("java.class.path"),
                sources.resolve("Client.java").toString(), sources.resolve("Base.java").toString());
        assertThat(status).as("javac said: %s", said).isZero();
        return new URLClassLoader(new URL[] {classes.toUri().toURL()}, WeavingCheckTest.class.getClassLoader());
    }

    @Test
    void classesCompiledWithoutTheAspectAreReported(@TempDir Path root) throws Exception {
        try (URLClassLoader loader = compilePlain(root)) {
            Class<?> client = loader.loadClass("com.acme.plain.Client");
            Class<?> base = loader.loadClass("com.acme.plain.Base");

            List<String> unwoven = WeavingCheck.unwoven(client, base);

            assertThat(unwoven).containsExactlyInAnyOrder(
                    "com.acme.plain.Client.fetch(String): not woven; is its class compiled by ajc (aspectj-maven-plugin"
                            + " with retry-aspect in <aspectLibraries>, goals compile and test-compile)?",
                    "com.acme.plain.Client.quiet(): not woven; is its class compiled by ajc (aspectj-maven-plugin with"
                            + " retry-aspect in <aspectLibraries>, goals compile and test-compile)?",
                    "com.acme.plain.Base.fetch(String): abstract, has no body to weave; put @Retry on the"
                            + " implementation");
            assertThatThrownBy(() -> WeavingCheck.assertWoven(client)).isInstanceOf(AssertionError.class)
                    .hasMessageContaining("2 @Retry method(s) are not woven");
        }
    }

    @Test
    void aPackageIsScannedOnTheClassPath(@TempDir Path root) throws Exception {
        try (URLClassLoader loader = compilePlain(root)) {
            Thread thread = Thread.currentThread();
            ClassLoader previous = thread.getContextClassLoader();
            thread.setContextClassLoader(loader);
            try {
                assertThat(WeavingCheck.unwovenIn("com.acme.plain")).hasSize(3);
                assertThatThrownBy(() -> WeavingCheck.assertWoven("com.acme.plain"))
                        .hasMessageContaining("3 @Retry method(s) in com.acme.plain are not woven");
            } finally {
                thread.setContextClassLoader(previous);
            }
        }
    }

    @Test
    void theWovenTestClassesOfThisModulePass() {
        assertThat(WeavingCheck.unwovenIn("dev.ajretry.woven")).isEmpty();
        WeavingCheck.assertWoven("dev.ajretry.woven");
    }
}
