package dev.ajretry.parity;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * What each attempt of a parity fixture does, the same on every driver: attempt k runs step k. A step returns the
 * attempt's value or throws its failure; it may first move the recording sleeper's virtual clock or interrupt the
 * thread. An attempt beyond the script fails with an {@link AssertionError} (an error, never retried by default), so
 * a driver that makes one attempt too many shows it.
 */
final class Script {

    /** One attempt's behaviour. */
    @FunctionalInterface
    interface Step {
        String run(Fixture fixture) throws Throwable;
    }

    private final List<Step> steps;

    private Script(List<Step> steps) {
        this.steps = steps;
    }

    static Script of(Step... steps) {
        return new Script(List.of(steps));
    }

    /** The attempt numbered {@code attempt} (1-based). */
    String run(int attempt, Fixture fixture) throws Throwable {
        if (attempt > steps.size()) {
            throw new AssertionError("attempt " + attempt + " was not scripted");
        }
        return steps.get(attempt - 1).run(fixture);
    }

    // ---- steps ----------------------------------------------------------------------------------------------

    static Step fail(Throwable failure) {
        return fixture -> {
            throw failure;
        };
    }

    static Step ok(String value) {
        return fixture -> value;
    }

    /** The attempt "takes" {@code time} on the virtual clock, then does {@code then}. */
    static Step taking(Duration time, Step then) {
        return fixture -> {
            fixture.sleeper().advance(time);
            return then.run(fixture);
        };
    }

    /**
     * The attempt never answers: a blocking one sleeps (a minute, interruptibly: an interrupt ends it with the
     * {@link InterruptedException}); an asynchronous one returns a future that never completes
     * ({@link Fixture#hung()}).
     */
    static Step hanging() {
        return fixture -> {
            if (fixture.driver().async()) {
                throw new Hang();
            }
            Thread.sleep(60_000);
            return "woke up after a minute";
        };
    }

    /** What a hanging asynchronous attempt throws to its fixture, which returns a future that never completes. */
    static final class Hang extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Hang() {
            super("hang", null, false, false);
        }
    }

    /** The attempt interrupts its own thread, then does {@code then}. */
    static Step interrupting(Step then) {
        return fixture -> {
            Thread.currentThread().interrupt();
            return then.run(fixture);
        };
    }

    /** {@code count} times the same step. */
    static Step[] times(int count, Step step) {
        return Collections.nCopies(count, step).toArray(new Step[0]);
    }

    /** The steps of {@code parts}, in order. */
    static Step[] concat(Step[]... parts) {
        List<Step> all = new ArrayList<>();
        for (Step[] part : parts) {
            all.addAll(Arrays.asList(part));
        }
        return all.toArray(new Step[0]);
    }

    /** A failing step per failure, in order. */
    static Step[] failing(List<? extends Throwable> failures) {
        return failures.stream().map(Script::fail).toArray(Step[]::new);
    }
}
