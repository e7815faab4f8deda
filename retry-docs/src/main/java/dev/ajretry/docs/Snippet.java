package dev.ajretry.docs;

import java.nio.file.Path;
import java.util.List;

/**
 * One fenced code block of a Markdown page, with the directive written before it, if any.
 *
 * @param page      the Markdown file
 * @param line      the 1-based line of the opening fence
 * @param language  the fence's info string up to the first space ({@code java}, {@code xml}...; empty for none)
 * @param action    the directive's action ({@code run}, {@code statements}, {@code skip}...; empty without one)
 * @param argument  what follows the action on the directive's first line (a reason, a project name...)
 * @param hidden    the directive's further lines: code that is compiled with the block but not shown
 * @param code      the block's text, its indentation removed
 * @param next      the page's next block (for {@code run}: the expected output), or null
 */
public record Snippet(Path page, int line, String language, String action, String argument, List<String> hidden,
                      String code, Snippet next) {

    /** Where the block is, as an editor's link: {@code docs/policy.md:42}. */
    public String where(Path root) {
        return root.toAbsolutePath().normalize().relativize(page.toAbsolutePath().normalize()) + ":" + line;
    }

    Snippet followedBy(Snippet following) {
        return new Snippet(page, line, language, action, argument, hidden, code, following);
    }
}
