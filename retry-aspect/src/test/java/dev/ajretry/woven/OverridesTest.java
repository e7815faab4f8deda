package dev.ajretry.woven;

import dev.ajretry.runtime.RetryEnvironment;
import dev.ajretry.Retry;
import dev.ajretry.RetryConfigurationException;
import dev.ajretry.runtime.RecordingSleeper;
import dev.ajretry.runtime.RetryableExceptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Enumeration;
import java.util.concurrent.atomic.AtomicInteger;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;

import static java.time.Duration.ofMillis;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Operators' overrides from system properties and ajretry.properties (src/test/resources), read when the overrides
 * are (re)loaded; each test uses methods no other test calls, since a method's policy is built once.
 */
class OverridesTest {

    private static final String PREFIX = "ajretry.dev.ajretry.woven.OverridesTest$";
    private final List<String> setProperties = new ArrayList<>();
    private RecordingSleeper sleeper;

    @BeforeEach
    void recordWaits() {
        sleeper = RecordingSleeper.installOnThisThread();
    }

    @AfterEach
    void restore() {
        setProperties.forEach(System::clearProperty);
        RetryEnvironment.reset();
        RetryableExceptions.clear();
        sleeper.close();
    }

    private void set(String key, String value) {
        System.setProperty(key, value);
        setProperties.add(key);
    }

    static class FromFile {
        final Script script;

        FromFile(Script script) {
            this.script = script;
        }

        @Retry(tries = 2, delay = 100)
        void fetch() throws Throwable {
            script.attempt();
        }
    }

    static class BothSources {
        final Script script;

        BothSources(Script script) {
            this.script = script;
        }

        @Retry(tries = 2)
        void fetch() throws Throwable {
            script.attempt();
        }
    }

    static class FromSystem {
        final Script script;

        FromSystem(Script script) {
            this.script = script;
        }

        @Retry(tries = 2, delay = 100)
        void methodKey() throws Throwable {
            script.attempt();
        }

        @Retry(tries = 2, delay = 100)
        void classKey() throws Throwable {
            script.attempt();
        }
    }

    static class Disabled {
        final Script script;

        Disabled(Script script) {
            this.script = script;
        }

        @Retry(tries = 5)
        void fetch() throws Throwable {
            script.attempt();
        }
    }

    static class GloballyDisabled {
        final Script script;

        GloballyDisabled(Script script) {
            this.script = script;
        }

        @Retry(tries = 5)
        void fetch() throws Throwable {
            script.attempt();
        }
    }

    static class Invalid {
        @Retry
        void notANumber() {
        }

        @Retry
        void invalidValue() {
        }

        @Retry
        void invalidAttemptTimeout() {
        }

        @Retry
        void invalidMatchCauses() {
        }
    }

    static class Classes {
        final Script script;

        Classes(Script script) {
            this.script = script;
        }

        @Retry(tries = 3, exceptions = IllegalStateException.class)
        void onlyIllegalState() throws Throwable {
            script.attempt();
        }

        @Retry(tries = 3, exceptions = IllegalStateException.class)
        void thirdParty() throws Throwable {
            script.attempt();
        }

        @Retry(tries = 3, exceptions = IllegalStateException.class, abortOn = SocketTimeoutException.class)
        void thirdPartyButAborted() throws Throwable {
            script.attempt();
        }
    }

    static class Commented {
        @Retry
        void trailingAfterWhitespace() {
        }

        @Retry
        void trailingWithoutWhitespace() {
        }

        @Retry
        void exceptionsWithComment() {
        }
    }

    static class Malformed {
        @Retry
        void first() {
        }

        @Retry
        void second() {
        }
    }

    /** The test class loader without the ajretry.properties of src/test/resources, as the parent of a test's own. */
    static final ClassLoader WITHOUT_TEST_FILE = new ClassLoader(OverridesTest.class.getClassLoader()) {
        @Override
        public URL getResource(String name) {
            return name.equals("ajretry.properties") ? null : super.getResource(name);
        }

        @Override
        public Enumeration<URL> getResources(String name) throws IOException {
            return name.equals("ajretry.properties") ? Collections.emptyEnumeration() : super.getResources(name);
        }
    };

    /** A class loader over one directory that counts how often ajretry.properties is looked up. */
    static final class CountingLoader extends URLClassLoader {
        final AtomicInteger lookups = new AtomicInteger();

        CountingLoader(Path root) throws IOException {
            super(new URL[] {root.toUri().toURL()}, WITHOUT_TEST_FILE);
        }

        @Override
        public URL getResource(String name) {
            if (name.equals("ajretry.properties")) {
                lookups.incrementAndGet();
            }
            return super.getResource(name);
        }

        @Override
        public Enumeration<URL> getResources(String name) throws IOException {
            if (name.equals("ajretry.properties")) {
                lookups.incrementAndGet();
            }
            return super.getResources(name);
        }
    }

    private static Script failures(int count) {
        Throwable[] failures = new Throwable[count];
        for (int i = 0; i < count; i++) {
            failures[i] = new IOException("failure " + (i + 1));
        }
        return Script.failing(failures);
    }

    @Test
    void ajretryPropertiesOnTheClassPathOverridesTheAnnotation() {
        RetryEnvironment.reset();
        FromFile target = new FromFile(failures(10));

        catchThrowable(target::fetch);

        assertThat(target.script.attempts()).isEqualTo(5);
        assertThat(sleeper.waits()).containsOnly(ofMillis(7)).hasSize(4);
    }

    @Test
    void systemPropertiesWinOverTheFile() {
        set(PREFIX + "BothSources.fetch.tries", "3");
        RetryEnvironment.reset();
        BothSources target = new BothSources(failures(10));

        catchThrowable(target::fetch);

        assertThat(target.script.attempts()).isEqualTo(3);
    }

    @Test
    void aMethodKeyWinsOverAClassKey() {
        set(PREFIX + "FromSystem.tries", "4");
        set(PREFIX + "FromSystem.methodKey.tries", "6");
        set(PREFIX + "FromSystem.delay", "1");
        RetryEnvironment.reset();

        FromSystem a = new FromSystem(failures(10));
        catchThrowable(a::methodKey);
        assertThat(a.script.attempts()).isEqualTo(6);

        FromSystem b = new FromSystem(failures(10));
        catchThrowable(b::classKey);
        assertThat(b.script.attempts()).isEqualTo(4);
        assertThat(sleeper.waits()).containsOnly(ofMillis(1));
    }

    @Test
    void retryingCanBeSwitchedOffForAClass() {
        set(PREFIX + "Disabled.enabled", "false");
        RetryEnvironment.reset();
        Disabled target = new Disabled(failures(3));

        catchThrowable(target::fetch);

        assertThat(target.script.attempts()).isEqualTo(1);
    }

    @Test
    void retryingCanBeSwitchedOffEverywhere() {
        set("ajretry.enabled", "false");
        RetryEnvironment.reset();
        GloballyDisabled target = new GloballyDisabled(failures(3));

        catchThrowable(target::fetch);

        assertThat(target.script.attempts()).isEqualTo(1);
    }

    @Test
    void invalidOverridesAreRejectedNamingTheProperty() {
        set(PREFIX + "Invalid.notANumber.tries", "zero");
        set(PREFIX + "Invalid.invalidValue.backoff", "0");
        RetryEnvironment.reset();
        Invalid target = new Invalid();

        assertThatThrownBy(target::notANumber).isInstanceOf(RetryConfigurationException.class)
                .hasMessageContaining("@Retry on dev.ajretry.woven.OverridesTest$Invalid.notANumber(): tries (from"
                        + " system property " + PREFIX + "Invalid.notANumber.tries) = 'zero' is not a valid value");
        assertThatThrownBy(target::invalidValue).isInstanceOf(RetryConfigurationException.class)
                .hasMessageContaining("backoff (from system property " + PREFIX
                        + "Invalid.invalidValue.backoff) = 0.0, must be > 0 and finite");
    }

    @Test
    void invalidAttemptTimeoutAndMatchCausesOverridesAreRejectedNamingTheProperty() {
        set(PREFIX + "Invalid.invalidAttemptTimeout.attemptTimeout", "0");
        set(PREFIX + "Invalid.invalidMatchCauses.matchCauses", "yes");
        RetryEnvironment.reset();
        Invalid target = new Invalid();

        assertThatThrownBy(target::invalidAttemptTimeout).isInstanceOf(RetryConfigurationException.class)
                .hasMessageContaining("attemptTimeout (from system property " + PREFIX
                        + "Invalid.invalidAttemptTimeout.attemptTimeout) = 0, must be -1 (none) or > 0");
        assertThatThrownBy(target::invalidMatchCauses).isInstanceOf(RetryConfigurationException.class)
                .hasMessageContaining("matchCauses (from system property " + PREFIX
                        + "Invalid.invalidMatchCauses.matchCauses) = 'yes'");
    }

    @Test
    void exceptionListsCanBeOverridden() throws Throwable {
        set(PREFIX + "Classes.onlyIllegalState.exceptions", "java.io.IOException");
        RetryEnvironment.reset();
        Classes target = new Classes(failures(2));

        target.onlyIllegalState();

        assertThat(target.script.attempts()).isEqualTo(3);
    }

    @Test
    void thirdPartyExceptionsCanBeMarkedRetryableEverywhereByProperty() throws Throwable {
        set("ajretry.retryable", "java.net.SocketTimeoutException");
        RetryEnvironment.reset();
        Classes target = new Classes(Script.failing(new SocketTimeoutException("slow")));

        target.thirdParty();

        assertThat(target.script.attempts()).isEqualTo(2);
        assertThat(RetryableExceptions.all()).contains(SocketTimeoutException.class);
    }

    @Test
    void thirdPartyExceptionsCanBeMarkedRetryableInCodeButAbortOnStillWins() {
        RetryableExceptions.register(SocketTimeoutException.class);
        SocketTimeoutException slow = new SocketTimeoutException("slow");
        Classes target = new Classes(Script.failing(slow));

        assertThat(catchThrowable(target::thirdPartyButAborted)).isSameAs(slow);
        assertThat(target.script.attempts()).isEqualTo(1);
    }

    @Test
    void anInlineCommentIsNamedAsTrailingTextNotAsAnInvalidValue() {
        set(PREFIX + "Commented.trailingAfterWhitespace.tries", "5   # one method");
        set(PREFIX + "Commented.trailingWithoutWhitespace.delay", "250#ms");
        set(PREFIX + "Commented.exceptionsWithComment.exceptions", "java.io.IOException\t!io");
        RetryEnvironment.reset();
        Commented target = new Commented();

        assertThatThrownBy(target::trailingAfterWhitespace).isInstanceOf(RetryConfigurationException.class)
                .hasMessageContaining("tries (from system property " + PREFIX
                        + "Commented.trailingAfterWhitespace.tries) = '5   # one method' has trailing text"
                        + " '# one method': .properties comments must start a line");
        assertThatThrownBy(target::trailingWithoutWhitespace).isInstanceOf(RetryConfigurationException.class)
                .hasMessageContaining("delay (from system property " + PREFIX
                        + "Commented.trailingWithoutWhitespace.delay) = '250#ms' has trailing text '#ms':"
                        + " .properties comments must start a line");
        assertThatThrownBy(target::exceptionsWithComment).isInstanceOf(RetryConfigurationException.class)
                .hasMessageContaining("has trailing text '!io': .properties comments must start a line");
    }

    @Test
    void aMalformedFileFailsEveryCallNamingItAndIsReadOnce(@TempDir Path root) throws Throwable {
        Files.writeString(root.resolve("ajretry.properties"), PREFIX + "Malformed.first.tries=\\u12\n");
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        try (CountingLoader loader = new CountingLoader(root)) {
            thread.setContextClassLoader(loader);
            try {
                RetryEnvironment.reset();
                Malformed target = new Malformed();
                List<Throwable> thrown = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    thrown.add(catchThrowable(target::first));
                    thrown.add(catchThrowable(target::second));
                }

                assertThat(thrown).allSatisfy(t -> assertThat(t).isInstanceOf(RetryConfigurationException.class)
                        .hasMessage(thrown.get(0).getMessage())
                        .hasMessageContaining("cannot read " + root.resolve("ajretry.properties").toUri().toURL()));
                assertThat(loader.lookups).hasValue(1);
            } finally {
                thread.setContextClassLoader(previous);
            }
        }
    }
}
