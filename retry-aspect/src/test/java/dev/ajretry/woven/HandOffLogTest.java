package dev.ajretry.woven;

import ch.qos.logback.classic.Level;
import dev.ajretry.Retry;
import dev.ajretry.runtime.AsyncRetries;
import dev.ajretry.testing.CapturedLog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** The give-up line of a call whose next attempt could not be handed off says so, not just the reason's name. */
class HandOffLogTest {

    static final class Remote {
        @Retry(tries = 3, delay = 1)
        CompletableFuture<String> fetch() {
            return CompletableFuture.failedFuture(new IOException("down"));
        }
    }

    @RegisterExtension
    final CapturedLog log = CapturedLog.of(Remote.class).at(Level.DEBUG);

    @AfterEach
    void restore() {
        AsyncRetries.useExecutor(null);
    }

    @Test
    void theGiveUpLineSaysTheNextAttemptCouldNotBeHandedOff() {
        AsyncRetries.useExecutor(task -> {
            throw new RejectedExecutionException("full");
        });

        Throwable thrown = catchThrowable(() -> new Remote().fetch().get(10, TimeUnit.SECONDS));

        assertThat(thrown).isInstanceOf(ExecutionException.class).cause().hasMessage("down");
        assertThat(log.messages())
                .anySatisfy(line -> assertThat(line).contains("Remote.fetch(): gave up, the next attempt could not be"
                        + " handed off (see the suppressed reason) after 1 of 3 attempts"));
    }
}
