/*
 * The replication backlog: the last repl-backlog-size bytes of the replication stream, kept in a
 * circular buffer so a replica that lost its link for a moment can ask for "everything after
 * offset N" (PSYNC) instead of a whole new copy of the dataset.
 *
 * Offsets are positions in the stream since the replication ID was created: the master's
 * master_repl_offset is the number of bytes ever fed; byte number k (1-based) is in the backlog
 * while firstByteOffset() <= k <= offset(). Redis keeps the same numbers (server.master_repl_offset,
 * repl_backlog->offset, repl_backlog->histlen) but since 7.0 stores the bytes in a list of shared
 * replication buffer blocks (replication.c, feedReplicationBuffer); a plain ring is the simpler
 * picture of the same idea.
 */
package dev.rediscover.replication;

import dev.rediscover.lab.Lab;

public final class Backlog {
    private byte[] ring;
    private int head;            // where the next byte goes
    private long histlen;        // valid bytes in the ring, at most ring.length
    private long offset;         // offset of the last byte fed (master_repl_offset)

    /** An empty backlog whose next byte will be number offset + 1. */
    public Backlog(long size, long offset) {
        this.ring = new byte[(int) Math.min(Math.max(size, 16 * 1024), Integer.MAX_VALUE - 16)];
        this.offset = offset;
    }

    /** Append stream bytes, overwriting the oldest when full (Redis: feedReplicationBacklog). */
    // tag::append[]
    @Lab(13)
    public void append(byte[] b, int off, int len) {
        offset += len;
        if (len >= ring.length) {            // only the tail survives
            System.arraycopy(b, off + len - ring.length, ring, 0, ring.length);
            head = 0;
            histlen = ring.length;
            return;
        }
        int first = Math.min(len, ring.length - head);
        System.arraycopy(b, off, ring, head, first);
        System.arraycopy(b, off + first, ring, 0, len - first);
        head = (head + len) % ring.length;
        histlen = Math.min(ring.length, histlen + len);
    }
    // end::append[]

    public void append(byte[] b) { append(b, 0, b.length); }

    /** The offset of the last byte fed: master_repl_offset. */
    public long offset() { return offset; }

    /** The stream position of the oldest byte still held (repl_backlog_first_byte_offset). */
    public long firstByteOffset() { return offset - histlen + 1; }

    public long histlen() { return histlen; }

    public long size() { return ring.length; }

    /**
     * True when a replica may resume at byte `from`: it is still here, or it is the next byte
     * (nothing missed). Redis: the range check in masterTryPartialResynchronization.
     */
    // tag::covers[]
    @Lab(13)
    public boolean covers(long from) {
        return from >= firstByteOffset() && from <= offset + 1;
    }
    // end::covers[]

    /** The bytes from stream position `from` to the end. covers(from) must be true (addReplyReplicationBacklog). */
    // tag::since[]
    @Lab(13)
    public byte[] since(long from) {
        int n = (int) (offset + 1 - from);
        byte[] out = new byte[n];
        int start = Math.floorMod(head - n, ring.length);
        int first = Math.min(n, ring.length - start);
        System.arraycopy(ring, start, out, 0, first);
        System.arraycopy(ring, 0, out, first, n - first);
        return out;
    }
    // end::since[]

    /** CONFIG SET repl-backlog-size: keep the newest bytes that fit (resizeReplicationBacklog). */
    public void resize(long size) {
        int n = (int) Math.min(Math.max(size, 16 * 1024), Integer.MAX_VALUE - 16);
        if (n == ring.length) return;
        byte[] keep = since(offset + 1 - Math.min(histlen, n));
        ring = new byte[n];
        head = 0;
        histlen = 0;
        long end = offset;
        offset -= keep.length;
        append(keep);
        offset = end;
    }
}
