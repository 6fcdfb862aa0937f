/*
 * The other packed blobs an RDB file can hold besides listpacks: the intset (written by Redis 7.0
 * for small integer sets) and, for loading files from older Redis versions, the ziplist
 * (ziplist.c, Redis 2.6 to 6.2: small lists, hashes and sorted sets, and quicklist nodes) and
 * the zipmap (zipmap.c, Redis before 2.6: small hashes). All are little-endian except where noted.
 *
 *   intset   <encoding: u32 = 2, 4 or 8 bytes per value> <length: u32> <sorted values>
 *   ziplist  <zlbytes: u32> <zltail: u32> <zllen: u16> entry* <0xFF>
 *            entry = <prevlen: 1 byte, or 0xFE + u32> <encoding> <data>
 *            encoding 00LLLLLL, 01LLLLLL LLLLLLLL (big endian!), 10000000 + u32 big endian:
 *            strings; 0xC0 int16, 0xD0 int32, 0xE0 int64, 0xF0 int24, 0xFE int8,
 *            0xF1..0xFD the numbers 0..12 in the byte itself
 *   zipmap   <count: 1 byte> (<len> key <len> <free: 1 byte> value <free bytes>)* <0xFF>
 *            len = 1 byte below 254, else 0xFE + u32
 */
package dev.rediscover.rdb;

import dev.rediscover.command.Args;

import java.util.ArrayList;
import java.util.List;

public final class CompactEncodings {
    private CompactEncodings() {}

    /** An intset holding the sorted values, in the narrowest width that fits them all. */
    public static byte[] intset(long[] sorted, int n) {
        int width = 2;
        for (int i = 0; i < n; i++) {
            long v = sorted[i];
            if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) { width = 8; break; }
            if (v < Short.MIN_VALUE || v > Short.MAX_VALUE) width = 4;
        }
        byte[] out = new byte[8 + n * width];
        putLe(out, 0, width, 4);
        putLe(out, 4, n, 4);
        for (int i = 0; i < n; i++) putLe(out, 8 + i * width, sorted[i], width);
        return out;
    }

    /** The values of an intset, checked for size and order. */
    public static long[] intsetValues(byte[] b) {
        if (b.length < 8) throw new IllegalArgumentException("intset too short");
        int width = (int) le(b, 0, 4);
        long n = le(b, 4, 4) & 0xffffffffL;
        if (width != 2 && width != 4 && width != 8) throw new IllegalArgumentException("intset with bad encoding");
        if (8 + n * width != b.length) throw new IllegalArgumentException("intset size mismatch");
        long[] v = new long[(int) n];
        for (int i = 0; i < n; i++) {
            long x = le(b, 8 + i * width, width);
            int shift = 64 - 8 * width;
            v[i] = x << shift >> shift;
            if (i > 0 && v[i] <= v[i - 1]) throw new IllegalArgumentException("intset not sorted");
        }
        return v;
    }

    /** The entries of a ziplist, as strings (integers as decimal text). */
    public static List<byte[]> ziplistEntries(byte[] b) {
        if (b.length < 11) throw new IllegalArgumentException("ziplist too short");
        if (le(b, 0, 4) != b.length) throw new IllegalArgumentException("ziplist size mismatch");
        List<byte[]> out = new ArrayList<>();
        int p = 10;
        while (true) {
            if (p >= b.length) throw new IllegalArgumentException("ziplist without terminator");
            if ((b[p] & 0xff) == 0xFF) break;
            p += (b[p] & 0xff) == 0xFE ? 5 : 1;                 // prevlen
            check(b, p, 1);
            int e = b[p] & 0xff;
            int top = e >>> 6;
            if (top == 0) {
                p = str(b, p + 1, e & 0x3F, out);
            } else if (top == 1) {
                check(b, p, 2);
                p = str(b, p + 2, ((e & 0x3F) << 8) | (b[p + 1] & 0xff), out);
            } else if (e == 0x80) {
                check(b, p, 5);
                long len = (b[p + 1] & 0xffL) << 24 | (b[p + 2] & 0xffL) << 16 | (b[p + 3] & 0xffL) << 8 | (b[p + 4] & 0xffL);
                if (len > b.length) throw new IllegalArgumentException("ziplist string too long");
                p = str(b, p + 5, (int) len, out);
            } else {
                int n;
                switch (e) {
                    case 0xC0 -> n = 2;
                    case 0xD0 -> n = 4;
                    case 0xE0 -> n = 8;
                    case 0xF0 -> n = 3;
                    case 0xFE -> n = 1;
                    default -> {
                        if (e >= 0xF1 && e <= 0xFD) n = 0;
                        else throw new IllegalArgumentException("bad ziplist encoding byte " + e);
                    }
                }
                check(b, p, 1 + n);
                long v;
                if (n == 0) {
                    v = (e & 0x0F) - 1;
                } else {
                    int shift = 64 - 8 * n;
                    v = le(b, p + 1, n) << shift >> shift;
                }
                out.add(Args.bytes(v));
                p += 1 + n;
            }
        }
        return out;
    }

    /** The keys and values of a zipmap, alternating. */
    public static List<byte[]> zipmapEntries(byte[] b) {
        List<byte[]> out = new ArrayList<>();
        int p = 1;
        while (true) {
            check(b, p, 1);
            if ((b[p] & 0xff) == 0xFF) break;
            int[] r = zipmapLen(b, p);
            p = str(b, r[1], r[0], out);
            r = zipmapLen(b, p);
            check(b, r[1], 1);
            int free = b[r[1]] & 0xff;
            p = str(b, r[1] + 1, r[0], out) + free;
        }
        return out;
    }

    private static int[] zipmapLen(byte[] b, int p) {
        check(b, p, 1);
        int l = b[p] & 0xff;
        if (l < 254) return new int[]{l, p + 1};
        if (l == 254) {
            check(b, p, 5);
            long v = le(b, p + 1, 4) & 0xffffffffL;
            if (v > b.length) throw new IllegalArgumentException("zipmap length too long");
            return new int[]{(int) v, p + 5};
        }
        throw new IllegalArgumentException("bad zipmap length");
    }

    private static int str(byte[] b, int off, int len, List<byte[]> out) {
        if (off + len > b.length) throw new IllegalArgumentException("string overruns its blob");
        byte[] s = new byte[len];
        System.arraycopy(b, off, s, 0, len);
        out.add(s);
        return off + len;
    }

    private static void check(byte[] b, int p, int n) {
        if (p + n > b.length) throw new IllegalArgumentException("entry overruns its blob");
    }

    static long le(byte[] b, int off, int n) {
        long v = 0;
        for (int i = 0; i < n; i++) v |= (b[off + i] & 0xffL) << (8 * i);
        return v;
    }

    private static void putLe(byte[] b, int off, long v, int n) {
        for (int i = 0; i < n; i++) b[off + i] = (byte) (v >>> (8 * i));
    }
}
