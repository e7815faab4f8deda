package dev.ajretry.examples.hedging;

import java.time.Duration;
import java.util.SplittableRandom;

/**
 * A heavy-tailed latency: most answers fast, a few very slow, drawn from a seed and the request's identity (its item
 * and attempt), never from the order requests arrive in. So a run is the same on every machine, the hedged and the
 * unhedged runs meet the same slow first attempts, and a hedge, being a new request, draws a latency of its own.
 *
 * <p>Within the fast range the draw leans towards the low end ({@code fastMin + (fastMax - fastMin) * u²} for a
 * uniform {@code u}), as a real service's answers do: for 5-20 ms, the median is about 9 ms and the 95th percentile
 * of the fast answers about 18.5 ms. The slow range is uniform.
 *
 * @param seed          decides every draw
 * @param slowFraction  the share of slow answers, in [0, 1]
 * @param fastMin       the fastest answer
 * @param fastMax       the slowest fast answer
 * @param slowMin       the fastest slow answer
 * @param slowMax       the slowest answer
 */
public record Latency(long seed, double slowFraction, Duration fastMin, Duration fastMax, Duration slowMin,
                      Duration slowMax) {

    /** The demo's service: 98% of answers in 5-20 ms, 2% in 1-2 s. */
    public static Latency standard(long seed) {
        return new Latency(seed, 0.02, Duration.ofMillis(5), Duration.ofMillis(20), Duration.ofSeconds(1),
                Duration.ofSeconds(2));
    }

    public Latency {
        if (!(slowFraction >= 0 && slowFraction <= 1)) {
            throw new IllegalArgumentException("slowFraction = " + slowFraction + ", must be in [0, 1]");
        }
        if (fastMin.isNegative() || fastMax.compareTo(fastMin) < 0 || slowMin.compareTo(fastMax) < 0
                || slowMax.compareTo(slowMin) < 0) {
            throw new IllegalArgumentException("need 0 <= fastMin <= fastMax <= slowMin <= slowMax, got " + this);
        }
    }

    /** The same service with its slow answers in another range: a short one keeps a test quick. */
    public Latency withSlow(Duration min, Duration max) {
        return new Latency(seed, slowFraction, fastMin, fastMax, min, max);
    }

    /** Whether the answer to {@code item}'s attempt {@code attempt} is a slow one. */
    public boolean isSlow(int item, long attempt) {
        return random(item, attempt).nextDouble() < slowFraction;
    }

    /** How long the server waits before it answers {@code item}'s attempt {@code attempt}. */
    public Duration of(int item, long attempt) {
        SplittableRandom random = random(item, attempt);
        if (random.nextDouble() < slowFraction) {
            return between(slowMin, slowMax, random.nextDouble());
        }
        double u = random.nextDouble();
        return between(fastMin, fastMax, u * u);
    }

    private SplittableRandom random(int item, long attempt) {
        // One generator per request, seeded from its identity: SplittableRandom mixes the seed well, so
        // neighbouring items draw unrelated values.
        return new SplittableRandom(seed ^ ((long) item << 20) ^ attempt);
    }

    private static Duration between(Duration min, Duration max, double fraction) {
        long spanNanos = max.toNanos() - min.toNanos();
        return min.plusNanos((long) (spanNanos * fraction));
    }
}
