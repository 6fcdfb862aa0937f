/*
 * A member interval as ZRANGEBYLEX, ZLEXCOUNT and ZREMRANGEBYLEX take it (Redis: zlexrangespec,
 * zslParseLexRangeItem and sdscmplex in t_zset.c). Each bound is one of
 *
 *   [abc   inclusive: members >= "abc" (or <= for the max)
 *   (abc   exclusive
 *   -      below every member
 *   +      above every member
 *
 * Members compare by their bytes, unsigned, a shorter prefix first (memcmp, then length). Lex
 * ranges only make sense when every member has the same score; Redis does not check, and
 * neither do we.
 */
package dev.rediscover.types.zset;

import dev.rediscover.command.RedisException;

import java.util.Arrays;

public final class LexRange {
    static final String NOT_VALID = "ERR min or max not valid string range item";

    /** A bound: a member, or one of the two infinities ("-" and "+"). */
    static final int VALUE = 0, MINUS_INF = -1, PLUS_INF = 1;

    final byte[] min, max;
    final int minKind, maxKind;
    final boolean minExclusive, maxExclusive;

    private LexRange(byte[] min, int minKind, boolean minEx, byte[] max, int maxKind, boolean maxEx) {
        this.min = min;
        this.minKind = minKind;
        this.minExclusive = minEx;
        this.max = max;
        this.maxKind = maxKind;
        this.maxExclusive = maxEx;
    }

    /** Parse "min" and "max" arguments, or throw "ERR min or max not valid string range item". */
    public static LexRange parse(byte[] min, byte[] max) {
        int minKind = kind(min), maxKind = kind(max);
        return new LexRange(value(min, minKind), minKind, exclusive(min, minKind),
                value(max, maxKind), maxKind, exclusive(max, maxKind));
    }

    private static int kind(byte[] item) {
        if (item.length == 0) throw new RedisException(NOT_VALID);
        switch (item[0]) {
            case '+', '-' -> {
                if (item.length != 1) throw new RedisException(NOT_VALID);
                return item[0] == '+' ? PLUS_INF : MINUS_INF;
            }
            case '(', '[' -> { return VALUE; }
            default -> throw new RedisException(NOT_VALID);
        }
    }

    private static byte[] value(byte[] item, int kind) {
        return kind == VALUE ? Arrays.copyOfRange(item, 1, item.length) : null;
    }

    /** Redis marks "-" and "+" exclusive, which matters only for "- -" and "+ +" being empty. */
    private static boolean exclusive(byte[] item, int kind) { return kind != VALUE || item[0] == '('; }

    /** Compare a member with a bound (Redis: sdscmplex with the member on the left). */
    private static int compare(byte[] member, byte[] bound, int kind) {
        if (kind == MINUS_INF) return 1;
        if (kind == PLUS_INF) return -1;
        return Arrays.compareUnsigned(member, bound);
    }

    /** Is the member at or above the minimum (Redis: zslLexValueGteMin)? */
    public boolean gteMin(byte[] member) {
        int c = compare(member, min, minKind);
        return minExclusive ? c > 0 : c >= 0;
    }

    /** Is the member at or below the maximum (Redis: zslLexValueLteMax)? */
    public boolean lteMax(byte[] member) {
        int c = compare(member, max, maxKind);
        return maxExclusive ? c < 0 : c <= 0;
    }

    public boolean contains(byte[] member) { return gteMin(member) && lteMax(member); }

    /** A range nothing can fall into (Redis: the first test of zslIsInLexRange). */
    public boolean isEmpty() {
        int c;
        if (minKind == maxKind && minKind != VALUE) c = 0;
        else if (minKind == MINUS_INF || maxKind == PLUS_INF) c = -1;
        else if (minKind == PLUS_INF || maxKind == MINUS_INF) c = 1;
        else c = Arrays.compareUnsigned(min, max);
        return c > 0 || (c == 0 && (minExclusive || maxExclusive));
    }
}
