/*
 * A score interval as ZRANGEBYSCORE, ZCOUNT and ZREMRANGEBYSCORE take it: two bounds, each
 * inclusive unless written with a leading "(" (Redis: zrangespec and zslParseRange in t_zset.c).
 *
 *   ZCOUNT z 1 5        1 <= score <= 5
 *   ZCOUNT z (1 5       1 <  score <= 5
 *   ZCOUNT z -inf +inf  everything
 *
 * Bounds are parsed with strtod's leniency, as Redis does (see Strtod): "0x10" is 16, and an
 * empty bound is 0.
 */
package dev.rediscover.types.zset;

import dev.rediscover.command.RedisException;

public final class ScoreRange {
    static final String NOT_FLOAT = "ERR min or max is not a float";

    public final double min, max;
    public final boolean minExclusive, maxExclusive;

    public ScoreRange(double min, boolean minExclusive, double max, boolean maxExclusive) {
        this.min = min;
        this.max = max;
        this.minExclusive = minExclusive;
        this.maxExclusive = maxExclusive;
    }

    /** Parse "min" and "max" arguments, or throw "ERR min or max is not a float". */
    public static ScoreRange parse(byte[] min, byte[] max) {
        boolean minEx = min.length > 0 && min[0] == '(';
        boolean maxEx = max.length > 0 && max[0] == '(';
        double lo = Strtod.bound(min, minEx ? 1 : 0);
        double hi = Strtod.bound(max, maxEx ? 1 : 0);
        if (Double.isNaN(lo) || Double.isNaN(hi)) throw new RedisException(NOT_FLOAT);
        return new ScoreRange(lo, minEx, hi, maxEx);
    }

    /** Is v at or above the minimum (Redis: zslValueGteMin)? */
    public boolean gteMin(double v) { return minExclusive ? v > min : v >= min; }

    /** Is v at or below the maximum (Redis: zslValueLteMax)? */
    public boolean lteMax(double v) { return maxExclusive ? v < max : v <= max; }

    public boolean contains(double v) { return gteMin(v) && lteMax(v); }

    /** A range no score can fall into: min above max, or a single point with an open end. */
    public boolean isEmpty() { return min > max || (min == max && (minExclusive || maxExclusive)); }
}
