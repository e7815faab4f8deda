package dev.ajretry.woven;

import dev.ajretry.Retry;
import dev.ajretry.RetryConfigurationException;
import dev.ajretry.internal.env.Environment;
import dev.ajretry.internal.env.Overrides;
import dev.ajretry.runtime.RecordingSleeper;
import dev.ajretry.runtime.RetryEnvironment;
import dev.ajretry.runtime.RetryableExceptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Overrides installed from outside the file and the system properties ({@link Environment#installOverrides}), as
 * retry-spring-boot installs a Spring Environment's: they apply to policies built before they were installed, the
 * newest source wins, and removing it brings back what was in force before.
 */
class ExternalOverridesTest {

    private static final String PREFIX = "ajretry." + ExternalOverridesTest.class.getName() + "$";
    private final List<Runnable> installed = new ArrayList<>();
    private RecordingSleeper sleeper;

    @BeforeEach
    void recordWaits() {
        sleeper = RecordingSleeper.installOnThisThread();
    }

    @AfterEach
    void restore() {
        installed.forEach(Runnable::run);
        System.clearProperty(PREFIX + "Client.fetch.tries");
        RetryEnvironment.reset();
        sleeper.close();
    }

    private Runnable install(String... keysAndValues) {
        Map<String, Overrides.Value> values = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            values.put(keysAndValues[i], new Overrides.Value(keysAndValues[i + 1], keysAndValues[i] + " in test"));
        }
        Runnable removal = Environment.installOverrides(values);
        installed.add(removal);
        return removal;
    }

    static class Client {
        final Script script;

        Client(Script script) {
            this.script = script;
        }

        @Retry(tries = 2, delay = 10)
        void fetch() throws Throwable {
            script.attempt();
        }
    }

    private static int attemptsOfAlwaysFailingFetch() {
        Client client = new Client(Script.failing(new IOException("1"), new IOException("2"), new IOException("3"),
                new IOException("4"), new IOException("5"), new IOException("6")));
        catchThrowable(client::fetch);
        return client.script.attempts();
    }

    @Test
    void aPolicyBuiltBeforeTheSourceWasInstalledIsBuiltAgainWithIt() {
        assertThat(attemptsOfAlwaysFailingFetch()).isEqualTo(2);

        install(PREFIX + "Client.fetch.tries", "4");

        assertThat(attemptsOfAlwaysFailingFetch()).isEqualTo(4);
    }

    @Test
    void removingTheSourceBringsBackTheAnnotation() {
        Runnable removal = install(PREFIX + "Client.fetch.tries", "4");
        assertThat(attemptsOfAlwaysFailingFetch()).isEqualTo(4);

        removal.run();

        assertThat(attemptsOfAlwaysFailingFetch()).isEqualTo(2);
    }

    @Test
    void theNewestSourceWinsAndRemovingItBringsBackTheOneBefore() {
        install(PREFIX + "Client.fetch.tries", "3");
        Runnable newest = install(PREFIX + "Client.fetch.tries", "5");
        assertThat(attemptsOfAlwaysFailingFetch()).isEqualTo(5);

        newest.run();

        assertThat(attemptsOfAlwaysFailingFetch()).isEqualTo(3);
    }

    @Test
    void aSystemPropertyStillWinsOverTheSource() {
        System.setProperty(PREFIX + "Client.fetch.tries", "6");
        install(PREFIX + "Client.fetch.tries", "3");

        assertThat(attemptsOfAlwaysFailingFetch()).isEqualTo(6);
    }

    @Test
    void anInvalidAttributeValueFailsTheCallNamingTheSourcesKey() {
        install(PREFIX + "Client.fetch.tries", "zero");

        assertThatThrownBy(() -> new Client(Script.succeeding()).fetch())
                .isInstanceOf(RetryConfigurationException.class)
                .hasMessageContaining("tries (from " + PREFIX + "Client.fetch.tries in test) = 'zero'");
    }

    @Test
    void anInvalidGlobalValueFailsTheInstallationAndInstallsNothing() {
        assertThatThrownBy(() -> install("ajretry.enabled", "nope"))
                .isInstanceOf(RetryConfigurationException.class)
                .hasMessageContaining("ajretry.enabled in test = 'nope' must be true or false");

        assertThat(attemptsOfAlwaysFailingFetch()).isEqualTo(2);
    }

    @Test
    void retryableClassesOfASourceAreForgottenWithIt() {
        Runnable removal = install("ajretry.retryable", SocketTimeoutException.class.getName());
        assertThat(RetryableExceptions.all()).containsExactly(SocketTimeoutException.class);

        removal.run();
        Overrides.current(); // read again, as the next policy build would

        assertThat(RetryableExceptions.all()).isEmpty();
    }

    @Test
    void aResetKeepsTheSourceInstalled() {
        install(PREFIX + "Client.fetch.tries", "4");

        RetryEnvironment.reset();

        assertThat(attemptsOfAlwaysFailingFetch()).isEqualTo(4);
    }

    @Test
    void closingARemovalTwiceIsHarmless() {
        Runnable older = install(PREFIX + "Client.fetch.tries", "3");
        Runnable newer = install(PREFIX + "Client.fetch.tries", "5");
        newer.run();
        newer.run();

        assertThat(attemptsOfAlwaysFailingFetch()).isEqualTo(3);
        older.run();
        assertThat(attemptsOfAlwaysFailingFetch()).isEqualTo(2);
    }
}
