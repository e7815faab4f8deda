package dev.ajretry.internal.call;

import dev.ajretry.internal.env.Environment;
import dev.ajretry.internal.text.Texts;

import dev.ajretry.internal.spec.RetrySpec;

import dev.ajretry.AttemptRecord;
import dev.ajretry.RetryEvent;
import dev.ajretry.RetryEvent.GiveUpReason;
import dev.ajretry.RetryEvent.Kind;
import org.slf4j.Logger;

import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

/**
 * Everything a call tells the world: its log lines (DEBUG per attempt, one WARN line at a give-up after retries) and
 * its events for the {@link dev.ajretry.RetryListener}s. Both drivers report through here, the same way.
 * Events are built only while a listener is registered, lines only when their level is enabled.
 */
final class Reporter {

    private Reporter() {
    }

    /** The first attempt failed with a failure that is not retried, and nothing else needs the call: DEBUG only. */
    static void notRetried(RetrySpec policy, Throwable failure, GiveUpReason verdict) {
        Logger log = policy.log();
        if (log.isDebugEnabled()) {
            log.debug("{}: attempt 1 of {} failed with {}; not retrying {}", policy.method(),
                    Texts.tries(policy.tries()), Texts.text(failure),
                    verdict == null ? "(a single try)" : "(" + why(verdict) + ")");
        }
    }

    /**
     * Attempt {@code attempt} failed ({@code failure}) or was rejected ({@code result}); the next follows {@code wait},
     * which the server asked for if {@code fromServer}.
     */
    static void retrying(Attempts call, long attempt, Throwable failure, Object result, long wait,
                         boolean fromServer) {
        RetrySpec policy = call.policy;
        Logger log = policy.log();
        if (log.isDebugEnabled()) {
            log.debug("[retry {}] {}: attempt {} of {} {}; retrying in {}{}", call.id(), policy.method(), attempt,
                    Texts.tries(policy.tries()), failure != null ? "failed with " + Texts.text(failure)
                            : "returned a rejected result" + resultText(policy, result),
                    Durations.format(wait), fromServer ? ", as the server asked" : "");
        }
        if (Environment.anyListener()) {
            Environment.publish(event(call, Kind.RETRY, attempt, failure, Duration.ofNanos(wait), null, false,
                    List.of(), fromServer));
        }
    }

    /** Attempt {@code attempt}, after at least one failure or beside a hedge, succeeded. */
    static void succeeded(Attempts call, long attempt) {
        RetrySpec policy = call.policy;
        if (policy.log().isDebugEnabled()) {
            policy.log().debug("[retry {}] {}: attempt {} of {} succeeded", call.id(), policy.method(),
                    attempt, Texts.tries(policy.tries()));
        }
        if (Environment.anyListener()) {
            Environment.publish(event(call, Kind.SUCCESS, attempt, null, null, null, false, List.of(), false));
        }
    }

    /** Attempt {@code hedge} starts beside the attempts still running: the latest ran {@code after} unanswered. */
    static void hedging(Attempts call, long hedge, long after) {
        RetrySpec policy = call.policy;
        if (policy.log().isDebugEnabled()) {
            policy.log().debug("[retry {}] {}: no answer {} after attempt {} started; hedging with attempt {} of {}",
                    call.id(), policy.method(), Durations.format(after), hedge - 1, hedge,
                    Texts.tries(policy.tries()));
        }
        if (Environment.anyListener()) {
            Environment.publish(event(call, Kind.HEDGE, hedge, null, null, null, false, List.of(), false));
        }
    }

    /**
     * The one give-up line: WARN if the call retried at least once, else DEBUG; and the give-up event.
     *
     * @param failure   the final failure; null for a rejected result
     * @param outcome   what the caller gets, as the line says it
     * @param arguments the arguments as text, with {@code logArguments = true}; else null
     */
    static void gaveUp(Attempts call, Throwable failure, boolean recovering, Supplier<String> outcome,
                       List<String> arguments) {
        RetrySpec policy = call.policy;
        Logger log = policy.log();
        boolean warn = call.attempts() > 1;
        if (warn ? log.isWarnEnabled() : log.isDebugEnabled()) {
            StringBuilder line = new StringBuilder();
            line.append("[retry ").append(call.id()).append("] ").append(policy.method()).append(": ")
                    .append(headline(call)).append(" after ").append(call.attempts()).append(" of ")
                    .append(Texts.tries(policy.tries())).append(" attempts; ").append(outcome.get());
            List<AttemptRecord> records = call.history();
            if (!records.isEmpty()) {
                line.append("; history: ");
                for (int i = 0; i < records.size(); i++) {
                    line.append(i == 0 ? "" : " | ").append(records.get(i));
                }
            }
            if (arguments != null) {
                line.append("; arguments: ").append(arguments);
            }
            // Each value in it is cut at Texts.MAX_LENGTH; the cap is for the whole, whatever the arguments' count.
            String text = Texts.line(line);
            if (warn) {
                log.warn(text);
            } else {
                log.debug(text);
            }
        }
        if (Environment.anyListener()) {
            Environment.publish(event(call, Kind.GIVE_UP, call.attempts(), failure, null, call.ending().reason(),
                    recovering, arguments == null ? List.of() : arguments, false));
        }
    }

    /**
     * " " and the text of a rejected result, with {@code logArguments = true}; else nothing: like an argument, a
     * result may hold a secret (a token).
     */
    static String resultText(RetrySpec policy, Object result) {
        return policy.logArguments() ? " " + Texts.text(result) : "";
    }

    private static String headline(Attempts call) {
        GiveUpReason reason = call.ending().reason();
        switch (reason) {
            case TRIES_EXHAUSTED: return "gave up, tries exhausted";
            case DEADLINE: return call.ending().serverAskedTooMuch()
                    ? "gave up, the server asked for " + Durations.format(call.ending().waitNanos())
                    + ", more than ajretry.maxRetryAfter " + Durations.format(call.policy.maxRetryAfterNanos())
                    : "gave up, the next wait of " + Durations.format(call.ending().waitNanos())
                    + " would end after maxDuration " + Durations.format(call.policy.maxDurationNanos());
            case GIVE_UP_PREDICATE:
            case NESTED:
                return "gave up, " + why(reason);
            case BUDGET_EXHAUSTED: return "gave up, the retry budget '" + call.policy.budget().name() + "' is spent";
            case HAND_OFF_FAILED: return "gave up, the next attempt could not be handed off (see the suppressed reason)";
            case INTERRUPTED:
                return call.finalFailure() instanceof InterruptedException ? "not retrying (" + why(reason) + ")"
                        : "stopped, the thread was interrupted";
            default: return "not retrying (" + why(reason) + ")";
        }
    }

    private static String why(GiveUpReason reason) {
        switch (reason) {
            case ABORT_ON: return "listed in abortOn";
            case NOT_RETRYABLE: return "not listed in exceptions";
            case GIVE_UP_PREDICATE: return "giveUpIf said so";
            case BUDGET_EXHAUSTED: return "the retry budget is spent";
            case NESTED: return "nested in another retried method: a single attempt";
            case INTERRUPTED: return "an InterruptedException is never retried";
            default: return reason.toString();
        }
    }

    private static RetryEvent event(Attempts call, Kind kind, long attempt, Throwable failure, Duration nextWait,
                                    GiveUpReason reason, boolean recovered, List<String> arguments,
                                    boolean nextWaitFromServer) {
        RetrySpec policy = call.policy;
        return new RetryEvent(kind, policy.javaMethod(), policy.method(), call.id(), attempt, policy.tries(), failure,
                nextWait, call.elapsed(), reason, recovered, call.history(), arguments, nextWaitFromServer);
    }
}
