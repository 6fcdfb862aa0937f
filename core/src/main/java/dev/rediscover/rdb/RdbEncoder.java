/*
 * Writes Redis's RDB format (version 10, as Redis 7.0 does): the header, aux fields, database
 * selectors, each key with its expiry, type and value, and the EOF marker with its CRC64.
 * Redis does this in rdb.c (rdbSaveRio, rdbSaveKeyValuePair, rdbSaveObject).
 *
 * The encoder writes to any OutputStream and computes the checksum as it goes, so the same code
 * serves SAVE (a file), BGSAVE (buffers filled on the event loop, written by another thread),
 * DUMP (a byte array) and the AOF's RDB preamble.
 *
 * Building blocks (rdbSaveLen, rdbSaveRawString):
 *   length   00LLLLLL (< 64), 01LLLLLL LLLLLLLL (< 16384, big endian), 0x80 + u32 BE, 0x81 + u64 BE
 *   string   a length and the bytes; or 11000000/01/10 + an int8/16/32 (little endian) for a
 *            short string that is a canonical integer; or 11000011 <clen> <len> LZF bytes
 *
 * Each value goes out in the encoding Redis 7.0 would write for it: the compact forms (listpack,
 * intset) as one string holding the genuine packed bytes, the big ones element by element.
 */
package dev.rediscover.rdb;

import dev.rediscover.command.Args;
import dev.rediscover.keyspace.MutableString;
import dev.rediscover.keyspace.RedisObject;
import dev.rediscover.resp.NumberFormat;
import dev.rediscover.stream.StreamId;
import dev.rediscover.stream.StreamSnapshot;
import dev.rediscover.stream.StreamValue;
import dev.rediscover.types.hash.HashValue;
import dev.rediscover.types.list.QuickList;
import dev.rediscover.types.set.SetValue;
import dev.rediscover.types.zset.SortedSet;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import static dev.rediscover.rdb.RdbTypes.*;

public final class RdbEncoder {
    /** The RDB version Redis 7.0 writes. */
    public static final int RDB_VERSION = 10;
    /** Strings up to this long are not worth compressing (rdbSaveRawString: len > 20). */
    static final int COMPRESS_MIN = 20;
    /** Entries per stream node, as stream-node-max-entries. */
    static final int STREAM_NODE_ENTRIES = 100;

    private final OutputStream out;
    private final boolean compress;
    private long crc;
    private long written;
    private final byte[] scratch = new byte[9];
    private int[] lzfTable;
    /** Small writes gather here: one OutputStream call per key or so, not one per byte. */
    private final byte[] buf = new byte[8192];
    private int used;

    /** compress: rdbcompression (LZF for strings longer than 20 bytes). */
    public RdbEncoder(OutputStream out, boolean compress) {
        this.out = out;
        this.compress = compress;
    }

    /** Bytes written so far (every public method leaves nothing buffered). */
    public long written() { return written; }

    /** "REDIS0010". */
    public void header() throws IOException {
        raw(("REDIS" + String.format("%04d", RDB_VERSION)).getBytes(StandardCharsets.US_ASCII));
        flush();
    }

    /** An aux field (RDB_OPCODE_AUX): redis-ver, redis-bits, ctime, used-mem, aof-base... */
    public void aux(String key, String value) throws IOException {
        u8(OPCODE_AUX);
        string(key.getBytes(StandardCharsets.UTF_8));
        string(value.getBytes(StandardCharsets.UTF_8));
        flush();
    }

    /** An aux field whose value is a number, integer-encoded as Redis's rdbSaveAuxFieldStrInt does. */
    public void auxLong(String key, long value) throws IOException {
        aux(key, Long.toString(value));
    }

    /** SELECTDB id, then RESIZEDB with the hash table sizes hints. */
    public void selectDb(int id, long keys, long expires) throws IOException {
        u8(OPCODE_SELECTDB);
        length(id);
        u8(OPCODE_RESIZEDB);
        length(keys);
        length(expires);
        flush();
    }

    /** One key: [EXPIRETIME_MS when], value type, key, value. */
    public void keyValue(byte[] key, RedisObject o) throws IOException {
        if (o.hasExpiry()) {
            u8(OPCODE_EXPIRETIME_MS);
            le(o.expireAt, 8);
        }
        u8(typeOf(o.value));
        string(key);
        value(o.value);
        flush();
    }

    /** The EOF opcode and the 8-byte CRC64 of everything written before it (zero if !checksum). */
    public void eof(boolean checksum) throws IOException {
        u8(OPCODE_EOF);
        flush();
        le(checksum ? crc : 0, 8);
        flush();
    }

    /** DUMP's payload: type, value, the 2-byte RDB version and the CRC64 footer. */
    public static byte[] dump(RedisObject o) {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        RdbEncoder e = new RdbEncoder(buf, true);
        try {
            e.u8(typeOf(o.value));
            e.value(o.value);
            e.le(RDB_VERSION, 2);
            e.flush();
            e.le(e.crc, 8);
            e.flush();
        } catch (IOException x) {
            throw new UncheckedIOException(x);       // a ByteArrayOutputStream does not fail
        }
        return buf.toByteArray();
    }

    // ---------------------------------------------------------------- types

    /** The RDB type byte a value is written with (rdbSaveObjectType). */
    static int typeOf(Object v) {
        if (v instanceof byte[] || v instanceof MutableString) return STRING;
        if (v instanceof QuickList) return LIST_QUICKLIST_2;
        if (v instanceof SetValue s) return s.isIntset() ? SET_INTSET : SET;
        if (v instanceof HashValue h) return h.isListpack() ? HASH_LISTPACK : HASH;
        if (v instanceof SortedSet z) return z.isListpack() ? ZSET_LISTPACK : ZSET_2;
        if (v instanceof StreamValue) return STREAM_LISTPACKS_2;
        throw new IllegalArgumentException("no RDB type for " + v.getClass());
    }

    /** The value, in the form typeOf announced (rdbSaveObject). */
    void value(Object v) throws IOException {
        if (v instanceof byte[] b) string(b, 0, b.length);
        else if (v instanceof MutableString m) string(m.array(), 0, m.length());
        else if (v instanceof QuickList q) list(q);
        else if (v instanceof SetValue s) set(s);
        else if (v instanceof HashValue h) hash(h);
        else if (v instanceof SortedSet z) zset(z);
        else if (v instanceof StreamValue s) stream(s);
        else throw new IllegalArgumentException("no RDB encoding for " + v.getClass());
    }

    /** A quicklist as nodes of listpacks, each sized as list-max-listpack-size allows. */
    private void list(QuickList q) throws IOException {
        int fill = q.fill();
        int maxBytes = fill < 0 ? 4096 << Math.min(-fill - 1, 4) : 8192;
        int maxCount = fill > 0 ? fill : Integer.MAX_VALUE;
        List<byte[]> nodes = new ArrayList<>();
        ListpackWriter lp = new ListpackWriter();
        for (QuickList.Cursor c = q.size() == 0 ? null : q.cursorAt(0); c != null && c.valid(); c.forward()) {
            byte[] v = c.value();
            if (lp.count() > 0 && (lp.count() >= maxCount || lp.bytes() + v.length + 11 > maxBytes)) {
                nodes.add(lp.toBytes());
                lp = new ListpackWriter();
            }
            lp.add(v);
        }
        if (lp.count() > 0) nodes.add(lp.toBytes());
        length(nodes.size());
        for (byte[] n : nodes) {
            length(QUICKLIST_NODE_PACKED);
            string(n, 0, n.length);
        }
    }

    private void set(SetValue s) throws IOException {
        if (s.isIntset()) {
            long[] v = new long[s.size()];
            int[] n = {0};
            s.forEach(m -> v[n[0]++] = Args.parseLong(m));
            java.util.Arrays.sort(v, 0, n[0]);
            string(CompactEncodings.intset(v, n[0]));
            return;
        }
        length(s.size());
        IOException[] err = {null};
        s.forEach(m -> { if (err[0] == null) try { string(m); } catch (IOException x) { err[0] = x; } });
        if (err[0] != null) throw err[0];
    }

    private void hash(HashValue h) throws IOException {
        IOException[] err = {null};
        if (h.isListpack()) {
            ListpackWriter lp = new ListpackWriter();
            h.forEach((f, fo, fl, v, vo, vl) -> { lp.add(f, fo, fl); lp.add(v, vo, vl); });
            string(lp.toBytes());
            return;
        }
        length(h.size());
        h.forEach((f, fo, fl, v, vo, vl) -> {
            if (err[0] != null) return;
            try { string(f, fo, fl); string(v, vo, vl); } catch (IOException x) { err[0] = x; }
        });
        if (err[0] != null) throw err[0];
    }

    private void zset(SortedSet z) throws IOException {
        if (z.isListpack()) {
            ListpackWriter lp = new ListpackWriter();
            z.forEach((m, score) -> { lp.add(m); lp.add(NumberFormat.formatDouble(score).getBytes(StandardCharsets.US_ASCII)); });
            string(lp.toBytes());
            return;
        }
        // Redis writes the skip list from the tail, so that loading inserts each element at the head.
        List<byte[]> members = new ArrayList<>(z.size());
        List<Double> scores = new ArrayList<>(z.size());
        z.forEach((m, score) -> { members.add(m); scores.add(score); });
        length(members.size());
        for (int i = members.size() - 1; i >= 0; i--) {
            string(members.get(i));
            le(Double.doubleToRawLongBits(scores.get(i)), 8);
        }
    }

    /**
     * A stream (rdbSaveObject, OBJ_STREAM): its nodes (key: the master ID, 16 bytes big endian;
     * value: a listpack of entries delta-encoded against the node's master entry), the counters,
     * then each consumer group with its pending entries and consumers.
     */
    private void stream(StreamValue s) throws IOException {
        List<byte[][]> nodes = new ArrayList<>();          // {key, listpack}
        Iterator<StreamSnapshot.Entry> it = StreamSnapshot.entries(s);
        List<StreamSnapshot.Entry> batch = new ArrayList<>(STREAM_NODE_ENTRIES);
        while (it.hasNext()) {
            batch.add(it.next());
            if (batch.size() == STREAM_NODE_ENTRIES) { nodes.add(streamNode(batch)); batch.clear(); }
        }
        if (!batch.isEmpty()) nodes.add(streamNode(batch));
        length(nodes.size());
        for (byte[][] n : nodes) { string(n[0]); string(n[1]); }
        length(StreamSnapshot.length(s));
        id(StreamSnapshot.lastId(s));
        id(StreamSnapshot.firstId(s));
        id(StreamSnapshot.maxDeletedId(s));
        length(StreamSnapshot.entriesAdded(s));
        List<StreamSnapshot.Group> groups = StreamSnapshot.groups(s);
        length(groups.size());
        for (StreamSnapshot.Group g : groups) {
            string(g.name());
            id(g.lastId());
            length(g.entriesRead());
            length(g.pel().size());
            for (StreamSnapshot.Pending p : g.pel()) {
                raw(rawId(p.id()));
                le(p.deliveryTime(), 8);
                length(p.deliveryCount());
            }
            length(g.consumers().size());
            for (StreamSnapshot.Consumer c : g.consumers()) {
                string(c.name());
                le(c.seenTime(), 8);
                length(c.pending().size());
                for (StreamId id : c.pending()) raw(rawId(id));
            }
        }
    }

    /**
     * One stream node (t_stream.c, streamAppendItem). The master entry is
     *   count deleted num-fields field_1..field_N 0
     * and each entry
     *   flags ms-diff seq-diff [num-fields field_1] value_1 [field_2] value_2 ... lp-count
     * where SAMEFIELDS in flags means "the master's fields, only the values follow", and lp-count
     * is the number of listpack items of the entry before it (so it can be walked backwards).
     */
    private static byte[][] streamNode(List<StreamSnapshot.Entry> entries) {
        StreamSnapshot.Entry first = entries.get(0);
        StreamId master = first.id();
        byte[][] masterFields = new byte[first.fields().length / 2][];
        for (int i = 0; i < masterFields.length; i++) masterFields[i] = first.fields()[2 * i];
        ListpackWriter lp = new ListpackWriter();
        lp.addInt(entries.size()).addInt(0).addInt(masterFields.length);
        for (byte[] f : masterFields) lp.add(f);
        lp.addInt(0);
        for (StreamSnapshot.Entry e : entries) {
            byte[][] fv = e.fields();
            int n = fv.length / 2;
            boolean same = n == masterFields.length;
            for (int i = 0; same && i < n; i++) same = java.util.Arrays.equals(fv[2 * i], masterFields[i]);
            lp.addInt(same ? STREAM_ITEM_FLAG_SAMEFIELDS : 0);
            lp.addInt(e.id().ms() - master.ms());
            lp.addInt(e.id().seq() - master.seq());
            if (same) {
                for (int i = 0; i < n; i++) lp.add(fv[2 * i + 1]);
                lp.addInt(n + 3);
            } else {
                lp.addInt(n);
                for (byte[] x : fv) lp.add(x);
                lp.addInt(2 * n + 4);
            }
        }
        return new byte[][]{rawId(master), lp.toBytes()};
    }

    /** A stream ID as 16 big-endian bytes, the form rax keys and PEL entries take (streamEncodeID). */
    static byte[] rawId(StreamId id) {
        byte[] b = new byte[16];
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (id.ms() >>> (56 - 8 * i));
            b[8 + i] = (byte) (id.seq() >>> (56 - 8 * i));
        }
        return b;
    }

    private void id(StreamId id) throws IOException {
        length(id.ms());
        length(id.seq());
    }

    // ---------------------------------------------------------------- primitives

    /** A length, read as unsigned (rdbSaveLen). */
    void length(long len) throws IOException {
        if (len >= 0 && len < 1 << 6) {
            u8((int) len);
        } else if (len >= 0 && len < 1 << 14) {
            u8(0x40 | (int) (len >>> 8));
            u8((int) len & 0xff);
        } else if (len >= 0 && len <= 0xffffffffL) {
            u8(LEN_32BIT);
            be(len, 4);
        } else {
            u8(LEN_64BIT);
            be(len, 8);
        }
    }

    void string(byte[] s) throws IOException { string(s, 0, s.length); }

    /** A string: integer-encoded if it is a short canonical integer, else LZF if that helps, else raw. */
    void string(byte[] s, int off, int len) throws IOException {
        if (len <= 11 && len > 0 && integerString(s, off, len)) return;
        if (compress && len > COMPRESS_MIN && lzf(s, off, len)) return;
        length(len);
        raw(s, off, len);
    }

    /** rdbTryIntegerEncoding + rdbEncodeInteger: int8, int16 or int32 in place of the digits. */
    private boolean integerString(byte[] s, int off, int len) throws IOException {
        byte[] b = off == 0 && len == s.length ? s : java.util.Arrays.copyOfRange(s, off, off + len);
        if (!Args.isLong(b)) return false;
        long v = Args.parseLong(b);
        if (v >= Byte.MIN_VALUE && v <= Byte.MAX_VALUE) {
            u8(0xC0 | ENC_INT8);
            le(v, 1);
        } else if (v >= Short.MIN_VALUE && v <= Short.MAX_VALUE) {
            u8(0xC0 | ENC_INT16);
            le(v, 2);
        } else if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
            u8(0xC0 | ENC_INT32);
            le(v, 4);
        } else {
            return false;
        }
        return true;
    }

    /** rdbSaveLzfStringObject: only if compression saves at least 4 bytes... */
    private boolean lzf(byte[] s, int off, int len) throws IOException {
        byte[] in = off == 0 ? s : java.util.Arrays.copyOfRange(s, off, off + len);
        byte[] comp = new byte[len - 4];
        if (lzfTable == null) lzfTable = Lzf.newTable();
        int clen = Lzf.compress(in, len, comp, lzfTable);
        if (clen == 0) return false;
        u8(0xC0 | ENC_LZF);
        length(clen);
        length(len);
        raw(comp, 0, clen);
        return true;
    }

    private void u8(int b) throws IOException {
        if (used == buf.length) flush();
        buf[used++] = (byte) b;
    }

    private void le(long v, int n) throws IOException {
        for (int i = 0; i < n; i++) scratch[i] = (byte) (v >>> (8 * i));
        raw(scratch, 0, n);
    }

    private void be(long v, int n) throws IOException {
        for (int i = 0; i < n; i++) scratch[i] = (byte) (v >>> (8 * (n - 1 - i)));
        raw(scratch, 0, n);
    }

    private void raw(byte[] b) throws IOException { raw(b, 0, b.length); }

    private void raw(byte[] b, int off, int len) throws IOException {
        if (len > buf.length - used) {
            flush();
            if (len > buf.length / 2) {                 // big: straight through
                out.write(b, off, len);
                crc = Crc64.update(crc, b, off, len);
                written += len;
                return;
            }
        }
        System.arraycopy(b, off, buf, used, len);
        used += len;
    }

    /**
     * Hand the buffered bytes to the stream (the checksum and byte count are kept as they leave).
     * Each public method ends with a flush, so a caller may look at the stream between keys.
     */
    private void flush() throws IOException {
        if (used == 0) return;
        out.write(buf, 0, used);
        crc = Crc64.update(crc, buf, 0, used);
        written += used;
        used = 0;
    }
}
