package dev.ajretry.testing;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The lines a logger writes during each test, kept in a list instead of printed: a test that expects a WARN or an
 * ERROR line (a stack trace too) asserts it, and the build's output stays what a developer needs. While capturing, the
 * logger is set to the level asked for and does not pass its lines on to the root's appenders; afterwards its
 * level, its additivity and its appenders are as they were.
 * <pre>{@code
 * @RegisterExtension final CapturedLog log = CapturedLog.of(Service.class).at(Level.DEBUG);
 * ...
 * assertThat(log.lines()).containsExactly("DEBUG ...", "WARN ...");
 * }</pre>
 * Within one test only: {@code try (CapturedLog log = CapturedLog.of(Nesting.class).at(Level.WARN).start()) {...}}.
 * The level matters beyond the log: the engine keeps a call's history only when its WARN line would be written.
 */
public final class CapturedLog implements BeforeEachCallback, AfterEachCallback, AutoCloseable {

    private final Logger logger;
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private Level level = Level.DEBUG;
    private Level levelBefore;
    private boolean additiveBefore;
    private boolean started;

    private CapturedLog(String name) {
        this.logger = (Logger) LoggerFactory.getLogger(name);
    }

    /** The log of {@code type}'s logger (a woven class's lines go to its own logger). */
    public static CapturedLog of(Class<?> type) {
        return new CapturedLog(type.getName());
    }

    /** The log of the logger {@code name} and of those below it ({@code "dev.ajretry"}: ajretry's own). */
    public static CapturedLog of(String name) {
        return new CapturedLog(name);
    }

    /** The level the logger is set to while capturing; DEBUG unless said. */
    public CapturedLog at(Level level) {
        this.level = level;
        if (started) {
            logger.setLevel(level);
        }
        return this;
    }

    /** Starts capturing (the extension does it before each test). */
    public CapturedLog start() {
        levelBefore = logger.getLevel();
        additiveBefore = logger.isAdditive();
        appender.list.clear();
        appender.start();
        logger.addAppender(appender);
        logger.setLevel(level);
        logger.setAdditive(false);
        started = true;
        return this;
    }

    /** Stops capturing and restores the logger (the extension does it after each test). The lines stay readable. */
    @Override
    public void close() {
        if (!started) {
            return;
        }
        started = false;
        logger.detachAppender(appender);
        logger.setLevel(levelBefore);
        logger.setAdditive(additiveBefore);
        appender.stop();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        start();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        close();
    }

    /** The events so far, oldest first: a copy, lines from other threads may still come. */
    public List<ILoggingEvent> events() {
        synchronized (appender) {
            return List.copyOf(appender.list);
        }
    }

    /** The lines so far as {@code "LEVEL message"}, oldest first. */
    public List<String> lines() {
        return events().stream().map(e -> e.getLevel() + " " + e.getFormattedMessage()).collect(Collectors.toList());
    }

    /** The messages so far, without their level. */
    public List<String> messages() {
        return events().stream().map(ILoggingEvent::getFormattedMessage).collect(Collectors.toList());
    }

    /** The lines so far ({@link #lines()}), forgotten: the next call starts from none. */
    public List<String> linesThenClear() {
        synchronized (appender) {
            List<String> lines = lines();
            appender.list.clear();
            return lines;
        }
    }

    /** Forgets the lines so far. */
    public void clear() {
        synchronized (appender) {
            appender.list.clear();
        }
    }
}
