package dev.ajretry.parity;

import dev.ajretry.runtime.RecordingSleeper;
import dev.ajretry.runtime.RetryContext;
import org.slf4j.MDC;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;

/**
 * A parity scenario: a subclass declares two woven methods carrying the same {@code @Retry} (the harness checks it),
 * the blocking {@link #call()} and the asynchronous {@link #callAsync()}, both running the same {@link Script}:
 * <pre>{@code
 * static final class Backoff extends Fixture {
 *     Backoff(Script.Step... steps) { super(steps); }
 *     @Retry(tries = 4, delay = 100) String call() { return attempt(); }
 *     @Retry(tries = 4, delay = 100) CompletableFuture<String> callAsync() { return attemptAsync(); }
 * }
 * }</pre>
 * Each attempt notes what it sees of {@link RetryContext} and of the MDC. The {@link Driver} decides how an
 * asynchronous attempt delivers its failure (a failed future, a dependent stage, or a synchronous throw).
 */
abstract class Fixture {

    private final Script script;
    private final List<String> inside = Collections.synchronizedList(new ArrayList<>());
    private final List<CompletableFuture<String>> hung = Collections.synchronizedList(new ArrayList<>());
    private int attempts;
    private String seriesId;
    private Driver driver = Driver.BLOCKING;
    private RecordingSleeper sleeper;

    Fixture(Script.Step... steps) {
        this.script = Script.of(steps);
    }

    /** The blocking method: {@code String}, retried by the blocking loop. */
    abstract String call() throws Exception;

    /** The asynchronous method: same {@code @Retry}, retried by the asynchronous driver. */
    abstract CompletableFuture<String> callAsync() throws Exception;

    // ---- for the woven methods ------------------------------------------------------------------------------

    /** The body of {@link #call()}: one scripted attempt, its failure thrown as it is (checked ones included). */
    protected final String attempt() {
        observe();
        try {
            return script.run(attempts, this);
        } catch (Throwable failure) {
            throw Fixture.<RuntimeException>sneaky(failure);
        }
    }

    /** The body of {@link #callAsync()}: the same attempt, its outcome delivered as the driver says. */
    protected final CompletableFuture<String> attemptAsync() {
        observe();
        return async(() -> {
            try {
                return script.run(attempts, this);
            } catch (Exception | Error failure) {
                throw failure;
            } catch (Throwable other) {
                throw Fixture.<RuntimeException>sneaky(other);
            }
        });
    }

    /** A value or a failure as the asynchronous method of this driver delivers it (for recovery methods too). */
    protected final CompletableFuture<String> async(Callable<String> body) {
        String value;
        try {
            value = body.call();
        } catch (Script.Hang hang) {
            CompletableFuture<String> never = new CompletableFuture<>();
            hung.add(never);
            return never;
        } catch (Throwable failure) {
            return driver.failAsync(failure);
        }
        return driver.succeedAsync(value);
    }

    /** Notes the attempt and what it sees: the context and the MDC. */
    private void observe() {
        attempts++;
        RetryContext context = RetryContext.current();
        if (seriesId == null && context.seriesId() != null) {
            seriesId = context.seriesId();
        }
        String mdcSeries = MDC.get(RetryContext.MDC_SERIES);
        String mdcAttempt = MDC.get(RetryContext.MDC_ATTEMPT);
        inside.add("attempt " + context.attempt() + " of " + context.tries()
                + (context.isLastAttempt() ? " (last)" : "")
                + ", series " + idLabel(context.seriesId())
                + ", mdc " + idLabel(mdcSeries) + "/" + (mdcAttempt == null ? "-" : mdcAttempt));
    }

    /** "-" for none, "S" for the series id of this call, the id itself for any other (a leak from another series). */
    private String idLabel(String id) {
        if (id == null) {
            return "-";
        }
        return Objects.equals(id, seriesId) ? "S" : "other " + id;
    }

    @SuppressWarnings("unchecked")
    static <T extends Throwable> T sneaky(Throwable failure) throws T {
        throw (T) failure;
    }

    // ---- for the harness ------------------------------------------------------------------------------------

    final void bind(Driver driver, RecordingSleeper sleeper) {
        this.driver = driver;
        this.sleeper = sleeper;
    }

    final Driver driver() {
        return driver;
    }

    final RecordingSleeper sleeper() {
        return sleeper;
    }

    final int attempts() {
        return attempts;
    }

    /** The futures that hanging asynchronous attempts returned, in order. */
    final List<CompletableFuture<String>> hung() {
        return List.copyOf(hung);
    }

    final List<String> inside() {
        return List.copyOf(inside);
    }
}
