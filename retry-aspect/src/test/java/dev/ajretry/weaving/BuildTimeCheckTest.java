package dev.ajretry.weaving;

import org.aspectj.bridge.IMessage;
import org.aspectj.bridge.MessageHandler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The compile-time check, run by the two compilers users build with: ajc (what aspectj-maven-plugin runs, which picks
 * up the processor from retry-annotations on the class path) and javac (with -proc:full on JDK 23+, the one line the
 * README gives). A project with invalid @Retry values must fail to build, naming class, method and attribute.
 */
class BuildTimeCheckTest {

    private static final String INVALID = String.join("\n",
            "package com.acme;",
            "import dev.ajretry.Retry;",
            "import java.io.IOException;",
            "import java.io.FileNotFoundException;",
            "public abstract class Client {",
            "    @Retry(tries = 0) public String zeroTries(String id) { return id; }",
            "    @Retry(delay = -5, backoff = 0) public void badSchedule() { }",
            "    @Retry(minDelay = 100, maxDelay = 50) public void maxBelowMin() { }",
            "    @Retry(attemptTimeout = 0) public void zeroAttemptTimeout() { }",
            "    @Retry(hedges = 1) public String hedgedBlocking() { return null; }",
            "    @Retry(exceptions = IOException.class, abortOn = IOException.class) public void abortsAll() { }",
            "    @Retry(recover = \"missing\") public String noRecovery(int x) { return \"\"; }",
            "    @Retry(recover = \"wrongRecovery\") public String mismatched(int x) { return \"\"; }",
            "    @Retry(giveUpIf = Hidden.class) public void hiddenPredicate() { }",
            "    String wrongRecovery(String x) { return x; }",
            "    static class Hidden implements dev.ajretry.FailurePredicate {",
            "        public boolean test(Throwable failure) { return false; } }",
            "    @Retry(tries = 2) public abstract String notWoven(String id);",
            "    @Retry(tries = 3) public synchronized String locked(String id) { return id; }",
            "}");

    private static final String VALID = String.join("\n",
            "package com.acme;",
            "import dev.ajretry.Retry;",
            "import java.io.IOException;",
            "public class Fine {",
            "    @Retry(tries = 5, delay = 100, backoff = 2, maxDelay = 1000, recover = \"fallback\",",
            "           exceptions = IOException.class)",
            "    public String fetch(String id) throws IOException { return id; }",
            "    String fallback(Throwable failure, String id) { return \"cached \" + id; }",
            "}");

    /** A stage and a primitive method beside Fine's: every kind of retry advice applies. */
    private static final String ASYNC = String.join("\n",
            "package com.acme;",
            "import dev.ajretry.Retry;",
            "public class Async {",
            "    @Retry public java.util.concurrent.CompletableFuture<String> later() { return null; }",
            "    @Retry public int count() { return 1; }",
            "}");

    /** The traps, against the stubs of the foreign types on this module's test class path (kotlin.*, reactor.*...). */
    private static final String TRAPS = String.join("\n",
            "package com.acme;",
            "import dev.ajretry.Retry;",
            "import org.springframework.transaction.annotation.Transactional;",
            "public class Traps {",
            "    @Retry public Object fetch(String id, kotlin.coroutines.Continuation<? super String> c) { return id; }",
            "    @Retry public reactor.core.publisher.Mono<String> mono() { return null; }",
            "    @Retry public java.util.concurrent.CompletableFuture<String> future() { return null; }",
            "    @Retry @Transactional public void save() { }",
            "    @Retry @Transactional @SuppressWarnings(\"ajretry.transactional\") public void known() { }",
            "}");

    private static Path write(Path root, String name, String source) throws Exception {
        Path file = root.resolve("src/com/acme/" + name + ".java");
        Files.createDirectories(file.getParent());
        Files.writeString(file, source);
        return file;
    }

    private static final List<String> EXPECTED_ERRORS = List.of(
            "@Retry on com.acme.Client.zeroTries(String): tries = 0, must be >= 1",
            "@Retry on com.acme.Client.badSchedule(): delay = -5, must be >= 0; backoff = 0.0, must be > 0 and finite",
            "@Retry on com.acme.Client.maxBelowMin(): maxDelay = 50, must be -1 (unbounded) or >= minDelay (100)",
            "@Retry on com.acme.Client.zeroAttemptTimeout(): attemptTimeout = 0, must be -1 (none) or > 0",
            "@Retry on com.acme.Client.hedgedBlocking(): hedges = 1 on a method returning java.lang.String: hedged"
                    + " attempts run side by side",
            "@Retry on com.acme.Client.abortsAll(): abortOn = {IOException} covers every class of exceptions = "
                    + "{IOException}",
            "@Retry on com.acme.Client.noRecovery(int): recover = \"missing\": no method missing in com.acme.Client",
            "@Retry on com.acme.Client.mismatched(int): recover = \"wrongRecovery\": no method wrongRecovery of"
                    + " com.acme.Client matches: com.acme.Client.wrongRecovery(String) has other parameters."
                    + " Expected wrongRecovery(int) or wrongRecovery(Throwable, int) returning java.lang.String",
            // The same sentence as the engine's at the first call: one RetryRules writes both.
            "@Retry on com.acme.Client.hiddenPredicate(): giveUpIf = com.acme.Client$Hidden.class cannot be"
                    + " instantiated: it needs to be a public class with a public no-argument constructor (not a"
                    + " public concrete class)");

    // ---- ajc, as aspectj-maven-plugin runs it ------------------------------------------------------------------

    private static List<String> ajc(Path root, IMessage.Kind kind, Path... sources) {
        List<String> args = new ArrayList<>(List.of("--release", "17", "-d", root.resolve("classes").toString(),
                "-cp", System.getProperty("java.class.path")));
        Arrays.stream(sources).map(Path::toString).forEach(args::add);
        MessageHandler handler = new MessageHandler();
        new org.aspectj.tools.ajc.Main().run(args.toArray(new String[0]), handler);
        return Arrays.stream(handler.getMessages(kind, false)).map(IMessage::getMessage).collect(Collectors.toList());
    }

    @Test
    void underAjcInvalidValuesFailTheBuild(@TempDir Path root) throws Exception {
        List<String> errors = ajc(root, IMessage.ERROR, write(root, "Client", INVALID));

        assertThat(errors).hasSize(EXPECTED_ERRORS.size());
        for (String expected : EXPECTED_ERRORS) {
            assertThat(errors).anySatisfy(e -> assertThat(e).contains(expected));
        }
    }

    @Test
    void underAjcAMethodThatCannotBeWovenIsAWarning(@TempDir Path root) throws Exception {
        List<String> warnings = ajc(root, IMessage.WARNING, write(root, "Client", INVALID));

        assertThat(warnings).anySatisfy(w -> assertThat(w).contains("@Retry on com.acme.Client.notWoven(String) does"
                + " nothing: the method is abstract and has no body to weave"));
    }

    @Test
    void underAjcASynchronizedMethodThatRetriesIsAWarningSayingWhatToDoInstead(@TempDir Path root) throws Exception {
        List<String> warnings = ajc(root, IMessage.WARNING, write(root, "Client", INVALID));

        assertThat(warnings).anySatisfy(w -> assertThat(w).contains("@Retry on com.acme.Client.locked(String): the"
                + " method is synchronized, so it keeps the monitor of its object through every wait between attempts")
                .contains("synchronize a block inside the method instead"));
    }

    @Test
    void underAjcTheTrapsFailTheBuildWithTheFix(@TempDir Path root) throws Exception {
        List<String> errors = ajc(root, IMessage.ERROR, write(root, "Traps", TRAPS));

        assertThat(errors).hasSize(2);
        assertThat(errors).anySatisfy(e -> assertThat(e).contains("@Retry on com.acme.Traps.fetch(String,"
                + " Continuation): a Kotlin suspend function (its last parameter is kotlin.coroutines.Continuation)")
                .contains("put @Retry on a function that is not suspend"));
        assertThat(errors).anySatisfy(e -> assertThat(e).contains("@Retry on com.acme.Traps.mono(): returns"
                + " reactor.core.publisher.Mono, which does its work when it is subscribed to, after the method has"
                + " returned: its failures never reach @Retry, so nothing would be retried"));
    }

    @Test
    void underAjcATransactionalMethodIsAWarningUnlessSuppressed(@TempDir Path root) throws Exception {
        List<String> warnings = ajc(root, IMessage.WARNING, write(root, "Traps", TRAPS));

        assertThat(warnings).anySatisfy(w -> assertThat(w).contains("@Retry on com.acme.Traps.save(): the method is"
                + " @Transactional (org.springframework.transaction.annotation.Transactional)")
                .contains("put @Retry on the caller of the transactional method"));
        assertThat(warnings).noneMatch(w -> w.contains("known()"));
    }

    @Test
    void underAjcValidValuesCompileCleanly(@TempDir Path root) throws Exception {
        assertThat(ajc(root, IMessage.ERROR, write(root, "Fine", VALID))).isEmpty();
    }

    @Test
    void weavingWithTheAspectWithoutReactorOnTheClassPathWarnsNothing(@TempDir Path root) throws Exception {
        // As a user's build without Reactor: the aspect (names Mono and Flux by a pattern) on the aspect path, and
        // a class path without this module's test classes (which hold a stub named like Reactor's Mono).
        List<String> classPath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !entry.replace('\\', '/').endsWith("/test-classes")).collect(Collectors.toList());
        String aspect = classPath.stream().filter(entry -> entry.replace('\\', '/').endsWith("retry-aspect/target/classes"))
                .findFirst().orElseThrow();
        List<String> args = new ArrayList<>(List.of("--release", "17", "-d", root.resolve("woven").toString(),
                "-cp", String.join(File.pathSeparator, classPath), "-aspectpath", aspect,
                write(root, "Fine", VALID).toString(), write(root, "Async", ASYNC).toString()));
        MessageHandler handler = new MessageHandler();
        new org.aspectj.tools.ajc.Main().run(args.toArray(new String[0]), handler);

        assertThat(handler.getMessages(IMessage.WARNING, true)).as("warnings and errors").isEmpty();
        assertThat(root.resolve("woven/com/acme/Fine.class")).exists();
    }

    // ---- javac ---------------------------------------------------------------------------------------------------

    private static List<Diagnostic<? extends JavaFileObject>> javac(Path root, Path source) throws Exception {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        Path classes = Files.createDirectories(root.resolve("javac-classes"));
        List<String> options = new ArrayList<>(List.of("-d", classes.toString(), "-cp",
                System.getProperty("java.class.path")));
        if (Runtime.version().feature() >= 23) {
            options.add("-proc:full"); // the one line javac 23+ needs to run processors found on the class path
        }
        try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, Locale.ROOT, null)) {
            javac.getTask(null, files, diagnostics, options, null, files.getJavaFileObjects(source.toFile())).call();
        }
        return diagnostics.getDiagnostics();
    }

    @Test
    void underJavacInvalidValuesFailTheBuildToo(@TempDir Path root) throws Exception {
        List<Diagnostic<? extends JavaFileObject>> diagnostics = javac(root, write(root, "Client", INVALID));

        List<String> errors = diagnostics.stream().filter(d -> d.getKind() == Diagnostic.Kind.ERROR)
                .map(d -> d.getMessage(Locale.ROOT)).collect(Collectors.toList());
        assertThat(errors).hasSize(EXPECTED_ERRORS.size());
        for (String expected : EXPECTED_ERRORS) {
            assertThat(errors).anySatisfy(e -> assertThat(e).contains(expected));
        }
        assertThat(diagnostics).anySatisfy(d -> {
            assertThat(d.getKind()).isEqualTo(Diagnostic.Kind.WARNING);
            assertThat(d.getMessage(Locale.ROOT)).contains("notWoven(String) does nothing");
        });
        // javac points at the annotation: the user's editor jumps to the right line.
        assertThat(diagnostics.stream().filter(d -> d.getKind() == Diagnostic.Kind.ERROR))
                .allSatisfy(d -> assertThat(d.getLineNumber()).isBetween(6L, 14L));
    }
}
