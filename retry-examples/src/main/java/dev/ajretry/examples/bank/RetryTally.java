package dev.ajretry.examples.bank;

import dev.ajretry.RetryEvent;
import dev.ajretry.RetryListener;

import java.sql.SQLException;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts, for the {@code @Retry} methods of one class, the retried failures by PostgreSQL SQLState, the Spring
 * exception each SQLState arrived as, and the series that gave up. Told by ajretry itself, as a
 * {@link RetryListener}. Thread-safe.
 */
public final class RetryTally implements RetryListener {

    private final Class<?> declaringClass;
    private final Map<String, AtomicInteger> retriesBySqlState = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> exceptionsBySqlState = new ConcurrentHashMap<>();
    private final AtomicLong giveUps = new AtomicLong();
    private final AtomicLong retriesAtCommit = new AtomicLong();
    private final Set<String> giveUpFailures = new ConcurrentSkipListSet<>();

    /** Counts the events of the {@code @Retry} methods declared by {@code declaringClass}. */
    public RetryTally(Class<?> declaringClass) {
        this.declaringClass = declaringClass;
    }

    @Override
    public void onRetry(RetryEvent event) {
        if (event.method().getDeclaringClass() != declaringClass) {
            return;
        }
        String sqlState = sqlState(event.failure());
        retriesBySqlState.computeIfAbsent(sqlState, s -> new AtomicInteger()).incrementAndGet();
        exceptionsBySqlState.computeIfAbsent(sqlState, s -> new ConcurrentSkipListSet<>())
                .add(event.failure().getClass().getName());
        // JdbcTransactionManager names the task in the message of a failure it translates.
        if (String.valueOf(event.failure().getMessage()).startsWith("JDBC commit")) {
            retriesAtCommit.incrementAndGet();
        }
    }

    @Override
    public void onGiveUp(RetryEvent event) {
        if (event.method().getDeclaringClass() == declaringClass) {
            giveUps.incrementAndGet();
            giveUpFailures.add(sqlState(event.failure()) + " " + event.failure().getClass().getName());
        }
    }

    /** How many failures with {@code sqlState} were retried. */
    public int retries(String sqlState) {
        AtomicInteger count = retriesBySqlState.get(sqlState);
        return count == null ? 0 : count.get();
    }

    /** Retried failures by SQLState ("none" for a failure with no SQLException among its causes), sorted. */
    public Map<String, Integer> retriesBySqlState() {
        Map<String, Integer> copy = new TreeMap<>();
        retriesBySqlState.forEach((state, count) -> copy.put(state, count.get()));
        return copy;
    }

    /** The exception classes each SQLState arrived as, sorted. */
    public Map<String, Set<String>> exceptionsBySqlState() {
        return new TreeMap<>(exceptionsBySqlState);
    }

    /** How many of the retried failures were raised by the commit, not by a statement. */
    public long retriesAtCommit() {
        return retriesAtCommit.get();
    }

    /** How many series gave up. */
    public long giveUps() {
        return giveUps.get();
    }

    /** The SQLState and exception class of each distinct give-up failure. */
    public Set<String> giveUpFailures() {
        return Set.copyOf(giveUpFailures);
    }

    /** The SQLState of the first {@link SQLException} among {@code failure} and its causes; "none" if there is none. */
    public static String sqlState(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                return sql.getSQLState();
            }
        }
        return "none";
    }
}
