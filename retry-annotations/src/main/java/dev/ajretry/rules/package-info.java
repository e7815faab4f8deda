/**
 * Internal: the rules every {@code @Retry} value must follow and the sentences that report a broken one, shared by
 * the compile-time check in this module and the engine in {@code retry-aspect}. Public only because the engine lives
 * in another module; not an API for users, and no compatibility is promised from one version to the next.
 *
 * <p>May use: {@code dev.ajretry}, the JDK.
 */
package dev.ajretry.rules;
