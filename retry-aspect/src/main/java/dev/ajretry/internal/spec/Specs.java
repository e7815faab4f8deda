package dev.ajretry.internal.spec;

import dev.ajretry.RetryConfigurationException;
import dev.ajretry.internal.env.Environment;
import org.aspectj.lang.JoinPoint;
import org.aspectj.lang.reflect.SourceLocation;
import org.aspectj.lang.reflect.MethodSignature;

import java.lang.ref.Reference;
import java.lang.ref.WeakReference;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The specs of the woven methods: the only thing a successful call looks up. Each woven class carries its own table
 * (a {@link ClassValue}), indexed by the join point's {@link JoinPoint.StaticPart#getId() id}, which the weaver
 * numbers from 0 in each class.
 *
 * <p>Why a {@code ClassValue}: the table lives with the woven class, not in a map of ajretry's. When the class's
 * loader is dropped (an undeployed application, a hot reload, an isolating test runner), nothing of ajretry keeps it
 * reachable, whichever loader ajretry itself came from.
 *
 * <p>Why an identity cache in front of it: measured in the woven advice, the {@code ClassValue} probe made a
 * successful call about 1.7 ns slower and a call failing twice about 10 ns slower than an identity-hash table
 * (retry-benchmarks/RESULTS.md). The cache holds join points weakly and only the class-free part of each spec
 * ({@link HotSpec}) strongly, so it keeps no class alive either. A hit is a hash of two ints ({@link #hash}), a probe
 * and {@link Reference#refersTo}: no lock, no write, no call.
 *
 * <p>Why a lock per join point: building a spec runs user code (the constructors of predicate classes, the
 * recovery method's resolution). Only the callers of that one method wait for it; other methods never do. Each
 * spec is built exactly once, however many threads call at once; an invalid one is built once too, and every call
 * of that method throws a {@link RetryConfigurationException} with the same message.
 *
 * <p>Thread-safe. {@link Environment#reset()} forgets every spec: each method builds its own again at its next call.
 */
public final class Specs {

    /** Specs built since the JVM started (or the last reset): one per woven method that was called. */
    private static final AtomicLong BUILDS = new AtomicLong();
    private static final ClassValue<Table> TABLES = new ClassValue<>() {
        @Override
        protected Table computeValue(Class<?> type) {
            Table table = new Table();
            synchronized (ALL) {
                ALL.removeIf(t -> t.get() == null);
                ALL.add(new WeakReference<>(table));
            }
            return table;
        }
    };
    /** Every table, weakly: what a reset empties. It keeps neither a table nor its class alive. */
    private static final List<WeakReference<Table>> ALL = new ArrayList<>();

    static {
        Environment.whenReset(Specs::forgetAll);
    }

    private Specs() {
    }

    /** The specs of one woven class. */
    private static final class Table {
        /**
         * Indexed by join point id; null where not built yet. Replaced, never written in place. Not volatile, on
         * purpose: a call that reads an older array finds no spec there and takes the locked path, which reads it
         * again; a spec it does find is safe to use without a happens-before edge, because a {@link RetrySpec} and
         * all it holds are immutable through final fields.
         */
        RetrySpec[] specs = new RetrySpec[0];
        /** Why a join point's spec is invalid: reported again on every call without building it again. */
        final Map<Integer, String> invalid = new ConcurrentHashMap<>();
        /** One lock per join point being built. */
        final Map<Integer, Object> building = new ConcurrentHashMap<>();
    }

    /**
     * The specs the last reset forgot, kept until the next one: a call that began before a reset still holds the hot
     * part of its spec, and must still find the whole ({@link HotSpec#spec()}).
     */
    @SuppressWarnings("unused") // held, never read: what keeps them reachable
    private static volatile List<RetrySpec> retired = List.of();

    private static void forgetAll() {
        List<RetrySpec> forgotten = new ArrayList<>();
        forEachTable(table -> {
            collect(table, forgotten);
            table.specs = new RetrySpec[0];
            table.invalid.clear();
        });
        synchronized (FAST_LOCK) {
            fast = new HotSpec[64];
        }
        retired = forgotten;
        BUILDS.set(0);
    }

    // ---- the fast path: an identity cache with weak keys ---------------------------------------------------------

    /**
     * Open addressing with linear probing, keyed by identity. Not volatile, on purpose: a reader that races with a
     * writer sees an older or a newer array and at worst misses, then takes the per-class path, which is always
     * right. Written under the lock of {@code FAST_LOCK}, a copy each time (writes are rare: once per method).
     */
    private static HotSpec[] fast = new HotSpec[64];
    private static final Object FAST_LOCK = new Object();

    /**
     * The policy of the woven method whose join point is {@code joinPoint}, built and validated at its first call:
     * its hot part, from which {@link HotSpec#spec()} gives the whole.
     */
    public static HotSpec of(JoinPoint.StaticPart joinPoint) {
        HotSpec[] slots = fast;
        int mask = slots.length - 1;
        for (int i = hash(joinPoint) & mask; ; i = (i + 1) & mask) {
            HotSpec slot = slots[i];
            if (slot == null) {
                break;
            }
            if (slot.refersTo(joinPoint)) {
                return slot;
            }
        }
        return remember(joinPoint, ofClass(joinPoint));
    }

    /**
     * Adds {@code joinPoint} to the identity cache, dropping the entries of collected classes on the way; returns its
     * entry. The entry holds the join point weakly and only the class-free hot part of the spec strongly: the spec
     * (and through its {@code Method}, the woven class and its loader) is held strongly only by the woven class's own
     * table, so a dropped class is still collected.
     */
    private static HotSpec remember(JoinPoint.StaticPart joinPoint, RetrySpec spec) {
        HotSpec entry = spec.hot().keyedBy(joinPoint);
        synchronized (FAST_LOCK) {
            HotSpec[] old = fast;
            int live = 0;
            for (HotSpec slot : old) {
                if (slot != null && slot.get() != null && !slot.refersTo(joinPoint)) {
                    live++;
                }
            }
            int length = old.length;
            while (4 * (live + 1) > 3 * length / 2) {
                length *= 2;
            }
            HotSpec[] grown = new HotSpec[length];
            for (HotSpec slot : old) {
                JoinPoint.StaticPart key = slot == null ? null : slot.get();
                if (key != null && key != joinPoint) {
                    insert(grown, key, slot);
                }
            }
            insert(grown, joinPoint, entry);
            fast = grown;
        }
        return entry;
    }

    /**
     * Where a join point goes in the identity cache: from the line of its method and its id, two ints the weaver
     * filled in, which together tell join points apart in all but rare cases (a collision only lengthens a probe:
     * the entry is still found by identity). Why not {@link System#identityHashCode}, the obvious key: its slow path
     * is a call into the VM, and that call in the middle of the lookup made the JIT spill the woven loop's
     * registers to the stack on every successful call (seen in the compiled code: 75 instructions a call, 20 of
     * them spills, against 62 and none; retry-benchmarks/RESULTS.md). A class compiled without line numbers falls
     * back to it: there the line is 0 for every method, and the ids alone would cluster.
     */
    private static int hash(JoinPoint.StaticPart joinPoint) {
        SourceLocation where = joinPoint.getSourceLocation();
        int line = where == null ? 0 : where.getLine();
        int h = line > 0 ? line * 0x9E3779B1 + joinPoint.getId() : System.identityHashCode(joinPoint);
        return h ^ (h >>> 16);
    }

    private static void insert(HotSpec[] slots, Object key, HotSpec slot) {
        int mask = slots.length - 1;
        int i = hash((JoinPoint.StaticPart) key) & mask;
        while (slots[i] != null) {
            i = (i + 1) & mask;
        }
        slots[i] = slot;
    }

    // ---- the per-class tables, which own the specs -----------------------------------------------------------

    /** The spec of {@code joinPoint} from its woven class's table, built there if it is not yet. */
    private static RetrySpec ofClass(JoinPoint.StaticPart joinPoint) {
        Table table = TABLES.get(joinPoint.getSignature().getDeclaringType());
        int id = joinPoint.getId();
        RetrySpec[] specs = table.specs;
        if (id < specs.length) {
            RetrySpec spec = specs[id];
            if (spec != null) {
                return spec;
            }
        }
        return build(table, id, joinPoint);
    }

    private static RetrySpec build(Table table, int id, JoinPoint.StaticPart joinPoint) {
        Object lock = table.building.computeIfAbsent(id, i -> new Object());
        synchronized (lock) {
            RetrySpec[] specs;
            synchronized (table) {
                specs = table.specs;
            }
            if (id < specs.length && specs[id] != null) {
                return specs[id];
            }
            String reason = table.invalid.get(id);
            if (reason != null) {
                throw new RetryConfigurationException(reason);
            }
            RetrySpec spec;
            try {
                spec = RetrySpec.of(((MethodSignature) joinPoint.getSignature()).getMethod());
            } catch (RetryConfigurationException e) {
                table.invalid.put(id, e.getMessage());
                throw e;
            }
            publish(table, id, spec);
            BUILDS.incrementAndGet();
            return spec;
        }
    }

    /** Stores {@code spec} at {@code id}: a new array, swapped in under the table's own lock (writers are rare). */
    private static void publish(Table table, int id, RetrySpec spec) {
        synchronized (table) {
            RetrySpec[] grown = Arrays.copyOf(table.specs, Math.max(table.specs.length, id + 1));
            grown[id] = spec;
            table.specs = grown;
        }
    }

    /** The spec built for {@code method}, or null: for the rare lookups that start from a stack frame. */
    public static RetrySpec byMethod(Method method) {
        for (RetrySpec spec : TABLES.get(method.getDeclaringClass()).specs) {
            if (spec != null && spec.javaMethod().equals(method)) {
                return spec;
            }
        }
        return null;
    }

    /**
     * Every spec built and not forgotten, for read-only views (an Actuator endpoint): a walk over the weak list of
     * tables, under its lock, off any call's path. The list holds the specs strongly; drop it once read, so that it
     * keeps no woven class alive.
     */
    public static List<RetrySpec> built() {
        List<RetrySpec> built = new ArrayList<>();
        forEachTable(table -> collect(table, built));
        return built;
    }

    /** Runs {@code action} on every live table, each under its own lock. */
    private static void forEachTable(Consumer<Table> action) {
        synchronized (ALL) {
            for (WeakReference<Table> reference : ALL) {
                Table table = reference.get();
                if (table != null) {
                    synchronized (table) {
                        action.accept(table);
                    }
                }
            }
        }
    }

    private static void collect(Table table, List<RetrySpec> into) {
        for (RetrySpec spec : table.specs) {
            if (spec != null) {
                into.add(spec);
            }
        }
    }

    /** How many specs were built since the JVM started or the last reset. */
    public static long builds() {
        return BUILDS.get();
    }
}
