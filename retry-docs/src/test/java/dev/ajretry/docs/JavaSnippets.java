package dev.ajretry.docs;

import org.aspectj.bridge.IMessage;
import org.aspectj.bridge.MessageHandler;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

import java.io.File;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Turns a ```java block into a compilation unit, compiles it with ajc against this module's test class path (the
 * library, woven by retry-aspect's aspect as a user's build weaves it) and runs it when the page shows its output.
 */
final class JavaSnippets {

    /** Imported into every snippet, so that pages need not repeat them (docs/design.md lists them). */
    static final List<String> DEFAULT_IMPORTS = List.of(
            "import dev.ajretry.*;",
            "import dev.ajretry.runtime.*;",
            "import java.io.*;",
            "import java.net.*;",
            "import java.net.http.*;",
            "import java.net.http.HttpResponse.BodyHandlers;",
            "import java.time.*;",
            "import java.util.*;",
            "import java.util.concurrent.*;",
            "import java.util.function.*;");

    /** A type declared at the start of a line: the block is then a whole compilation unit. */
    private static final Pattern TOP_LEVEL_TYPE = Pattern.compile(
            "(?m)^(?:(?:public|abstract|final|sealed|non-sealed|static|strictfp)\\s+)*"
                    + "(?:class|interface|enum|record|@interface)\\s+(\\w+)");
    private static final Pattern PUBLIC_TYPE = Pattern.compile(
            "(?m)^public\\s+(?:(?:abstract|final|sealed|non-sealed|strictfp)\\s+)*"
                    + "(?:class|interface|enum|record|@interface)\\s+(\\w+)");
    private static final Pattern PACKAGE = Pattern.compile("(?m)^package\\s+([\\w.]+)\\s*;");

    private JavaSnippets() {
    }

    /** The source ajc compiles: its file name, its text, and the class whose main a run starts. */
    record Source(String fileName, String text, String mainClass) {
        String numbered() {
            String[] lines = text.split("\n", -1);
            StringBuilder out = new StringBuilder();
            for (int i = 0; i < lines.length; i++) {
                out.append(String.format("%4d  %s%n", i + 1, lines[i]));
            }
            return out.toString();
        }
    }

    static Source source(Snippet snippet) {
        List<String> hiddenImports = new ArrayList<>();
        List<String> hiddenCode = new ArrayList<>();
        for (String line : snippet.hidden()) {
            (line.trim().startsWith("import ") ? hiddenImports : hiddenCode).add(line);
        }
        String code = snippet.code();
        Matcher type = TOP_LEVEL_TYPE.matcher(code);
        boolean unit = type.find() && !snippet.action().equals("statements");
        if (unit) {
            Matcher pkg = PACKAGE.matcher(code);
            String header = "";
            String body = code;
            String packageName = "";
            if (pkg.find()) {
                header = code.substring(0, pkg.end()) + "\n";
                body = code.substring(pkg.end());
                packageName = pkg.group(1) + ".";
            }
            Matcher publicType = PUBLIC_TYPE.matcher(body);
            String fileName = (publicType.find() ? publicType.group(1) : "Snippet") + ".java";
            String main = snippet.argument().isEmpty() ? type.group(1) : snippet.argument();
            String text = header + String.join("\n", DEFAULT_IMPORTS) + "\n" + String.join("\n", hiddenImports)
                    + "\n" + body + "\n" + String.join("\n", hiddenCode) + "\n";
            return new Source(fileName, text, packageName + main);
        }
        List<String> imports = new ArrayList<>(hiddenImports);
        List<String> rest = new ArrayList<>();
        for (String line : code.split("\n", -1)) {
            (line.startsWith("import ") ? imports : rest).add(line);
        }
        String members = String.join("\n", rest);
        if (snippet.action().equals("statements")) {
            members = "void snippet() throws Throwable {\n" + members + "\n}";
        }
        String text = String.join("\n", DEFAULT_IMPORTS) + "\n" + String.join("\n", imports) + "\n"
                + "public class Snippet {\n" + String.join("\n", hiddenCode) + "\n" + members + "\n}\n";
        return new Source("Snippet.java", text, "Snippet");
    }

    /** ajc's errors and warnings, as lines naming the line of the generated source. */
    static List<String> compile(Source source, Path workDir) throws Exception {
        Path file = workDir.resolve("src").resolve(source.fileName());
        Files.createDirectories(file.getParent());
        Files.writeString(file, source.text());
        Path classes = Files.createDirectories(workDir.resolve("classes"));
        List<String> args = List.of("--release", "17", "-encoding", "UTF-8", "-parameters",
                "-d", classes.toString(), "-cp", classPath(), "-aspectpath", aspectLibrary(), file.toString());
        MessageHandler handler = new MessageHandler();
        new org.aspectj.tools.ajc.Main().run(args.toArray(new String[0]), handler);
        List<String> problems = new ArrayList<>();
        for (IMessage message : handler.getMessages(IMessage.WARNING, true)) {
            int line = message.getSourceLocation() == null ? 0 : message.getSourceLocation().getLine();
            problems.add(message.getKind() + " at line " + line + ": " + message.getMessage());
        }
        return problems;
    }

    /** Runs the compiled snippet's main in a JVM of its own; its standard output, or a failure. */
    static String run(Source source, Path workDir) throws Exception {
        List<String> classPath = new ArrayList<>();
        classPath.add(workDir.resolve("classes").toString());
        Arrays.stream(classPath().split(File.pathSeparator))
                .filter(entry -> !entry.contains("aspectjtools") && !entry.endsWith("test-classes"))
                .forEach(classPath::add);
        Path logback = Paths.get(JavaSnippets.class.getResource("/doc-run-logback.xml").toURI());
        List<String> command = List.of(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dlogback.configurationFile=" + logback, "-cp", String.join(File.pathSeparator, classPath),
                source.mainClass());
        Path out = workDir.resolve("stdout.txt");
        Path err = workDir.resolve("stderr.txt");
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
                .start();
        // A bound against a snippet that hangs, so the build ends; no result depends on it.
        if (!process.waitFor(2, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("the snippet did not end within 2 minutes");
        }
        String stdout = Files.readString(out, StandardCharsets.UTF_8);
        if (process.exitValue() != 0) {
            throw new AssertionError("the snippet exited with " + process.exitValue() + "\nstdout:\n" + stdout
                    + "\nstderr:\n" + Files.readString(err, StandardCharsets.UTF_8));
        }
        return stdout;
    }

    /**
     * Runs the JUnit 5 tests of the compiled snippet (its first type, or the one named), with the JUnit Platform
     * launcher, in this JVM: the snippet's classes over this module's class path. A failure in the tests, or no test
     * found, fails.
     */
    static void runTests(Source source, Path workDir) throws Exception {
        URL classes = workDir.resolve("classes").toUri().toURL();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {classes}, JavaSnippets.class.getClassLoader())) {
            Class<?> tests = loader.loadClass(source.mainClass());
            LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                    .selectors(org.junit.platform.engine.discovery.DiscoverySelectors.selectClass(tests)).build();
            SummaryGeneratingListener listener = new SummaryGeneratingListener();
            LauncherFactory.create().execute(request, listener);
            TestExecutionSummary summary = listener.getSummary();
            if (summary.getTestsFoundCount() == 0) {
                throw new AssertionError("no JUnit test found in " + source.mainClass());
            }
            if (summary.getTotalFailureCount() > 0) {
                StringWriter report = new StringWriter();
                summary.printFailuresTo(new PrintWriter(report), 20);
                throw new AssertionError(summary.getTotalFailureCount() + " of the snippet's "
                        + summary.getTestsFoundCount() + " tests failed:\n" + report);
            }
        }
    }

    /** Whether the actual output is the one the page shows; a line "..." in the page stands for any lines. */
    static boolean matches(String expected, String actual) {
        return matches(lines(expected), 0, lines(actual), 0);
    }

    private static boolean matches(List<String> expected, int e, List<String> actual, int a) {
        if (e == expected.size()) {
            return a == actual.size();
        }
        if (expected.get(e).equals("...")) {
            for (int skip = a; skip <= actual.size(); skip++) {
                if (matches(expected, e + 1, actual, skip)) {
                    return true;
                }
            }
            return false;
        }
        return a < actual.size() && expected.get(e).equals(actual.get(a)) && matches(expected, e + 1, actual, a + 1);
    }

    private static List<String> lines(String text) {
        List<String> lines = Arrays.stream(text.split("\n", -1)).map(String::stripTrailing)
                .collect(Collectors.toCollection(ArrayList::new));
        while (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
            lines.remove(lines.size() - 1);
        }
        return lines;
    }

    private static String classPath() {
        return System.getProperty("java.class.path");
    }

    /**
     * retry-aspect's classes or jar, the aspect library that ajc weaves into the snippet; and retry-reactor's, listed
     * beside it as docs/reactor.md sets a build up (its aspect touches only Mono and Flux methods).
     */
    private static String aspectLibrary() {
        String aspect = Arrays.stream(classPath().split(File.pathSeparator))
                .filter(entry -> entry.replace('\\', '/').matches(".*/retry-aspect(/target/classes|-[^/]*\\.jar)$"))
                .findFirst().orElseThrow(() -> new IllegalStateException("retry-aspect is not on the class path"));
        return Arrays.stream(classPath().split(File.pathSeparator))
                .filter(entry -> entry.replace('\\', '/').matches(".*/retry-reactor(/target/classes|-[^/]*\\.jar)$"))
                .findFirst().map(reactor -> aspect + File.pathSeparator + reactor).orElse(aspect);
    }
}
