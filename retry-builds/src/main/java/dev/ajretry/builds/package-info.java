/**
 * Writes the Maven projects that docs/other-builds.md shows, from the page itself, for maven-invoker-plugin to build
 * as users' projects. Not published.
 */
package dev.ajretry.builds;
