/*
 * The entries of one stream, ordered by ID: a TreeMap from each chunk's first ID to a Chunk of up
 * to CHUNK_ENTRIES entries held in parallel arrays (two long[] of ID halves and one packed byte[]
 * of fields and values per entry). Only the last chunk takes appends.
 *
 * Why this shape. Redis keeps a radix tree (rax) keyed by the 128-bit big-endian ID of each
 * node's first entry, and each node is a listpack of up to stream-node-max-entries (100) entries,
 * delta-encoded against a "master" entry (t_stream.c: streamAppendItem, lpAppend). The point is
 * that millions of small entries cost a few bytes each, not a pointer-heavy node per entry.
 * A TreeMap of chunks gives the same two levels: O(log(N/100)) tree nodes to find a chunk, then
 * a binary search inside it; one tree node per 100 entries, and per entry two longs plus one
 * byte array (not an object per field and value, and no StreamId object per entry). We skip the
 * master-entry delta encoding: simpler to teach, at a few more bytes per entry.
 *
 * Deletion (XDEL) removes the entry from its chunk by shifting arrays (chunks are small); Redis
 * only flags it deleted inside the listpack. An emptied chunk leaves the tree.
 */
package dev.rediscover.stream;

import dev.rediscover.lab.Lab;

import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.TreeMap;

public final class StreamLog {
    /** Entries per chunk: Redis's stream-node-max-entries default. */
    static final int CHUNK_ENTRIES = 100;

    /** One entry as iteration hands it out: its ID and packed fields (see Fields). */
    public record Entry(StreamId id, byte[] packed) {}

    static final class Chunk {
        long[] ms = new long[8];
        long[] seq = new long[8];
        byte[][] data = new byte[8][];
        int n;
        long bytes;

        StreamId id(int i) { return new StreamId(ms[i], seq[i]); }

        int compareAt(int i, StreamId id) {
            int c = Long.compareUnsigned(ms[i], id.ms());
            return c != 0 ? c : Long.compareUnsigned(seq[i], id.seq());
        }

        /** Index of the first entry >= id (n if none). */
        int lowerBound(StreamId id) {
            int lo = 0, hi = n;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (compareAt(mid, id) < 0) lo = mid + 1; else hi = mid;
            }
            return lo;
        }

        void append(StreamId id, byte[] packed) {
            if (n == ms.length) {
                int cap = Math.min(CHUNK_ENTRIES, n * 2);
                ms = Arrays.copyOf(ms, cap);
                seq = Arrays.copyOf(seq, cap);
                data = Arrays.copyOf(data, cap);
            }
            ms[n] = id.ms();
            seq[n] = id.seq();
            data[n++] = packed;
            bytes += packed.length;
        }

        void removeAt(int i) {
            bytes -= data[i].length;
            int tail = n - i - 1;
            System.arraycopy(ms, i + 1, ms, i, tail);
            System.arraycopy(seq, i + 1, seq, i, tail);
            System.arraycopy(data, i + 1, data, i, tail);
            data[--n] = null;
        }
    }

    private final TreeMap<StreamId, Chunk> chunks = new TreeMap<>();
    private long size;
    private long bytes;

    public long size() { return size; }

    /** Number of chunks (XINFO STREAM's radix-tree-keys/nodes stand-in). */
    public long chunkCount() { return chunks.size(); }

    /** Approximate heap bytes of the entries. */
    public long memory() { return bytes + size * 24 + chunks.size() * 96L; }

    // tag::append[]
    /** Append an entry whose ID is greater than every ID in the log (Redis: streamAppendItem). */
    @Lab(9)
    public void append(StreamId id, byte[] packed) {
        Map.Entry<StreamId, Chunk> last = chunks.lastEntry();
        Chunk ch = last == null ? null : last.getValue();
        if (ch == null || ch.n >= CHUNK_ENTRIES) {
            ch = new Chunk();
            chunks.put(id, ch);
        }
        ch.append(id, packed);
        size++;
        bytes += packed.length;
    }
    // end::append[]

    /** Remove the entry with this ID; answers whether it was there (Redis: streamDeleteItem). */
    public boolean delete(StreamId id) {
        Map.Entry<StreamId, Chunk> e = chunks.floorEntry(id);
        if (e == null) return false;
        Chunk ch = e.getValue();
        int i = ch.lowerBound(id);
        if (i >= ch.n || ch.compareAt(i, id) != 0) return false;
        bytes -= ch.data[i].length;
        ch.removeAt(i);
        size--;
        if (i == 0) {
            chunks.remove(e.getKey());
            if (ch.n > 0) chunks.put(ch.id(0), ch);
        }
        return true;
    }

    public StreamId firstId() {
        Map.Entry<StreamId, Chunk> e = chunks.firstEntry();
        return e == null ? null : e.getKey();
    }

    public StreamId lastId() {
        Map.Entry<StreamId, Chunk> e = chunks.lastEntry();
        return e == null ? null : e.getValue().id(e.getValue().n - 1);
    }

    /** The packed fields of the entry with this ID, or null. */
    public byte[] get(StreamId id) {
        Map.Entry<StreamId, Chunk> e = chunks.floorEntry(id);
        if (e == null) return null;
        Chunk ch = e.getValue();
        int i = ch.lowerBound(id);
        return i < ch.n && ch.compareAt(i, id) == 0 ? ch.data[i] : null;
    }

    /**
     * Remove entries from the head while the log is longer than maxLen or its first ID is below
     * minId (minId null: by length). Exact: entry by entry. Approximate: only whole chunks, as
     * Redis removes only whole radix-tree nodes with `~`. At most limit entries (0 = no limit).
     * Answers how many were removed (Redis: streamTrim).
     */
    public long trim(long maxLen, StreamId minId, boolean approx, long limit) {
        long removed = 0;
        while (!chunks.isEmpty()) {
            Map.Entry<StreamId, Chunk> e = chunks.firstEntry();
            Chunk ch = e.getValue();
            if (minId == null ? size <= maxLen : e.getKey().compareTo(minId) >= 0) break;
            boolean whole = minId == null ? size - ch.n >= maxLen : ch.compareAt(ch.n - 1, minId) < 0;
            if (whole) {
                if (limit > 0 && removed + ch.n > limit) break;
                chunks.remove(e.getKey());
                size -= ch.n;
                bytes -= ch.bytes;
                removed += ch.n;
                continue;
            }
            if (approx) break;
            int k = minId == null ? (int) (size - maxLen) : ch.lowerBound(minId);
            for (int j = 0; j < k; j++) bytes -= ch.data[j].length;
            int tail = ch.n - k;
            System.arraycopy(ch.ms, k, ch.ms, 0, tail);
            System.arraycopy(ch.seq, k, ch.seq, 0, tail);
            System.arraycopy(ch.data, k, ch.data, 0, tail);
            long chunkBytes = 0;
            for (int j = 0; j < tail; j++) chunkBytes += ch.data[j].length;
            Arrays.fill(ch.data, tail, ch.n, null);
            ch.n = tail;
            ch.bytes = chunkBytes;
            size -= k;
            removed += k;
            chunks.remove(e.getKey());
            chunks.put(ch.id(0), ch);
            break;
        }
        return removed;
    }

    /** Entries with start <= id <= end, ascending, or descending when reverse. */
    @Lab(9)
    public Iterator<Entry> range(StreamId start, StreamId end, boolean reverse) {
        return reverse ? new Backward(start, end) : new Forward(start, end);
    }

    private final class Forward implements Iterator<Entry> {
        private final StreamId end;
        private Iterator<Chunk> rest;
        private Chunk ch;
        private int i;

        Forward(StreamId start, StreamId end) {
            this.end = end;
            StreamId from = chunks.floorKey(start);
            rest = (from == null ? chunks : chunks.tailMap(from, true)).values().iterator();
            ch = rest.hasNext() ? rest.next() : null;
            i = ch == null ? 0 : ch.lowerBound(start);
            settle();
        }

        private void settle() {
            while (ch != null && i >= ch.n) {
                ch = rest.hasNext() ? rest.next() : null;
                i = 0;
            }
            if (ch != null && ch.compareAt(i, end) > 0) ch = null;
        }

        @Override public boolean hasNext() { return ch != null; }

        @Override
        public Entry next() {
            if (ch == null) throw new NoSuchElementException();
            Entry e = new Entry(ch.id(i), ch.data[i]);
            i++;
            settle();
            return e;
        }
    }

    private final class Backward implements Iterator<Entry> {
        private final StreamId start;
        private Iterator<Chunk> rest;
        private Chunk ch;
        private int i;

        Backward(StreamId start, StreamId end) {
            this.start = start;
            rest = chunks.headMap(end, true).descendingMap().values().iterator();
            ch = rest.hasNext() ? rest.next() : null;
            if (ch != null) {
                i = ch.lowerBound(end);
                if (i >= ch.n || ch.compareAt(i, end) > 0) i--;
            }
            settle();
        }

        private void settle() {
            while (ch != null && i < 0) {
                ch = rest.hasNext() ? rest.next() : null;
                if (ch != null) i = ch.n - 1;
            }
            if (ch != null && ch.compareAt(i, start) < 0) ch = null;
        }

        @Override public boolean hasNext() { return ch != null; }

        @Override
        public Entry next() {
            if (ch == null) throw new NoSuchElementException();
            Entry e = new Entry(ch.id(i), ch.data[i]);
            i--;
            settle();
            return e;
        }
    }

    StreamLog copy() {
        StreamLog l = new StreamLog();
        for (Chunk ch : chunks.values()) {
            for (int i = 0; i < ch.n; i++) l.append(ch.id(i), ch.data[i]);
        }
        return l;
    }
}
