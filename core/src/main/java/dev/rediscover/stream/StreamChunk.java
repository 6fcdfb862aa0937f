/*
 * Up to 100 consecutive stream entries (or about 4 KB of them) packed into ONE byte[]: the unit
 * StreamLog keeps in its tree. Redis's equivalent is one listpack node of the stream's radix tree,
 * filled by t_stream.c streamAppendItem and read by streamIteratorGetID.
 *
 * The saving comes from what consecutive entries share. They have nearly the same ID, and they
 * usually have the same field names (an app writes the same kind of event again and again). So
 * the chunk remembers its first entry as the "master": its ID (baseMs, baseSeq) and its field
 * names (master). Each entry then stores only what differs:
 *
 *   varint  (ms - baseMs) << 1 | SAME     the time as a small delta, and one flag bit
 *   varint  seq - baseSeq  when ms == baseMs, else seq      (usually 0 or a small number)
 *   SAME:   for each master field: varint length, value bytes        (names are not stored)
 *   else:   varint argument count, then each field and value: varint length, bytes
 *
 * An entry "f1 v f2 w" with 16-byte values and the master's field names costs 2 + 2 * 17 bytes.
 * Varints are 7 bits per byte, low bits first, high bit set on all but the last byte.
 *
 * Redis stores the same deltas against its master entry, but in listpack elements (each with
 * its own encoding byte and a back-length so it can walk backwards), and flags a deleted entry
 * instead of removing its bytes. Our entries carry no back-length. Instead the chunk keeps a tiny
 * index, `marks`: the offset of every 16th entry (7 chars). Finding an ID is a binary search over
 * the marks, then a forward scan of at most 15 entries (Redis scans its node from the master
 * entry: streamIteratorGetID). Walking backwards notes the offsets of one 16-entry group at a
 * time. XDEL cuts the entry's bytes out (a copy of at most ~4 KB) and recomputes the marks.
 *
 * The base ID and the master fields never change, even when the first entry is deleted or
 * trimmed: every remaining entry is still above the base, so the deltas stay valid.
 */
package dev.rediscover.stream;

import java.util.Arrays;

final class StreamChunk {
    /** Entries per chunk: Redis's stream-node-max-entries default. */
    static final int MAX_ENTRIES = 100;
    /** Bytes per chunk before a new one starts: Redis's stream-node-max-bytes default. */
    static final int MAX_BYTES = 4096;
    /** Time deltas at or above this start a new chunk (the delta is shifted left by one bit). */
    private static final long MAX_MS_DELTA = 1L << 62;
    /** The index keeps the offset of every STRIDE-th entry. */
    private static final int STRIDE = 16;

    private final long baseMs, baseSeq;
    /** The master entry's field names: varint count, then each as varint length and bytes. */
    private final byte[] master;
    private final int masterFields;
    /** The bytes of the master's field names, without their lengths. */
    private final int masterNameBytes;
    private byte[] buf;
    private int len;
    private int n;
    private long lastMs, lastSeq;
    /**
     * marks[g] is the offset of entry g * STRIDE: a binary search over these finds the 16 entries
     * that can hold an ID, and only those are scanned. Offsets fit a char: an entry starts only
     * while the chunk is under MAX_BYTES.
     */
    private char[] marks = new char[(MAX_ENTRIES + STRIDE - 1) / STRIDE];

    /** A chunk holding one entry, which becomes its master (ID and field names). */
    StreamChunk(StreamId id, byte[] packed) {
        baseMs = id.ms();
        baseSeq = id.seq();
        masterFields = Fields.getInt(packed, 0) / 2;
        master = masterOf(packed, masterFields);
        int names = 0;
        for (int i = 0, q = 4; i < 2 * masterFields; i++) {
            int l = Fields.getInt(packed, q);
            if (i % 2 == 0) names += l;
            q += 4 + l;
        }
        masterNameBytes = names;
        int size = encodedSize(id, packed, true);
        buf = new byte[Math.max(size, Math.min(MAX_BYTES, Math.max(64, 2 * size)))];
        write(id, packed, true);
    }

    private StreamChunk(StreamChunk o) {
        baseMs = o.baseMs;
        baseSeq = o.baseSeq;
        master = o.master;
        masterFields = o.masterFields;
        masterNameBytes = o.masterNameBytes;
        buf = Arrays.copyOf(o.buf, o.len);
        len = o.len;
        n = o.n;
        lastMs = o.lastMs;
        lastSeq = o.lastSeq;
        marks = o.marks.clone();
    }

    StreamChunk copy() { return new StreamChunk(this); }

    int size() { return n; }

    /** Heap bytes, roughly: the buffer, the master, this object and its tree node and key. */
    long memory() { return 16 + buf.length + 16 + master.length + 16 + 2L * marks.length + 72 + 40 + 32; }

    StreamId firstId() { return cursor().id(); }

    StreamId lastId() { return new StreamId(lastMs, lastSeq); }

    int compareLast(StreamId id) {
        int c = Long.compareUnsigned(lastMs, id.ms());
        return c != 0 ? c : Long.compareUnsigned(lastSeq, id.seq());
    }

    /**
     * Append an entry whose ID is above every ID here, if it fits: fewer than MAX_ENTRIES entries
     * and MAX_BYTES bytes, and an ID close enough to the base. Answers false otherwise, and then
     * drops its spare capacity, since a refused chunk never grows again (only the last chunk
     * takes appends, and the caller starts a new one).
     */
    boolean offer(StreamId id, byte[] packed) {
        boolean same = n < MAX_ENTRIES && sameFields(packed);
        int size = encodedSize(id, packed, same);
        if (n >= MAX_ENTRIES || len + size > MAX_BYTES || Long.compareUnsigned(id.ms() - baseMs, MAX_MS_DELTA) >= 0) {
            if (buf.length != len) buf = Arrays.copyOf(buf, len);
            return false;
        }
        if (len + size > buf.length) buf = Arrays.copyOf(buf, Math.min(MAX_BYTES, Math.max(len + size, buf.length * 2)));
        write(id, packed, same);
        return true;
    }

    private void write(StreamId id, byte[] packed, boolean same) {
        if (n % STRIDE == 0) marks[n / STRIDE] = (char) len;
        long delta = id.ms() - baseMs;
        int p = putVarint(buf, len, delta << 1 | (same ? 1 : 0));
        p = putVarint(buf, p, delta == 0 ? id.seq() - baseSeq : id.seq());
        int argc = Fields.getInt(packed, 0);
        if (!same) p = putVarint(buf, p, argc);
        int q = 4;
        for (int i = 0; i < argc; i++) {
            int l = Fields.getInt(packed, q);
            if (!same || i % 2 == 1) {
                p = putVarint(buf, p, l);
                System.arraycopy(packed, q + 4, buf, p, l);
                p += l;
            }
            q += 4 + l;
        }
        len = p;
        n++;
        lastMs = id.ms();
        lastSeq = id.seq();
    }

    private int encodedSize(StreamId id, byte[] packed, boolean same) {
        long delta = id.ms() - baseMs;
        int size = varintSize(delta << 1) + varintSize(delta == 0 ? id.seq() - baseSeq : id.seq());
        int argc = Fields.getInt(packed, 0);
        if (!same) size += varintSize(argc);
        int q = 4;
        for (int i = 0; i < argc; i++) {
            int l = Fields.getInt(packed, q);
            if (!same || i % 2 == 1) size += varintSize(l) + l;
            q += 4 + l;
        }
        return size;
    }

    /** Whether the packed entry has exactly the master's field names, in the same order. */
    private boolean sameFields(byte[] packed) {
        int argc = Fields.getInt(packed, 0);
        if (argc != 2 * masterFields) return false;
        int m = varintSize(masterFields), q = 4;
        for (int i = 0; i < argc; i++) {
            int l = Fields.getInt(packed, q);
            if (i % 2 == 0) {
                int ml = (int) varintAt(master, m);
                m += varintSize(ml);
                if (ml != l || !Arrays.equals(master, m, m + ml, packed, q + 4, q + 4 + l)) return false;
                m += ml;
            }
            q += 4 + l;
        }
        return true;
    }

    private static byte[] masterOf(byte[] packed, int fields) {
        int size = varintSize(fields), q = 4;
        for (int i = 0; i < 2 * fields; i++) {
            int l = Fields.getInt(packed, q);
            if (i % 2 == 0) size += varintSize(l) + l;
            q += 4 + l;
        }
        byte[] out = new byte[size];
        int p = putVarint(out, 0, fields);
        q = 4;
        for (int i = 0; i < 2 * fields; i++) {
            int l = Fields.getInt(packed, q);
            if (i % 2 == 0) {
                p = putVarint(out, p, l);
                System.arraycopy(packed, q + 4, out, p, l);
                p += l;
            }
            q += 4 + l;
        }
        return out;
    }

    /** A cursor on the first entry (done() when the chunk is empty). */
    Cursor cursor() { return at(0); }

    /** A cursor on entry i: from the nearest mark, at most STRIDE - 1 entries to skip. */
    private Cursor at(int i) {
        Cursor c = new Cursor(this);
        c.moveToMark(i / STRIDE);
        while (c.index < i) c.advance();
        return c;
    }

    /**
     * The last mark whose entry is below id (or at most id when inclusive), -1 if none: a binary
     * search that decodes one ID per step.
     */
    private int lastMark(StreamId id, boolean inclusive) {
        Cursor probe = new Cursor(this);
        int lo = 0, hi = (n + STRIDE - 1) / STRIDE - 1, found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            probe.moveToMark(mid);
            int c = probe.compareTo(id);
            if (c < 0 || inclusive && c == 0) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found;
    }

    /** A cursor on the first entry whose ID is >= id (done() if there is none). */
    Cursor seek(StreamId id) {
        Cursor c = new Cursor(this);
        c.moveToMark(Math.max(0, lastMark(id, false)));
        while (!c.done() && c.compareTo(id) < 0) c.advance();
        return c;
    }

    /** A cursor on the last entry whose ID is <= id (done() if there is none). */
    Cursor seekBack(StreamId id) {
        Cursor c = new Cursor(this);
        int g = lastMark(id, true);
        if (g < 0) {
            c.index = -1;
            return c;
        }
        c.moveToMark(g);
        c.recordGroup();                    // the offsets back() needs, taken on the way
        while (!c.done() && c.index < c.groupStart + STRIDE && c.compareTo(id) <= 0) {
            c.group[c.index - c.groupStart] = c.at;
            c.advance();
        }
        c.back();
        return c;
    }

    /** Remove the entry with this ID; answers whether it was here (Redis: streamDeleteItem). */
    boolean remove(StreamId id) {
        Cursor c = seek(id);
        if (c.done() || c.compareTo(id) != 0) return false;
        System.arraycopy(buf, c.end, buf, c.at, len - c.end);
        len -= c.end - c.at;
        n--;
        reindex();
        if (c.index == n && n > 0) {        // it was the last entry: find the new last one
            Cursor last = at(n - 1);
            lastMs = last.ms;
            lastSeq = last.seq;
        }
        return true;
    }

    /** Remove the first k entries (k < size()). */
    void removeHead(int k) {
        int cut = at(k).at;
        System.arraycopy(buf, cut, buf, 0, len - cut);
        len -= cut;
        n -= k;
        reindex();
    }

    /** Recompute the marks after bytes moved: one pass over the entries. */
    private void reindex() {
        Cursor c = new Cursor(this);
        c.load();
        for (; !c.done(); c.advance()) {
            if (c.index % STRIDE == 0) marks[c.index / STRIDE] = (char) c.at;
        }
    }

    /**
     * An entry in Fields' packed format, in one pass: the cursor's load() already counted its
     * arguments (argc) and their bytes (data), which size the array.
     */
    private byte[] packed(Cursor e) {
        boolean same = e.same;
        byte[] out = new byte[4 + 4 * e.argc + e.data + (same ? masterNameBytes : 0)];
        putInt(out, 0, e.argc);
        int v = e.body, m = varintSize(masterFields), q = 4;
        for (int i = 0; i < e.argc; i++) {
            boolean name = same && i % 2 == 0;
            byte[] from = name ? master : buf;
            int at = name ? m : v;
            int l = (int) varintAt(from, at);
            at += varintSize(l);
            putInt(out, q, l);
            System.arraycopy(from, at, out, q + 4, l);
            q += 4 + l;
            if (name) m = at + l; else v = at + l;
        }
        return out;
    }

    /** The varint at b[p] (for lengths, which are ints). */
    private static long varintAt(byte[] b, int p) {
        long v = 0;
        for (int shift = 0; ; shift += 7) {
            byte x = b[p++];
            v |= (long) (x & 0x7f) << shift;
            if (x >= 0) return v;
        }
    }

    /**
     * A position in a chunk: the entry number, its offset, and its decoded ID. Also a plain
     * varint reader over any byte[] (then only p and varint() are used).
     */
    static final class Cursor {
        private final StreamChunk ch;
        private byte[] bytes;
        int p;
        private int index, at, end, body, argc, data;
        private long ms, seq;
        private boolean same;
        /** Offsets of entries groupStart .. groupStart + STRIDE - 1, for walking backwards. */
        private int[] group;
        private int groupStart = -1;

        private Cursor(StreamChunk ch) {
            this.ch = ch;
            this.bytes = ch.buf;
        }

        private Cursor(byte[] bytes) {
            this.ch = null;
            this.bytes = bytes;
        }

        boolean done() { return index < 0 || index >= ch.n; }

        /** The entry number in the chunk (size() when past the last). */
        int index() { return index; }

        StreamId id() { return new StreamId(ms, seq); }

        int compareTo(StreamId id) {
            int c = Long.compareUnsigned(ms, id.ms());
            return c != 0 ? c : Long.compareUnsigned(seq, id.seq());
        }

        StreamLog.Entry entry() { return new StreamLog.Entry(id(), ch.packed(this)); }

        byte[] packed() { return ch.packed(this); }

        void advance() {
            at = end;
            index++;
            load();
        }

        /** Move to the previous entry (done() before the first). */
        void back() {
            index--;
            if (index < 0) return;
            int g = index / STRIDE;
            if (groupStart != g * STRIDE) {   // entering an earlier group: note its offsets
                int target = index;
                moveToMark(g);
                recordGroup();
                for (; index < target; advance()) group[index - groupStart] = at;
                group[index - groupStart] = at;
                return;
            }
            at = group[index - groupStart];
            load();
        }

        private void moveToMark(int g) {
            index = g * STRIDE;
            at = ch.marks[g];
            load();
        }

        private void recordGroup() {
            if (group == null) group = new int[STRIDE];
            groupStart = index;
        }

        /** Decode the entry at `at`: its ID, where its fields start, where it ends. */
        private void load() {
            if (done()) return;
            bytes = ch.buf;                 // an append may have replaced the buffer
            p = at;
            long head = varint();
            long delta = head >>> 1;
            same = (head & 1) != 0;
            ms = ch.baseMs + delta;
            seq = delta == 0 ? ch.baseSeq + varint() : varint();
            argc = same ? 2 * ch.masterFields : (int) varint();
            body = p;
            data = 0;
            for (int i = same ? ch.masterFields : argc; i > 0; i--) data += skip();
            end = p;
        }

        /** Skip a varint length and that many bytes; answers the length. */
        int skip() {
            int l = (int) varint();
            p += l;
            return l;
        }

        long varint() {
            long v = 0;
            for (int shift = 0; ; shift += 7) {
                byte b = bytes[p++];
                v |= (long) (b & 0x7f) << shift;
                if (b >= 0) return v;
            }
        }
    }

    static int varintSize(long v) {
        int size = 1;
        while ((v & ~0x7fL) != 0) { v >>>= 7; size++; }
        return size;
    }

    static int putVarint(byte[] b, int p, long v) {
        while ((v & ~0x7fL) != 0) {
            b[p++] = (byte) (v & 0x7f | 0x80);
            v >>>= 7;
        }
        b[p++] = (byte) v;
        return p;
    }

    private static void putInt(byte[] b, int p, int v) {
        b[p] = (byte) (v >>> 24);
        b[p + 1] = (byte) (v >>> 16);
        b[p + 2] = (byte) (v >>> 8);
        b[p + 3] = (byte) v;
    }
}
