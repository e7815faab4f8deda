package dev.ajretry.benchmarks.scale;

/**
 * One contender in a JVM of its own: a warm-up round, then the measured round, whose {@link Figures} it prints as
 * one line on standard output for {@link AsyncScaleComparison} to read. Exits 1 if either round is not correct.
 *
 * <p>Arguments: the contender's name ({@link Contender}, e.g. {@code AJRETRY}) and the number of calls. Run it
 * alone to profile one contender:
 * {@code java -cp retry-benchmarks/target/benchmarks.jar dev.ajretry.benchmarks.scale.ContenderRun AJRETRY 10000}.
 */
public final class ContenderRun {

    private ContenderRun() {
    }

    public static void main(String[] args) {
        if (args.length != 2) {
            System.err.println("usage: ContenderRun CONTENDER CALLS, CONTENDER one of "
                    + java.util.Arrays.toString(Contender.values()));
            System.exit(2);
        }
        Contender contender = Contender.valueOf(args[0]);
        int calls = Integer.parseInt(args[1]);
        int status = 0;
        try {
            // Before anything of the contender exists: the JVM's own threads and this one.
            int baselineThreads = ScaleRound.liveThreads();
            Contender.Calls prepared = contender.setUp();
            // The warm-up: class loading, the JIT, the pools' threads started; checked, not reported.
            ScaleRound.run(contender, prepared, calls, baselineThreads).checked();
            Figures measured = ScaleRound.run(contender, prepared, calls, baselineThreads);
            System.out.println(measured.toLine());
            measured.checked();
        } catch (RuntimeException e) {
            System.err.println("FAILED: " + e.getMessage());
            e.printStackTrace();
            status = 1;
        }
        System.out.flush();
        // Resilience4j's scheduler threads are not daemons, and no contender is asked to stop: end here.
        System.exit(status);
    }
}
