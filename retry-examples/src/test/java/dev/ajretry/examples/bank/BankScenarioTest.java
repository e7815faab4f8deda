package dev.ajretry.examples.bank;

import org.junit.jupiter.api.Test;
import org.springframework.dao.CannotAcquireLockException;
import org.springframework.dao.PessimisticLockingFailureException;

import java.util.List;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bank example against a real PostgreSQL (embedded unless {@value BankDatabase#URL_PROPERTY} names one): every
 * transfer applied exactly once, through serialization failures and deadlocks that were really met and retried.
 */
class BankScenarioTest {

    private final BankDatabase database = SharedDatabase.get();

    @Test
    void theForcedConflictsAreEachRetriedOnceInANewTransaction() throws Exception {
        BankScenario.Result result = BankScenario.run(database, 5, 4, 1, BankApp.SEED);

        assertThat(result.failures()).isEmpty();
        assertThat(result.recorded()).containsExactly(1L, 2L, 3L, 4L);
        assertThat(result.balances()).isEqualTo(result.expected());
        // Transfer 1 read account 1 before transfer 2 changed it; transfers 3 and 4 locked accounts 4 and 5 in
        // opposite orders. One retry each, and each retry went through.
        assertThat(result.tally().retriesBySqlState()).containsOnlyKeys("40001", "40P01");
        assertThat(result.tally().retries("40001")).isEqualTo(1);
        assertThat(result.tally().retries("40P01")).isEqualTo(1);
        assertThat(result.tally().giveUps()).isZero();
    }

    @Test
    void manyConcurrentTransfersAreEachAppliedExactlyOnce() throws Exception {
        int transfers = 400;
        BankScenario.Result result = BankScenario.run(database, 8, transfers, 8, BankApp.SEED);

        assertThat(result.failures()).isEmpty();
        List<Long> everyId = LongStream.rangeClosed(1, transfers).boxed().toList();
        assertThat(result.recorded()).isEqualTo(everyId);
        assertThat(result.balances()).isEqualTo(result.expected());
        assertThat(result.total(result.balances())).isEqualTo(8 * BankScenario.OPENING_BALANCE);

        RetryTally tally = result.tally();
        assertThat(tally.retries("40001")).isPositive();
        assertThat(tally.retries("40P01")).isPositive();
        assertThat(tally.giveUps()).isZero();
        // What Spring 6.2 throws for each: both ConcurrencyFailureExceptions, the class @Retry lists. (Never the
        // deprecated DeadlockLoserDataAccessException.)
        assertThat(tally.exceptionsBySqlState().get("40001")).containsExactly(CannotAcquireLockException.class.getName());
        assertThat(tally.exceptionsBySqlState().get("40P01"))
                .containsExactly(PessimisticLockingFailureException.class.getName());
    }
}
