package dev.ajretry.examples.bank;

import dev.ajretry.RandomJitter;
import dev.ajretry.Retry;
import org.springframework.dao.ConcurrencyFailureException;

/**
 * Where {@code @Retry} belongs with Spring's proxy-based {@code @Transactional}: on the caller of the transactional
 * bean. Each attempt calls through the {@link Ledger}'s proxy, so each attempt is a new transaction; the one that
 * PostgreSQL aborted has been rolled back before the next begins.
 *
 * <p>Which exceptions: Spring 6.2 and 7 translate SQLState 40001 into {@code CannotAcquireLockException} and 40P01
 * into {@code PessimisticLockingFailureException}, both {@link ConcurrencyFailureException}s.
 * ({@code DeadlockLoserDataAccessException} is deprecated and no longer thrown.) Full jitter keeps the losers of a
 * conflict from meeting again at the same instant.
 */
public class Transfers {

    private final Ledger ledger;

    public Transfers(Ledger ledger) {
        this.ledger = ledger;
    }

    @Retry(tries = 30, delay = 5, backoff = 2, maxDelay = 200, randomJitter = RandomJitter.FULL,
            exceptions = ConcurrencyFailureException.class)
    public void transfer(Transfer transfer) {
        switch (transfer.kind()) {
            case SERIALIZABLE -> ledger.transferSerializable(transfer);
            case LOCKING -> ledger.transferLocking(transfer);
        }
    }
}
