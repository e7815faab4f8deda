/**
 * Retries {@code @Retry} methods that return a Reactor {@code Mono} or {@code Flux}: woven by
 * {@code dev.ajretry.reactor.ReactorRetryAspect}, listed in aspectj-maven-plugin's {@code <aspectLibraries>} beside
 * retry-aspect (docs/reactor.md).
 *
 * <p>Design, and why:
 * <ul>
 *   <li><b>An attempt is a new call of the method</b>, made when the result is subscribed to (re-subscribed, for a
 *   retry): a {@code Mono} returned by a method is often a cold recipe that would fail again the same way, or a cached
 *   one that would not run again at all; calling the method again is what the blocking and asynchronous paths do.
 *   Each subscription of the returned publisher is one call as ajretry counts calls: one series, one report.</li>
 *   <li><b>One decision function.</b> The driver ({@code ReactorCall}) decides nothing: it reports each outcome to the
 *   engine's {@code dev.ajretry.internal.call.ReactiveSeries} (a public bridge over the engine's package-private
 *   per-call state, {@code Attempts}, and decision, {@code Decider}) and gets back a wait or a give-up; so every
 *   attribute applies as on the other paths, with the same reports, events and budget.</li>
 *   <li><b>Reactor's {@code retryWhen}</b> does the re-subscribing: it loops without growing the stack, and disposing
 *   the subscription cancels both the attempt in flight and the pending wait.</li>
 *   <li><b>Waits on a Reactor scheduler</b>, {@code Schedulers.parallel()} looked up at each subscription, so that
 *   {@code StepVerifier.withVirtualTime} controls them (and the attempt timers); with a test sleeper installed
 *   ({@code RecordingSleeper}, retry-junit), the sleeper takes the waits instead, and records them, as for a
 *   {@code CompletionStage}.</li>
 *   <li><b>Beside retry-aspect.</b> retry-aspect's retry advices leave {@code Mono} and {@code Flux} methods alone
 *   (its pointcut names them by pattern, so it needs no Reactor); this aspect declares precedence over it. Without
 *   this module, such a method is a compile-time error (the annotation processor) and a first-call error, which
 *   name this module.</li>
 * </ul>
 */
package dev.ajretry.reactor;
