package dev.ajretry.examples.bank;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * One PostgreSQL for every test class of the test JVM: starting a server takes seconds, and each scenario creates
 * its tables anew. Closed when the JVM exits.
 */
final class SharedDatabase {

    private static BankDatabase database;

    private SharedDatabase() {
    }

    static synchronized BankDatabase get() {
        if (database == null) {
            try {
                database = BankDatabase.open(10);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            BankDatabase opened = database;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    opened.close();
                } catch (IOException ignored) {
                    // The JVM is exiting; the embedded server's directory is a temporary one.
                }
            }, "bank-database-close"));
        }
        return database;
    }
}
