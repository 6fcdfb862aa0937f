/*
 * The field-value pairs of one stream entry packed into a single byte[]: a 4-byte count of
 * arguments, then for each a 4-byte length and its bytes. One array per entry instead of an
 * object per field (Redis packs them into the node's listpack, t_stream.c streamAppendItem).
 */
package dev.rediscover.stream;

import dev.rediscover.resp.RespWriter;

final class Fields {
    private Fields() {}

    /** Pack argv[from..to) (alternating fields and values). */
    static byte[] pack(byte[][] argv, int from, int to) {
        int size = 4;
        for (int i = from; i < to; i++) size += 4 + argv[i].length;
        byte[] out = new byte[size];
        putInt(out, 0, to - from);
        int p = 4;
        for (int i = from; i < to; i++) {
            putInt(out, p, argv[i].length);
            System.arraycopy(argv[i], 0, out, p + 4, argv[i].length);
            p += 4 + argv[i].length;
        }
        return out;
    }

    /** Reply the fields and values as a flat array. */
    static void reply(RespWriter w, byte[] packed) {
        int n = getInt(packed, 0);
        w.arrayHeader(n);
        int p = 4;
        for (int i = 0; i < n; i++) {
            int len = getInt(packed, p);
            w.bulk(packed, p + 4, len);
            p += 4 + len;
        }
    }

    private static void putInt(byte[] b, int p, int v) {
        b[p] = (byte) (v >>> 24);
        b[p + 1] = (byte) (v >>> 16);
        b[p + 2] = (byte) (v >>> 8);
        b[p + 3] = (byte) v;
    }

    static int getInt(byte[] b, int p) {
        return (b[p] & 0xff) << 24 | (b[p + 1] & 0xff) << 16 | (b[p + 2] & 0xff) << 8 | (b[p + 3] & 0xff);
    }
}
