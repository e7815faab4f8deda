package dev.ajretry.benchmarks;

/**
 * The SLF4J provider of each benchmark's JVM, named explicitly (both slf4j-nop and logback are on the class path).
 * Most benchmarks run with every level off; {@link FailTwiceLogbackBenchmark} with logback at INFO.
 */
final class Logging {

    /** Every level off: no library builds a log line. */
    static final String NOP = "-Dslf4j.provider=org.slf4j.nop.NOPServiceProvider";
    /** Logback, configured at INFO by {@code logback-info.xml}: WARN is on, as in most applications. */
    static final String LOGBACK = "-Dslf4j.provider=ch.qos.logback.classic.spi.LogbackServiceProvider";
    static final String LOGBACK_AT_INFO = "-Dlogback.configurationFile=logback-info.xml";
    /** SLF4J says which provider the property chose, on every fork, at INFO: only its warnings are wanted. */
    static final String QUIET = "-Dslf4j.internal.verbosity=WARN";

    private Logging() {
    }
}
