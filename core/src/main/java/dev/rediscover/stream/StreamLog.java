/*
 * The entries of one stream, ordered by ID: a TreeMap from each chunk's first ID to a StreamChunk,
 * a single byte[] holding up to 100 consecutive entries (or about 4 KB of them) in a compact
 * encoding. Only the last chunk takes appends.
 *
 * Why this shape. A stream is typically millions of small, similar entries that arrive in ID
 * order and are read in ranges. Redis stores it in two levels (t_stream.c, stream.h): a radix
 * tree (rax) whose keys are the 128-bit big-endian IDs of each node's first entry, and under each
 * key a listpack (one contiguous allocation) of up to stream-node-max-entries (100) entries or
 * stream-node-max-bytes (4096). Inside a listpack the first entry is the "master": later entries
 * store their ID as a difference from the master's, and when their field names are the master's,
 * only a flag and the values (streamAppendItem). So an entry costs about 30 bytes, not a tree
 * node, an ID object and an object per field.
 *
 * We keep both levels and both tricks. The upper level is a TreeMap instead of a radix tree: the
 * JDK has one, and with one node per 100 entries its per-node cost (about 70 bytes with the key)
 * is under a byte per entry, so the radix tree's prefix sharing would buy little. Finding the
 * chunk for an ID is floorEntry, O(log(N/100)). The lower level is StreamChunk: varint ID deltas
 * against the chunk's master ID, values only when the field names match the master's (see its
 * header). An entry "f v" with a 16-byte value costs about 21 bytes here, Redis about 31
 * (bench/memory.sh, KIND=stream).
 *
 * Inside a chunk, entries have different lengths, so there is no array to binary-search: a
 * small index of every 16th entry's offset narrows the search to 16 entries, then a forward scan
 * (Redis scans its whole node). Iterators decode one entry at a time and hand it out in Fields'
 * packed format, so callers never see the compact encoding.
 *
 * Deletion (XDEL) cuts the entry's bytes out of its chunk (at most ~4 KB to move); Redis only
 * flags it deleted inside the listpack. An emptied chunk leaves the tree; a chunk whose first
 * entry goes is re-keyed by its new first ID.
 */
package dev.rediscover.stream;

import dev.rediscover.lab.Lab;

import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.TreeMap;

public final class StreamLog {
    /** Entries per chunk: Redis's stream-node-max-entries default. */
    static final int CHUNK_ENTRIES = StreamChunk.MAX_ENTRIES;

    /** One entry as iteration hands it out: its ID and packed fields (see Fields). */
    public record Entry(StreamId id, byte[] packed) {}

    private final TreeMap<StreamId, StreamChunk> chunks = new TreeMap<>();
    private long size;

    public long size() { return size; }

    /** Number of chunks (XINFO STREAM's radix-tree-keys/nodes stand-in). */
    public long chunkCount() { return chunks.size(); }

    /** Approximate heap bytes of the entries (a walk over the chunks: MEMORY USAGE only). */
    public long memory() {
        long total = 0;
        for (StreamChunk ch : chunks.values()) total += ch.memory();
        return total;
    }

    // tag::append[]
    /**
     * Append an entry whose ID is greater than every ID in the log (Redis: streamAppendItem).
     * packed is in Fields' format; the chunk keeps its own compact copy.
     */
    @Lab(9)
    public void append(StreamId id, byte[] packed) {
        Map.Entry<StreamId, StreamChunk> last = chunks.lastEntry();
        if (last == null || !last.getValue().offer(id, packed)) {
            chunks.put(id, new StreamChunk(id, packed));   // full (or none yet): start a chunk
        }
        size++;
    }
    // end::append[]

    /** Remove the entry with this ID; answers whether it was there (Redis: streamDeleteItem). */
    public boolean delete(StreamId id) {
        Map.Entry<StreamId, StreamChunk> e = chunks.floorEntry(id);
        if (e == null || !e.getValue().remove(id)) return false;
        size--;
        StreamChunk ch = e.getValue();
        if (e.getKey().equals(id)) {                // the chunk's first entry: re-key it
            chunks.remove(id);
            if (ch.size() > 0) chunks.put(ch.firstId(), ch);
        }
        return true;
    }

    public StreamId firstId() {
        Map.Entry<StreamId, StreamChunk> e = chunks.firstEntry();
        return e == null ? null : e.getKey();
    }

    public StreamId lastId() {
        Map.Entry<StreamId, StreamChunk> e = chunks.lastEntry();
        return e == null ? null : e.getValue().lastId();
    }

    /** The packed fields of the entry with this ID, or null. */
    public byte[] get(StreamId id) {
        Map.Entry<StreamId, StreamChunk> e = chunks.floorEntry(id);
        if (e == null) return null;
        StreamChunk.Cursor c = e.getValue().seek(id);
        return !c.done() && c.compareTo(id) == 0 ? c.packed() : null;
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
            Map.Entry<StreamId, StreamChunk> e = chunks.firstEntry();
            StreamChunk ch = e.getValue();
            if (minId == null ? size <= maxLen : e.getKey().compareTo(minId) >= 0) break;
            boolean whole = minId == null ? size - ch.size() >= maxLen : ch.compareLast(minId) < 0;
            if (whole) {
                if (limit > 0 && removed + ch.size() > limit) break;
                chunks.remove(e.getKey());
                size -= ch.size();
                removed += ch.size();
                continue;
            }
            if (approx) break;
            int k = minId == null ? (int) (size - maxLen) : ch.seek(minId).index();
            ch.removeHead(k);
            size -= k;
            removed += k;
            chunks.remove(e.getKey());
            chunks.put(ch.firstId(), ch);
            break;
        }
        return removed;
    }

    /** Entries with start <= id <= end, ascending, or descending when reverse. */
    @Lab(9)
    public Iterator<Entry> range(StreamId start, StreamId end, boolean reverse) {
        return reverse ? new Backward(start, end) : new Forward(start, end);
    }

    /** Walks chunks from the one that can hold start (floorKey), entry by entry up to end. */
    private final class Forward implements Iterator<Entry> {
        private final StreamId end;
        private final Iterator<StreamChunk> rest;
        private StreamChunk.Cursor at;

        Forward(StreamId start, StreamId end) {
            this.end = end;
            StreamId from = chunks.floorKey(start);
            rest = (from == null ? chunks : chunks.tailMap(from, true)).values().iterator();
            at = rest.hasNext() ? rest.next().seek(start) : null;
            settle();
        }

        private void settle() {
            while (at != null && at.done()) at = rest.hasNext() ? rest.next().cursor() : null;
            if (at != null && at.compareTo(end) > 0) at = null;
        }

        @Override public boolean hasNext() { return at != null; }

        @Override
        public Entry next() {
            if (at == null) throw new NoSuchElementException();
            Entry e = at.entry();
            at.advance();
            settle();
            return e;
        }
    }

    /** Walks chunks down from the one that can hold end, entry by entry down to start. */
    private final class Backward implements Iterator<Entry> {
        private final StreamId start;
        private final Iterator<StreamChunk> rest;
        private StreamChunk.Cursor at;

        Backward(StreamId start, StreamId end) {
            this.start = start;
            rest = chunks.headMap(end, true).descendingMap().values().iterator();
            at = rest.hasNext() ? rest.next().seekBack(end) : null;
            settle();
        }

        private void settle() {
            while (at != null && at.done()) at = rest.hasNext() ? rest.next().seekBack(StreamId.MAX) : null;
            if (at != null && at.compareTo(start) < 0) at = null;
        }

        @Override public boolean hasNext() { return at != null; }

        @Override
        public Entry next() {
            if (at == null) throw new NoSuchElementException();
            Entry e = at.entry();
            at.back();
            settle();
            return e;
        }
    }

    StreamLog copy() {
        StreamLog l = new StreamLog();
        for (Map.Entry<StreamId, StreamChunk> e : chunks.entrySet()) l.chunks.put(e.getKey(), e.getValue().copy());
        l.size = size;
        return l;
    }
}
