package dev.ajretry.builds;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The convention docs/other-builds.md follows, and the mistakes in a page or in src/it that must fail the build. */
class BuildFilesTest {

    @TempDir
    Path dir;

    private Path page(String... lines) throws IOException {
        Path page = dir.resolve("page.md");
        Files.writeString(page, String.join("\n", lines) + "\n");
        return page;
    }

    @Test
    void aBlockAfterTheCommentIsTheFileItNamesAndOtherBlocksAreLeftAlone() throws IOException {
        List<BuildFiles.Block> blocks = BuildFiles.blocks(page(
                "# A page",
                "<!-- doc: build-file app/src/main/java/A.java -->",
                "",
                "```java",
                "class A {",
                "    int x;",
                "}",
                "```",
                "",
                "<!-- doc: run -->",
                "```java",
                "class NotMine { }",
                "```",
                "",
                "```xml",
                "<unmarked/>",
                "```"));

        assertThat(blocks).hasSize(1);
        BuildFiles.Block block = blocks.get(0);
        assertThat(block.line()).isEqualTo(4);
        assertThat(block.language()).isEqualTo("java");
        assertThat(block.paths()).containsExactly("app/src/main/java/A.java");
        assertThat(block.text()).isEqualTo("class A {\n    int x;\n}\n");
    }

    @Test
    void oneBlockMayBecomeSeveralFilesAndAnIndentedFenceLosesItsIndentation() throws IOException {
        List<BuildFiles.Block> blocks = BuildFiles.blocks(page(
                "- In a list:",
                "",
                "  <!-- doc: build-file one/pom.xml   two/pom.xml -->",
                "  ~~~xml",
                "  <dependencies/>",
                "  ~~~"));

        assertThat(blocks).singleElement().satisfies(block -> {
            assertThat(block.paths()).containsExactly("one/pom.xml", "two/pom.xml");
            assertThat(block.text()).isEqualTo("<dependencies/>\n");
        });
    }

    @Test
    void aPomFragmentGoesInsideAMinimalProjectNamedAfterItsFolderAndAWholeProjectStaysAsItIs() {
        Map<Path, String> files = BuildFiles.files("docs/page.md", List.of(
                new BuildFiles.Block(7, "xml", List.of("lombok/pom.xml", "lombok-invalid/pom.xml"),
                        "<dependencies/>\n"),
                new BuildFiles.Block(20, "xml", List.of("whole/pom.xml"), "<project>mine</project>\n"),
                new BuildFiles.Block(30, "xml", List.of("whole/src/main/resources/pom.xml"), "<dependencies/>\n")));

        assertThat(files.get(Path.of("lombok/pom.xml")))
                .contains("<!-- Written from docs/page.md, the block at line 7: edit the page. -->")
                .contains("<groupId>com.acme</groupId>\n<artifactId>lombok</artifactId>\n<version>1.0</version>\n"
                        + "<dependencies/>\n</project>\n")
                .startsWith("<?xml");
        assertThat(files.get(Path.of("lombok-invalid/pom.xml"))).contains("<artifactId>lombok-invalid</artifactId>");
        assertThat(files.get(Path.of("whole/pom.xml"))).isEqualTo("<project>mine</project>\n");
        // only a project's own pom.xml is wrapped
        assertThat(files.get(Path.of("whole/src/main/resources/pom.xml"))).isEqualTo("<dependencies/>\n");
    }

    @Test
    void aDirectiveWithoutItsBlockFailsNamingTheLine() throws IOException {
        Path page = page(
                "<!-- doc: build-file app/pom.xml -->",
                "",
                "Some words first.",
                "",
                "```xml",
                "<dependencies/>",
                "```");

        assertThatThrownBy(() -> BuildFiles.blocks(page)).hasMessageContaining("page.md:1: doc: build-file must be"
                + " followed by a fenced code block");
        assertThatThrownBy(() -> BuildFiles.blocks(page("text", "<!-- doc: build-file app/pom.xml -->")))
                .hasMessageContaining("page.md:2: doc: build-file must be followed by a fenced code block");
    }

    @Test
    void aDirectiveSharingItsCommentOrNamingNothingFails() {
        assertThatThrownBy(() -> BuildFiles.blocks(page("<!-- doc: build-file app/pom.xml", "-->", "```xml", "<a/>",
                "```"))).hasMessageContaining("page.md:1: doc: build-file must be a comment of its own, one line");
        assertThatThrownBy(() -> BuildFiles.blocks(page("<!-- doc: build-file -->", "```xml", "<a/>", "```")))
                .hasMessageContaining("page.md:1: doc: build-file names no file");
    }

    @Test
    void aPathNamedTwiceOrOutsideItsProjectFails() {
        BuildFiles.Block first = new BuildFiles.Block(3, "xml", List.of("app/pom.xml"), "<a/>\n");

        assertThatThrownBy(() -> BuildFiles.files("page.md", List.of(first,
                new BuildFiles.Block(9, "xml", List.of("app/./pom.xml"), "<b/>\n"))))
                .hasMessageContaining("page.md:9: app/./pom.xml is already written by an earlier block");
        for (String bad : List.of("pom.xml", "../pom.xml", "app/../../pom.xml", "/tmp/app/pom.xml")) {
            assertThatThrownBy(() -> BuildFiles.files("page.md", List.of(
                    new BuildFiles.Block(5, "xml", List.of(bad), "<a/>\n"))))
                    .as(bad).hasMessageContaining("page.md:5: " + bad + " is not PROJECT/path/in/project");
        }
    }

    @Test
    void theOverlayIsCopiedAndThePageWrittenOverItInAFreshOutput() throws IOException {
        Path overlay = Files.createDirectories(dir.resolve("it/app/src/main/java"));
        Files.writeString(overlay.resolve("Main.java"), "class Main { }\n");
        Files.writeString(dir.resolve("it/app/invoker.properties"), "invoker.goals = package\n");
        Files.writeString(dir.resolve("it/settings.xml"), "<settings/>\n");
        Path output = Files.createDirectories(dir.resolve("out/stale"));

        var projects = BuildFiles.write(Map.of(Path.of("app/pom.xml"), "<project/>\n",
                Path.of("app/src/main/java/Shown.java"), "class Shown { }\n"), dir.resolve("it"), dir.resolve("out"));

        assertThat(projects).containsExactly("app");
        assertThat(dir.resolve("out/stale")).doesNotExist();
        assertThat(dir.resolve("out/settings.xml")).doesNotExist();
        assertThat(dir.resolve("out/app/pom.xml")).hasContent("<project/>");
        assertThat(dir.resolve("out/app/invoker.properties")).hasContent("invoker.goals = package");
        assertThat(dir.resolve("out/app/src/main/java/Main.java")).hasContent("class Main { }");
        assertThat(dir.resolve("out/app/src/main/java/Shown.java")).hasContent("class Shown { }");
    }

    @Test
    void aProjectOnOnlyOneSideOrWithoutAPomFromThePageOrWrittenByBothFails() throws IOException {
        Files.createDirectories(dir.resolve("it/app"));
        Files.createDirectories(dir.resolve("it/forgotten"));
        Path it = dir.resolve("it");
        Path out = dir.resolve("out");

        assertThatThrownBy(() -> BuildFiles.write(Map.of(Path.of("app/pom.xml"), "<project/>\n"), it, out))
                .hasMessageContaining("the page shows the projects [app], " + it + " holds [app, forgotten]");

        Files.delete(dir.resolve("it/forgotten"));
        assertThatThrownBy(() -> BuildFiles.write(Map.of(Path.of("app/src/A.java"), "class A { }\n"), it, out))
                .hasMessageContaining("the page shows files of app but not its pom.xml");

        Files.writeString(dir.resolve("it/app/pom.xml"), "<project/>\n");
        assertThatThrownBy(() -> BuildFiles.write(Map.of(Path.of("app/pom.xml"), "<project/>\n"), it, out))
                .hasMessageContaining("app/pom.xml is both on the page and in " + it);
    }

    /** The real page: every block it marks makes a file, every project has its pom and its src/it part. */
    @Test
    void theRealPageAndSrcItAgree() throws IOException {
        Path page = Path.of("../docs/other-builds.md");
        Map<Path, String> files = BuildFiles.files("docs/other-builds.md", BuildFiles.blocks(page));

        var projects = BuildFiles.write(files, Path.of("src/it"), dir.resolve("builds"));

        assertThat(projects).containsExactlyInAnyOrder("lombok", "lombok-invalid", "lombok-processor-trap", "kotlin",
                "boot", "ltw", "jdk25");
        for (String project : projects) {
            assertThat(dir.resolve("builds").resolve(project).resolve("invoker.properties")).exists();
            assertThat(dir.resolve("builds").resolve(project).resolve("verify.groovy")).exists();
        }
    }

    /** What the build fetches ahead (retry-builds/pom.xml, page.*.version) is what the page's projects use. */
    @Test
    void thePrefetchedVersionsAreThePages() throws IOException {
        String page = Files.readString(Path.of("../docs/other-builds.md"));

        assertThat(page).contains("<lombok.version>" + System.getProperty("page.lombok.version") + "</lombok.version>")
                .contains("<kotlin.version>" + System.getProperty("page.kotlin.version") + "</kotlin.version>")
                .containsPattern("<artifactId>spring-boot-starter-parent</artifactId>\\s*<version>"
                        + Pattern.quote(System.getProperty("page.spring-boot.version")) + "</version>");
    }
}
