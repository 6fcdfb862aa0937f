/*
 * Integers of 1 to 64 bits stored at any bit offset of a string, and what happens when arithmetic
 * on them leaves their range: the model behind BITFIELD. Bits are big-endian (the field's most
 * significant bit comes first), signed fields are two's complement.
 *
 * On overflow BITFIELD either WRAPs (keep the low bits, like C arithmetic), SATurates at the
 * field's min or max, or FAILs (the write is skipped and the reply is nil).
 *
 * Redis: bitops.c, getUnsignedBitfield / setUnsignedBitfield / getSignedBitfield and
 * checkUnsignedBitfieldOverflow / checkSignedBitfieldOverflow. The overflow checks below keep
 * Redis's exact comparisons, including its wrap-around of "max - value" for extreme SET values,
 * because the real server's replies depend on them (SAT of SET i8 to -2^63 gives 127, not -128).
 */
package dev.rediscover.types.string;

final class BitField {
    private BitField() {}

    static final int WRAP = 0, SAT = 1, FAIL = 2;

    /** The unsigned value of `bits` bits at bit `offset`; bytes at or past len read as zero. */
    static long getUnsigned(byte[] p, int len, long offset, int bits) {
        long value = 0;
        for (int i = 0; i < bits; i++, offset++) {
            long byteIndex = offset >>> 3;
            int bit = byteIndex < len ? (p[(int) byteIndex] >>> (7 - (int) (offset & 7))) & 1 : 0;
            value = (value << 1) | bit;
        }
        return value;
    }

    /** As getUnsigned, sign-extended from the field's top bit. */
    static long getSigned(byte[] p, int len, long offset, int bits) {
        long value = getUnsigned(p, len, offset, bits);
        if (bits < 64 && (value & (1L << (bits - 1))) != 0) value |= -1L << bits;
        return value;
    }

    /** Write the low `bits` bits of value at bit `offset`; the array must already be long enough. */
    static void set(byte[] p, long offset, int bits, long value) {
        for (int i = bits - 1; i >= 0; i--, offset++) {
            int byteIndex = (int) (offset >>> 3);
            int mask = 1 << (7 - (int) (offset & 7));
            if (((value >>> i) & 1) != 0) p[byteIndex] |= (byte) mask;
            else p[byteIndex] &= (byte) ~mask;
        }
    }

    /**
     * Does value + incr leave the unsigned range of `bits` (at most 63) bits? 1 above, -1 below,
     * 0 inside. value is read as unsigned: SET passes a negative number, which is far too big.
     */
    static int unsignedOverflow(long value, long incr, int bits) {
        long max = (1L << bits) - 1;
        long maxIncr = max - value;
        long minIncr = -value;
        if (Long.compareUnsigned(value, max) > 0 || (incr > 0 && incr > maxIncr)) return 1;
        if (incr < 0 && incr < minIncr) return -1;
        return 0;
    }

    /** Does value + incr leave the signed range of `bits` bits? 1 above, -1 below, 0 inside. */
    static int signedOverflow(long value, long incr, int bits) {
        long max = bits == 64 ? Long.MAX_VALUE : (1L << (bits - 1)) - 1;
        long min = -max - 1;
        long maxIncr = max - value;     // may wrap; only used as Redis uses it
        long minIncr = min - value;
        if (value > max || (bits != 64 && incr > maxIncr) || (value >= 0 && incr > 0 && incr > maxIncr)) return 1;
        if (value < min || (bits != 64 && incr < minIncr) || (value < 0 && incr < 0 && incr < minIncr)) return -1;
        return 0;
    }

    /** value + incr keeping only the low `bits` bits (unsigned WRAP). */
    static long wrapUnsigned(long value, long incr, int bits) {
        return (value + incr) & ~(-1L << bits);
    }

    /** value + incr wrapped into `bits`-bit two's complement (signed WRAP). */
    static long wrapSigned(long value, long incr, int bits) {
        long c = value + incr;
        if (bits < 64) {
            long mask = -1L << bits;
            c = (c & (1L << (bits - 1))) != 0 ? c | mask : c & ~mask;
        }
        return c;
    }

    /** Which way value + incr leaves the field's range: 1 above, -1 below, 0 not at all. */
    static int overflow(boolean signed, long value, long incr, int bits) {
        return signed ? signedOverflow(value, incr, bits) : unsignedOverflow(value, incr, bits);
    }

    /**
     * The value a SET (incr 0) or INCRBY stores, given the overflow direction dir and a policy of
     * WRAP or SAT (FAIL stores nothing; the caller checks it before).
     */
    static long result(boolean signed, long value, long incr, int bits, int dir, int policy) {
        if (dir == 0) return value + incr;
        if (policy == SAT) return signed ? saturateSigned(dir, bits) : saturateUnsigned(dir, bits);
        return signed ? wrapSigned(value, incr, bits) : wrapUnsigned(value, incr, bits);
    }

    /** The value of the field at offset, signed or not; bytes at or past len read as zero. */
    static long get(boolean signed, byte[] p, int len, long offset, int bits) {
        return signed ? getSigned(p, len, offset, bits) : getUnsigned(p, len, offset, bits);
    }

    /** The saturated result of an overflow in direction dir, for an unsigned field. */
    static long saturateUnsigned(int dir, int bits) { return dir > 0 ? (1L << bits) - 1 : 0; }

    /** The saturated result of an overflow in direction dir, for a signed field. */
    static long saturateSigned(int dir, int bits) {
        long max = bits == 64 ? Long.MAX_VALUE : (1L << (bits - 1)) - 1;
        return dir > 0 ? max : -max - 1;
    }
}
