package dev.ajretry.benchmarks.scale;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The comparison: N concurrent calls (default 10,000), each failing twice with an {@code IOException} delivered
 * through a failed {@code CompletableFuture}, waiting 100 ms before each retry, then succeeding, through each
 * {@link Contender}; prints a Markdown table (wall time, peak threads, peak heap, bytes per call, successes,
 * attempts) and fails loudly (exit 1) unless every call of every contender succeeded after exactly 3 attempts.
 *
 * <p>Each contender runs in a fresh JVM of its own ({@link ContenderRun}: a warm-up round, then the measured one),
 * one after the other, all with the same options ({@link #JVM_OPTIONS}, on the JDK that runs this class): the
 * threads a contender starts (pools that live as long as the JVM), its garbage, the heap size the GC settled on and
 * the JIT's profile of the JDK's {@code CompletableFuture} code would otherwise be counted against, or help, the next.
 *
 * <pre>
 * mvn -B -ntp -pl retry-benchmarks -am -DskipTests package
 * java -cp retry-benchmarks/target/benchmarks.jar dev.ajretry.benchmarks.scale.AsyncScaleComparison [N]
 * </pre>
 * System property {@code scale.jvmArgs} adds options (space-separated) to every contender's JVM.
 */
public final class AsyncScaleComparison {

    /** The options of every contender's JVM: a fixed heap, so that the heap figures do not follow the machine's. */
    public static final List<String> JVM_OPTIONS = List.of("-Xms1g", "-Xmx1g", "-XX:+UseG1GC",
            // Both slf4j-nop and logback are on this module's class path: every level off, no library logs.
            "-Dslf4j.provider=org.slf4j.nop.NOPServiceProvider", "-Dslf4j.internal.verbosity=WARN");

    /** The default number of calls. */
    public static final int DEFAULT_CALLS = 10_000;

    /** How long one contender's JVM may run: a hang guard, never a correctness criterion. */
    private static final long HANG_GUARD_MINUTES = 10;

    private AsyncScaleComparison() {
    }

    public static void main(String[] args) {
        int calls = args.length > 0 ? Integer.parseInt(args[0].replace("_", "").replace(",", "")) : DEFAULT_CALLS;
        String loadBefore = loadAverage();
        List<Figures> figures = compare(calls);
        System.out.println(table(figures));
        System.out.println();
        System.out.println(notes(figures, loadBefore, loadAverage()));
        for (Figures each : figures) {
            try {
                each.checked();
            } catch (IllegalStateException e) {
                System.err.println("FAILED: " + e.getMessage());
                System.exit(1);
            }
        }
    }

    /** Runs every contender with {@code calls} calls, each in a JVM of its own; the figures are not checked. */
    public static List<Figures> compare(int calls) {
        if (calls < 1) {
            throw new IllegalArgumentException("calls = " + calls + ", must be >= 1");
        }
        List<Figures> figures = new ArrayList<>();
        for (Contender contender : Contender.values()) {
            figures.add(runInOwnJvm(contender, calls));
        }
        return figures;
    }

    /** The command that runs {@code contender} in a JVM like this one: same JDK, same class path. */
    static List<String> command(Contender contender, int calls) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(ContenderRun.class.getName());
        command.add(contender.name());
        command.add(Integer.toString(calls));
        return command;
    }

    /** {@link #JVM_OPTIONS}, then those of the system property {@code scale.jvmArgs} (later ones win). */
    static List<String> jvmOptions() {
        List<String> options = new ArrayList<>(JVM_OPTIONS);
        String extra = System.getProperty("scale.jvmArgs", "").trim();
        if (!extra.isEmpty()) {
            options.addAll(Arrays.asList(extra.split("\\s+")));
        }
        return options;
    }

    private static Figures runInOwnJvm(Contender contender, int calls) {
        List<String> command = command(contender, calls);
        try {
            Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            Figures figures = null;
            try (BufferedReader out = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    if (line.startsWith(Figures.LINE_PREFIX)) {
                        figures = Figures.parse(line);
                    } else {
                        System.err.println("[" + contender.name() + "] " + line);
                    }
                }
            }
            if (!process.waitFor(HANG_GUARD_MINUTES, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException(contender.label() + ": its JVM still runs after "
                        + HANG_GUARD_MINUTES + " minutes: " + String.join(" ", command));
            }
            if (figures == null) {
                throw new IllegalStateException(contender.label() + ": its JVM printed no figures (exit "
                        + process.exitValue() + "): " + String.join(" ", command));
            }
            return figures;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + String.join(" ", command), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while " + contender.label() + " ran", e);
        }
    }

    /** The Markdown table of the figures. */
    public static String table(List<Figures> figures) {
        StringBuilder table = new StringBuilder(
                "| contender | wall ms | peak threads | peak heap MiB | bytes/call | succeeded | attempts |\n"
                        + "|---|---:|---:|---:|---:|---:|---:|\n");
        for (Figures f : figures) {
            table.append(String.format("| %s | %,d | %d | %,d | %s%,d | %,d | %,d |%n", f.contender().label(),
                    f.wallMillis(), f.peakThreads(), f.peakHeapMiB(), f.allocationComplete() ? "" : "≥ ",
                    f.bytesPerCall(), f.succeeded(), f.attempts()));
        }
        return table.toString().stripTrailing();
    }

    /** What the table needs beside it: the run, the machine, what each column is and each contender's setup. */
    static String notes(List<Figures> figures, String loadBefore, String loadAfter) {
        Figures first = figures.get(0);
        StringBuilder notes = new StringBuilder();
        notes.append(String.format("- %,d calls at once, each: two failures (an `IOException` in a failed future),"
                + " 100 ms fixed waits, then success; a warm-up round, then the measured one, each contender in a"
                + " fresh JVM%n", first.calls()));
        notes.append("- JVM: ").append(first.jvm()).append("; options: ").append(String.join(" ", jvmOptions()))
                .append(System.lineSeparator());
        notes.append("- machine: ").append(Runtime.getRuntime().availableProcessors()).append(" CPUs, ")
                .append(cpuModel()).append("; load average (1, 5, 15 min) before: ").append(loadBefore)
                .append(", after: ").append(loadAfter).append(System.lineSeparator());
        notes.append("- date: ")
                .append(ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")))
                .append(" UTC").append(System.lineSeparator());
        notes.append(String.format("- peak threads: live threads at the measured round's peak beyond a fresh JVM's"
                + " own (%d, this thread included); peak heap: the sum of the heap pools' peaks in the round,"
                + " garbage included, after a GC; bytes/call: all threads' allocation in the round / calls"
                + " (the floor row is the workload's own: two exceptions with stack traces and three futures)%n",
                first.baselineThreads()));
        if (figures.stream().anyMatch(f -> !f.allocationComplete())) {
            notes.append("- ≥: a thread ended during the round, so its allocation is missing: a lower bound")
                    .append(System.lineSeparator());
        }
        for (Figures f : figures) {
            notes.append("- ").append(f.contender().label()).append(": ").append(f.contender().configuration())
                    .append(System.lineSeparator());
        }
        return notes.toString().stripTrailing();
    }

    /** The first three fields of /proc/loadavg: what {@code uptime} prints as the load average. */
    private static String loadAverage() {
        try {
            Path loadavg = Path.of("/proc/loadavg");
            if (Files.isReadable(loadavg)) {
                List<String> fields = Arrays.asList(Files.readString(loadavg).trim().split(" "));
                return String.join(" ", fields.subList(0, Math.min(3, fields.size())));
            }
        } catch (IOException e) {
            // Only a note beside the table: leave it unknown.
        }
        return "unknown";
    }

    private static String cpuModel() {
        try {
            Path cpuinfo = Path.of("/proc/cpuinfo");
            if (Files.isReadable(cpuinfo)) {
                for (String line : Files.readAllLines(cpuinfo)) {
                    if (line.startsWith("model name")) {
                        return line.substring(line.indexOf(':') + 1).trim();
                    }
                }
            }
        } catch (IOException e) {
            // Only a note beside the table: leave it unknown.
        }
        return System.getProperty("os.arch");
    }
}
