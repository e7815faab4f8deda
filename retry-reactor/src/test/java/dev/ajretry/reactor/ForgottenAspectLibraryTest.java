package dev.ajretry.reactor;

import dev.ajretry.RetryConfigurationException;
import org.aspectj.bridge.IMessage;
import org.aspectj.bridge.MessageHandler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.lang.reflect.InvocationTargetException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * retry-reactor on the class path but missing from aspectLibraries: the class is woven by retry-aspect alone, so
 * nothing would retry its Mono method, which the compile-time check cannot see (the module is there). Its call fails
 * instead, before the body runs, saying what to add.
 */
class ForgottenAspectLibraryTest {

    private static final String SOURCE = String.join("\n",
            "package com.acme;",
            "import dev.ajretry.Retry;",
            "import reactor.core.publisher.Mono;",
            "public class Forgotten {",
            "    public int bodyRuns;",
            "    @Retry(tries = 3) public Mono<String> fetch() { bodyRuns++; return Mono.just(\"unretried\"); }",
            "}");

    @Test
    void aMonoMethodWovenByRetryAspectAloneFailsAtItsCallSayingWhatToAdd(@TempDir Path root) throws Exception {
        Path source = Files.createDirectories(root.resolve("src/com/acme")).resolve("Forgotten.java");
        Files.writeString(source, SOURCE);
        Path classes = root.resolve("classes");
        String classPath = System.getProperty("java.class.path");
        String retryAspect = Arrays.stream(classPath.split(File.pathSeparator))
                .filter(entry -> entry.replace('\\', '/').matches(".*/retry-aspect(/target/classes|-[^/]*\\.jar)$"))
                .findFirst().orElseThrow();
        MessageHandler messages = new MessageHandler();
        new org.aspectj.tools.ajc.Main().run(new String[] {"--release", "17", "-d", classes.toString(),
                "-cp", classPath, "-aspectpath", retryAspect, source.toString()}, messages);
        assertThat(messages.getMessages(IMessage.WARNING, true)).as("a clean build: the module is on the class path")
                .isEmpty();

        try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()},
                getClass().getClassLoader())) {
            Object forgotten = loader.loadClass("com.acme.Forgotten").getConstructor().newInstance();
            Throwable thrown = catchThrowable(() -> forgotten.getClass().getMethod("fetch").invoke(forgotten));

            assertThat(thrown).isInstanceOf(InvocationTargetException.class);
            assertThat(thrown.getCause()).isInstanceOf(RetryConfigurationException.class)
                    .hasMessage("@Retry on com.acme.Forgotten.fetch(): returns reactor.core.publisher.Mono and"
                            + " retry-reactor is on the class path, but its aspect did not weave this method, so"
                            + " nothing would be retried; list retry-reactor (dev.ajretry:retry-reactor) in"
                            + " aspectj-maven-plugin's aspectLibraries beside retry-aspect");
            assertThat(forgotten.getClass().getField("bodyRuns").getInt(forgotten)).isZero();
        }
        assertThat(List.of(messages.getMessages(IMessage.ERROR, true))).isEmpty();
    }
}
