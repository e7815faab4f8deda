package dev.ajretry.woven;

import dev.ajretry.FailurePredicate;
import dev.ajretry.ResultPredicate;
import dev.ajretry.Retry;
import dev.ajretry.RetryConfigurationException;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * A predicate class whose static initializer fails: the JVM throws ExceptionInInitializerError the first time and
 * NoClassDefFoundError after; every call of the method fails with the same configuration error instead.
 */
class BrokenPredicateClassTest {

    public static class FailsToInitialize implements FailurePredicate {
        static final int VALUE = Integer.parseInt("not a number");

        @Override
        public boolean test(Throwable failure) {
            return VALUE > 0;
        }
    }

    public static class ResultFailsToInitialize implements ResultPredicate<String> {
        static final String VALUE = String.valueOf(1 / Integer.parseInt("0"));

        @Override
        public boolean test(String result) {
            return VALUE.equals(result);
        }
    }

    static class Target {
        @Retry(tries = 2, giveUpIf = FailsToInitialize.class)
        void giveUp() {
        }

        @Retry(tries = 2, retryIfResult = ResultFailsToInitialize.class)
        String result() {
            return "ok";
        }

        @Retry(tries = 2, giveUpIf = FailsToInitialize.class)
        CompletableFuture<String> giveUpAsync() {
            return CompletableFuture.completedFuture("ok");
        }

        @Retry(tries = 2, retryIfResult = ResultFailsToInitialize.class)
        CompletableFuture<String> resultAsync() {
            return CompletableFuture.completedFuture("ok");
        }
    }

    /** What an asynchronous call failed with, thrown at once or through its future. */
    private static Throwable failureOf(Supplier<CompletableFuture<String>> call) {
        Throwable thrown = catchThrowable(() -> call.get().join());
        return thrown instanceof CompletionException ? thrown.getCause() : thrown;
    }

    @Test
    void onTheAsyncPathToo() {
        Target target = new Target();

        for (int i = 0; i < 3; i++) {
            assertThat(failureOf(target::giveUpAsync)).isExactlyInstanceOf(RetryConfigurationException.class)
                    .hasMessageContaining("@Retry on dev.ajretry.woven.BrokenPredicateClassTest$Target.giveUpAsync()")
                    .hasMessageContaining("giveUpIf = " + FailsToInitialize.class.getName()
                            + ".class cannot be initialized: its static initializer threw");
            assertThat(failureOf(target::resultAsync)).isExactlyInstanceOf(RetryConfigurationException.class)
                    .hasMessageContaining("@Retry on dev.ajretry.woven.BrokenPredicateClassTest$Target.resultAsync()")
                    .hasMessageContaining("retryIfResult = " + ResultFailsToInitialize.class.getName()
                            + ".class cannot be initialized: its static initializer threw");
        }
    }

    @Test
    void aGiveUpIfClassWhoseInitializerFailsIsAConfigurationErrorAtEveryCall() {
        Target target = new Target();

        for (int i = 0; i < 3; i++) {
            assertThat(catchThrowable(target::giveUp)).isExactlyInstanceOf(RetryConfigurationException.class)
                    .hasMessageContaining("@Retry on dev.ajretry.woven.BrokenPredicateClassTest$Target.giveUp()")
                    .hasMessageContaining("giveUpIf = " + FailsToInitialize.class.getName()
                            + ".class cannot be initialized: its static initializer threw")
                    .hasMessageContaining("NumberFormatException");
        }
    }

    @Test
    void aRetryIfResultClassWhoseInitializerFailsIsAConfigurationErrorAtEveryCall() {
        Target target = new Target();

        for (int i = 0; i < 3; i++) {
            assertThat(catchThrowable(target::result)).isExactlyInstanceOf(RetryConfigurationException.class)
                    .hasMessageContaining("@Retry on dev.ajretry.woven.BrokenPredicateClassTest$Target.result()")
                    .hasMessageContaining("retryIfResult = " + ResultFailsToInitialize.class.getName()
                            + ".class cannot be initialized: its static initializer threw")
                    .hasMessageContaining("ArithmeticException");
        }
    }
}
