/*
 * Draws ranks 1..n with probability proportional to 1/rank^s (a Zipf distribution, the usual
 * model of cache popularity: a few keys are very hot, a long tail is touched now and then).
 * Used by ZipfHitRate. Not part of the server: Redis has nothing like it (its own
 * redis-benchmark -r draws keys uniformly, which is why the hit-rate workload is a program here).
 *
 * The cumulative distribution is computed once (n doubles) and each draw is a binary search:
 * exact for any s, O(log n) per draw, and deterministic for a given java.util.Random seed.
 */
package dev.rediscover.bench;

import java.util.Arrays;
import java.util.Random;

public final class ZipfSampler {
    private final double[] cdf;
    private final Random random;

    public ZipfSampler(int n, double s, long seed) {
        if (n < 1) throw new IllegalArgumentException("n must be >= 1");
        cdf = new double[n];
        double sum = 0;
        for (int k = 1; k <= n; k++) {
            sum += 1.0 / Math.pow(k, s);
            cdf[k - 1] = sum;
        }
        for (int i = 0; i < n; i++) cdf[i] /= sum;
        cdf[n - 1] = 1.0;   // no rounding gap at the top
        random = new Random(seed);
    }

    /** The next rank, 0-based: 0 is the most popular. */
    public int next() {
        double u = random.nextDouble();
        int i = Arrays.binarySearch(cdf, u);
        return i >= 0 ? i : -i - 1;
    }

    /** The probability of rank 0..k-1 together: the best hit rate a cache of k keys can have. */
    public double topShare(int k) { return k <= 0 ? 0 : cdf[Math.min(k, cdf.length) - 1]; }
}
