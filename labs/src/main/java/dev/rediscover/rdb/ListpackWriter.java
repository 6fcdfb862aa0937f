/*
 * Builds a real listpack, byte for byte as Redis lays it out (listpack.c), for the RDB types that
 * store one: hash and sorted-set listpacks, quicklist nodes and stream nodes. The engine keeps its
 * own, simpler in-memory forms (see types/hash/Listpack and types/list/ListPack); the file format
 * is Redis's, so here we write the genuine article.
 *
 *   <total bytes: u32 LE> <count: u16 LE, 65535 = "too many, count them"> entry* <0xFF>
 *   entry = <encoding + data> <backlen: the size of encoding + data, 1..5 bytes>
 *
 * Encodings: 0xxxxxxx a 7-bit unsigned int; 10LLLLLL a string of up to 63 bytes; 110xxxxx +1 byte
 * a 13-bit signed int; 1110LLLL +1 byte a string up to 4095 bytes; 0xF0 + u32 a longer string;
 * 0xF1/0xF2/0xF3/0xF4 a 16/24/32/64-bit signed int (little endian). A string that is a canonical
 * integer is stored as the integer, as lpAppend does (lpEncodeGetType / lpStringToInt64).
 */
package dev.rediscover.rdb;

import dev.rediscover.command.Args;

import java.util.Arrays;

public final class ListpackWriter {
    private byte[] buf = new byte[64];
    private int pos = 6;        // after the header
    private int count;

    /** Append a string, integer-encoded when it is a canonical 64-bit integer. */
    public ListpackWriter add(byte[] s) { return add(s, 0, s.length); }

    public ListpackWriter add(byte[] s, int off, int len) {
        if (len > 0 && len <= 20) {
            byte[] b = off == 0 && len == s.length ? s : Arrays.copyOfRange(s, off, off + len);
            if (Args.isLong(b)) return addInt(Args.parseLong(b));
        }
        int start = pos;
        if (len < 64) {
            ensure(1 + len + 5);
            buf[pos++] = (byte) (0x80 | len);
        } else if (len < 4096) {
            ensure(2 + len + 5);
            buf[pos++] = (byte) (0xE0 | (len >>> 8));
            buf[pos++] = (byte) len;
        } else {
            ensure(5 + len + 5);
            buf[pos++] = (byte) 0xF0;
            putLe(len, 4);
        }
        System.arraycopy(s, off, buf, pos, len);
        pos += len;
        return backlen(pos - start);
    }

    /** Append an integer in the smallest encoding that holds it (lpEncodeIntegerGetType). */
    public ListpackWriter addInt(long v) {
        ensure(9 + 5);
        int start = pos;
        if (v >= 0 && v <= 127) {
            buf[pos++] = (byte) v;
        } else if (v >= -4096 && v <= 4095) {
            long u = v < 0 ? (1 << 13) + v : v;
            buf[pos++] = (byte) (0xC0 | (u >>> 8));
            buf[pos++] = (byte) u;
        } else if (v >= Short.MIN_VALUE && v <= Short.MAX_VALUE) {
            buf[pos++] = (byte) 0xF1;
            putLe(v, 2);
        } else if (v >= -(1 << 23) && v <= (1 << 23) - 1) {
            buf[pos++] = (byte) 0xF2;
            putLe(v, 3);
        } else if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
            buf[pos++] = (byte) 0xF3;
            putLe(v, 4);
        } else {
            buf[pos++] = (byte) 0xF4;
            putLe(v, 8);
        }
        return backlen(pos - start);
    }

    public int count() { return count; }

    /** Bytes the listpack would have if finished now. */
    public int bytes() { return pos + 1; }

    /** Finish: the terminator, then the header. */
    public byte[] toBytes() {
        ensure(1);
        buf[pos] = (byte) 0xFF;
        int total = pos + 1;
        byte[] out = Arrays.copyOf(buf, total);
        for (int i = 0; i < 4; i++) out[i] = (byte) (total >>> (8 * i));
        int c = Math.min(count, 65535);
        out[4] = (byte) c;
        out[5] = (byte) (c >>> 8);
        return out;
    }

    /** The entry's size, written so it can be read from its last byte backwards (lpEncodeBacklen). */
    private ListpackWriter backlen(int l) {
        if (l <= 127) {
            buf[pos++] = (byte) l;
        } else if (l < 16383) {
            buf[pos++] = (byte) (l >>> 7);
            buf[pos++] = (byte) ((l & 127) | 128);
        } else if (l < 2097151) {
            buf[pos++] = (byte) (l >>> 14);
            buf[pos++] = (byte) (((l >>> 7) & 127) | 128);
            buf[pos++] = (byte) ((l & 127) | 128);
        } else if (l < 268435455) {
            buf[pos++] = (byte) (l >>> 21);
            buf[pos++] = (byte) (((l >>> 14) & 127) | 128);
            buf[pos++] = (byte) (((l >>> 7) & 127) | 128);
            buf[pos++] = (byte) ((l & 127) | 128);
        } else {
            buf[pos++] = (byte) (l >>> 28);
            buf[pos++] = (byte) (((l >>> 21) & 127) | 128);
            buf[pos++] = (byte) (((l >>> 14) & 127) | 128);
            buf[pos++] = (byte) (((l >>> 7) & 127) | 128);
            buf[pos++] = (byte) ((l & 127) | 128);
        }
        count++;
        return this;
    }

    private void putLe(long v, int n) {
        for (int i = 0; i < n; i++) buf[pos++] = (byte) (v >>> (8 * i));
    }

    private void ensure(int more) {
        if (pos + more > buf.length) buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + more));
    }
}
