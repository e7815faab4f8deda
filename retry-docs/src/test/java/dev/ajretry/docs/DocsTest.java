package dev.ajretry.docs;

import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.w3c.dom.Document;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

/**
 * Every code block of README.md and docs/*.md, read from the Markdown as it stands: the ```java ones compiled with
 * ajc against the library (and run, their output compared with the page's, where the page says doc: run); the ```xml
 * ones parsed; the Maven projects checked to exist (maven-invoker-plugin builds them). The directives are in
 * docs/design.md, "Docs are tests".
 */
class DocsTest {

    private static final Set<String> JAVA_ACTIONS = Set.of("", "compile", "run", "test", "statements", "warns", "skip");
    private static final Set<String> XML_ACTIONS = Set.of("", "maven-project", "skip");
    private static final Set<String> OTHER_ACTIONS = Set.of("", "skip");

    static Path root() {
        return Path.of(System.getProperty("docs.root", "..")).toAbsolutePath().normalize();
    }

    @TestFactory
    Stream<DynamicNode> everyPage() {
        Path root = root();
        return Markdown.pages(root).stream().map(page -> dynamicContainer(
                root.relativize(page).toString(),
                Markdown.snippets(page).stream().map(snippet -> test(root, snippet))));
    }

    private static DynamicTest test(Path root, Snippet snippet) {
        String name = snippet.where(root) + " (" + (snippet.language().isEmpty() ? "plain" : snippet.language())
                + (snippet.action().isEmpty() ? "" : ", " + snippet.action()) + ")";
        return dynamicTest(name, () -> check(root, snippet));
    }

    private static void check(Path root, Snippet snippet) throws Exception {
        String where = snippet.where(root);
        Set<String> allowed = switch (snippet.language()) {
            case "java" -> JAVA_ACTIONS;
            case "xml" -> XML_ACTIONS;
            default -> OTHER_ACTIONS;
        };
        if (snippet.action().equals("build-file")) {
            return; // a file of a project that retry-builds writes from the page and builds (docs/design.md)
        }
        if (snippet.action().equals("excerpt")) {
            excerpt(root, snippet, where);
            return;
        }
        assertThat(allowed).as("%s: the directive doc: %s on a ```%s block", where, snippet.action(),
                snippet.language()).contains(snippet.action());
        if (snippet.action().equals("skip")) {
            assertThat(snippet.argument()).as("%s: doc: skip needs a reason", where).isNotBlank();
            return;
        }
        switch (snippet.language()) {
            case "java" -> java(root, snippet, where);
            case "xml" -> xml(root, snippet, where);
            default -> {
                // Shell commands, output and properties are not built here; see docs/design.md.
            }
        }
    }

    private static void java(Path root, Snippet snippet, String where) throws Exception {
        JavaSnippets.Source source = JavaSnippets.source(snippet);
        // Under target/, named after the block, so that a writer can look at what was compiled and run.
        Path work = Path.of("target", "doc-snippets", where.replaceAll("[^A-Za-z0-9.]+", "-"));
        if (Files.exists(work)) {
            try (Stream<Path> old = Files.walk(work)) { // a block's earlier classes must not run in its place
                old.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
        Files.createDirectories(work);
        List<String> problems = JavaSnippets.compile(source, work);
        if (snippet.action().equals("warns")) {
            // A block that shows a mistake the build warns about: that warning, and nothing else.
            assertThat(snippet.argument()).as("%s: doc: warns needs the text of the warning", where).isNotBlank();
            assertThat(problems).as("%s must compile with one warning containing \"%s\"; the source was:%n%s", where,
                    snippet.argument(), source.numbered()).singleElement().satisfies(problem -> assertThat(problem)
                    .startsWith("warning").contains(snippet.argument()));
            return;
        }
        assertThat(problems).as("%s does not compile cleanly with ajc; the source compiled was:%n%s", where,
                source.numbered()).isEmpty();
        if (snippet.action().equals("test")) {
            try {
                JavaSnippets.runTests(source, work);
            } catch (AssertionError failed) {
                throw new AssertionError(where + ": " + failed.getMessage(), failed);
            }
        }
        if (snippet.action().equals("run")) {
            assertThat(snippet.next()).as("%s: doc: run needs the next block to show the output", where).isNotNull();
            String expected = snippet.next().code();
            String actual;
            try {
                actual = JavaSnippets.run(source, work);
            } catch (AssertionError failed) {
                throw new AssertionError(where + ": " + failed.getMessage(), failed);
            }
            assertThat(JavaSnippets.matches(expected, actual)).as(
                    "%s printed other than the block at line %d shows.%nShown:%n%s%nPrinted:%n%s", where,
                    snippet.next().line(), expected, actual).isTrue();
        }
    }

    private static void xml(Path root, Snippet snippet, String where) throws Exception {
        if (snippet.action().equals("maven-project")) {
            for (String name : Markdown.projectNames(snippet)) {
                Path project = root.resolve("retry-docs/src/it").resolve(name);
                assertThat(project.resolve("invoker.properties")).as(
                        "%s: doc: maven-project %s needs the project's other files in %s", where, name, project)
                        .exists();
            }
        }
        // Well-formed, as a fragment of elements (a pom's <dependencies> and <build>, an aop.xml...).
        String text = snippet.code().replaceFirst("^\\s*<\\?xml[^>]*\\?>", "");
        Document parsed = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(("<fragment>" + text + "</fragment>").getBytes(StandardCharsets.UTF_8)));
        assertThat(parsed.getDocumentElement().getChildNodes().getLength()).as(where).isPositive();
    }

    /**
     * An excerpt: the block's lines, each trimmed, must be lines of the named file, one after the other (a line
     * "..." in the block stands for any lines of the file), so that the page cannot drift from the code it quotes.
     */
    private static void excerpt(Path root, Snippet snippet, String where) throws Exception {
        Path file = root.resolve(snippet.argument());
        assertThat(file).as("%s: the excerpt's file", where).isRegularFile();
        List<String> source = Files.readAllLines(file).stream().map(String::trim).collect(Collectors.toList());
        List<String> shown = snippet.code().lines().map(String::trim).collect(Collectors.toList());
        boolean found = false;
        for (int start = 0; start < source.size() && !found; start++) {
            found = inOrderWithGaps(shown, source, start);
        }
        assertThat(found).as("%s: the block is not an excerpt of %s as it stands (its lines, in order)", where,
                snippet.argument()).isTrue();
    }

    /** Whether the shown lines, "..." skipping any, are the source's lines from {@code start} on. */
    private static boolean inOrderWithGaps(List<String> shown, List<String> source, int start) {
        int at = start;
        boolean gap = false;
        for (String line : shown) {
            if (line.equals("...")) {
                gap = true;
                continue;
            }
            if (gap) {
                while (at < source.size() && !source.get(at).equals(line)) {
                    at++;
                }
                gap = false;
            }
            if (at >= source.size() || !source.get(at).equals(line)) {
                return false;
            }
            at++;
        }
        return true;
    }

    /** Each project of src/it is one that a page shows, and each page's project has its files there. */
    @Test
    void everyInvokerProjectIsOneAPageShows() throws Exception {
        Path root = root();
        Set<String> marked = Markdown.pages(root).stream().flatMap(p -> Markdown.snippets(p).stream())
                .filter(s -> s.action().equals("maven-project")).flatMap(s -> Markdown.projectNames(s).stream())
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> projects;
        try (Stream<Path> dirs = Files.list(root.resolve("retry-docs/src/it"))) {
            projects = dirs.filter(Files::isDirectory).map(d -> d.getFileName().toString())
                    .collect(Collectors.toCollection(TreeSet::new));
        }
        assertThat(projects).isEqualTo(marked);
    }

    /** The harness itself: a page's output may elide lines with "...", and nothing else. */
    @Test
    void anEllipsisLineStandsForAnyLinesAndNothingElseIsLoose() {
        assertThat(JavaSnippets.matches("a\n...\nd\n", "a\nb\nc\nd\n")).isTrue();
        assertThat(JavaSnippets.matches("a\n...\n", "a\n")).isTrue();
        assertThat(JavaSnippets.matches("a\nd\n", "a\nb\nd\n")).isFalse();
        assertThat(JavaSnippets.matches("a\n", "a  \n\n")).isTrue();
        assertThat(JavaSnippets.matches("a\n", "b\n")).isFalse();
    }

    /** The harness itself: directives, hidden lines and the shapes a block is compiled in. */
    @Test
    void aDirectiveAndItsHiddenLinesAreReadFromTheCommentBeforeTheFence() throws Exception {
        Path page = Files.createTempFile("page", ".md");
        Files.writeString(page, String.join("\n",
                "Text.",
                "<!-- doc: statements",
                "import java.nio.file.Path;",
                "Path where = Path.of(\".\");",
                "-->",
                "```java",
                "System.out.println(where);",
                "```",
                "",
                "<!-- doc: skip shows a mistake -->",
                "",
                "```java",
                "@Retry(tries = 0) void bad() { }",
                "```",
                "<!-- a plain comment -->",
                "```java",
                "class Whole { }",
                "```",
                ""));
        List<Snippet> snippets = new ArrayList<>(Markdown.snippets(page));

        assertThat(snippets).extracting(Snippet::action).containsExactly("statements", "skip", "");
        assertThat(snippets.get(0).hidden()).containsExactly("import java.nio.file.Path;",
                "Path where = Path.of(\".\");");
        assertThat(snippets.get(1).argument()).isEqualTo("shows a mistake");
        assertThat(snippets.get(0).next().line()).isEqualTo(snippets.get(1).line());
        assertThat(JavaSnippets.source(snippets.get(0)).text()).contains("import java.nio.file.Path;")
                .contains("void snippet() throws Throwable {\nSystem.out.println(where);");
        assertThat(JavaSnippets.source(snippets.get(2)).text()).doesNotContain("public class Snippet")
                .contains("class Whole { }");
    }
}
