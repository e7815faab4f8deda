package dev.ajretry.benchmarks.scale;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The figures of one contender's measured round.
 *
 * @param contender          who ran it
 * @param calls              calls started at once (N)
 * @param succeeded          calls whose future completed with {@link FlakyRemote#ANSWER}
 * @param attempts           attempts made, summed over every call's own counter
 * @param callsNotAtThree    calls whose counter is not exactly 3 (two failures and the success)
 * @param wallMillis         from the first call started until every future had completed, in milliseconds
 * @param baselineThreads    live threads of the fresh JVM before the contender was set up (its own threads)
 * @param peakThreads        the peak of live threads during the round, minus {@code baselineThreads}
 * @param peakHeapBytes      the sum of every heap pool's peak during the round (garbage included), after a GC
 * @param allocatedBytes     bytes allocated during the round by every thread, summed
 * @param allocationComplete false if a thread ended during the round, so that its allocation is missing from
 *                           {@code allocatedBytes} (then a lower bound)
 * @param jvm                the JVM that ran it: {@code java.vm.name} and {@code java.runtime.version}
 */
public record Figures(Contender contender, int calls, int succeeded, long attempts, int callsNotAtThree,
                      long wallMillis, int baselineThreads, int peakThreads, long peakHeapBytes,
                      long allocatedBytes, boolean allocationComplete, String jvm) {

    /** The line a contender's JVM prints, and the comparison reads: this prefix, then {@code key=value} pairs. */
    static final String LINE_PREFIX = "scale-figures ";

    /** Bytes allocated per call, during the round, by all threads together. */
    public long bytesPerCall() {
        return Math.round((double) allocatedBytes / calls);
    }

    /** The peak heap in MiB, rounded. */
    public long peakHeapMiB() {
        return Math.round(peakHeapBytes / (1024.0 * 1024.0));
    }

    /** Attempts every call must have made: its two failures and its success. */
    public long expectedAttempts() {
        return (long) (FlakyRemote.FAILURES + 1) * calls;
    }

    /**
     * Fails loudly unless every call succeeded after exactly 3 attempts and every figure was measured.
     *
     * @throws IllegalStateException naming the contender and what is wrong
     */
    public Figures checked() {
        StringBuilder wrong = new StringBuilder();
        if (succeeded != calls) {
            wrong.append(String.format(" %,d of %,d calls succeeded;", succeeded, calls));
        }
        if (attempts != expectedAttempts() || callsNotAtThree != 0) {
            wrong.append(String.format(" %,d attempts, expected exactly %,d (%,d calls not at 3);", attempts,
                    expectedAttempts(), callsNotAtThree));
        }
        if (wallMillis < 0 || baselineThreads <= 0 || peakThreads < 0 || peakHeapBytes <= 0 || allocatedBytes <= 0) {
            wrong.append(" a figure was not measured: ").append(this).append(';');
        }
        if (wrong.length() > 0) {
            throw new IllegalStateException(contender.label() + ":" + wrong.substring(0, wrong.length() - 1));
        }
        return this;
    }

    /** The line a contender's JVM prints for the comparison to read. */
    String toLine() {
        return LINE_PREFIX + "contender=" + contender.name() + " calls=" + calls + " succeeded=" + succeeded
                + " attempts=" + attempts + " callsNotAtThree=" + callsNotAtThree + " wallMillis=" + wallMillis
                + " baselineThreads=" + baselineThreads + " peakThreads=" + peakThreads
                + " peakHeapBytes=" + peakHeapBytes + " allocatedBytes=" + allocatedBytes
                + " allocationComplete=" + allocationComplete
                + " jvm=" + URLEncoder.encode(jvm, StandardCharsets.UTF_8);
    }

    /** Reads a line of {@link #toLine()}. */
    static Figures parse(String line) {
        if (!line.startsWith(LINE_PREFIX)) {
            throw new IllegalArgumentException("not a figures line: " + line);
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (String pair : line.substring(LINE_PREFIX.length()).trim().split(" ")) {
            int equals = pair.indexOf('=');
            if (equals < 0) {
                throw new IllegalArgumentException("no key=value pair '" + pair + "' in: " + line);
            }
            values.put(pair.substring(0, equals), pair.substring(equals + 1));
        }
        try {
            return new Figures(Contender.valueOf(values.get("contender")), Integer.parseInt(values.get("calls")),
                    Integer.parseInt(values.get("succeeded")), Long.parseLong(values.get("attempts")),
                    Integer.parseInt(values.get("callsNotAtThree")), Long.parseLong(values.get("wallMillis")),
                    Integer.parseInt(values.get("baselineThreads")), Integer.parseInt(values.get("peakThreads")),
                    Long.parseLong(values.get("peakHeapBytes")), Long.parseLong(values.get("allocatedBytes")),
                    Boolean.parseBoolean(values.get("allocationComplete")),
                    URLDecoder.decode(values.get("jvm"), StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("a figure is missing or malformed in: " + line, e);
        }
    }
}
