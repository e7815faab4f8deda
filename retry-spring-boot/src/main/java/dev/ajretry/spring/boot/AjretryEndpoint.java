package dev.ajretry.spring.boot;

import dev.ajretry.runtime.RetryBudget;
import dev.ajretry.runtime.RetryBudgets;
import dev.ajretry.runtime.RetryEnvironment;
import dev.ajretry.runtime.RetryPolicyDescription;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The Actuator endpoint {@code ajretry} ({@code GET /actuator/ajretry}): the effective policy of every {@code @Retry}
 * method called so far, after overrides, and the state of every retry budget. Durations are ISO-8601
 * ({@code PT0.1S}); a bound that is not set is null; {@code tries} is negative for "until success".
 *
 * <p>Named {@code ajretry}, not {@code retries}: Resilience4j's starter already has an endpoint {@code retries}, and
 * two endpoints with one id fail the context. ajretry's state is JVM-wide: with several contexts open in one JVM,
 * each lists every context's methods.
 */
@Endpoint(id = "ajretry")
public class AjretryEndpoint {

    /** What the endpoint reads. */
    @ReadOperation
    public Report report() {
        return new Report(RetryEnvironment.policies().stream().map(Policy::of).toList(),
                RetryBudgets.all().stream().map(Budget::of).toList());
    }

    /**
     * The endpoint's answer.
     *
     * @param policies the methods called so far, by method
     * @param budgets  the retry budgets that exist, by name
     */
    public record Report(List<Policy> policies, List<Budget> budgets) {
    }

    /**
     * One method's policy, as {@link RetryPolicyDescription} gives it.
     *
     * @param method                  as ajretry's messages name it: {@code com.acme.Client.fetch(String, int)}
     * @param overrideKey             the prefix of the method's override keys: {@code ajretry.com.acme.Client.fetch}
     * @param tries                   total attempts, the first included; negative for "until success"
     * @param delay                   the first wait
     * @param backoff                 the multiplier from one wait to the next
     * @param jitter                  added to each wait after multiplying
     * @param minDelay                the shortest wait
     * @param maxDelay                the longest wait; null for none
     * @param maxDuration             the deadline from the first attempt; null for none
     * @param attemptTimeout          the most time one attempt may run; null for none
     * @param matchCauses             whether the failure lists, markers and {@code RetryAfter} look at causes too
     * @param hedges                  how many extra attempts may run beside the first; 0 for none
     * @param hedgeDelay              how long an attempt runs before a hedge starts beside it
     * @param randomJitter            the kind of random jitter
     * @param jitterRatio             the ratio of proportional random jitter
     * @param exceptions              the classes retried
     * @param abortOn                 the classes never retried
     * @param giveUpIf                the give-up predicate's class; null for none
     * @param checksResults           whether a {@code retryIfResult} predicate checks returned values
     * @param recover                 the recovery method; null for none
     * @param budget                  the retry budget's name; null for none
     * @param logArguments            whether give-up reports include the arguments
     * @param singleAttemptWhenNested whether it makes a single attempt inside another retried method
     * @param maxRetryAfter           the longest wait a failure's {@code RetryAfter} may ask; null for none
     */
    public record Policy(String method, String overrideKey, int tries, String delay, double backoff, String jitter,
                         String minDelay, String maxDelay, String maxDuration, String attemptTimeout,
                         boolean matchCauses, int hedges, String hedgeDelay, String randomJitter,
                         double jitterRatio, List<String> exceptions, List<String> abortOn, String giveUpIf,
                         boolean checksResults, String recover, String budget, boolean logArguments,
                         boolean singleAttemptWhenNested, String maxRetryAfter) {

        static Policy of(RetryPolicyDescription p) {
            return new Policy(p.method(), "ajretry." + p.declaringClass() + "." + p.methodName(), p.tries(),
                    p.delay().toString(), p.backoff(), p.jitter().toString(), p.minDelay().toString(),
                    text(p.maxDelay()), text(p.maxDuration()), text(p.attemptTimeout()), p.matchCauses(),
                    p.hedges(), p.hedgeDelay().toString(),
                    p.randomJitter().name(), p.jitterRatio(),
                    p.exceptions(), p.abortOn(), p.giveUpIf().orElse(null), p.checksResults(),
                    p.recover().orElse(null), p.budget().orElse(null), p.logArguments(),
                    p.singleAttemptWhenNested(), text(p.maxRetryAfter()));
        }

        private static String text(Optional<Duration> duration) {
            return duration.map(Duration::toString).orElse(null);
        }
    }

    /**
     * One retry budget, now.
     *
     * @param name        the name methods give it
     * @param tokens      tokens left
     * @param maxTokens   tokens when full
     * @param tokenRatio  tokens a successful call earns back
     * @param allowsRetry whether more than half the tokens are left, so that failed attempts may be retried
     */
    public record Budget(String name, double tokens, int maxTokens, double tokenRatio, boolean allowsRetry) {

        static Budget of(RetryBudget b) {
            return new Budget(b.name(), b.tokens(), b.maxTokens(), b.tokenRatio(), b.allowsRetry());
        }
    }
}
