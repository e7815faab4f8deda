package dev.ajretry.examples.bank;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.annotation.Isolation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The transactional side: each method is one database transaction, started and ended by Spring's proxy around this
 * bean. No {@code @Retry} here: a retry must start a new transaction, so it belongs to the caller
 * ({@link Transfers}).
 */
public class Ledger {

    private final JdbcTemplate jdbc;
    private final Interleavings interleavings;

    public Ledger(JdbcTemplate jdbc, Interleavings interleavings) {
        this.jdbc = jdbc;
        this.interleavings = interleavings;
    }

    /** Reads both balances, then writes the new values: correct only because SERIALIZABLE rejects a lost update. */
    @Transactional(isolation = Isolation.SERIALIZABLE)
    public void transferSerializable(Transfer transfer) {
        long from = balance(transfer.from());
        long to = balance(transfer.to());
        interleavings.reached(transfer.id());
        jdbc.update("UPDATE accounts SET balance = ? WHERE id = ?", from - transfer.amount(), transfer.from());
        jdbc.update("UPDATE accounts SET balance = ? WHERE id = ?", to + transfer.amount(), transfer.to());
        record(transfer);
    }

    /** Locks {@code from}'s row, then {@code to}'s: the order that lets two opposite transfers deadlock. */
    @Transactional
    public void transferLocking(Transfer transfer) {
        jdbc.update("UPDATE accounts SET balance = balance - ? WHERE id = ?", transfer.amount(), transfer.from());
        interleavings.reached(transfer.id());
        jdbc.update("UPDATE accounts SET balance = balance + ? WHERE id = ?", transfer.amount(), transfer.to());
        record(transfer);
    }

    long balance(int account) {
        Long balance = jdbc.queryForObject("SELECT balance FROM accounts WHERE id = ?", Long.class, account);
        if (balance == null) {
            throw new IllegalStateException("no account " + account);
        }
        return balance;
    }

    /** The transfer's row: its primary key makes a second application fail instead of passing unseen. */
    void record(Transfer transfer) {
        jdbc.update("INSERT INTO transfers (id, kind, from_id, to_id, amount) VALUES (?, ?, ?, ?, ?)", transfer.id(),
                transfer.kind().name(), transfer.from(), transfer.to(), transfer.amount());
    }
}
