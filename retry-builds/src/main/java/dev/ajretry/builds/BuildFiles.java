package dev.ajretry.builds;

import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.FencedCodeBlock;
import org.commonmark.node.HtmlBlock;
import org.commonmark.node.Node;
import org.commonmark.parser.IncludeSourceSpans;
import org.commonmark.parser.Parser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Writes the Maven projects a Markdown page shows, from the page itself, so that maven-invoker-plugin builds exactly
 * what a user copies.
 *
 * <p>The convention, a plain reading of Markdown (CommonMark, as commonmark-java parses it): a fenced code block
 * that follows, with only blank lines between, an HTML comment {@code <!-- doc: build-file PATH... -->} is the text
 * of each file PATH (relative, {@code PROJECT/path/in/project}). A block for a {@code pom.xml} that is not a
 * whole {@code <project>} is what goes inside one: it is written inside a minimal project with the coordinates
 * {@code com.acme:PROJECT:1.0}, as a user pastes it below their own. The comment does not show when the page is
 * rendered; other {@code doc:} directives are left to whoever reads them.
 *
 * <p>A project's other files (invoker.properties, the check that it retried, sources the page does not show) are in
 * the overlay directory, {@code src/it/PROJECT}. Every project must be both on the page and in the overlay, with a
 * pom.xml from the page: a project left behind by either side fails the build instead of being skipped.
 */
public final class BuildFiles {

    private static final Pattern DIRECTIVE = Pattern.compile("<!--\\s*doc:\\s*build-file\\b([^\\n]*?)-->");
    private static final Pattern ANY_DIRECTIVE = Pattern.compile("doc:\\s*build-file\\b");

    private BuildFiles() {
    }

    /**
     * One marked block of a page.
     *
     * @param line     the 1-based line of its opening fence
     * @param language the fence's info string up to the first space, empty for none
     * @param paths    the files it becomes, as written in the directive
     * @param text     the block's text, as CommonMark reads it (the fence's indentation removed)
     */
    public record Block(int line, String language, List<String> paths, String text) {
    }

    /** Usage: {@code BuildFiles PAGE OVERLAY OUTPUT}. Writes OUTPUT/PROJECT/... anew. */
    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            throw new IllegalArgumentException("usage: BuildFiles PAGE OVERLAY OUTPUT, given " + List.of(args));
        }
        Path page = Path.of(args[0]);
        Path output = Path.of(args[2]);
        // named as in the repository, docs/other-builds.md, in messages and in the poms written
        String pageName = page.getParent() == null ? page.getFileName().toString()
                : page.getParent().getFileName() + "/" + page.getFileName();
        Map<Path, String> files = files(pageName, blocks(page));
        Set<String> projects = write(files, Path.of(args[1]), output);
        System.out.println("[builds] " + files.size() + " files from " + page + ", projects " + projects + " in "
                + output);
    }

    /**
     * The marked blocks of a page, in order, as a CommonMark renderer sees them. A directive that is not followed by
     * a fenced block, or that shares its HTML block with anything else, throws.
     */
    public static List<Block> blocks(Path page) {
        Node document;
        try {
            document = Parser.builder().includeSourceSpans(IncludeSourceSpans.BLOCKS).build()
                    .parse(Files.readString(page));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Block> blocks = new ArrayList<>();
        document.accept(new AbstractVisitor() {
            @Override
            public void visit(HtmlBlock html) {
                String literal = html.getLiteral().strip();
                if (!ANY_DIRECTIVE.matcher(literal).find()) {
                    return;
                }
                int line = line(html);
                Matcher directive = DIRECTIVE.matcher(literal);
                if (!directive.matches()) {
                    throw new IllegalStateException(page + ":" + line + ": doc: build-file must be a comment of its"
                            + " own, one line: <!-- doc: build-file PATH -->");
                }
                if (!(html.getNext() instanceof FencedCodeBlock code)) {
                    throw new IllegalStateException(page + ":" + line
                            + ": doc: build-file must be followed by a fenced code block");
                }
                List<String> paths = List.of(directive.group(1).strip().split("\\s+"));
                if (paths.get(0).isEmpty()) {
                    throw new IllegalStateException(page + ":" + line + ": doc: build-file names no file");
                }
                String info = code.getInfo() == null ? "" : code.getInfo().strip();
                blocks.add(new Block(line(code), info.isEmpty() ? "" : info.split("\\s+")[0], paths,
                        code.getLiteral()));
            }
        });
        return blocks;
    }

    private static int line(Node node) {
        return node.getSourceSpans().isEmpty() ? 0 : node.getSourceSpans().get(0).getLineIndex() + 1;
    }

    /** Each file the blocks name, with its text; a path named twice, absolute or leaving its project throws. */
    public static Map<Path, String> files(String pageName, List<Block> blocks) {
        Map<Path, String> files = new LinkedHashMap<>();
        for (Block block : blocks) {
            for (String name : block.paths()) {
                Path path = Path.of(name).normalize();
                if (path.isAbsolute() || path.getNameCount() < 2 || path.startsWith("..")) {
                    throw new IllegalStateException(pageName + ":" + block.line() + ": " + name
                            + " is not PROJECT/path/in/project");
                }
                String text = path.getNameCount() == 2 && path.endsWith("pom.xml")
                        ? pom(path.getName(0).toString(), pageName, block)
                        : block.text();
                if (files.putIfAbsent(path, text) != null) {
                    throw new IllegalStateException(pageName + ":" + block.line() + ": " + name
                            + " is already written by an earlier block");
                }
            }
        }
        return files;
    }

    /** The block itself when it is a whole project, else the block inside a minimal project named after its folder. */
    static String pom(String project, String pageName, Block block) {
        String text = block.text();
        String head = text.stripLeading();
        if (head.startsWith("<?xml") || head.startsWith("<project")) {
            return text;
        }
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<!-- Written from " + pageName + ", the block at line " + block.line() + ": edit the page. -->\n"
                + "<project xmlns=\"http://maven.apache.org/POM/4.0.0\">\n"
                + "<modelVersion>4.0.0</modelVersion>\n"
                + "<groupId>com.acme</groupId>\n"
                + "<artifactId>" + project + "</artifactId>\n"
                + "<version>1.0</version>\n"
                + text
                + "</project>\n";
    }

    /**
     * Writes OUTPUT anew: each project of OVERLAY, then the page's files over it. Returns the projects. Throws when
     * the page and the overlay do not name the same projects, or when a project lacks a pom.xml from the page.
     */
    public static Set<String> write(Map<Path, String> files, Path overlay, Path output) throws IOException {
        Set<String> onPage = files.keySet().stream().map(p -> p.getName(0).toString())
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> inOverlay;
        try (Stream<Path> entries = Files.list(overlay)) {
            inOverlay = entries.filter(Files::isDirectory).map(p -> p.getFileName().toString())
                    .collect(Collectors.toCollection(TreeSet::new));
        }
        if (!onPage.equals(inOverlay)) {
            throw new IllegalStateException("the page shows the projects " + onPage + ", " + overlay + " holds "
                    + inOverlay + ": each project needs both");
        }
        for (String project : onPage) {
            if (!files.containsKey(Path.of(project, "pom.xml"))) {
                throw new IllegalStateException("the page shows files of " + project + " but not its pom.xml");
            }
        }
        delete(output);
        copy(overlay, output, onPage);
        for (Map.Entry<Path, String> file : files.entrySet()) {
            Path target = output.resolve(file.getKey());
            if (Files.exists(target)) {
                throw new IllegalStateException(file.getKey() + " is both on the page and in " + overlay
                        + ": keep one");
            }
            Files.createDirectories(target.getParent());
            Files.writeString(target, file.getValue());
        }
        return onPage;
    }

    private static void copy(Path overlay, Path output, Set<String> projects) throws IOException {
        for (String project : projects) {
            Path from = overlay.resolve(project);
            try (Stream<Path> tree = Files.walk(from)) {
                for (Path source : (Iterable<Path>) tree::iterator) {
                    Path target = output.resolve(project).resolve(from.relativize(source).toString());
                    if (Files.isDirectory(source)) {
                        Files.createDirectories(target);
                    } else {
                        Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
        }
    }

    private static void delete(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> tree = Files.walk(directory)) {
            for (Path path : (Iterable<Path>) tree.sorted((a, b) -> b.compareTo(a))::iterator) {
                Files.delete(path);
            }
        }
    }
}
