/**
 * What users call at run time: the test sleeper ({@link dev.ajretry.runtime.RecordingSleeper},
 * {@link dev.ajretry.runtime.Sleepers}), where asynchronous attempts run ({@link dev.ajretry.runtime.AsyncRetries}),
 * listeners ({@link dev.ajretry.runtime.RetryListeners}), retry budgets ({@link dev.ajretry.runtime.RetryBudgets}),
 * retryable classes you do not own ({@link dev.ajretry.runtime.RetryableExceptions}), the attempt in progress
 * ({@link dev.ajretry.runtime.RetryContext}), the woven-or-not check ({@link dev.ajretry.runtime.WeavingCheck}), and
 * the whole state's reset and shutdown ({@link dev.ajretry.runtime.RetryEnvironment}). Thin facades over the engine.
 *
 * <p>May use: {@code dev.ajretry}, {@code dev.ajretry.internal.*}, the JDK. Nothing in the engine uses this package.
 */
package dev.ajretry.runtime;
