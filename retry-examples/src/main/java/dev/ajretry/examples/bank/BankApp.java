package dev.ajretry.examples.bank;

import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.support.JdbcTransactionManager;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Transfers between accounts under real PostgreSQL serialization failures and deadlocks, retried by {@code @Retry}
 * on the caller of Spring's {@code @Transactional} bean; then the two placements that lose or double updates, and
 * a serialization failure raised by the commit, which only {@code JdbcTransactionManager} lets {@code @Retry} see.
 * Prints what was met and retried, and checks that every transfer was applied exactly once. Exits 0 when it was and
 * each lesson went as described, 1 otherwise.
 *
 * <pre>mvn -q -pl retry-examples -am -DskipTests package exec:java -Dexec.mainClass=dev.ajretry.examples.bank.BankApp</pre>
 *
 * Arguments (all optional): transfers (default 2000), threads (8), accounts (8). A server of your own instead of the
 * embedded one: {@code -Dbank.jdbc.url=jdbc:postgresql://localhost/bank} (see {@link BankDatabase}).
 */
public final class BankApp {

    /** The seed of the random load: the same plan of transfers on every run. */
    public static final long SEED = 20261201L;

    private static final Map<String, String> MEANING = Map.of(
            "40001", "serialization failure", "40P01", "deadlock detected", "25P02", "transaction is aborted");

    private BankApp() {
    }

    public static void main(String[] args) throws Exception {
        int transfers = args.length > 0 ? Integer.parseInt(args[0]) : 2_000;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        int accounts = args.length > 2 ? Integer.parseInt(args[2]) : 8;
        boolean allGood;
        try (BankDatabase database = BankDatabase.open(threads + 2)) {
            System.out.println("PostgreSQL: " + database.description());
            allGood = transfers(database, transfers, threads, accounts);
            allGood &= retryBesideTransactional(database);
            allGood &= retriedCheckedException(database);
            allGood &= failureAtCommit(database);
        }
        System.out.println();
        System.out.println(allGood ? "Every transfer applied exactly once; each lesson as described."
                : "Something did not go as described.");
        System.exit(allGood ? 0 : 1);
    }

    private static boolean transfers(BankDatabase database, int transfers, int threads, int accounts)
            throws Exception {
        BankScenario.Result result = BankScenario.run(database, accounts, transfers, threads, SEED);
        RetryTally tally = result.tally();
        System.out.println();
        System.out.printf("Right: @Retry on Transfers.transfer, the caller of the @Transactional Ledger%n");
        System.out.printf("  %d transfers on %d threads between %d accounts in %d ms%n", result.planned().size(),
                threads, accounts, result.millis());
        System.out.println("  retried, each time in a new transaction:");
        Map<String, Set<String>> exceptions = tally.exceptionsBySqlState();
        tally.retriesBySqlState().forEach((state, count) -> System.out.printf("    %-6s %-22s %6d  as %s%n", state,
                MEANING.getOrDefault(state, ""), count, String.join(", ", exceptions.get(state))));
        System.out.printf("    (%d of them raised by the commit, not by a statement)%n", tally.retriesAtCommit());
        System.out.printf("  gave up: %d%s; callers got %d failures%n", tally.giveUps(),
                tally.giveUps() == 0 ? "" : " " + tally.giveUpFailures(), result.failures().size());
        result.failures().stream().limit(3).forEach(f -> System.out.println("    " + f));
        System.out.printf("  recorded %d of %d transfers; total %d, planned %d; every balance %s%n",
                result.recorded().size(), result.planned().size(), result.total(result.balances()),
                result.total(result.expected()), result.balances().equals(result.expected()) ? "as planned"
                        : "NOT as planned: " + result.balances() + " instead of " + result.expected());
        boolean ok = result.exactlyOnce() && tally.retries("40001") > 0 && tally.retries("40P01") > 0;
        System.out.println("  => " + (ok ? "exactly once, after real 40001 and 40P01 failures" : "NOT AS DESIGNED"));
        return ok;
    }

    private static boolean retryBesideTransactional(BankDatabase database) {
        System.out.println();
        System.out.println("Wrong: @Retry beside the proxy's @Transactional on the same method");
        PlacementLessons.BesideOutcome outcome = PlacementLessons.retryBesideTransactional(database);
        for (int i = 0; i < outcome.attempts().size(); i++) {
            String attempt = outcome.attempts().get(i);
            System.out.printf("  attempt %d failed: %-48s %s%n", i + 1, attempt,
                    MEANING.getOrDefault(attempt.substring(0, 5), ""));
        }
        System.out.println("  the caller got: " + (outcome.thrown() == null ? "nothing"
                : outcome.thrown().getClass().getSimpleName() + " (SQLState "
                + RetryTally.sqlState(outcome.thrown()) + ")"));
        System.out.println("  => the transfer was " + (outcome.applied() ? "applied" : "NOT applied: the retry ran"
                + " inside the transaction the first failure had aborted"));
        return !outcome.applied() && outcome.attempts().size() >= 2
                && outcome.attempts().get(1).startsWith("25P02");
    }

    private static boolean failureAtCommit(BankDatabase database) {
        System.out.println();
        System.out.println("A serialization failure raised by the commit (write skew), retried by @Retry");
        CommitTimeLesson.Outcome right = CommitTimeLesson.run(database, JdbcTransactionManager::new);
        CommitTimeLesson.Outcome wrong = CommitTimeLesson.run(database, DataSourceTransactionManager::new);
        for (CommitTimeLesson.Outcome outcome : List.of(right, wrong)) {
            System.out.printf("  %-30s attempts %d, the caller got %s; withdrawal %s%n", outcome.manager() + ":",
                    outcome.attempts(), outcome.thrown() == null ? "nothing" : outcome.thrown().getClass()
                            .getSimpleName() + " (SQLState " + RetryTally.sqlState(outcome.thrown()) + ")",
                    outcome.applied() ? "applied" : "NOT applied");
        }
        return right.applied() && right.attempts() == 2 && !wrong.applied()
                && "40001".equals(RetryTally.sqlState(wrong.thrown()));
    }

    private static boolean retriedCheckedException(BankDatabase database) throws Exception {
        System.out.println();
        System.out.println("Wrong: a checked exception retried around @Transactional without rollbackFor");
        PlacementLessons.DepositOutcome outcome = PlacementLessons.retriedCheckedException(database);
        System.out.printf("  a deposit of %d whose receipt printer jammed once, retried: applied %d times%n",
                PlacementLessons.AMOUNT, outcome.timesAppliedWithout());
        System.out.printf("  the same with @Transactional(rollbackFor = Exception.class): applied %d time%s%n",
                outcome.timesAppliedWithRollbackFor(), outcome.timesAppliedWithRollbackFor() == 1 ? "" : "s");
        return outcome.timesAppliedWithout() == 2 && outcome.timesAppliedWithRollbackFor() == 1;
    }
}
