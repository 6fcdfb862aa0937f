/*
 * One node of a QuickList: a run of list elements packed into ONE byte array, in the entry
 * format of Redis's listpack (listpack.c), the byte array every quicklist node holds
 * (quicklist.c, quicklistNode).
 *
 * Each element is one entry, <encoding><data><backlen>, written back to back:
 *
 *   0xxxxxxx                        an integer 0..127, in the encoding byte itself
 *   110xxxxx yyyyyyyy               a 13-bit signed integer
 *   11110001 + 2 / 11110010 + 3 /   a 16, 24, 32 or 64-bit signed integer, little endian
 *   11110011 + 4 / 11110100 + 8
 *   10llllll + data                 a string shorter than 64 bytes
 *   1110llll llllllll + data        a string shorter than 4096 bytes
 *   11110000 + 4-byte length + data any longer string
 *
 * and <backlen> is the length of <encoding><data>, in 1 to 5 bytes of 7 bits, written so that
 * it can be read from its LAST byte backwards: that is how a listpack is walked from the end
 * (lpEncodeBacklen, lpDecodeBacklen). A string is stored as an integer only when it is the
 * canonical spelling of one ("12", never "012" or "+12"), so reading it back gives the same bytes.
 *
 * The whole node costs two Java objects (this and its array), however many elements it holds,
 * where an array of byte[] would cost one object per element (16 bytes of header and padding for a
 * 16-byte value): that is what makes a million-element list weigh about what it does in Redis.
 *
 * Two differences from listpack.c, both for speed:
 * - The entries sit in the middle of the array, in buf[start, end), with free room at BOTH ends,
 *   so pushing or popping at either end of a node is O(1) amortized, like a deque: only when an
 *   end runs out of room is the node re-laid out (in a bigger array if it is over 2/3 full).
 *   Redis reallocs the listpack on every insert instead. The header (total bytes, count) and the
 *   terminator byte are not stored: `bytes()` adds them back, and toListpack() writes them.
 * - A full node can be trimmed to its exact size (trim()), which QuickList does when it moves on
 *   to a new end node, so the free room is only paid for at the two ends of the list.
 *
 * Positions: an entry is addressed by the index in buf of its first byte. first(), last(), next(p)
 * and prev(p) walk the entries; seek(i) finds element i from the nearer end (lpSeek), in
 * O(node size) as in Redis.
 */
package dev.rediscover.types.list;

import dev.rediscover.command.Args;
import dev.rediscover.resp.RespWriter;

import java.util.Arrays;

final class ListPack {
    /** A listpack's fixed cost: 4 bytes total size, 2 bytes element count, 1 byte terminator. */
    static final int HEADER_BYTES = 7;
    /** The array of a new node; it grows by half when needed (relayout). */
    private static final int INITIAL_CAPACITY = 64;

    // The encoding byte's tags (listpack.c, LP_ENCODING_*).
    private static final int STR6 = 0x80, INT13 = 0xC0, STR12 = 0xE0, STR32 = 0xF0;
    private static final int INT16 = 0xF1, INT24 = 0xF2, INT32 = 0xF3, INT64 = 0xF4;
    private static final int EOF = 0xFF;

    ListPack prev, next;
    private byte[] buf;
    private int start;     // index in buf of the first entry
    private int end;       // one past the last entry
    private int count;     // number of entries

    ListPack() {
        this.buf = new byte[INITIAL_CAPACITY];
        this.start = this.end = INITIAL_CAPACITY / 2;
    }

    private ListPack(byte[] buf, int start, int end, int count) {
        this.buf = buf;
        this.start = start;
        this.end = end;
        this.count = count;
    }

    int count() { return count; }

    /** The size of this node as a Redis listpack: header, entries, terminator. */
    int bytes() { return HEADER_BYTES + end - start; }

    // ------------------------------------------------------------------ walking

    /** One past the last entry: where an entry pushed at the tail goes. */
    int end() { return end; }

    /** Position of the first entry (the node must not be empty). */
    int first() { return start; }

    /** Position of the last entry (the node must not be empty). */
    int last() { return prev(end); }

    /** Position of the entry after the one at p; for the last entry, the end of the node. */
    int next(int p) {
        int len = encodedLength(p);
        return p + len + backlenBytes(len);
    }

    /** Position of the entry before p, read from the back-length that ends just before p. */
    int prev(int p) {
        int q = p - 1;
        int len = 0, shift = 0;
        while (true) {                       // lpDecodeBacklen: 7 bits a byte, read backwards
            len |= (buf[q] & 127) << shift;
            if ((buf[q] & 128) == 0) break;
            shift += 7;
            q--;
        }
        return q - len;
    }

    /** Position of element i (0 <= i <= count; count gives the end), walking from the nearer end. */
    int seek(int i) {
        int p;
        if (i <= count / 2) {
            p = start;
            for (int k = 0; k < i; k++) p = next(p);
        } else {
            p = end;
            for (int k = count; k > i; k--) p = prev(p);
        }
        return p;
    }

    // ------------------------------------------------------------------ reading one entry

    /** Length of the entry's encoding and data (without the back-length): lpCurrentEncodedSize. */
    private int encodedLength(int p) {
        int b = buf[p] & 0xFF;
        if (b < 0x80) return 1;
        if (b < INT13) return 1 + (b & 0x3F);
        if (b < STR12) return 2;
        if (b < STR32) return 2 + (((b & 0x0F) << 8) | (buf[p + 1] & 0xFF));
        return switch (b) {
            case STR32 -> 5 + (int) readLE(p + 1, 4);
            case INT16 -> 3;
            case INT24 -> 4;
            case INT32 -> 5;
            case INT64 -> 9;
            default -> throw new IllegalStateException("corrupt listpack entry 0x" + Integer.toHexString(b));
        };
    }

    /** True when the entry at p holds a string (else an integer). */
    boolean isString(int p) {
        int b = buf[p] & 0xFF;
        return (b & 0xC0) == STR6 || (b & 0xF0) == STR12 || b == STR32;
    }

    /** Where a string entry's bytes start. */
    private int stringOffset(int p) {
        int b = buf[p] & 0xFF;
        if ((b & 0xC0) == STR6) return p + 1;
        if ((b & 0xF0) == STR12) return p + 2;
        return p + 5;
    }

    private int stringLength(int p) {
        int b = buf[p] & 0xFF;
        if ((b & 0xC0) == STR6) return b & 0x3F;
        if ((b & 0xF0) == STR12) return ((b & 0x0F) << 8) | (buf[p + 1] & 0xFF);
        return (int) readLE(p + 1, 4);
    }

    /** The value of an integer entry (the sign is restored from the encoding's width). */
    private long intValue(int p) {
        int b = buf[p] & 0xFF;
        if (b < 0x80) return b;
        if ((b & 0xE0) == INT13) {
            long v = ((b & 0x1F) << 8) | (buf[p + 1] & 0xFF);
            return v >= 1 << 12 ? v - (1 << 13) : v;
        }
        int width = switch (b) {
            case INT16 -> 2;
            case INT24 -> 3;
            case INT32 -> 4;
            default -> 8;
        };
        long v = readLE(p + 1, width);
        int unused = 64 - 8 * width;
        return (v << unused) >> unused;       // sign-extend
    }

    /** The element at p as a new byte array (integers are spelled out in decimal). */
    byte[] value(int p) {
        if (!isString(p)) return decimal(intValue(p));
        int off = stringOffset(p);
        return Arrays.copyOfRange(buf, off, off + stringLength(p));
    }

    /** Reply with the element at p as a bulk string, straight from the packed bytes. */
    void reply(RespWriter out, int p) {
        if (isString(p)) out.bulk(buf, stringOffset(p), stringLength(p));
        else out.bulk(intValue(p));
    }

    /** Does the element at p equal v? No allocation (lpCompare). */
    boolean equalsAt(int p, byte[] v) {
        if (isString(p)) {
            int off = stringOffset(p);
            return Arrays.equals(buf, off, off + stringLength(p), v, 0, v.length);
        }
        return v.length > 0 && v.length <= 20 && Args.isLong(v) && Args.parseLong(v) == intValue(p);
    }

    // ------------------------------------------------------------------ changing

    /** Insert v so that it becomes element i (0 = first, count = after the last). */
    void insert(int i, byte[] v) {
        int p = i == 0 ? start : i == count ? end : seek(i);
        insertAt(p, v);
    }

    /** Insert v before the entry at p (p == end: after the last). Returns v's position. */
    int insertAt(int p, byte[] v) {
        long x = integerOrMin(v);
        boolean asInt = x != Long.MIN_VALUE || isMinLong(v);
        int encoded = asInt ? intBytes(x) : stringHeaderBytes(v.length) + v.length;
        int size = encoded + backlenBytes(encoded);
        int q = openGap(p, size);
        int w = asInt ? writeInt(q, x) : writeString(q, v);
        writeBacklen(w, encoded);
        count++;
        return q;
    }

    /**
     * Remove the entry at p, moving whichever side of it is shorter (listpack's memmove moves the
     * tail only). Returns the position of the entry that followed it (the end if it was the last).
     */
    int removeAt(int p) {
        int size = next(p) - p;
        int before = p - start, after = end - p - size;
        count--;
        if (before <= after) {
            System.arraycopy(buf, start, buf, start + size, before);
            start += size;
        } else {
            System.arraycopy(buf, p + size, buf, p, after);
            end -= size;
        }
        int followedFromStart = before;     // the entries before p now end where the follower starts
        shrinkIfSparse();
        return start + followedFromStart;
    }

    /** Replace the entry at p with v (LSET). Returns v's position. */
    int replaceAt(int p, byte[] v) {
        int size = next(p) - p;
        int followed = p + size;
        // Cut the old entry by moving the head part right, so `followed` stays where it is.
        System.arraycopy(buf, start, buf, start + size, p - start);
        start += size;
        count--;
        return insertAt(followed, v);
    }

    /** Remove n elements starting at element from. */
    void removeRange(int from, int n) {
        int p = seek(from);
        int q = p;
        for (int k = 0; k < n; k++) q = next(q);
        int size = q - p;
        if (p - start <= end - q) {
            System.arraycopy(buf, start, buf, start + size, p - start);
            start += size;
        } else {
            System.arraycopy(buf, q, buf, p, end - q);
            end -= size;
        }
        count -= n;
        shrinkIfSparse();
    }

    /** Move elements [i, count) into a new node, returned (Redis: _quicklistSplitNode). */
    ListPack splitAt(int i) {
        int p = seek(i);
        int size = end - p;
        byte[] a = new byte[Math.max(INITIAL_CAPACITY, size * 3 / 2)];
        int s = (a.length - size) / 2;
        System.arraycopy(buf, p, a, s, size);
        ListPack right = new ListPack(a, s, s + size, count - i);
        end = p;
        count = i;
        shrinkIfSparse();
        return right;
    }

    /** An independent node holding the same elements (COPY). */
    ListPack duplicate() {
        int size = end - start;
        return new ListPack(Arrays.copyOfRange(buf, start, end), 0, size, count);
    }

    /**
     * Give back the free room: the array becomes exactly as big as the entries. QuickList calls it
     * on a node that is full and no longer at an end, where no push will reach it.
     */
    void trim() {
        if (start == 0 && end == buf.length) return;
        buf = Arrays.copyOfRange(buf, start, end);
        end -= start;
        start = 0;
    }

    /** Approximate heap bytes of this node: the object and its array. */
    long heapBytes() { return 40 + 16 + ((buf.length + 7) & ~7); }

    /**
     * This node as a real Redis listpack: total bytes (32 bits), element count (16 bits, 65535
     * when it does not fit), the entries, the 0xFF terminator. The entries are already in
     * listpack's format, so this is what an RDB file stores for a quicklist node
     * (RDB_TYPE_LIST_QUICKLIST_2, container PACKED).
     */
    byte[] toListpack() {
        int total = bytes();
        byte[] lp = new byte[total];
        for (int k = 0; k < 4; k++) lp[k] = (byte) (total >>> (8 * k));
        int n = Math.min(count, 65535);
        lp[4] = (byte) n;
        lp[5] = (byte) (n >>> 8);
        System.arraycopy(buf, start, lp, 6, end - start);
        lp[total - 1] = (byte) EOF;
        return lp;
    }

    // ------------------------------------------------------------------ room

    /**
     * Make `size` free bytes at position p, between the entries before and after it, and return
     * where they start. At an end with room that is just moving start or end; in the middle the
     * shorter side moves (listpack's memmove); otherwise the node is re-laid out.
     */
    private int openGap(int p, int size) {
        if (p == start && start >= size) {
            start -= size;
            return start;
        }
        if (p == end && buf.length - end >= size) {
            end += size;
            return p;
        }
        boolean middle = p != start && p != end;
        boolean roomLeft = start >= size, roomRight = buf.length - end >= size;
        if (middle && roomLeft && (p - start <= end - p || !roomRight)) {
            System.arraycopy(buf, start, buf, start - size, p - start);
            start -= size;
            return p - size;
        }
        if (middle && roomRight) {
            System.arraycopy(buf, p, buf, p + size, end - p);
            end += size;
            return p;
        }
        return relayout(p, size);
    }

    /**
     * Copy the entries into a new array with the gap at p and the free room split between both
     * ends. The array grows by half when it would be over 2/3 full, so the free room after a
     * relayout is at least a quarter of the entries on each side: the copying costs O(1) per byte
     * pushed, amortized.
     */
    private int relayout(int p, int size) {
        int used = end - start + size;
        int cap = buf.length;
        if (used * 3 > cap * 2) cap = Math.max(INITIAL_CAPACITY, used * 3 / 2);
        byte[] a = new byte[cap];
        int s = (cap - used) / 2;
        int before = p - start;
        System.arraycopy(buf, start, a, s, before);
        System.arraycopy(buf, p, a, s + before + size, end - p);
        buf = a;
        start = s;
        end = s + used;
        return s + before;
    }

    /**
     * After removals: when the entries fill under a quarter of a big array, move them to one half
     * the size, so a node emptied by LTRIM or LREM does not pin its old array. Positions taken
     * before it are stale after it.
     */
    private void shrinkIfSparse() {
        int used = end - start;
        if (buf.length <= INITIAL_CAPACITY * 4 || used * 4 >= buf.length) return;
        byte[] a = new byte[Math.max(INITIAL_CAPACITY, used * 2)];
        int s = (a.length - used) / 2;
        System.arraycopy(buf, start, a, s, used);
        buf = a;
        start = s;
        end = s + used;
    }

    // ------------------------------------------------------------------ encoding

    /** v as a canonical long (string2ll), or Long.MIN_VALUE when it is not one (see isMinLong). */
    private static long integerOrMin(byte[] v) {
        return Args.parseLongOr(v, 0, v.length, Long.MIN_VALUE);
    }

    private static boolean isMinLong(byte[] v) { return v.length == 20 && Args.isLong(v); }

    /** Bytes of an integer's encoding plus data (lpEncodeIntegerGetType). */
    private static int intBytes(long x) {
        if (x >= 0 && x <= 127) return 1;
        if (x >= -4096 && x <= 4095) return 2;
        if (x >= -32768 && x <= 32767) return 3;
        if (x >= -8388608 && x <= 8388607) return 4;
        if (x >= Integer.MIN_VALUE && x <= Integer.MAX_VALUE) return 5;
        return 9;
    }

    private static int stringHeaderBytes(int len) {
        if (len < 64) return 1;
        if (len < 4096) return 2;
        return 5;
    }

    /** Bytes of a back-length for an entry of `len` encoded bytes (lpEncodeBacklen). */
    private static int backlenBytes(int len) {
        if (len <= 127) return 1;
        if (len < 16383) return 2;
        if (len < 2097151) return 3;
        if (len < 268435455) return 4;
        return 5;
    }

    /**
     * What one element costs inside a listpack: its encoding and data, then its back-length.
     * A canonical integer takes 1 to 9 bytes, a string a 1, 2 or 5 byte header plus its bytes.
     */
    static int entryBytes(byte[] v) {
        long x = integerOrMin(v);
        int encoded = x != Long.MIN_VALUE || isMinLong(v) ? intBytes(x) : stringHeaderBytes(v.length) + v.length;
        return encoded + backlenBytes(encoded);
    }

    /** Write x's encoding and data at q; returns the position after them. */
    private int writeInt(int q, long x) {
        int width = intBytes(x);
        if (width == 1) {
            buf[q] = (byte) x;
            return q + 1;
        }
        if (width == 2) {
            long u = x & 0x1FFF;                      // 13-bit two's complement
            buf[q] = (byte) (INT13 | (u >>> 8));
            buf[q + 1] = (byte) u;
            return q + 2;
        }
        buf[q] = (byte) (width == 3 ? INT16 : width == 4 ? INT24 : width == 5 ? INT32 : INT64);
        writeLE(q + 1, x, width - 1);
        return q + width;
    }

    /** Write v's header and bytes at q; returns the position after them. */
    private int writeString(int q, byte[] v) {
        int len = v.length;
        if (len < 64) {
            buf[q++] = (byte) (STR6 | len);
        } else if (len < 4096) {
            buf[q++] = (byte) (STR12 | (len >>> 8));
            buf[q++] = (byte) len;
        } else {
            buf[q++] = (byte) STR32;
            writeLE(q, len, 4);
            q += 4;
        }
        System.arraycopy(v, 0, buf, q, len);
        return q + len;
    }

    /** Write the back-length of an entry of `len` encoded bytes at q, most significant first. */
    private void writeBacklen(int q, int len) {
        int n = backlenBytes(len);
        for (int k = n - 1; k >= 0; k--) {
            int bits = (len >>> (7 * (n - 1 - k))) & 127;
            buf[q + k] = (byte) (k == 0 ? bits : bits | 128);
        }
    }

    private void writeLE(int q, long x, int width) {
        for (int k = 0; k < width; k++) buf[q + k] = (byte) (x >>> (8 * k));
    }

    private long readLE(int q, int width) {
        long v = 0;
        for (int k = 0; k < width; k++) v |= (buf[q + k] & 0xFFL) << (8 * k);
        return v;
    }

    /** x in decimal, as bytes, without going through a String. */
    static byte[] decimal(long x) {
        if (x == Long.MIN_VALUE) return Args.bytes(x);
        int digits = 1;
        for (long y = Math.abs(x); y >= 10; y /= 10) digits++;
        byte[] out = new byte[x < 0 ? digits + 1 : digits];
        long y = Math.abs(x);
        for (int k = out.length - 1; k >= out.length - digits; k--) {
            out[k] = (byte) ('0' + y % 10);
            y /= 10;
        }
        if (x < 0) out[0] = '-';
        return out;
    }
}
