/**
 * The aspect: {@code RetryAspect}, the plumbing that weaves {@code @Retry}. Its advices hold the retry loop around
 * {@code proceed()} and hand every decision to the engine ({@code dev.ajretry.internal.call}).
 *
 * <p>May use: {@code dev.ajretry}, {@code dev.ajretry.internal.*}, aspectjrt.
 */
package dev.ajretry.aspect;
