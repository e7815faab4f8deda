package dev.ajretry.examples.bank;

import dev.ajretry.Retry;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.annotation.Isolation;
import org.springframework.transaction.annotation.Transactional;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;

/** Two ways to combine {@code @Retry} with Spring's {@code @Transactional} that go wrong, for the lessons. */
public final class WrongPlacements {

    private WrongPlacements() {
    }

    /**
     * Wrong: {@code @Retry} beside the proxy's {@code @Transactional} on the same method. The proxy opens the
     * transaction outside the woven method, so every attempt runs in the one transaction PostgreSQL has already
     * aborted: the second attempt's first statement fails with SQLState 25P02 (current transaction is aborted).
     */
    public static class RetryBesideTransactional extends Ledger {

        public RetryBesideTransactional(JdbcTemplate jdbc, Interleavings interleavings) {
            super(jdbc, interleavings);
        }

        // Wrong on purpose, for the lesson: without the suppression, ajretry's compile-time check warns about
        // exactly this, saying where @Retry belongs.
        @SuppressWarnings("ajretry.transactional")
        @Override
        @Retry(tries = 5, delay = 5, exceptions = ConcurrencyFailureException.class)
        @Transactional(isolation = Isolation.SERIALIZABLE)
        public void transferSerializable(Transfer transfer) {
            super.transferSerializable(transfer);
        }
    }

    /** A receipt printer that jams on every other receipt: a checked exception after the update was made. */
    public static class ReceiptPrinter {
        private final AtomicInteger receipts = new AtomicInteger();

        public void print(int account, long amount) throws IOException {
            if (receipts.incrementAndGet() % 2 == 1) {
                throw new IOException("printer jammed on the receipt for " + amount + " to account " + account);
            }
        }
    }

    /** The transactional deposits, with and without {@code rollbackFor}. */
    public static class Deposits {
        private final JdbcTemplate jdbc;
        private final ReceiptPrinter printer;

        public Deposits(JdbcTemplate jdbc, ReceiptPrinter printer) {
            this.jdbc = jdbc;
            this.printer = printer;
        }

        /** Wrong when retried: Spring commits on a checked exception, so the jammed receipt keeps the update. */
        @Transactional
        public void deposit(int account, long amount) throws IOException {
            jdbc.update("UPDATE accounts SET balance = balance + ? WHERE id = ?", amount, account);
            printer.print(account, amount);
        }

        /** Right: any exception rolls the update back before the retry makes it again. */
        @Transactional(rollbackFor = Exception.class)
        public void depositRollingBack(int account, long amount) throws IOException {
            jdbc.update("UPDATE accounts SET balance = balance + ? WHERE id = ?", amount, account);
            printer.print(account, amount);
        }
    }

    /** {@code @Retry} in the right place (the caller), retrying the printer's {@link IOException}. */
    public static class Cashier {
        private final Deposits deposits;

        public Cashier(Deposits deposits) {
            this.deposits = deposits;
        }

        @Retry(tries = 3, delay = 5, exceptions = IOException.class)
        public void deposit(int account, long amount) throws IOException {
            deposits.deposit(account, amount);
        }

        @Retry(tries = 3, delay = 5, exceptions = IOException.class)
        public void depositRollingBack(int account, long amount) throws IOException {
            deposits.depositRollingBack(account, amount);
        }
    }
}
