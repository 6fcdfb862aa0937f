/*
 * A log-linear histogram of one command's latencies, in nanoseconds: what INFO latencystats
 * turns into percentiles and LATENCY HISTOGRAM into a cumulative distribution.
 *
 * Redis keeps one HdrHistogram per command (server.c updateCommandLatencyHistogram, the
 * hdr_histogram library in deps/), made with a range of 1 ns .. 1 s and two significant
 * digits. We do not bring in a library; this class keeps the same bucket geometry, which is the
 * whole trick of an HDR histogram and fits in a few lines:
 *
 *   values 0..255 each have a slot of their own;
 *   above that, each power of two [2^k, 2^(k+1)) is cut into 128 equal slots of width 2^(k-7),
 *   so every slot is less than 1% wide relative to its values (the "two digits").
 *
 * Same slots as Redis means the same answers for the same recorded values: a p50 of "5.023"
 * (the highest value of the slot holding 5000 ns) and LATENCY HISTOGRAM keys 1, 2, 4, 8, 16,
 * 33, 66, 132 ... (the highest value of the slot holding each power of two from 1024 ns, in µs).
 * 3072 long counters, allocated when a command is first timed.
 */
package dev.rediscover.ops;

public final class LatencyHistogram {
    /** Redis clamps recorded values into [LATENCY_HISTOGRAM_MIN_VALUE, _MAX_VALUE]: 1 ns .. 1 s. */
    static final long MIN = 1, MAX = 1_000_000_000L;
    private static final int LINEAR = 256;      // slots of width 1
    private static final int HALF = 128;        // slots per power of two above that
    /** Slots up to the power of two above MAX, as HDR sizes its counts array. */
    private static final int SLOTS = slot(Long.highestOneBit(MAX) << 1);

    private final long[] counts = new long[SLOTS];
    private long total;

    /** Count one value (nanoseconds), clamped into the histogram's range. */
    public void record(long nanos) {
        long v = Math.max(MIN, Math.min(MAX, nanos));
        counts[slot(v)]++;
        total++;
    }

    public long total() { return total; }

    /** The slot a value falls in. */
    static int slot(long v) {
        if (v < LINEAR) return (int) v;
        int shift = 63 - Long.numberOfLeadingZeros(v) - 7;     // slot width is 2^shift
        return LINEAR + (shift - 1) * HALF + (int) ((v >> shift) - HALF);
    }

    private static int shift(int slot) { return slot < LINEAR ? 0 : (slot - LINEAR) / HALF + 1; }

    static long lowest(int slot) {
        if (slot < LINEAR) return slot;
        int shift = shift(slot);
        return (long) ((slot - LINEAR) % HALF + HALF) << shift;
    }

    static long highest(int slot) { return lowest(slot) + (1L << shift(slot)) - 1; }

    /**
     * The value at a percentile, HDR's way (hdr_value_at_percentile): the slot holding the
     * round(p% of total)-th value (at least the first), reported by its highest value, or by its
     * lowest for p = 0. 0 when nothing was recorded.
     */
    public long valueAtPercentile(double p) {
        if (total == 0) return 0;
        double q = Math.min(p, 100.0);
        long rank = Math.max(1, (long) (q / 100 * total + 0.5));
        long seen = 0;
        int s = 0;
        for (; s < SLOTS; s++) {
            seen += counts[s];
            if (seen >= rank) break;
        }
        if (s == SLOTS) return 0;
        return p == 0.0 ? lowest(s) : highest(s);
    }

    /** Receives one step of the cumulative distribution. */
    public interface Step {
        void step(long upToMicros, long cumulativeCount);
    }

    /**
     * The cumulative distribution LATENCY HISTOGRAM replies with (Redis: fillCommandCDF, which
     * walks an HDR log iterator from 1024 ns doubling each step): at each power of two from
     * 1024 ns, the count of values in its slot or below, keyed by that slot's highest value in
     * microseconds; steps that add nothing are left out. Returns the number of steps given.
     */
    public int cumulative(Step out) {
        int steps = 0;
        long prev = 0, cum = 0;
        int next = 0;                              // first slot not yet added to cum
        for (long level = 1024; cum < total; level <<= 1) {
            int s = Math.min(slot(level), SLOTS - 1);
            for (; next <= s; next++) cum += counts[next];
            if (cum > prev) {
                out.step(highest(s) / 1000, cum);
                steps++;
            }
            prev = cum;
            if (s == SLOTS - 1) break;
        }
        return steps;
    }
}
