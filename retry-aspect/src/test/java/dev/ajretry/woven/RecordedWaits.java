package dev.ajretry.woven;

import dev.ajretry.runtime.RecordingSleeper;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.time.Duration;
import java.util.List;

/**
 * A recording sleeper on the test's thread for each test, removed after it: what retry-junit's {@code @RecordRetries}
 * does for users (this module's tests cannot use that module, which depends on this one).
 * <pre>{@code @RegisterExtension final RecordedWaits sleeper = new RecordedWaits();}</pre>
 */
final class RecordedWaits implements BeforeEachCallback, AfterEachCallback {

    private RecordingSleeper sleeper;

    @Override
    public void beforeEach(ExtensionContext context) {
        sleeper = RecordingSleeper.installOnThisThread();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        close();
    }

    /** Uninstalls the recorder now, for a test that runs the rest in real time; again after the test does nothing. */
    void close() {
        if (sleeper != null) {
            sleeper.close();
            sleeper = null;
        }
    }

    /** The waits recorded so far in this test. */
    List<Duration> waits() {
        return sleeper.waits();
    }

    /** Moves the virtual clock, as if an attempt took {@code time}. */
    void advance(Duration time) {
        sleeper.advance(time);
    }
}
