package dev.ajretry.internal.spec;

import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * The policies of the woven methods, keyed by identity of the aspect's per-method key (the join point's static part):
 * the only thing a successful call looks up.
 *
 * <p>Why not a {@code ConcurrentHashMap}: a lookup here is one identity hash, two array reads and a comparison, with
 * no lock, no volatile access and no write; it runs on every call of every woven method. Writes are rare (once per
 * method): they copy the table under the lock and replace it.
 *
 * <p>Why the table field need not be volatile: a reader that races with a writer may see an older table, or a newer
 * one with some slots not yet visible. Either way it finds no policy, or the key without its policy, and falls back
 * to {@link #getOrBuild}, which looks again under the lock. A policy it does see is safe to use without a
 * happens-before edge, because {@link RetrySpec} and everything it holds are immutable through final fields.
 *
 * <p>Thread-safe. Each policy is built exactly once per key, however many threads call at once.
 */
public final class PolicyTable {

    private static final PolicyTable SHARED = new PolicyTable();

    /** The table of the woven methods, which the aspect uses. */
    public static PolicyTable shared() {
        return SHARED;
    }

    /** Keys at even indexes, their policies at the odd index after; open addressing with linear probing. */
    private Object[] slots = new Object[2 * 64];
    private int size;
    private final AtomicLong builds = new AtomicLong();
    /** Why a method's policy is invalid: reported again on every call without building it again. */
    private final Map<Object, String> invalid = new ConcurrentHashMap<>();
    /** The same policies by method, for the rare lookups that start from a stack frame. */
    private final Map<Method, RetrySpec> byMethod = new ConcurrentHashMap<>();

    /** The policy stored for {@code key}, or null if it was never built (or this thread cannot see it yet). */
    public RetrySpec get(Object key) {
        Object[] table = slots;
        int mask = (table.length >> 1) - 1;
        for (int i = System.identityHashCode(key) & mask; ; i = (i + 1) & mask) {
            Object k = table[2 * i];
            if (k == key) {
                return (RetrySpec) table[2 * i + 1]; // null if not visible yet: the caller takes the locked path
            }
            if (k == null) {
                return null;
            }
        }
    }

    /**
     * The policy for {@code key}, built from {@code method} and stored if there is none yet. An invalid policy is
     * built once too: every call of that method throws a {@link dev.ajretry.RetryConfigurationException} with the
     * same message.
     */
    public RetrySpec getOrBuild(Object key, Method method) {
        return getOrBuild(key, method, RetrySpec::of);
    }

    synchronized RetrySpec getOrBuild(Object key, Method method, Function<Method, RetrySpec> build) {
        RetrySpec existing = get(key);
        if (existing != null) {
            return existing;
        }
        String reason = invalid.get(key);
        if (reason != null) {
            throw new dev.ajretry.RetryConfigurationException(reason);
        }
        RetrySpec policy;
        try {
            policy = build.apply(method);
        } catch (dev.ajretry.RetryConfigurationException e) {
            invalid.put(key, e.getMessage());
            throw e;
        }
        builds.incrementAndGet();
        Object[] table = slots;
        if (2 * (size + 1) > table.length >> 1) {
            table = rehash(table, table.length * 2);
        } else {
            table = table.clone();
        }
        insert(table, key, policy);
        byMethod.put(method, policy);
        size++;
        slots = table;
        return policy;
    }

    /** The policy built for {@code method}, or null. */
    public RetrySpec byMethod(Method method) {
        return byMethod.get(method);
    }

    /** How many policies were built: one per woven method that was called. */
    public long builds() {
        return builds.get();
    }

    private static Object[] rehash(Object[] table, int length) {
        Object[] bigger = new Object[length];
        for (int i = 0; i < table.length; i += 2) {
            if (table[i] != null) {
                insert(bigger, table[i], table[i + 1]);
            }
        }
        return bigger;
    }

    private static void insert(Object[] table, Object key, Object policy) {
        int mask = (table.length >> 1) - 1;
        int i = System.identityHashCode(key) & mask;
        while (table[2 * i] != null) {
            i = (i + 1) & mask;
        }
        table[2 * i] = key;
        table[2 * i + 1] = policy;
    }
}
