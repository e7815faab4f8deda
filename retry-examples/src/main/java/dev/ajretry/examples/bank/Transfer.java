package dev.ajretry.examples.bank;

/**
 * One transfer of {@code amount} from account {@code from} to account {@code to}; {@code id} is its key in the
 * {@code transfers} table, so a transfer applied twice cannot hide.
 *
 * @param kind how its transaction guards the balances, and so which failure it meets under contention
 */
public record Transfer(long id, Kind kind, int from, int to, long amount) {

    /** How a transfer's transaction is written. */
    public enum Kind {
        /**
         * SERIALIZABLE isolation, reading both balances and writing the new values back: a concurrent change to
         * either account makes PostgreSQL abort it with SQLState 40001 (could not serialize access).
         */
        SERIALIZABLE,
        /**
         * READ COMMITTED, {@code UPDATE ... SET balance = balance - ?} on {@code from} first, then on {@code to}: two
         * transfers between the same accounts in opposite directions each hold the row lock the other waits for,
         * and PostgreSQL aborts one of them with SQLState 40P01 (deadlock detected).
         */
        LOCKING
    }
}
