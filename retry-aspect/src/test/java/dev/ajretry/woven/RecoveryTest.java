package dev.ajretry.woven;

import dev.ajretry.Retry;
import dev.ajretry.RetryConfigurationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

/** recover: the value of a named method instead of the failure, checked before the first attempt. */
class RecoveryTest {

    @RegisterExtension
    final RecordedWaits sleeper = new RecordedWaits();

    static class Quotes {
        final Script script;
        final List<String> recovered = new ArrayList<>();

        Quotes(Script script) {
            this.script = script;
        }

        @Retry(tries = 3, recover = "cachedQuote")
        String quote(String symbol, int precision) throws Throwable {
            script.attempt();
            return "live " + symbol;
        }

        private String cachedQuote(String symbol, int precision) {
            recovered.add(symbol + "/" + precision);
            return "cached " + symbol;
        }

        @Retry(tries = 2, recover = "withFailure")
        String withCause(String symbol) throws Throwable {
            script.attempt();
            return "live";
        }

        String withFailure(Throwable failure, String symbol) {
            return "recovered " + symbol + " from " + failure.getMessage();
        }

        @Retry(tries = 2, recover = "onlyMissingFiles")
        String narrow(String path) throws Throwable {
            script.attempt();
            return "read";
        }

        String onlyMissingFiles(FileNotFoundException missing, String path) {
            return "default content for " + path;
        }

        @Retry(tries = 2, exceptions = IOException.class, abortOn = FileNotFoundException.class,
                recover = "fallbackCount")
        int count() throws Throwable {
            script.attempt();
            return 1;
        }

        private int fallbackCount() {
            return -1;
        }

        @Retry(tries = 2, recover = "throwingFallback")
        void notify(String who) throws Throwable {
            script.attempt();
        }

        void throwingFallback(String who) {
            throw new IllegalStateException("fallback for " + who + " failed too");
        }

        @Retry(tries = 2, recover = "staticFallback")
        static long staticMethod(long x, Script script) throws Throwable {
            script.attempt();
            return x;
        }

        static long staticFallback(long x, Script script) {
            return -x;
        }

        @Retry(tries = 2, recover = "fallback")
        String errorsAreNotRecoveredWithoutAThrowableParameter() throws Throwable {
            script.attempt();
            return "ok";
        }

        String fallback() {
            return "fallback";
        }
    }

    @Test
    void afterTheLastFailedAttemptTheRecoveryValueIsReturned() throws Throwable {
        Quotes quotes = new Quotes(Script.failing(new IOException("1"), new IOException("2"), new IOException("3")));

        assertThat(quotes.quote("ACME", 2)).isEqualTo("cached ACME");

        assertThat(quotes.script.attempts()).isEqualTo(3);
        assertThat(quotes.recovered).containsExactly("ACME/2");
    }

    @Test
    void notCalledOnSuccess() throws Throwable {
        Quotes quotes = new Quotes(Script.failing(new IOException("1")));

        assertThat(quotes.quote("ACME", 2)).isEqualTo("live ACME");
        assertThat(quotes.recovered).isEmpty();
    }

    @Test
    void theRecoveryMethodCanTakeTheFailure() throws Throwable {
        Quotes quotes = new Quotes(Script.failing(new IOException("1"), new IOException("last")));

        assertThat(quotes.withCause("X")).isEqualTo("recovered X from last");
    }

    @Test
    void aNarrowerFailureParameterRecoversOnlyThoseFailures() throws Throwable {
        Quotes missing = new Quotes(Script.failing(new IOException("1"), new FileNotFoundException("gone")));
        assertThat(missing.narrow("/etc/app")).isEqualTo("default content for /etc/app");

        IOException other = new IOException("disk");
        Quotes failing = new Quotes(Script.failing(new IOException("1"), other));
        assertThat(catchThrowable(() -> failing.narrow("/etc/app"))).isSameAs(other);
    }

    @Test
    void aFailureNotRetriedIsRecoveredToo() throws Throwable {
        Quotes quotes = new Quotes(Script.failing(new FileNotFoundException("abort")));

        assertThat(quotes.count()).isEqualTo(-1);
        assertThat(quotes.script.attempts()).isEqualTo(1);
    }

    @Test
    void whatTheRecoveryThrowsPropagatesWithTheFailureAttached() {
        IOException last = new IOException("2");
        Quotes quotes = new Quotes(Script.failing(new IOException("1"), last));

        Throwable thrown = catchThrowable(() -> quotes.notify("ops"));

        assertThat(thrown).isInstanceOf(IllegalStateException.class).hasMessage("fallback for ops failed too");
        assertThat(thrown.getSuppressed()).containsExactly(last);
    }

    @Test
    void staticMethodsRecoverWithStaticMethods() throws Throwable {
        assertThat(Quotes.staticMethod(5, Script.failing(new IOException("1"), new IOException("2")))).isEqualTo(-5);
    }

    @Test
    void errorsAreNotRecoveredUnlessTheParameterSaysSo() {
        AssertionError error = new AssertionError("bug");
        Quotes quotes = new Quotes(Script.failing(error));
        assertThat(catchThrowable(quotes::errorsAreNotRecoveredWithoutAThrowableParameter)).isSameAs(error);
    }

    static class Misconfigured {
        static int bodyRuns;

        @Retry(recover = "missing")
        void noSuchMethod() {
            bodyRuns++;
        }

        @Retry(recover = "wrongParameters")
        String parametersDiffer(String a) {
            bodyRuns++;
            return a;
        }

        String wrongParameters(int a) {
            return "";
        }

        @Retry(recover = "wrongReturn")
        String returnDiffers() {
            bodyRuns++;
            return "";
        }

        Integer wrongReturn() {
            return 1;
        }

        @Retry(recover = "instanceFallback")
        static void staticNeedsStatic() {
            bodyRuns++;
        }

        void instanceFallback() {
        }

        @Retry(recover = "twice")
        void ambiguous() {
            bodyRuns++;
        }

        void twice() {
        }

        void twice(Exception e) {
        }
    }

    @Retry(recover = "fallback")
    static class TypeLevelRecover {
        public void method() {
        }

        void fallback() {
        }
    }

    @Test
    void aMissingOrMismatchedRecoveryMethodIsReportedBeforeTheFirstAttempt() {
        Misconfigured m = new Misconfigured();
        assertThatThrownBy(m::noSuchMethod).isInstanceOf(RetryConfigurationException.class)
                .hasMessageContaining("RecoveryTest$Misconfigured.noSuchMethod(): recover = \"missing\": no method"
                        + " missing in dev.ajretry.woven.RecoveryTest$Misconfigured");
        assertThatThrownBy(() -> m.parametersDiffer("a")).isInstanceOf(RetryConfigurationException.class)
                .hasMessageContaining("wrongParameters(int) has other parameters")
                .hasMessageContaining("Expected wrongParameters(String) or wrongParameters(Throwable, String)");
        assertThatThrownBy(m::returnDiffers).hasMessageContaining("returns java.lang.Integer, not java.lang.String");
        assertThatThrownBy(Misconfigured::staticNeedsStatic).hasMessageContaining("is not static");
        assertThatThrownBy(m::ambiguous).hasMessageContaining("ambiguous: 2 methods match");
        assertThatThrownBy(() -> new TypeLevelRecover().method())
                .hasMessageContaining("recover = \"fallback\" is not allowed on a type-level @Retry");
        assertThat(Misconfigured.bodyRuns).isZero();
    }
}
