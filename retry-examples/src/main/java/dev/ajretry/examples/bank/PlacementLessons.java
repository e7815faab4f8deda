package dev.ajretry.examples.bank;

import dev.ajretry.AttemptRecord;
import dev.ajretry.RetryEvent;
import dev.ajretry.RetryListener;
import dev.ajretry.runtime.RetryListeners;
import org.springframework.context.support.GenericApplicationContext;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The two wrong placements of {@link WrongPlacements}, each run once against the real server with the conflict
 * forced, so that what goes wrong goes wrong on every run.
 */
public final class PlacementLessons {

    /**
     * {@code @Retry} beside {@code @Transactional}: what each failed attempt met, what the caller got, and whether
     * the transfer was applied.
     *
     * @param attempts each failed attempt's SQLState and exception, in order
     */
    public record BesideOutcome(List<String> attempts, Throwable thrown, boolean applied) {
    }

    /**
     * A deposit of {@link #AMOUNT} whose receipt jams once, retried around {@code @Transactional}: how many times
     * it was applied without and with {@code rollbackFor}.
     */
    public record DepositOutcome(long timesAppliedWithout, long timesAppliedWithRollbackFor) {
    }

    /** The amount of the lesson's deposits. */
    public static final long AMOUNT = 100;

    private PlacementLessons() {
    }

    /**
     * Transfer 1 (SERIALIZABLE, account 1 to 2) through {@link WrongPlacements.RetryBesideTransactional}, with account
     * 1 changed under it by transfer 2 as in {@link BankScenario}: the retry happens inside the aborted transaction.
     */
    public static BesideOutcome retryBesideTransactional(BankDatabase database) {
        database.reset(3, BankScenario.OPENING_BALANCE);
        List<String> attempts = new CopyOnWriteArrayList<>();
        RetryListener recorder = new RetryListener() {
            @Override
            public void onGiveUp(RetryEvent event) {
                if (event.method().getDeclaringClass() == WrongPlacements.RetryBesideTransactional.class) {
                    for (AttemptRecord attempt : event.history()) {
                        attempts.add(RetryTally.sqlState(attempt.failure()) + " "
                                + attempt.failure().getClass().getSimpleName());
                    }
                }
            }
        };
        try (GenericApplicationContext context = BankConfig.start(database.dataSource());
             RetryListeners.Registration ignored = RetryListeners.register(recorder)) {
            Transfers bank = context.getBean(Transfers.class);
            WrongPlacements.RetryBesideTransactional wrong =
                    context.getBean(WrongPlacements.RetryBesideTransactional.class);
            Transfer transfer = new Transfer(1, Transfer.Kind.SERIALIZABLE, 1, 2, 10);
            Transfer writer = new Transfer(2, Transfer.Kind.LOCKING, 1, 3, 20);
            context.getBean(Interleavings.class).plan(transfer.id(),
                    () -> CompletableFuture.runAsync(() -> bank.transfer(writer)).join());
            Throwable thrown = null;
            try {
                wrong.transferSerializable(transfer);
            } catch (RuntimeException e) {
                thrown = e;
            }
            return new BesideOutcome(List.copyOf(attempts), thrown,
                    database.recordedTransfers().contains(transfer.id()));
        }
    }

    /** One deposit through each of {@link WrongPlacements.Cashier}'s methods, each on its own fresh account. */
    public static DepositOutcome retriedCheckedException(BankDatabase database) throws IOException {
        database.reset(2, BankScenario.OPENING_BALANCE);
        try (GenericApplicationContext context = BankConfig.start(database.dataSource())) {
            WrongPlacements.Cashier cashier = context.getBean(WrongPlacements.Cashier.class);
            cashier.deposit(1, AMOUNT);
            cashier.depositRollingBack(2, AMOUNT);
        }
        return new DepositOutcome(timesApplied(database, 1), timesApplied(database, 2));
    }

    private static long timesApplied(BankDatabase database, int account) {
        return (database.balances().get(account) - BankScenario.OPENING_BALANCE) / AMOUNT;
    }
}
