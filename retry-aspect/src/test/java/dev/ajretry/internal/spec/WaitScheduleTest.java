package dev.ajretry.internal.spec;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WaitScheduleTest {

    private static final long MS = 1_000_000L;

    /** The first {@code count} waits of {@code schedule}, in milliseconds. */
    private static List<Double> waitsMs(WaitSchedule schedule, int count) {
        List<Double> waits = new ArrayList<>();
        long wait = schedule.first();
        for (int i = 0; i < count; i++) {
            waits.add(wait / (double) MS);
            wait = schedule.next(wait);
        }
        return waits;
    }

    private static WaitSchedule ms(long delay, double backoff, long jitter, long min, long max) {
        return new WaitSchedule(delay * MS, backoff, jitter * MS, min * MS,
                max < 0 ? WaitSchedule.UNBOUNDED : max * MS);
    }

    @Test
    void theIssueExampleMultipliesThenAddsThenClamps() {
        assertThat(waitsMs(ms(100, 2, 10, 0, 500), 5)).containsExactly(100.0, 210.0, 430.0, 500.0, 500.0);
    }

    @Test
    void constantByDefault() {
        assertThat(waitsMs(ms(50, 1, 0, 0, -1), 4)).containsExactly(50.0, 50.0, 50.0, 50.0);
    }

    @Test
    void zeroDelayStaysZero() {
        WaitSchedule schedule = ms(0, 2, 0, 0, -1);
        assertThat(waitsMs(schedule, 3)).containsExactly(0.0, 0.0, 0.0);
    }

    @Test
    void minDelayRaisesEveryWaitTheFirstIncluded() {
        assertThat(waitsMs(ms(10, 2, 0, 25, -1), 4)).containsExactly(25.0, 50.0, 100.0, 200.0);
    }

    @Test
    void maxDelayLowersEveryWaitTheFirstIncluded() {
        assertThat(waitsMs(ms(1000, 2, 0, 0, 300), 3)).containsExactly(300.0, 300.0, 300.0);
    }

    @Test
    void theNextWaitFollowsTheClampedOne() {
        // 300 (clamped from 1000), then 300 * 0.5 = 150, 75: the clamp feeds the next step.
        assertThat(waitsMs(ms(1000, 0.5, 0, 0, 300), 3)).containsExactly(300.0, 150.0, 75.0);
    }

    @Test
    void negativeJitterShrinksWaitsButNeverBelowZero() {
        assertThat(waitsMs(ms(100, 1, -40, 0, -1), 5)).containsExactly(100.0, 60.0, 20.0, 0.0, 0.0);
    }

    @Test
    void negativeJitterStopsAtMinDelay() {
        assertThat(waitsMs(ms(100, 1, -40, 30, -1), 4)).containsExactly(100.0, 60.0, 30.0, 30.0);
    }

    @Test
    void backoffBelowOneShrinks() {
        assertThat(waitsMs(ms(800, 0.5, 0, 0, -1), 4)).containsExactly(800.0, 400.0, 200.0, 100.0);
    }

    @Test
    void decimalBackoffGivesExactMilliseconds() {
        assertThat(waitsMs(ms(100, 1.1, 0, 0, -1), 4)).containsExactly(100.0, 110.0, 121.0, 133.1);
    }

    @Test
    void hugeBackoffSaturatesInsteadOfOverflowing() {
        WaitSchedule schedule = ms(1, 1e9, 0, 0, -1);
        long wait = schedule.first();
        for (int i = 0; i < 10_000; i++) {
            wait = schedule.next(wait);
            assertThat(wait).isNotNegative();
        }
        assertThat(wait).isEqualTo(Long.MAX_VALUE);
        assertThat(schedule.next(Long.MAX_VALUE)).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void largestValuesNeverGoNegative() {
        WaitSchedule schedule = new WaitSchedule(Long.MAX_VALUE, Double.MAX_VALUE, Long.MAX_VALUE, 0,
                WaitSchedule.UNBOUNDED);
        assertThat(schedule.first()).isEqualTo(Long.MAX_VALUE);
        assertThat(schedule.next(Long.MAX_VALUE)).isEqualTo(Long.MAX_VALUE);
        WaitSchedule shrinking = new WaitSchedule(Long.MAX_VALUE, Double.MIN_VALUE, Long.MIN_VALUE, 0,
                WaitSchedule.UNBOUNDED);
        assertThat(shrinking.next(Long.MAX_VALUE)).isZero();
    }

    @Test
    void unitConversionOfExtremesSaturates() {
        long days = TimeUnit.DAYS.toNanos(Long.MAX_VALUE);
        WaitSchedule schedule = new WaitSchedule(days, 2, 0, 0, WaitSchedule.UNBOUNDED);
        assertThat(schedule.first()).isEqualTo(Long.MAX_VALUE);
        assertThat(schedule.next(schedule.first())).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void attemptTenThousandIsStillBounded() {
        WaitSchedule schedule = ms(100, 2, 10, 0, 60_000);
        long wait = schedule.first();
        for (int attempt = 2; attempt <= 10_000; attempt++) {
            wait = schedule.next(wait);
        }
        assertThat(wait).isEqualTo(60_000 * MS);
    }

    @Test
    void rejectsWhatThePolicyWouldHaveRejected() {
        assertThatThrownBy(() -> new WaitSchedule(-1, 1, 0, 0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new WaitSchedule(0, 0, 0, 0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new WaitSchedule(0, Double.NaN, 0, 0, 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new WaitSchedule(0, Double.POSITIVE_INFINITY, 0, 0, 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new WaitSchedule(0, 1, 0, 5, 4)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new WaitSchedule(0, 1, 0, -1, 4)).isInstanceOf(IllegalArgumentException.class);
    }
}
