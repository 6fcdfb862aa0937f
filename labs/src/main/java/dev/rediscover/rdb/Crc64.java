/*
 * The 64-bit CRC at the end of every RDB file and DUMP payload: Redis's crc64 (crc64.c), the
 * "Jones" polynomial 0xad93d23594c935a9 in its reflected form (bits are fed least significant
 * first, initial value 0, no final xor). crc64("123456789") is 0xe9c6d914c4b8d9ca.
 *
 * TABLE[0][b] is the CRC contribution of one byte b, and a message is folded in byte by byte
 * with it. Like Redis's "crcspeed" (crcspeed.c), long runs go eight bytes at a time: TABLE[k]
 * gives the effect of a byte followed by k zero bytes, so eight lookups (independent of each
 * other, which the CPU overlaps) replace eight dependent steps. SAVE spends a good part of its
 * time here.
 */
package dev.rediscover.rdb;

public final class Crc64 {
    /** 0xad93d23594c935a9 with its 64 bits reversed, because the CRC is computed reflected. */
    private static final long POLY_REFLECTED = Long.reverse(0xad93d23594c935a9L);
    private static final long[][] TABLE = new long[8][256];

    static {
        for (int n = 0; n < 256; n++) {
            long crc = n;
            for (int k = 0; k < 8; k++) crc = (crc & 1) != 0 ? (crc >>> 1) ^ POLY_REFLECTED : crc >>> 1;
            TABLE[0][n] = crc;
        }
        for (int n = 0; n < 256; n++) {
            for (int k = 1; k < 8; k++) {
                long prev = TABLE[k - 1][n];
                TABLE[k][n] = (prev >>> 8) ^ TABLE[0][(int) (prev & 0xff)];
            }
        }
    }

    private Crc64() {}

    /** Fold len bytes of b starting at off into crc (start with 0). */
    public static long update(long crc, byte[] b, int off, int len) {
        long[] t0 = TABLE[0], t1 = TABLE[1], t2 = TABLE[2], t3 = TABLE[3],
                t4 = TABLE[4], t5 = TABLE[5], t6 = TABLE[6], t7 = TABLE[7];
        int i = off, end = off + len;
        for (; i + 8 <= end; i += 8) {
            crc ^= (b[i] & 0xffL) | (b[i + 1] & 0xffL) << 8 | (b[i + 2] & 0xffL) << 16 | (b[i + 3] & 0xffL) << 24
                    | (b[i + 4] & 0xffL) << 32 | (b[i + 5] & 0xffL) << 40 | (b[i + 6] & 0xffL) << 48 | (b[i + 7] & 0xffL) << 56;
            crc = t7[(int) (crc & 0xff)] ^ t6[(int) ((crc >>> 8) & 0xff)] ^ t5[(int) ((crc >>> 16) & 0xff)]
                    ^ t4[(int) ((crc >>> 24) & 0xff)] ^ t3[(int) ((crc >>> 32) & 0xff)] ^ t2[(int) ((crc >>> 40) & 0xff)]
                    ^ t1[(int) ((crc >>> 48) & 0xff)] ^ t0[(int) (crc >>> 56)];
        }
        for (; i < end; i++) crc = t0[(int) ((crc ^ b[i]) & 0xff)] ^ (crc >>> 8);
        return crc;
    }

    public static long update(long crc, int b) {
        return TABLE[0][(int) ((crc ^ b) & 0xff)] ^ (crc >>> 8);
    }

    public static long of(byte[] b, int off, int len) { return update(0, b, off, len); }
}
