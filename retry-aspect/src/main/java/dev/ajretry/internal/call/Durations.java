package dev.ajretry.internal.call;

/** Formats waits for log lines: {@code 0 ms}, {@code 250 ms}, {@code 1.5 s}, {@code 750 us}. */
final class Durations {

    private Durations() {
    }

    static String format(long nanos) {
        if (nanos == Long.MAX_VALUE) {
            return "forever";
        }
        if (nanos >= 1_000_000_000L) {
            return trim(nanos / 1e9) + " s";
        }
        if (nanos == 0 || nanos >= 1_000_000L) {
            return trim(nanos / 1e6) + " ms";
        }
        if (nanos >= 1_000L) {
            return trim(nanos / 1e3) + " us";
        }
        return nanos + " ns";
    }

    private static String trim(double value) {
        if (value == Math.rint(value) && value < 1e15) {
            return Long.toString((long) value);
        }
        return String.format(java.util.Locale.ROOT, "%.3f", value).replaceAll("0+$", "");
    }
}
