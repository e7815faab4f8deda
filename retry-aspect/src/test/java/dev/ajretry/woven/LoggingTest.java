package dev.ajretry.woven;

import ch.qos.logback.classic.Level;
import dev.ajretry.Retry;
import dev.ajretry.runtime.RecordingSleeper;
import dev.ajretry.testing.CapturedLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** One DEBUG line per retried attempt, one line at give-up, all carrying the series id, to the declaring class's logger. */
class LoggingTest {

    static class Logged {
        final Script script;

        Logged(Script script) {
            this.script = script;
        }

        @Retry(tries = 3, delay = 250)
        String fetch(String id) throws Throwable {
            script.attempt();
            return id;
        }

        @Retry(tries = -1, delay = 1500)
        String forever() throws Throwable {
            script.attempt();
            return "ok";
        }

        @Retry(exceptions = IOException.class)
        String ioOnly() throws Throwable {
            script.attempt();
            return "ok";
        }

        @Retry(tries = 2)
        synchronized String locked() {
            return "ok";
        }
    }

    @RegisterExtension
    final CapturedLog log = CapturedLog.of(Logged.class).at(Level.DEBUG);
    @RegisterExtension
    final RecordedWaits sleeper = new RecordedWaits();

    private List<String> lines() {
        return log.lines();
    }

    private static String seriesId(String line) {
        Matcher m = Pattern.compile("\\[retry (\\w+)]").matcher(line);
        assertThat(m.find()).as("series id in: " + line).isTrue();
        return m.group(1);
    }

    @Test
    void aCallThatSucceedsLogsNothing() throws Throwable {
        new Logged(Script.succeeding()).fetch("a");
        assertThat(log.events()).isEmpty();
    }

    @Test
    void eachRetriedAttemptIsOneDebugLineAndGivingUpIsOneWarnLine() {
        Logged logged = new Logged(Script.failing(new IOException("one"), new IOException("two"),
                new IOException("three")));

        catchThrowable(() -> logged.fetch("a"));

        List<String> lines = lines();
        String method = "dev.ajretry.woven.LoggingTest$Logged.fetch(String)";
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).startsWith("DEBUG [retry ").endsWith("] " + method
                + ": attempt 1 of 3 failed with java.io.IOException: one; retrying in 250 ms");
        assertThat(lines.get(1)).endsWith(method + ": attempt 2 of 3 failed with java.io.IOException: two;"
                + " retrying in 250 ms");
        assertThat(lines.get(2)).startsWith("WARN [retry ").contains(method
                + ": gave up, tries exhausted after 3 of 3 attempts; throwing java.io.IOException: three; history: "
                + "#1 failed with java.io.IOException: one, then waited 250 ms"
                + " | #2 at +250 ms ran 0 ms, failed with java.io.IOException: two, then waited 250 ms"
                + " | #3 at +500 ms ran 0 ms, failed with java.io.IOException: three");
        assertThat(lines.stream().map(LoggingTest::seriesId).distinct()).hasSize(1);
        assertThat(log.events()).allSatisfy(e -> assertThat(e.getThrowableProxy()).isNull());
    }

    @Test
    void successAfterRetriesLogsOnlyAtDebug() throws Throwable {
        Logged logged = new Logged(Script.failing(new IOException("one")));

        logged.fetch("a");

        assertThat(lines()).hasSize(2).allSatisfy(line -> assertThat(line).startsWith("DEBUG"));
        assertThat(lines().get(1)).endsWith("LoggingTest$Logged.fetch(String): attempt 2 of 3 succeeded");
    }

    @Test
    void unboundedTriesSaySoAndWaitsAreReadable() {
        Logged logged = new Logged(Script.failing(new IOException("one"), new IllegalArgumentException("x"),
                new OutOfMemoryError("fatal")));

        catchThrowable(logged::forever);

        List<String> lines = lines();
        assertThat(lines.get(0)).contains("attempt 1 of unbounded failed").endsWith("retrying in 1.5 s");
        assertThat(lines.get(2)).startsWith("WARN").contains("not retrying (not listed in exceptions) after 3 of "
                + "unbounded attempts; throwing java.lang.OutOfMemoryError: fatal");
    }

    @Test
    void differentCallsHaveDifferentSeriesIds() throws Throwable {
        new Logged(Script.failing(new IOException("a"))).fetch("a");
        new Logged(Script.failing(new IOException("b"))).fetch("b");

        assertThat(lines().stream().map(LoggingTest::seriesId).distinct()).hasSize(2);
    }

    @Test
    void aFailureNotRetriedAtTheFirstAttemptIsADebugLineOnly() {
        Logged logged = new Logged(Script.failing(new IllegalStateException("no")));

        catchThrowable(logged::ioOnly);

        assertThat(lines()).containsExactly("DEBUG dev.ajretry.woven.LoggingTest$Logged.ioOnly(): attempt 1 of 3"
                + " failed with java.lang.IllegalStateException: no; not retrying (not listed in exceptions)");
    }

    @Test
    void withDebugOffARetriedCallThatSucceedsLogsNothing() throws Throwable {
        log.at(Level.INFO);
        new Logged(Script.failing(new IOException("one"), new IOException("two"))).fetch("a");
        assertThat(log.events()).isEmpty();
    }

    @Test
    void aSynchronizedMethodIsWarnedAboutAtItsFirstCallForBuildsWithoutTheCompileTimeCheck() {
        Logged logged = new Logged(Script.succeeding());
        logged.locked();
        logged.locked();

        assertThat(log.events()).filteredOn(e -> e.getLevel() == Level.WARN).singleElement()
                .satisfies(e -> assertThat(e.getFormattedMessage()).contains("Logged.locked(): the method is"
                        + " synchronized, so it keeps the monitor of its object through every wait between attempts"));
    }
}
