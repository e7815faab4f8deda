package dev.ajretry.weaving;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Load-time weaving: classes compiled by plain javac, run in a JVM started with the AspectJ weaver agent, are retried
 * through the META-INF/aop.xml that retry-aspect ships; the same classes without the agent are not.
 */
class LoadTimeWeavingTest {

    private static final String MAIN = String.join("\n",
            "package com.acme.ltw;",
            "import dev.ajretry.Retry;",
            "public class Main {",
            "    static int attempts;",
            "    @Retry(tries = 4)",
            "    static String flaky() {",
            "        if (++attempts < 3) throw new IllegalStateException(\"attempt \" + attempts + \" failed\");",
            "        return \"succeeded at attempt \" + attempts;",
            "    }",
            "    public static void main(String[] args) { System.out.println(flaky()); }",
            "}");

    private static Path compilePlain(Path root) throws Exception {
        Path source = root.resolve("src/com/acme/ltw/Main.java");
        Files.createDirectories(source.getParent());
        Files.writeString(source, MAIN);
        Path classes = Files.createDirectories(root.resolve("classes"));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertThat(javac.run(null, null, null, "-proc:none", "-d", classes.toString(), "-cp",
                System.getProperty("java.class.path"), source.toString())).isZero();
        return classes;
    }

    /** The module's own classes and its dependencies, without the test classes (already woven at compile time). */
    private static List<String> runtimeClassPath() {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !entry.endsWith("test-classes") && !entry.contains("aspectjtools"))
                .collect(Collectors.toList());
    }

    private static String weaverJar() {
        return runtimeClassPath().stream().filter(entry -> Paths.get(entry).getFileName().toString()
                .startsWith("aspectjweaver")).findFirst().orElseThrow();
    }

    private static Result run(Path classes, boolean withAgent) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        if (withAgent) {
            command.add("-javaagent:" + weaverJar());
        }
        List<String> classPath = new ArrayList<>(runtimeClassPath());
        classPath.add(0, classes.toString());
        command.addAll(List.of("-cp", String.join(File.pathSeparator, classPath), "com.acme.ltw.Main"));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
        return new Result(process.exitValue(), output);
    }

    private record Result(int exitCode, String output) {
    }

    @Test
    void theWeaverAgentRetriesJavacCompiledClasses(@TempDir Path root) throws Exception {
        Path classes = compilePlain(root);

        Result woven = run(classes, true);

        assertThat(woven.output()).contains("succeeded at attempt 3");
        assertThat(woven.exitCode()).isZero();
    }

    @Test
    void withoutTheAgentTheSameClassesAreNotRetried(@TempDir Path root) throws Exception {
        Path classes = compilePlain(root);

        Result plain = run(classes, false);

        assertThat(plain.output()).contains("attempt 1 failed");
        assertThat(plain.exitCode()).isNotZero();
    }
}
