/*
 * Counting and finding bits in a byte array, eight bytes at a time: the engine of BITCOUNT,
 * BITPOS and BITOP. Bit 0 is the most significant bit of byte 0 (Redis numbers bits that way), so
 * reading the array as big-endian longs keeps bit order: bit 0 of a word is its sign bit, and
 * Long.numberOfLeadingZeros finds the first set bit.
 *
 * Redis does the same in bitops.c: redisPopcount() counts a word at a time (with a table for the
 * ragged ends) and redisBitpos() skips whole words that are all 0 (or all 1) before looking at bits.
 */
package dev.rediscover.types.string;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

final class BitScan {
    private BitScan() {}

    /** Reads 8 bytes at any index as one big-endian long (unaligned plain reads are allowed). */
    private static final VarHandle LONG_BE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    static long word(byte[] a, int i) { return (long) LONG_BE.get(a, i); }

    static void setWord(byte[] a, int i, long v) { LONG_BE.set(a, i, v); }

    /** Number of set bits in a[from, to). */
    static long popcount(byte[] a, int from, int to) {
        long n = 0;
        int i = from;
        for (; i + 8 <= to; i += 8) n += Long.bitCount(word(a, i));
        for (; i < to; i++) n += Integer.bitCount(a[i] & 0xff);
        return n;
    }

    /** Number of set bits among bit positions [fromBit, toBit], both inclusive, fromBit <= toBit. */
    static long popcountBits(byte[] a, long fromBit, long toBit) {
        int first = (int) (fromBit >>> 3), last = (int) (toBit >>> 3);
        long n = popcount(a, first, last + 1);
        n -= Integer.bitCount(a[first] & 0xff & ~(0xff >>> (fromBit & 7)));     // bits before fromBit
        n -= Integer.bitCount(a[last] & 0xff & (0xff >>> ((toBit & 7) + 1)));   // bits after toBit
        return n;
    }

    /**
     * The position of the first bit equal to `bit` among positions [fromBit, toBit] (inclusive,
     * fromBit <= toBit), or -1 if there is none.
     */
    static long firstBit(byte[] a, long fromBit, long toBit, int bit) {
        int first = (int) (fromBit >>> 3), last = (int) (toBit >>> 3);
        int flip = bit == 1 ? 0 : 0xff;     // look for a 1 in (byte ^ flip)
        int headMask = 0xff >>> (fromBit & 7);
        int tailMask = (0xff << (7 - (toBit & 7))) & 0xff;
        if (first == last) return bitIn(a[first], flip, headMask & tailMask, first);
        long pos = bitIn(a[first], flip, headMask, first);
        if (pos >= 0) return pos;
        int i = skip(a, first + 1, last, bit);
        if (i < last) return bitIn(a[i], flip, 0xff, i);
        return bitIn(a[last], flip, tailMask, last);
    }

    /** The first index in [from, to) whose byte is not all (1 - bit)s, or `to`. */
    private static int skip(byte[] a, int from, int to, int bit) {
        long empty = bit == 1 ? 0L : -1L;
        int i = from;
        for (; i + 8 <= to; i += 8) {
            if (word(a, i) != empty) break;
        }
        byte emptyByte = (byte) empty;
        for (; i < to; i++) {
            if (a[i] != emptyByte) return i;
        }
        return to;
    }

    private static long bitIn(byte b, int flip, int mask, int index) {
        int v = ((b & 0xff) ^ flip) & mask;
        if (v == 0) return -1;
        return (long) index * 8 + Integer.numberOfLeadingZeros(v) - 24;
    }
}
