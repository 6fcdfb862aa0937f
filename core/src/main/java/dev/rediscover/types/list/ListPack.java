/*
 * One node of a QuickList: a small, compact run of list elements, standing in for Redis's
 * listpack (listpack.c), the byte array every quicklist node holds (quicklist.c, quicklistNode).
 *
 * A real listpack packs each element as <encoding><data><backlen> into one contiguous byte
 * array, so a node costs one allocation however many elements it holds, and small integers take
 * a byte or two. The Java-friendly equivalent here keeps the elements as references in one array
 * (the element byte[]s are immutable and may be shared, so nothing is copied), with free room
 * at both ends so that pushing at either end of the node is O(1) amortized, like a deque.
 * Inserting or removing in the middle shifts the shorter side, as listpack's memmove would.
 *
 * What we keep from listpack is its size: `bytes` is what this node would weigh as a real
 * listpack (header, entries with Redis's encodings, back-lengths, terminator). QuickList uses it
 * to decide when a node is full, exactly as Redis sizes nodes with list-max-listpack-size.
 */
package dev.rediscover.types.list;

import dev.rediscover.command.Args;

final class ListPack {
    /** A listpack's fixed cost: 4 bytes total size, 2 bytes element count, 1 byte terminator. */
    static final int HEADER_BYTES = 7;

    ListPack prev, next;
    private byte[][] items;
    private int start;     // index in items of the first element
    private int count;     // elements in items[start, start + count)
    private int bytes = HEADER_BYTES;

    ListPack() { this.items = new byte[8][]; this.start = 4; }

    private ListPack(byte[][] items, int start, int count, int bytes) {
        this.items = items;
        this.start = start;
        this.count = count;
        this.bytes = bytes;
    }

    int count() { return count; }

    /** The size this node would have as a Redis listpack. */
    int bytes() { return bytes; }

    byte[] get(int i) { return items[start + i]; }

    /** Replace element i (LSET). */
    void set(int i, byte[] v) {
        bytes += entryBytes(v) - entryBytes(items[start + i]);
        items[start + i] = v;
    }

    /** Insert v so that it becomes element i (0 = first, count = after the last). */
    void insert(int i, byte[] v) {
        if (i == 0) {
            if (start == 0) makeRoom();
            items[--start] = v;
        } else if (i == count) {
            if (start + count == items.length) makeRoom();
            items[start + count] = v;
        } else {
            if (start == 0 && count == items.length) makeRoom();
            boolean roomLeft = start > 0, roomRight = start + count < items.length;
            if (roomLeft && (i < count - i || !roomRight)) {
                System.arraycopy(items, start, items, start - 1, i);   // shift the head part left
                start--;
            } else {
                System.arraycopy(items, start + i, items, start + i + 1, count - i);  // tail part right
            }
            items[start + i] = v;
        }
        count++;
        bytes += entryBytes(v);
    }

    /** Remove element i and return it, shifting whichever side is shorter. */
    byte[] remove(int i) {
        byte[] v = items[start + i];
        if (i < count - 1 - i) {
            System.arraycopy(items, start, items, start + 1, i);
            items[start++] = null;
        } else {
            System.arraycopy(items, start + i + 1, items, start + i, count - 1 - i);
            items[start + count - 1] = null;
        }
        count--;
        bytes -= entryBytes(v);
        return v;
    }

    /** Remove n elements starting at element from. */
    void removeRange(int from, int n) {
        for (int k = from; k < from + n; k++) bytes -= entryBytes(items[start + k]);
        int after = count - from - n;
        if (from == 0) {
            java.util.Arrays.fill(items, start, start + n, null);
            start += n;
        } else {
            System.arraycopy(items, start + from + n, items, start + from, after);
            java.util.Arrays.fill(items, start + from + after, start + count, null);
        }
        count -= n;
    }

    /** Move elements [i, count) into a new node, returned (Redis: _quicklistSplitNode). */
    ListPack splitAt(int i) {
        int n = count - i;
        byte[][] a = new byte[Math.max(8, n * 2)][];
        int s = (a.length - n) / 2;
        int movedBytes = HEADER_BYTES;
        for (int k = 0; k < n; k++) {
            a[s + k] = items[start + i + k];
            movedBytes += entryBytes(a[s + k]);
            items[start + i + k] = null;
        }
        count = i;
        bytes -= movedBytes - HEADER_BYTES;
        return new ListPack(a, s, n, movedBytes);
    }

    /** An independent node holding the same elements (COPY: the byte[]s are immutable, so shared). */
    ListPack duplicate() {
        byte[][] a = new byte[Math.max(8, count + count / 2)][];
        int s = (a.length - count) / 2;
        System.arraycopy(items, start, a, s, count);
        return new ListPack(a, s, count, bytes);
    }

    /** Approximate heap bytes of this node (object, the array, and the elements). */
    long heapBytes() {
        long n = 40 + 16 + 4L * items.length;
        for (int k = start; k < start + count; k++) n += 16 + ((items[k].length + 7) & ~7);
        return n;
    }

    /**
     * Grow the array when it is half full or more, otherwise re-centre the elements, so that
     * both ends have free room again. Either way the cost is paid once per many pushes.
     */
    private void makeRoom() {
        int cap = items.length;
        if (count * 2 >= cap) cap = Math.max(8, cap * 2);
        byte[][] a = new byte[cap][];
        int s = (cap - count) / 2;
        System.arraycopy(items, start, a, s, count);
        items = a;
        start = s;
    }

    // ------------------------------------------------------------------ listpack sizes

    /**
     * What one element costs inside a listpack (listpack.c, lpEncodeGetType and lpEncodeBacklen):
     * a canonical integer is stored in 1 to 9 bytes depending on its range, a string as a
     * 1, 2 or 5 byte header plus its bytes; then a back-length of 1 to 5 bytes so the listpack
     * can be walked from the end.
     */
    static int entryBytes(byte[] v) {
        int len = encodedBytes(v);
        return len + backlenBytes(len);
    }

    private static int encodedBytes(byte[] v) {
        int n = v.length;
        if (n > 0 && n <= 20) {
            long x = Args.parseLongOr(v, 0, n, Long.MIN_VALUE);
            if (x != Long.MIN_VALUE || (n == 20 && Args.isLong(v))) {
                if (x >= 0 && x <= 127) return 1;
                if (x >= -4096 && x <= 4095) return 2;
                if (x >= -32768 && x <= 32767) return 3;
                if (x >= -8388608 && x <= 8388607) return 4;
                if (x >= Integer.MIN_VALUE && x <= Integer.MAX_VALUE) return 5;
                return 9;
            }
        }
        if (n < 64) return 1 + n;
        if (n < 4096) return 2 + n;
        return 5 + n;
    }

    private static int backlenBytes(int len) {
        if (len < 128) return 1;
        if (len < 16384) return 2;
        if (len < 2097152) return 3;
        if (len < 268435456) return 4;
        return 5;
    }
}
