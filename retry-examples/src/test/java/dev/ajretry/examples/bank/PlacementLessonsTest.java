package dev.ajretry.examples.bank;

import org.junit.jupiter.api.Test;
import org.springframework.jdbc.UncategorizedSQLException;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.TransactionSystemException;

import static org.assertj.core.api.Assertions.assertThat;

/** The wrong placements of {@code @Retry} around Spring's {@code @Transactional}, against a real PostgreSQL. */
class PlacementLessonsTest {

    private final BankDatabase database = SharedDatabase.get();

    @Test
    void retryBesideTransactionalRetriesInsideTheAbortedTransactionAndLosesTheTransfer() {
        PlacementLessons.BesideOutcome outcome = PlacementLessons.retryBesideTransactional(database);

        // The 40001 was retried, but in the same transaction: the retry's first statement met 25P02, which is no
        // ConcurrencyFailureException, and the series ended there.
        assertThat(outcome.attempts())
                .containsExactly("40001 CannotAcquireLockException", "25P02 UncategorizedSQLException");
        assertThat(outcome.thrown()).isInstanceOf(UncategorizedSQLException.class);
        assertThat(RetryTally.sqlState(outcome.thrown())).isEqualTo("25P02");
        assertThat(outcome.applied()).isFalse();
    }

    @Test
    void aRetriedCheckedExceptionDoublesTheUpdateUnlessTheTransactionRollsBackForIt() throws Exception {
        PlacementLessons.DepositOutcome outcome = PlacementLessons.retriedCheckedException(database);

        assertThat(outcome.timesAppliedWithout()).isEqualTo(2);
        assertThat(outcome.timesAppliedWithRollbackFor()).isEqualTo(1);
    }

    @Test
    void aSerializationFailureAtCommitIsRetriedWithJdbcTransactionManager() {
        CommitTimeLesson.Outcome outcome = CommitTimeLesson.run(database, JdbcTransactionManager::new);

        assertThat(outcome.thrown()).isNull();
        assertThat(outcome.attempts()).isEqualTo(2);
        assertThat(outcome.applied()).isTrue();
    }

    @Test
    void aSerializationFailureAtCommitIsNotRetriedWithDataSourceTransactionManager() {
        CommitTimeLesson.Outcome outcome = CommitTimeLesson.run(database, DataSourceTransactionManager::new);

        // The commit's 40001 arrives as a TransactionSystemException, which is no ConcurrencyFailureException.
        assertThat(outcome.thrown()).isInstanceOf(TransactionSystemException.class);
        assertThat(RetryTally.sqlState(outcome.thrown())).isEqualTo("40001");
        assertThat(outcome.attempts()).isEqualTo(1);
        assertThat(outcome.applied()).isFalse();
    }
}
