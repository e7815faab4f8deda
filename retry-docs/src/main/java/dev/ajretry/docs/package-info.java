/**
 * The documentation as tests: reads the fenced code blocks of README.md and docs/*.md and the directive before each
 * ({@code <!-- doc: ... -->}), for the docs tests of this module and the pre-build scripts of its invoker projects,
 * which write a project's pom from the Markdown. Not published. The conventions are in docs/design.md, "Docs are
 * tests".
 *
 * <p>May use: the JDK only.
 */
package dev.ajretry.docs;
