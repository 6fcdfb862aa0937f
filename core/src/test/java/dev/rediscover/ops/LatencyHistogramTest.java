/*
 * LatencyHistogram fed with known values (never timings): its slots are HdrHistogram's with two
 * significant digits, so percentiles and LATENCY HISTOGRAM keys are the numbers Redis would
 * print for the same recorded durations (checked by hand against redis-server 7.0.15 output).
 */
package dev.rediscover.ops;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LatencyHistogramTest {
    private static List<long[]> cdf(LatencyHistogram h) {
        List<long[]> out = new ArrayList<>();
        h.cumulative((us, n) -> out.add(new long[]{us, n}));
        return out;
    }

    @Test
    void slotsAreExactBelow256AndUnderOnePercentWideAbove() {
        for (long v = 0; v < 256; v++) assertThat(LatencyHistogram.lowest(LatencyHistogram.slot(v))).isEqualTo(v);
        for (long v : new long[]{256, 1000, 4096, 5023, 92_159, 999_999_999L}) {
            int s = LatencyHistogram.slot(v);
            assertThat(LatencyHistogram.lowest(s)).isLessThanOrEqualTo(v);
            assertThat(LatencyHistogram.highest(s)).isGreaterThanOrEqualTo(v);
            assertThat(LatencyHistogram.highest(s) - LatencyHistogram.lowest(s) + 1).isLessThanOrEqualTo(Math.max(1, v / 100));
        }
        // Contiguous: the slot after s starts right after s ends.
        for (int s = 0; s < 3000; s++) assertThat(LatencyHistogram.lowest(s + 1)).isEqualTo(LatencyHistogram.highest(s) + 1);
    }

    @Test
    void percentilesAreTheHighestValueOfTheSlot() {
        LatencyHistogram h = new LatencyHistogram();
        h.record(5_000);                      // a 5 µs command, as Redis records it (ns)
        assertThat(h.valueAtPercentile(50)).isEqualTo(5_023);    // redis: p50=5.023
        assertThat(h.valueAtPercentile(0)).isEqualTo(4_992);     // p0 is the slot's lowest value
        LatencyHistogram g = new LatencyHistogram();
        g.record(4_000);
        assertThat(g.valueAtPercentile(0)).isEqualTo(4_000);     // redis: p0=4.000
        assertThat(g.valueAtPercentile(99.9)).isEqualTo(4_015);
    }

    @Test
    void percentileRankRoundsLikeHdr() {
        LatencyHistogram h = new LatencyHistogram();
        for (int i = 1; i <= 100; i++) h.record(i);             // exact slots below 256
        assertThat(h.valueAtPercentile(50)).isEqualTo(50);
        assertThat(h.valueAtPercentile(99)).isEqualTo(99);
        assertThat(h.valueAtPercentile(99.9)).isEqualTo(100);    // round(99.9) = 100th value
        assertThat(h.valueAtPercentile(100)).isEqualTo(100);
        assertThat(h.valueAtPercentile(0.1)).isEqualTo(1);       // rank at least 1
        assertThat(h.valueAtPercentile(0)).isEqualTo(1);
        assertThat(h.total()).isEqualTo(100);
    }

    @Test
    void valuesAreClampedToOneNanosecondAndOneSecond() {
        LatencyHistogram h = new LatencyHistogram();
        h.record(0);
        h.record(5_000_000_000L);
        assertThat(h.valueAtPercentile(0)).isEqualTo(1);
        assertThat(h.valueAtPercentile(100)).isGreaterThanOrEqualTo(1_000_000_000L).isLessThan(1_010_000_000L);
    }

    @Test
    void cumulativeDistributionUsesRedisKeys() {
        LatencyHistogram h = new LatencyHistogram();
        h.record(500);          // below 1 µs: counted at the first step
        h.record(5_000);        // 5 µs: the 8 µs step (4 µs covers up to 4127 ns)
        h.record(5_000);
        h.record(30_000);       // 30 µs: the 33 µs step
        h.record(100_000);      // 100 µs: the 132 µs step
        List<long[]> steps = cdf(h);
        assertThat(steps).extracting(s -> s[0]).containsExactly(1L, 8L, 33L, 132L);
        assertThat(steps).extracting(s -> s[1]).containsExactly(1L, 3L, 4L, 5L);
    }

    @Test
    void everyPowerOfTwoKeyMatchesRedis() {
        LatencyHistogram h = new LatencyHistogram();
        for (long v = 1024; v <= 1L << 29; v <<= 1) h.record(v);
        assertThat(cdf(h)).extracting(s -> s[0]).startsWith(1L, 2L, 4L, 8L, 16L, 33L, 66L, 132L, 264L, 528L);
        assertThat(cdf(h)).extracting(s -> s[1]).startsWith(1L, 2L, 3L, 4L);
        assertThat(new LatencyHistogram().cumulative((a, b) -> { })).isZero();
    }
}
