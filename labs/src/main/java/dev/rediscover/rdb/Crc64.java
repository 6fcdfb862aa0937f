/*
 * The 64-bit CRC at the end of every RDB file and DUMP payload: Redis's crc64 (crc64.c), the
 * "Jones" polynomial 0xad93d23594c935a9 in its reflected form (bits are fed least significant
 * first, initial value 0, no final xor). crc64("123456789") is 0xe9c6d914c4b8d9ca.
 *
 * Redis speeds it up with a "crcspeed" slice-by-8 table; one 256-entry table (one lookup per
 * byte) is plenty for us and shows the idea: a table entry is the CRC of one byte, and the CRC of
 * a longer message is folded in byte by byte.
 */
package dev.rediscover.rdb;

public final class Crc64 {
    /** 0xad93d23594c935a9 with its 64 bits reversed, because the CRC is computed reflected. */
    private static final long POLY_REFLECTED = Long.reverse(0xad93d23594c935a9L);
    private static final long[] TABLE = new long[256];

    static {
        for (int n = 0; n < 256; n++) {
            long crc = n;
            for (int k = 0; k < 8; k++) crc = (crc & 1) != 0 ? (crc >>> 1) ^ POLY_REFLECTED : crc >>> 1;
            TABLE[n] = crc;
        }
    }

    private Crc64() {}

    /** Fold len bytes of b starting at off into crc (start with 0). */
    public static long update(long crc, byte[] b, int off, int len) {
        for (int i = off; i < off + len; i++) crc = TABLE[(int) ((crc ^ b[i]) & 0xff)] ^ (crc >>> 8);
        return crc;
    }

    public static long update(long crc, int b) {
        return TABLE[(int) ((crc ^ b) & 0xff)] ^ (crc >>> 8);
    }

    public static long of(byte[] b, int off, int len) { return update(0, b, off, len); }
}
