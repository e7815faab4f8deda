package dev.ajretry.woven;

import ch.qos.logback.classic.Level;
import dev.ajretry.ResultPredicate;
import dev.ajretry.Retry;
import dev.ajretry.RetryEvent;
import dev.ajretry.RetryListener;
import dev.ajretry.runtime.RecordingSleeper;
import dev.ajretry.runtime.RetryListeners;
import dev.ajretry.testing.CapturedLog;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A result that {@code retryIfResult} rejected may hold a secret, like an argument: its text goes into the log lines
 * only with {@code logArguments = true}; otherwise they say "returned a rejected result" without it. Events never
 * carry it. Blocking and async.
 */
class RejectedResultTextTest {

    enum Path { BLOCKING, ASYNC }

    /** A session whose token must not reach the logs. */
    record Session(String token, boolean valid) {
    }

    public static class Invalid implements ResultPredicate<Session> {
        @Override
        public boolean test(Session session) {
            return !session.valid();
        }
    }

    static class Login {
        @Retry(tries = 3, delay = 10, retryIfResult = Invalid.class)
        Session login() {
            return new Session("s3cr3t-token", false);
        }

        @Retry(tries = 3, delay = 10, retryIfResult = Invalid.class)
        CompletableFuture<Session> loginAsync() {
            return CompletableFuture.completedFuture(new Session("s3cr3t-token", false));
        }

        @Retry(tries = 3, delay = 10, retryIfResult = Invalid.class, logArguments = true)
        Session loginLogged() {
            return new Session("s3cr3t-token", false);
        }

        @Retry(tries = 3, delay = 10, retryIfResult = Invalid.class, logArguments = true)
        CompletableFuture<Session> loginLoggedAsync() {
            return CompletableFuture.completedFuture(new Session("s3cr3t-token", false));
        }
    }

    @RegisterExtension
    final CapturedLog log = CapturedLog.of(Login.class).at(Level.DEBUG);
    @RegisterExtension
    final RecordedWaits sleeper = new RecordedWaits();

    private List<String> linesThenClear() {
        return log.linesThenClear();
    }

    @ParameterizedTest
    @EnumSource(Path.class)
    void aRejectedResultIsShownOnlyWithLogArguments(Path path) {
        Login login = new Login();
        List<String> events = new ArrayList<>();
        RetryListener listener = new RetryListener() {
            @Override
            public void onRetry(RetryEvent event) {
                events.add(event.toString());
            }

            @Override
            public void onGiveUp(RetryEvent event) {
                events.add(event.toString());
            }
        };

        Session hidden;
        Session shown;
        List<String> hiddenLines;
        List<String> shownLines;
        try (RetryListeners.Registration registration = RetryListeners.register(listener)) {
            hidden = path == Path.BLOCKING ? login.login() : login.loginAsync().join();
            hiddenLines = linesThenClear();
            shown = path == Path.BLOCKING ? login.loginLogged() : login.loginLoggedAsync().join();
            shownLines = linesThenClear();
        }

        assertThat(hidden.token()).isEqualTo("s3cr3t-token");
        assertThat(shown.token()).isEqualTo("s3cr3t-token");
        assertThat(hiddenLines).hasSize(3).noneMatch(line -> line.contains("s3cr3t"));
        assertThat(hiddenLines.get(0)).endsWith("attempt 1 of 3 returned a rejected result; retrying in 10 ms");
        assertThat(hiddenLines.get(2)).startsWith("WARN").contains("tries exhausted after 3 of 3 attempts;"
                + " returning the last result; history: #1 returned a rejected result");
        assertThat(shownLines).hasSize(3);
        assertThat(shownLines.get(0)).endsWith("attempt 1 of 3 returned a rejected result"
                + " Session[token=s3cr3t-token, valid=false]; retrying in 10 ms");
        assertThat(shownLines.get(2)).contains("; returning the last result Session[token=s3cr3t-token, valid=false]");
        assertThat(events).hasSize(6).noneMatch(event -> event.contains("s3cr3t"));
    }
}
