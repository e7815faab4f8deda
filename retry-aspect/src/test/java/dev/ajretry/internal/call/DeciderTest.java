package dev.ajretry.internal.call;

import dev.ajretry.internal.env.Overrides;
import dev.ajretry.internal.spec.RetrySpec;

import dev.ajretry.FailurePredicate;
import dev.ajretry.RandomJitter;
import dev.ajretry.Retry;
import dev.ajretry.RetryAfter;
import dev.ajretry.RetryableError;
import dev.ajretry.RetryableException;
import dev.ajretry.RetryEvent.GiveUpReason;
import org.junit.jupiter.api.Test;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

import static dev.ajretry.internal.call.Decider.BUDGET_SPENT;
import static dev.ajretry.internal.call.Decider.INTERRUPTED;
import static dev.ajretry.internal.call.Decider.NESTED;
import static dev.ajretry.RetryEvent.GiveUpReason.ABORT_ON;
import static dev.ajretry.RetryEvent.GiveUpReason.BUDGET_EXHAUSTED;
import static dev.ajretry.RetryEvent.GiveUpReason.GIVE_UP_PREDICATE;
import static dev.ajretry.RetryEvent.GiveUpReason.NOT_RETRYABLE;
import static dev.ajretry.RetryEvent.GiveUpReason.TRIES_EXHAUSTED;
import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The decision function as tables: a policy, an attempt's outcome, the time, the limits, and the decision expected.
 * No weaving, no thread, no clock: each row is one call of {@link Decider}.
 */
class DeciderTest {

    private static final long MS = MILLISECONDS.toNanos(1);

    // ---- the policies, as users write them (these methods are never called) --------------------------------------

    @Retry(tries = 3, delay = 100, backoff = 2)
    void threeTries() {
    }

    @Retry(tries = 3, delay = 100, exceptions = IOException.class, abortOn = FileNotFoundException.class)
    void ioButNotMissingFiles() {
    }

    @Retry(tries = -1, delay = 100, maxDuration = 1_000)
    void untilOneSecond() {
    }

    @Retry(tries = 5, delay = 100, waitOn = @Retry.WaitOn(value = TimeoutException.class, delay = 7))
    void shortWaitOnTimeouts() {
    }

    @Retry(tries = 5, delay = 100, giveUpIf = NotFound.class)
    void giveUpOnNotFound() {
    }

    @Retry(tries = 5, delay = 100, whenNested = dev.ajretry.Nested.SINGLE_ATTEMPT)
    void singleAttemptWhenNested() {
    }

    @Retry(tries = 5, delay = 100, recover = "fallback", exceptions = IOException.class)
    String recovered() {
        return "";
    }

    String fallback(IOException failure) {
        return "fallback";
    }

    @Retry(tries = 4, delay = 100, randomJitter = RandomJitter.FULL)
    void fullJitter() {
    }

    @Retry(tries = 1)
    void singleTry() {
    }

    @Retry(tries = 1, giveUpIf = NotFound.class)
    void singleTryGivingUpOnNotFound() {
    }

    @Retry(tries = -1, delay = 100, maxDuration = 1_000, giveUpIf = NotFound.class)
    void untilOneSecondGivingUpOnNotFound() {
    }

    @Retry(tries = 10, delay = 100, backoff = 3, jitter = 50, minDelay = 120, maxDelay = 1_000)
    void clamped() {
    }

    @Retry(tries = 10, delay = 100, randomJitter = RandomJitter.PROPORTIONAL, jitterRatio = 0.5)
    void proportional() {
    }

    @Retry(tries = 10, delay = 100, maxDelay = 250, randomJitter = RandomJitter.DECORRELATED)
    void decorrelated() {
    }

    @Retry(tries = 20_000, delay = 1, backoff = 1e9)
    void hugeBackoff() {
    }

    @Retry(tries = 3, delay = 100, minDelay = 50, maxDelay = 200, randomJitter = RandomJitter.FULL,
            retryIfResult = Status503.class)
    String untilNot503() {
        return "";
    }

    @Retry(tries = -1, delay = 100, maxDuration = 1_000, retryIfResult = Status503.class)
    String untilNot503ForOneSecond() {
        return "";
    }

    @Retry(tries = 5, delay = 100, exceptions = IOException.class, abortOn = FileNotFoundException.class,
            waitOn = @Retry.WaitOn(value = TimeoutException.class, delay = 7), matchCauses = true)
    void ioInsideWrappers() {
    }

    /**
     * A response as text: "503" is rejected; "503 retry-after=N" is rejected and asks for N ms; "503 throws" makes
     * retryAfter throw.
     */
    public static final class Status503 implements dev.ajretry.ResultPredicate<String> {
        @Override
        public boolean test(String result) {
            return result.startsWith("503");
        }

        @Override
        public Duration retryAfter(String result) {
            if (result.endsWith("throws")) {
                throw new IllegalStateException("unparsable Retry-After");
            }
            int at = result.indexOf("retry-after=");
            return at < 0 ? null : Duration.ofMillis(Long.parseLong(result.substring(at + "retry-after=".length())));
        }
    }

    /** Says "give up" for failures whose message is "404". */
    public static final class NotFound implements FailurePredicate {
        @Override
        public boolean test(Throwable failure) {
            return "404".equals(failure.getMessage());
        }
    }

    static final class ServerSaid extends IOException implements RetryAfter {
        private final Duration wait;

        ServerSaid(Duration wait) {
            this.wait = wait;
        }

        @Override
        public Duration retryAfter() {
            return wait;
        }
    }

    static final class Marked extends IllegalStateException implements RetryableError {
    }

    // ---- helpers ---------------------------------------------------------------------------------------------------

    private static RetrySpec policy(String method, Class<?>... parameters) {
        try {
            Method m = DeciderTest.class.getDeclaredMethod(method, parameters);
            return RetrySpec.of(m, m.getAnnotation(Retry.class), Overrides.load(new ClassLoader(null) { }));
        } catch (NoSuchMethodException e) {
            throw new AssertionError(e);
        }
    }

    /** The policy of {@code method} with the system property {@code key} set to {@code value} while it is read. */
    private static RetrySpec policyWith(String method, String key, String value) {
        System.setProperty(key, value);
        try {
            return policy(method);
        } finally {
            System.clearProperty(key);
        }
    }

    /** Attempt {@code attempt} failed with {@code failure}, {@code elapsed} into the series, with no random draw. */
    private static Decision afterFailure(RetrySpec policy, long attempt, Throwable failure, long elapsed, int limits) {
        long base = baseAfter(policy, attempt, 0.5);
        return Decider.afterFailure(policy, attempt, failure, policy.classifier().classify(failure), base, 0.5,
                elapsed, limits);
    }

    private static Decision afterFailure(RetrySpec policy, long attempt, Throwable failure) {
        return afterFailure(policy, attempt, failure, 0, 0);
    }

    /** The base wait of the schedule after attempt {@code attempt}, from the first one on. */
    private static long baseAfter(RetrySpec policy, long attempt, double random) {
        long base = 0;
        for (long a = 1; a <= attempt; a++) {
            base = policy.baseWait(a, base, random);
        }
        return base;
    }

    private static Decision retry(long nanos) {
        return Decision.retry(nanos);
    }

    /** A retry after the wait the server asked for. */
    private static Decision told(long nanos) {
        return Decision.retryAsTold(nanos);
    }

    private static Decision giveUp(GiveUpReason reason) {
        return Decision.giveUp(reason, false);
    }

    // ---- what is retried -------------------------------------------------------------------------------------------

    @Test
    void anExceptionIsRetriedUntilTheTriesAreUsedUp() {
        RetrySpec policy = policy("threeTries");
        assertThat(afterFailure(policy, 1, new IOException())).isEqualTo(retry(100 * MS));
        assertThat(afterFailure(policy, 2, new IOException())).isEqualTo(retry(200 * MS));
        assertThat(afterFailure(policy, 3, new IOException())).isEqualTo(giveUp(TRIES_EXHAUSTED));
    }

    @Test
    void abortOnBeatsTheListAndTheMarkers() {
        RetrySpec policy = policy("ioButNotMissingFiles");
        assertThat(afterFailure(policy, 1, new IOException())).isEqualTo(retry(100 * MS));
        assertThat(afterFailure(policy, 1, new FileNotFoundException())).isEqualTo(giveUp(ABORT_ON));
        assertThat(afterFailure(policy, 1, new TimeoutException())).isEqualTo(giveUp(NOT_RETRYABLE));
        assertThat(afterFailure(policy, 1, new RetryableException("marked"))).isEqualTo(retry(100 * MS));
        assertThat(afterFailure(policy, 1, new Marked())).isEqualTo(retry(100 * MS));
    }

    @Test
    void anInterruptedExceptionIsNeverRetried() {
        assertThat(afterFailure(policy("threeTries"), 1, new InterruptedException()))
                .isEqualTo(giveUp(GiveUpReason.INTERRUPTED));
    }

    @Test
    void anErrorIsRetriedOnlyWhenListed() {
        assertThat(afterFailure(policy("threeTries"), 1, new OutOfMemoryError())).isEqualTo(giveUp(NOT_RETRYABLE));
    }

    @Test
    void theLastTryGivesUpWhateverTheFailure() {
        assertThat(afterFailure(policy("singleTry"), 1, new IOException())).isEqualTo(giveUp(TRIES_EXHAUSTED));
    }

    // ---- the wait ----------------------------------------------------------------------------------------------------

    @Test
    void theServersWordBeatsTheSchedule() {
        RetrySpec policy = policy("threeTries");
        assertThat(afterFailure(policy, 1, new ServerSaid(Duration.ofSeconds(30)))).isEqualTo(told(30_000 * MS));
        assertThat(afterFailure(policy, 1, new ServerSaid(null))).isEqualTo(retry(100 * MS));
        assertThat(afterFailure(policy, 1, new ServerSaid(Duration.ofSeconds(-1)))).isEqualTo(retry(100 * MS));
    }

    @Test
    void waitOnSetsTheWaitOfItsFailures() {
        RetrySpec policy = policy("shortWaitOnTimeouts");
        assertThat(afterFailure(policy, 1, new TimeoutException())).isEqualTo(retry(7 * MS));
        assertThat(afterFailure(policy, 1, new IOException())).isEqualTo(retry(100 * MS));
    }

    @Test
    void fullJitterScalesTheBaseWaitByTheRandomDraw() {
        RetrySpec policy = policy("fullJitter");
        long base = baseAfter(policy, 1, 0.25);
        assertThat(Decider.afterFailure(policy, 1, new IOException(), null, base, 0.25, 0, 0))
                .isEqualTo(retry(25 * MS));
        assertThat(Decider.afterFailure(policy, 1, new IOException(), null, base, 0.0, 0, 0)).isEqualTo(retry(0));
    }

    @Test
    void theScheduleGrowsByBackoffAndJitterAndIsClampedBetweenMinAndMaxDelay() {
        RetrySpec policy = policy("clamped");
        // 100 is lifted to minDelay 120; then (previous * 3) + 50: 120 -> 410 -> 1280, capped at maxDelay 1000.
        assertThat(afterFailure(policy, 1, new IOException())).isEqualTo(retry(120 * MS));
        assertThat(afterFailure(policy, 2, new IOException())).isEqualTo(retry(410 * MS));
        assertThat(afterFailure(policy, 3, new IOException())).isEqualTo(retry(1_000 * MS));
        assertThat(afterFailure(policy, 9, new IOException())).isEqualTo(retry(1_000 * MS));
    }

    @Test
    void proportionalJitterSpreadsTheBaseWaitByTheRatio() {
        RetrySpec policy = policy("proportional");
        long base = baseAfter(policy, 1, 0);
        assertThat(Decider.afterFailure(policy, 1, new IOException(), null, base, 0.0, 0, 0)).isEqualTo(retry(50 * MS));
        assertThat(Decider.afterFailure(policy, 1, new IOException(), null, base, 0.5, 0, 0)).isEqualTo(retry(100 * MS));
        assertThat(Decider.afterFailure(policy, 1, new IOException(), null, base, 0.999, 0, 0).waitNanos())
                .isBetween(149 * MS, 150 * MS);
    }

    @Test
    void decorrelatedJitterDrawsBetweenDelayAndThreeTimesThePreviousWaitUpToMaxDelay() {
        RetrySpec policy = policy("decorrelated");
        assertThat(policy.baseWait(1, 0, 0.0)).isEqualTo(100 * MS);
        assertThat(policy.baseWait(1, 0, 0.5)).isEqualTo(200 * MS);
        assertThat(policy.baseWait(2, 200 * MS, 0.9)).isEqualTo(250 * MS);
    }

    @Test
    void hugeWaitsSaturateInsteadOfOverflowing() {
        RetrySpec policy = policy("hugeBackoff");
        assertThat(afterFailure(policy, 10_000, new IOException()).waitNanos()).isEqualTo(Long.MAX_VALUE);
    }

    // ---- the deadline ------------------------------------------------------------------------------------------------

    @Test
    void noWaitStartsThatWouldEndAfterTheDeadline() {
        RetrySpec policy = policy("untilOneSecond");
        assertThat(afterFailure(policy, 1, new IOException(), 800 * MS, 0)).isEqualTo(retry(100 * MS));
        assertThat(afterFailure(policy, 1, new IOException(), 899 * MS, 0)).isEqualTo(retry(100 * MS));
        // A wait that would end exactly at the deadline is not started either (tenacity's stop_before_delay).
        assertThat(afterFailure(policy, 1, new IOException(), 900 * MS, 0))
                .isEqualTo(Decision.pastDeadline(100 * MS, false));
        assertThat(afterFailure(policy, 1, new IOException(), 901 * MS, 0))
                .isEqualTo(Decision.pastDeadline(100 * MS, false));
    }

    @Test
    void theServersWordPastTheDeadlineGivesUpAtOnce() {
        assertThat(afterFailure(policy("untilOneSecond"), 1, new ServerSaid(Duration.ofHours(1)), 0, 0))
                .isEqualTo(Decision.pastDeadline(3_600_000 * MS, false));
    }

    // ---- predicates, nesting, budget, interrupts, recovery ------------------------------------------------------------

    @Test
    void giveUpIfIsAskedAboutRetryableFailures() {
        RetrySpec policy = policy("giveUpOnNotFound");
        assertThat(afterFailure(policy, 1, new IOException("404"))).isEqualTo(giveUp(GIVE_UP_PREDICATE));
        assertThat(afterFailure(policy, 1, new IOException("503"))).isEqualTo(retry(100 * MS));
    }

    @Test
    void giveUpIfIsAskedOnlyWhenARetryWouldOtherwiseFollow() {
        RetrySpec policy = policy("giveUpOnNotFound");
        // The last try, a spent budget, a nested single attempt, the deadline, an interrupt: no retry would follow.
        assertThat(afterFailure(policy, 5, new IOException("404"))).isEqualTo(giveUp(TRIES_EXHAUSTED));
        assertThat(afterFailure(policy("singleTryGivingUpOnNotFound"), 1, new IOException("404")))
                .isEqualTo(giveUp(TRIES_EXHAUSTED));
        assertThat(afterFailure(policy, 1, new IOException("404"), 0, BUDGET_SPENT))
                .isEqualTo(giveUp(BUDGET_EXHAUSTED));
        assertThat(afterFailure(policy, 1, new IOException("404"), 0, INTERRUPTED))
                .isEqualTo(giveUp(GiveUpReason.INTERRUPTED));
        assertThat(afterFailure(policy("untilOneSecondGivingUpOnNotFound"), 1, new IOException("404"), 950 * MS, 0))
                .isEqualTo(Decision.pastDeadline(100 * MS, false));
        assertThat(afterFailure(policy("untilOneSecondGivingUpOnNotFound"), 1, new IOException("404"), 0, 0))
                .isEqualTo(giveUp(GIVE_UP_PREDICATE));
    }

    @Test
    void maxRetryAfterBoundsTheServersWord() {
        RetrySpec bounded = policyWith("threeTries", "ajretry.maxRetryAfter", "60000");
        Decision tooLong = afterFailure(bounded, 1, new ServerSaid(Duration.ofDays(1000)));
        assertThat(tooLong.reason()).isEqualTo(GiveUpReason.DEADLINE);
        assertThat(tooLong.waitNanos()).isEqualTo(Duration.ofDays(1000).toNanos());
        assertThat(tooLong).hasToString("GIVE_UP DEADLINE, the server asked for 86400000 s");
        assertThat(afterFailure(bounded, 1, new ServerSaid(Duration.ofSeconds(60)))).isEqualTo(told(60_000 * MS));
        // Only the server's word is bounded: the schedule and waitOn are not.
        assertThat(afterFailure(bounded, 1, new IOException())).isEqualTo(retry(100 * MS));
        // Without the property, the server's word is waited as told.
        assertThat(afterFailure(policy("threeTries"), 1, new ServerSaid(Duration.ofDays(1000))))
                .isEqualTo(told(Duration.ofDays(1000).toNanos()));
    }

    @Test
    void maxRetryAfterMustBeAPositiveNumber() {
        for (String bad : new String[] {"0", "-5", "soon", ""}) {
            assertThat(org.assertj.core.api.Assertions.catchThrowable(
                    () -> policyWith("threeTries", "ajretry.maxRetryAfter", bad)))
                    .as(bad).isInstanceOf(dev.ajretry.RetryConfigurationException.class)
                    .hasMessageContaining("ajretry.maxRetryAfter");
        }
    }

    @Test
    void aNestedCallMakesASingleAttemptOnlyWhenItAskedTo() {
        assertThat(afterFailure(policy("singleAttemptWhenNested"), 1, new IOException(), 0, NESTED))
                .isEqualTo(giveUp(GiveUpReason.NESTED));
        assertThat(afterFailure(policy("threeTries"), 1, new IOException(), 0, NESTED)).isEqualTo(retry(100 * MS));
    }

    @Test
    void aSpentBudgetStopsRetriesButNotTheTriesRule() {
        RetrySpec policy = policy("threeTries");
        assertThat(afterFailure(policy, 1, new IOException(), 0, BUDGET_SPENT)).isEqualTo(giveUp(BUDGET_EXHAUSTED));
        assertThat(afterFailure(policy, 3, new IOException(), 0, BUDGET_SPENT)).isEqualTo(giveUp(TRIES_EXHAUSTED));
    }

    @Test
    void anInterruptedThreadStopsTheSeriesLast() {
        RetrySpec policy = policy("threeTries");
        assertThat(afterFailure(policy, 1, new IOException(), 0, INTERRUPTED))
                .isEqualTo(giveUp(GiveUpReason.INTERRUPTED));
        assertThat(afterFailure(policy, 3, new IOException(), 0, INTERRUPTED)).isEqualTo(giveUp(TRIES_EXHAUSTED));
        assertThat(afterFailure(policy, 1, new FileNotFoundException("x"), 0, INTERRUPTED | BUDGET_SPENT))
                .isEqualTo(giveUp(BUDGET_EXHAUSTED));
    }

    @Test
    void aGiveUpRecoversOnlyFailuresTheRecoveryMethodTakes() {
        RetrySpec policy = policy("recovered");
        assertThat(afterFailure(policy, 5, new IOException())).isEqualTo(Decision.giveUp(TRIES_EXHAUSTED, true));
        assertThat(afterFailure(policy, 1, new IllegalStateException()))
                .isEqualTo(Decision.giveUp(NOT_RETRYABLE, false));
    }

    @Test
    void aRejectedResultIsRetriedLikeAFailureButNeverRecovered() {
        RetrySpec policy = policy("recovered");
        assertThat(Decider.afterRejectedResult(policy, 1, null, baseAfter(policy, 1, 0), 0, 0, 0))
                .isEqualTo(retry(100 * MS));
        assertThat(Decider.afterRejectedResult(policy, 5, null, baseAfter(policy, 5, 0), 0, 0, 0))
                .isEqualTo(giveUp(TRIES_EXHAUSTED));
    }

    // ---- the server's word in a rejected result (ResultPredicate.retryAfter) --------------------------------------

    /** Attempt {@code attempt} returned {@code result}, rejected, {@code elapsed} into the series; random draw 0.5. */
    private static Decision afterResult(RetrySpec policy, long attempt, String result, long elapsed) {
        return Decider.afterRejectedResult(policy, attempt, result, baseAfter(policy, attempt, 0.5), 0.5, elapsed, 0);
    }

    @Test
    void aResultsRetryAfterIsTheNextWaitUnclampedAndNotJittered() {
        RetrySpec policy = policy("untilNot503");
        // FULL jitter, drawn 0.5, halves the schedule's 100 ms, then minDelay raises it to 50 ms
        assertThat(afterResult(policy, 1, "503", 0)).isEqualTo(retry(50 * MS));
        // the server's word is taken as it is: below minDelay, above maxDelay, no jitter
        assertThat(afterResult(policy, 1, "503 retry-after=3", 0)).isEqualTo(told(3 * MS));
        assertThat(afterResult(policy, 1, "503 retry-after=5000", 0)).isEqualTo(told(5_000 * MS));
    }

    @Test
    void aResultsRetryAfterOfNullZeroOrNegativeFallsBackToTheSchedule() {
        RetrySpec policy = policy("untilNot503");
        assertThat(afterResult(policy, 1, "503", 0)).isEqualTo(retry(50 * MS));
        assertThat(afterResult(policy, 1, "503 retry-after=0", 0)).isEqualTo(retry(50 * MS));
        assertThat(afterResult(policy, 1, "503 retry-after=-20", 0)).isEqualTo(retry(50 * MS));
    }

    @Test
    void aResultsRetryAfterIsAskedOnlyWhenAnotherAttemptWouldFollow() {
        // the last try: retryAfter, which would throw, is not asked
        assertThat(afterResult(policy("untilNot503"), 3, "503 throws", 0)).isEqualTo(giveUp(TRIES_EXHAUSTED));
        assertThat(org.assertj.core.api.Assertions.catchThrowable(
                () -> afterResult(policy("untilNot503"), 1, "503 throws", 0)))
                .isInstanceOf(IllegalStateException.class).hasMessage("unparsable Retry-After");
    }

    @Test
    void aResultsRetryAfterPastTheDeadlineOrTheOperatorsBoundGivesUpAtOnce() {
        RetrySpec policy = policy("untilNot503ForOneSecond");
        assertThat(afterResult(policy, 1, "503 retry-after=899", 100 * MS)).isEqualTo(told(899 * MS));
        assertThat(afterResult(policy, 1, "503 retry-after=900", 100 * MS))
                .isEqualTo(Decision.pastDeadline(900 * MS, false));
        RetrySpec bounded = policyWith("untilNot503", "ajretry.maxRetryAfter", "1000");
        Decision tooLong = afterResult(bounded, 1, "503 retry-after=1001", 0);
        assertThat(tooLong).hasToString("GIVE_UP DEADLINE, the server asked for 1.001 s");
        assertThat(afterResult(bounded, 1, "503 retry-after=1000", 0)).isEqualTo(told(1_000 * MS));
    }

    // ---- matchCauses ----------------------------------------------------------------------------------------------

    @Test
    void withMatchCausesAWrappedFailureIsRetriedAbortedAndWaitedForByItsCauses() {
        RetrySpec policy = policy("ioInsideWrappers");
        assertThat(afterFailure(policy, 1, new java.io.UncheckedIOException(new IOException())))
                .isEqualTo(retry(100 * MS));
        assertThat(afterFailure(policy, 1, new IllegalStateException(new FileNotFoundException())))
                .isEqualTo(giveUp(ABORT_ON));
        assertThat(afterFailure(policy, 1, new IllegalStateException())).isEqualTo(giveUp(NOT_RETRYABLE));
        // the waitOn entry of a cause sets the wait; a RetryAfter cause is the server's word
        assertThat(afterFailure(policy, 1, new java.util.concurrent.CompletionException(
                new IOException(new TimeoutException())))).isEqualTo(retry(7 * MS));
        assertThat(afterFailure(policy, 1, new IllegalStateException(new ServerSaid(Duration.ofMillis(42)))))
                .isEqualTo(told(42 * MS));
    }

    @Test
    void withMatchCausesTheOutermostLinkThatSetsAWaitWins() {
        RetrySpec policy = policy("ioInsideWrappers");
        // outer waitOn (TimeoutException) before an inner RetryAfter: the outer link's waitOn
        TimeoutException outer = new TimeoutException();
        outer.initCause(new ServerSaid(Duration.ofMillis(42)));
        assertThat(afterFailure(policy, 1, new IllegalStateException(outer))).isEqualTo(retry(7 * MS));
        // outer RetryAfter before an inner waitOn: the server's word
        ServerSaid said = new ServerSaid(Duration.ofMillis(42));
        said.initCause(new TimeoutException());
        assertThat(afterFailure(policy, 1, new IllegalStateException(said))).isEqualTo(told(42 * MS));
        // a RetryAfter link with nothing to say: its waitOn, else the schedule
        assertThat(afterFailure(policy, 1, new IllegalStateException(new ServerSaid(null))))
                .isEqualTo(retry(100 * MS));
    }

    @Test
    void withoutMatchCausesACauseChangesNothing() {
        RetrySpec policy = policy("shortWaitOnTimeouts");
        assertThat(afterFailure(policy, 1, new IllegalStateException(new TimeoutException())))
                .isEqualTo(retry(100 * MS));
        assertThat(afterFailure(policy, 1, new IllegalStateException(new ServerSaid(Duration.ofMillis(42)))))
                .isEqualTo(retry(100 * MS));
    }

    @Test
    void decisionsSayWhatTheyAre() {
        assertThat(retry(250 * MS)).hasToString("RETRY after 250 ms");
        assertThat(told(2_000 * MS)).hasToString("RETRY after 2 s (the server's word)");
        assertThat(Decision.giveUp(TRIES_EXHAUSTED, true)).hasToString("GIVE_UP TRIES_EXHAUSTED (recovering)");
        assertThat(Decision.pastDeadline(2_000 * MS, false)).hasToString("GIVE_UP DEADLINE, next wait 2 s");
    }
}
