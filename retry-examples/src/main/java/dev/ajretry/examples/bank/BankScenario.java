package dev.ajretry.examples.bank;

import dev.ajretry.runtime.RetryListeners;
import org.springframework.context.support.GenericApplicationContext;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Many concurrent transfers through {@link Transfers}, against a real PostgreSQL. First two conflicts forced at a
 * known point, so that each kind of failure is met on every run: a transfer's balances changed under its
 * SERIALIZABLE transaction (40001), and two transfers locking the same two rows in opposite orders (40P01). Then a
 * seeded random load on a pool of threads, where more of both happen by themselves. Every transfer must end up
 * applied exactly once.
 */
public final class BankScenario {

    /** What every account holds at the start. */
    public static final long OPENING_BALANCE = 1_000;

    /** How long a forced interleaving waits for its other half before going on without it (a safety net only). */
    private static final long INTERLEAVING_PATIENCE_SECONDS = 30;

    /**
     * The outcome of a run.
     *
     * @param planned  every transfer the run made, forced ones first
     * @param recorded the ids in the {@code transfers} table
     * @param expected each account's balance if every planned transfer was applied once
     * @param balances each account's balance in the database
     * @param failures what the callers got: nothing, if every transfer succeeded
     */
    public record Result(List<Transfer> planned, List<Long> recorded, Map<Integer, Long> expected,
                         Map<Integer, Long> balances, List<Throwable> failures, RetryTally tally, long millis,
                         int threads) {

        /** Every planned transfer recorded once, none failed, and the balances those transfers make. */
        public boolean exactlyOnce() {
            return failures.isEmpty() && recorded.equals(planned.stream().map(Transfer::id).sorted().toList())
                    && balances.equals(expected);
        }

        public long total(Map<Integer, Long> byAccount) {
            return byAccount.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private BankScenario() {
    }

    /** {@code transfers} transfers (at least 4, the forced ones) among {@code accounts} (at least 5) accounts. */
    public static Result run(BankDatabase database, int accounts, int transfers, int threads, long seed)
            throws Exception {
        if (accounts < 5 || transfers < 4) {
            throw new IllegalArgumentException("need at least 5 accounts and 4 transfers");
        }
        database.reset(accounts, OPENING_BALANCE);
        RetryTally tally = new RetryTally(Transfers.class);
        List<Transfer> planned = new ArrayList<>();
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        ExecutorService elsewhere = Executors.newCachedThreadPool();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long start = System.nanoTime();
        try (GenericApplicationContext context = BankConfig.start(database.dataSource());
             RetryListeners.Registration ignored = RetryListeners.register(tally)) {
            Transfers bank = context.getBean(Transfers.class);
            Interleavings interleavings = context.getBean(Interleavings.class);

            planned.addAll(forceSerializationFailure(bank, interleavings, elsewhere, failures));
            planned.addAll(forceDeadlock(bank, interleavings, elsewhere, failures));

            Random random = new Random(seed);
            List<Future<?>> running = new ArrayList<>();
            for (long id = planned.size() + 1; id <= transfers; id++) {
                int from = 1 + random.nextInt(accounts);
                int to = 1 + (from + random.nextInt(accounts - 1)) % accounts;
                Transfer transfer = new Transfer(id, random.nextBoolean() ? Transfer.Kind.SERIALIZABLE
                        : Transfer.Kind.LOCKING, from, to, 1 + random.nextInt(100));
                planned.add(transfer);
                running.add(pool.submit(() -> call(bank, transfer, failures)));
            }
            for (Future<?> future : running) {
                future.get();
            }
        } finally {
            pool.shutdownNow();
            elsewhere.shutdownNow();
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        return new Result(List.copyOf(planned), database.recordedTransfers(), expected(planned, accounts),
                database.balances(), List.copyOf(failures), tally, millis, threads);
    }

    /**
     * Transfer 1 (SERIALIZABLE, account 1 to 2) has read both balances when transfer 2 (account 1 to 3) changes
     * account 1 and commits; transfer 1's update of account 1 then fails with 40001, and its retry, in a new
     * transaction, reads the new balance.
     */
    private static List<Transfer> forceSerializationFailure(Transfers bank, Interleavings interleavings,
                                                            ExecutorService elsewhere,
                                                            ConcurrentLinkedQueue<Throwable> failures) {
        Transfer reader = new Transfer(1, Transfer.Kind.SERIALIZABLE, 1, 2, 10);
        Transfer writer = new Transfer(2, Transfer.Kind.LOCKING, 1, 3, 20);
        interleavings.plan(reader.id(), () -> awaitQuietly(
                CompletableFuture.runAsync(() -> call(bank, writer, failures), elsewhere)));
        call(bank, reader, failures);
        return List.of(reader, writer);
    }

    /**
     * Transfer 3 has locked account 4 when transfer 4, going the other way, locks account 5; each then waits for
     * the other's row, and PostgreSQL aborts one of them with 40P01. The retry of the loser goes through.
     */
    private static List<Transfer> forceDeadlock(Transfers bank, Interleavings interleavings,
                                                ExecutorService elsewhere,
                                                ConcurrentLinkedQueue<Throwable> failures) {
        Transfer first = new Transfer(3, Transfer.Kind.LOCKING, 4, 5, 30);
        Transfer second = new Transfer(4, Transfer.Kind.LOCKING, 5, 4, 40);
        CountDownLatch secondHoldsItsFirstRow = new CountDownLatch(1);
        List<CompletableFuture<Void>> other = new ArrayList<>();
        interleavings.plan(second.id(), secondHoldsItsFirstRow::countDown);
        interleavings.plan(first.id(), () -> {
            other.add(CompletableFuture.runAsync(() -> call(bank, second, failures), elsewhere));
            awaitQuietly(secondHoldsItsFirstRow);
        });
        call(bank, first, failures);
        other.forEach(BankScenario::awaitQuietly);
        return List.of(first, second);
    }

    private static void call(Transfers bank, Transfer transfer, ConcurrentLinkedQueue<Throwable> failures) {
        try {
            bank.transfer(transfer);
        } catch (RuntimeException e) {
            failures.add(e);
        }
    }

    private static void awaitQuietly(CompletableFuture<?> future) {
        try {
            future.get(INTERLEAVING_PATIENCE_SECONDS, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("a forced interleaving did not complete", e);
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            if (!latch.await(INTERLEAVING_PATIENCE_SECONDS, TimeUnit.SECONDS)) {
                throw new IllegalStateException("a forced interleaving did not complete");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted in a forced interleaving", e);
        }
    }

    /** Each account's balance after every planned transfer, applied once. */
    static Map<Integer, Long> expected(List<Transfer> planned, int accounts) {
        Map<Integer, Long> balances = new TreeMap<>();
        for (int id = 1; id <= accounts; id++) {
            balances.put(id, OPENING_BALANCE);
        }
        for (Transfer t : planned) {
            balances.merge(t.from(), -t.amount(), Long::sum);
            balances.merge(t.to(), t.amount(), Long::sum);
        }
        return balances;
    }
}
