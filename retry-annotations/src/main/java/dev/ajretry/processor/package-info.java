/**
 * The compile-time check: an annotation processor that reports invalid {@code @Retry} values and the traps of
 * weaving as compiler errors and warnings, naming the class, the method and the attribute. The rules and their
 * messages come from {@link dev.ajretry.rules.RetryRules}; this package only adapts {@code javax.lang.model} to them.
 *
 * <p>May use: {@code dev.ajretry}, {@code dev.ajretry.rules}, the JDK's {@code java.compiler} module.
 */
package dev.ajretry.processor;
