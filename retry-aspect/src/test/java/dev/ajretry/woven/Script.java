package dev.ajretry.woven;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What the attempts of a test method do: throw the scripted failures in order, then succeed. Counts the attempts.
 * Each fixture object owns its script, so tests do not share state.
 */
final class Script {

    private final List<Throwable> failures = new ArrayList<>();
    private int attempts;

    static Script failing(Throwable... failures) {
        Script script = new Script();
        script.failures.addAll(Arrays.asList(failures));
        return script;
    }

    static Script succeeding() {
        return new Script();
    }

    /** An attempt: throws the next scripted failure, if any is left. */
    void attempt() throws Throwable {
        int index = attempts++;
        if (index < failures.size()) {
            throw failures.get(index);
        }
    }

    /** Like {@link #attempt()}, for methods that may only throw what they declare: the failure is thrown unchecked. */
    void attemptUnchecked() {
        Script.<RuntimeException>sneakyAttempt(this);
    }

    @SuppressWarnings("unchecked")
    private static <T extends Throwable> void sneakyAttempt(Script script) throws T {
        try {
            script.attempt();
        } catch (Throwable t) {
            throw (T) t;
        }
    }

    int attempts() {
        return attempts;
    }
}
