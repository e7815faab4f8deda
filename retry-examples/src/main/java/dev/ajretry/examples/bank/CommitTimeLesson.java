package dev.ajretry.examples.bank;

import dev.ajretry.Retry;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A serialization failure raised by the commit, not by a statement, and what each transaction manager makes of it.
 * Two withdrawals from a customer's two accounts, each allowed only if the two balances together cover it (the
 * textbook write skew): neither writes a row the other writes, so PostgreSQL can only tell at the second commit
 * that they cannot both stand, and fails that commit with 40001. {@link JdbcTransactionManager} translates it into a
 * {@code CannotAcquireLockException} and {@code @Retry} retries it; {@link DataSourceTransactionManager} throws a
 * {@code TransactionSystemException}, which is no {@link ConcurrencyFailureException}, and the withdrawal is lost.
 */
public final class CommitTimeLesson {

    /**
     * What happened to the withdrawal from account 1.
     *
     * @param attempts how many times the retried method ran
     * @param thrown   what its caller got; null if it succeeded
     * @param applied  whether account 1 was debited (the other withdrawal, from account 2, always is)
     */
    public record Outcome(String manager, int attempts, Throwable thrown, boolean applied) {
    }

    /**
     * The amount of each withdrawal. Both fit here, but PostgreSQL judges the order of reads and writes, not the
     * values: the second commit fails all the same, and its retry, reading the new balances, decides again.
     */
    static final long AMOUNT = 50;

    private CommitTimeLesson() {
    }

    /** Runs the withdrawal from account 1 with a transaction manager made by {@code manager}. */
    public static Outcome run(BankDatabase database, Function<DataSource, DataSourceTransactionManager> manager) {
        database.reset(2, BankScenario.OPENING_BALANCE / 10);
        DataSource dataSource = database.dataSource();
        DataSourceTransactionManager transactionManager = manager.apply(dataSource);
        TransactionTemplate serializable = new TransactionTemplate(transactionManager);
        serializable.setIsolationLevel(TransactionDefinition.ISOLATION_SERIALIZABLE);
        Withdrawals withdrawals = new Withdrawals(serializable, new JdbcTemplate(dataSource));
        Throwable thrown = null;
        try (Connection other = dataSource.getConnection()) {
            other.setAutoCommit(false);
            other.setTransactionIsolation(Connection.TRANSACTION_SERIALIZABLE);
            withdrawals.firstAttemptConflict = new OtherWithdrawal(other);
            withdrawals.withdraw(1, AMOUNT);
        } catch (RuntimeException | SQLException e) {
            thrown = e;
        }
        long balance = database.balances().get(1);
        return new Outcome(transactionManager.getClass().getSimpleName(), withdrawals.attempts.get(), thrown,
                balance != BankScenario.OPENING_BALANCE / 10);
    }

    /** Withdrawals that keep the customer's two accounts together at or above zero. */
    static final class Withdrawals {
        private final TransactionTemplate transactions;
        private final JdbcTemplate jdbc;
        final AtomicInteger attempts = new AtomicInteger();
        OtherWithdrawal firstAttemptConflict;

        Withdrawals(TransactionTemplate transactions, JdbcTemplate jdbc) {
            this.transactions = transactions;
            this.jdbc = jdbc;
        }

        /** Each attempt a new transaction, as {@link Transfers} does it, here with a {@link TransactionTemplate}. */
        @Retry(tries = 3, delay = 5, exceptions = ConcurrencyFailureException.class)
        void withdraw(int account, long amount) {
            attempts.incrementAndGet();
            OtherWithdrawal other = firstAttemptConflict;
            firstAttemptConflict = null;
            transactions.executeWithoutResult(status -> {
                long together = balance(1) + balance(2);
                if (other != null) {
                    other.readAndWithdrawFromAccount2();
                }
                if (together < amount) {
                    throw new IllegalStateException("not enough: " + together);
                }
                jdbc.update("UPDATE accounts SET balance = balance - ? WHERE id = ?", amount, account);
                if (other != null) {
                    other.commit();
                }
            });
        }

        private long balance(int account) {
            Long balance = jdbc.queryForObject("SELECT balance FROM accounts WHERE id = ?", Long.class, account);
            return balance == null ? 0 : balance;
        }
    }

    /** The concurrent withdrawal from account 2, in plain JDBC on its own connection, committed first. */
    static final class OtherWithdrawal {
        private final Connection connection;

        OtherWithdrawal(Connection connection) {
            this.connection = connection;
        }

        void readAndWithdrawFromAccount2() {
            try (Statement statement = connection.createStatement()) {
                statement.executeQuery("SELECT balance FROM accounts WHERE id = 1").close();
                statement.executeQuery("SELECT balance FROM accounts WHERE id = 2").close();
                statement.executeUpdate("UPDATE accounts SET balance = balance - " + AMOUNT + " WHERE id = 2");
            } catch (SQLException e) {
                throw new IllegalStateException("the other withdrawal failed", e);
            }
        }

        void commit() {
            try {
                connection.commit();
            } catch (SQLException e) {
                throw new IllegalStateException("the other withdrawal failed to commit", e);
            }
        }
    }
}
