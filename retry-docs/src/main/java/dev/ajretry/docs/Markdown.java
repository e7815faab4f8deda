package dev.ajretry.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Reads the fenced code blocks of the project's Markdown pages, and the directive comment before each
 * ({@code <!-- doc: ACTION ARGUMENT -->}, see docs/design.md). Only what the docs tests need: fences of three or more
 * backticks, indented or not; no other Markdown.
 */
public final class Markdown {

    private static final Pattern FENCE = Pattern.compile("^(\\s*)(`{3,})\\s*([^`\\s]*).*$");
    private static final Pattern DIRECTIVE = Pattern.compile("^\\s*<!--\\s*doc:\\s*([\\w-]+):?\\s*(.*?)\\s*(-->)?\\s*$");
    /** {@code <!-- excerpt: PATH -->}: the block is lines of a file of this repository (action "excerpt"). */
    private static final Pattern EXCERPT = Pattern.compile("^\\s*<!--\\s*excerpt:\\s*(\\S+)\\s*-->\\s*$");

    private Markdown() {
    }

    /** The pages whose blocks are tests: README.md and every .md under docs/, in a stable order. */
    public static List<Path> pages(Path root) {
        List<Path> pages = new ArrayList<>();
        pages.add(root.resolve("README.md"));
        Path docs = root.resolve("docs");
        if (Files.isDirectory(docs)) {
            try (Stream<Path> files = Files.walk(docs)) {
                files.filter(f -> f.toString().endsWith(".md")).sorted().forEach(pages::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return pages;
    }

    /** Every fenced block of one page, in order. A directive that is never closed, or a fence left open, throws. */
    public static List<Snippet> snippets(Path page) {
        List<String> lines;
        try {
            lines = Files.readAllLines(page);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Snippet> found = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            Matcher open = FENCE.matcher(lines.get(i));
            if (!open.matches()) {
                continue;
            }
            String indent = open.group(1);
            String fence = open.group(2);
            int start = i;
            StringBuilder code = new StringBuilder();
            for (i++; i < lines.size() && !lines.get(i).trim().startsWith(fence); i++) {
                String text = lines.get(i);
                code.append(text.startsWith(indent) ? text.substring(indent.length()) : text.stripLeading())
                        .append('\n');
            }
            if (i == lines.size()) {
                throw new IllegalStateException(page + ":" + (start + 1) + ": a code block is never closed");
            }
            String[] directive = directiveBefore(page, lines, start);
            List<String> hidden = directive[2].isEmpty() ? List.of() : List.of(directive[2].split("\n", -1));
            found.add(new Snippet(page, start + 1, open.group(3), directive[0], directive[1], hidden,
                    code.toString(), null));
        }
        List<Snippet> linked = new ArrayList<>(found);
        for (int k = linked.size() - 2; k >= 0; k--) {
            linked.set(k, linked.get(k).followedBy(linked.get(k + 1)));
        }
        return linked;
    }

    /** {action, argument, hidden lines} of the comment ending on the last non-blank line before the fence. */
    private static String[] directiveBefore(Path page, List<String> lines, int fence) {
        int end = fence - 1;
        while (end >= 0 && lines.get(end).isBlank()) {
            end--;
        }
        if (end < 0 || !lines.get(end).trim().endsWith("-->")) {
            return new String[] {"", "", ""};
        }
        int begin = end;
        while (begin >= 0 && !lines.get(begin).contains("<!--")) {
            begin--;
        }
        if (begin < 0) {
            return new String[] {"", "", ""};
        }
        Matcher excerpt = EXCERPT.matcher(lines.get(begin));
        if (begin == end && excerpt.matches()) {
            return new String[] {"excerpt", excerpt.group(1), ""};
        }
        Matcher first = DIRECTIVE.matcher(lines.get(begin));
        if (!first.matches()) {
            return new String[] {"", "", ""}; // an ordinary comment, not a directive
        }
        if (begin == end && first.group(3) == null) {
            throw new IllegalStateException(page + ":" + (begin + 1) + ": a doc directive must end with -->");
        }
        String hidden = "";
        if (begin < end) {
            String last = lines.get(end);
            List<String> body = new ArrayList<>(lines.subList(begin + 1, end));
            String beforeClose = last.substring(0, last.lastIndexOf("-->"));
            if (!beforeClose.isBlank()) {
                body.add(beforeClose);
            }
            hidden = body.stream().collect(Collectors.joining("\n"));
        }
        return new String[] {first.group(1), first.group(2), hidden};
    }

    /** The projects a block marked {@code doc: maven-project NAME...} is the pom of (one block may serve several). */
    public static List<String> projectNames(Snippet snippet) {
        return List.of(snippet.argument().trim().split("\\s+"));
    }

    /**
     * The blocks marked {@code <!-- doc: maven-project NAME -->} in any page, as the pom.xml of that project: the
     * block itself when it is a whole {@code <project>}, else the block inside a minimal project (coordinates
     * {@code com.acme:NAME:1.0}), as a newcomer pastes it into an empty pom.
     */
    public static String mavenProject(Path root, String name) {
        List<Snippet> marked = pages(root).stream().flatMap(p -> snippets(p).stream())
                .filter(s -> s.action().equals("maven-project") && projectNames(s).contains(name))
                .collect(Collectors.toList());
        if (marked.size() != 1) {
            throw new IllegalStateException("expected one block marked doc: maven-project " + name + ", found "
                    + marked.size());
        }
        String code = marked.get(0).code();
        if (code.stripLeading().startsWith("<project") || code.stripLeading().startsWith("<?xml")) {
            return code;
        }
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<!-- Written by prebuild.groovy from " + marked.get(0).where(root) + ": do not edit. -->\n"
                + "<project xmlns=\"http://maven.apache.org/POM/4.0.0\">\n"
                + "<modelVersion>4.0.0</modelVersion>\n"
                + "<groupId>com.acme</groupId>\n"
                + "<artifactId>" + name + "</artifactId>\n"
                + "<version>1.0</version>\n"
                + code
                + "</project>\n";
    }
}
