/*
 * Reads one value of a given RDB type and builds the engine's object for it (Redis: rdbLoadObject
 * in rdb.c). Every type Redis 7.0 writes, plus the older packed forms (ziplist, zipmap, quicklist
 * of ziplists, the first stream format) and Redis 7.2's set listpack and third stream format.
 *
 * Values are built through the type classes' public operations (push, add, set, insert), so the
 * engine picks its encodings under the same thresholds as for commands. A blob that does not
 * parse, a duplicate member and an empty collection are reported as Redis reports them; an empty
 * collection (possible in files from older versions) is skipped, and object() answers null.
 */
package dev.rediscover.rdb;

import dev.rediscover.command.Args;
import dev.rediscover.keyspace.RedisObject;
import dev.rediscover.stream.StreamId;
import dev.rediscover.stream.StreamSnapshot;
import dev.rediscover.stream.StreamValue;
import dev.rediscover.types.hash.HashValue;
import dev.rediscover.types.list.QuickList;
import dev.rediscover.types.set.SetValue;
import dev.rediscover.types.zset.SortedSet;

import java.io.IOException;
import java.util.List;

import static dev.rediscover.rdb.RdbTypes.*;

final class ValueReader {
    private final RdbInput r;
    private final LoadLimits limits;

    ValueReader(RdbInput r, LoadLimits limits) {
        this.r = r;
        this.limits = limits;
    }

    /** The value of type `type` (whose type byte was at offset `at`), or null for an empty collection. */
    RedisObject object(int type, long at) throws IOException {
        Object v = switch (type) {
            case STRING -> r.string();
            case LIST -> plainList();
            case SET -> plainSet();
            case ZSET, ZSET_2 -> plainZset(type == ZSET_2);
            case HASH -> plainHash();
            case LIST_QUICKLIST, LIST_QUICKLIST_2 -> quicklist(type == LIST_QUICKLIST_2);
            case LIST_ZIPLIST -> listOf(blob(CompactEncodings::ziplistEntries));
            case SET_INTSET -> intset();
            case SET_LISTPACK -> setOf(blob(ValueReader::listpackEntries));
            case HASH_ZIPMAP -> hashOf(blob(CompactEncodings::zipmapEntries));
            case HASH_ZIPLIST -> hashOf(blob(CompactEncodings::ziplistEntries));
            case HASH_LISTPACK -> hashOf(blob(ValueReader::listpackEntries));
            case ZSET_ZIPLIST -> zsetOf(blob(CompactEncodings::ziplistEntries));
            case ZSET_LISTPACK -> zsetOf(blob(ValueReader::listpackEntries));
            case STREAM_LISTPACKS -> stream(1);
            case STREAM_LISTPACKS_2 -> stream(2);
            case STREAM_LISTPACKS_3 -> stream(3);
            case MODULE, MODULE_2 -> throw new RdbFormatException(at, "module value (modules are not supported)");
            default -> throw new RdbFormatException(at, "unknown object type " + type);
        };
        return v == null ? null : new RedisObject(v);
    }

    // ---------------------------------------------------------------- plain forms

    private QuickList plainList() throws IOException {
        int n = r.count();
        QuickList q = new QuickList(limits.listFill());
        for (int i = 0; i < n; i++) q.pushTail(r.string());
        return q.isEmpty() ? null : q;
    }

    private SetValue plainSet() throws IOException {
        long at = r.offset;
        int n = r.count();
        SetValue s = null;
        for (int i = 0; i < n; i++) {
            byte[] m = r.string();
            if (s == null) s = SetValue.createFor(m);
            if (!s.add(m, limits.encoding())) throw new RdbFormatException(at, "duplicate set members detected");
        }
        return s;
    }

    private SortedSet plainZset(boolean binaryScores) throws IOException {
        long at = r.offset;
        int n = r.count();
        SortedSet z = SortedSet.newSkipList();
        for (int i = 0; i < n; i++) {
            byte[] m = r.string();
            double score = binaryScores ? r.binaryDouble() : r.textDouble();
            if (Double.isNaN(score)) throw new RdbFormatException(at, "zset score is not a number");
            if (!Double.isNaN(z.score(m))) throw new RdbFormatException(at, "duplicate zset fields detected");
            z.insert(m, score, limits.zset());
        }
        if (n == 0) return null;
        // Redis converts after loading: the elements come in no useful order for a listpack.
        z.convertToListpackIfFits(limits.zset());
        return z;
    }

    private HashValue plainHash() throws IOException {
        long at = r.offset;
        int n = r.count();
        HashValue h = new HashValue();
        for (int i = 0; i < n; i++) {
            byte[] f = r.string();
            byte[] v = r.string();
            if (!h.set(f, v, limits.encoding())) throw new RdbFormatException(at, "duplicate hash fields detected");
        }
        return n == 0 ? null : h;
    }

    // ---------------------------------------------------------------- packed forms

    /** A quicklist: nodes of ziplists (RDB 9) or of listpacks / plain elements (RDB 10). */
    private QuickList quicklist(boolean v2) throws IOException {
        int nodes = r.count();
        QuickList q = new QuickList(limits.listFill());
        for (int i = 0; i < nodes; i++) {
            long at = r.offset;
            long container = v2 ? r.number() : QUICKLIST_NODE_PACKED;
            if (container == QUICKLIST_NODE_PLAIN) {
                q.pushTail(r.string());
                continue;
            }
            if (container != QUICKLIST_NODE_PACKED) throw new RdbFormatException(at, "unknown quicklist node container " + container);
            List<byte[]> entries = blob(v2 ? ValueReader::listpackEntries : CompactEncodings::ziplistEntries);
            for (byte[] e : entries) q.pushTail(e);
        }
        return q.isEmpty() ? null : q;
    }

    private SetValue intset() throws IOException {
        long at = r.offset;
        byte[] b = r.string();
        long[] v;
        try {
            v = CompactEncodings.intsetValues(b);
        } catch (IllegalArgumentException e) {
            throw new RdbFormatException(at, "intset integrity check failed: " + e.getMessage());
        }
        if (v.length == 0) return null;
        SetValue s = null;
        for (long x : v) {
            byte[] m = Args.bytes(x);
            if (s == null) s = SetValue.createFor(m);
            s.add(m, limits.encoding());
        }
        return s;
    }

    private QuickList listOf(List<byte[]> entries) {
        if (entries.isEmpty()) return null;
        QuickList q = new QuickList(limits.listFill());
        for (byte[] e : entries) q.pushTail(e);
        return q;
    }

    private SetValue setOf(List<byte[]> entries) throws IOException {
        SetValue s = null;
        for (byte[] m : entries) {
            if (s == null) s = SetValue.createFor(m);
            if (!s.add(m, limits.encoding())) throw new RdbFormatException(r.offset, "duplicate set members detected");
        }
        return s;
    }

    private HashValue hashOf(List<byte[]> entries) throws IOException {
        if (entries.size() % 2 != 0) throw new RdbFormatException(r.offset, "hash with an odd number of entries");
        if (entries.isEmpty()) return null;
        HashValue h = new HashValue();
        for (int i = 0; i < entries.size(); i += 2) {
            if (!h.set(entries.get(i), entries.get(i + 1), limits.encoding())) {
                throw new RdbFormatException(r.offset, "duplicate hash fields detected");
            }
        }
        return h;
    }

    private SortedSet zsetOf(List<byte[]> entries) throws IOException {
        if (entries.size() % 2 != 0) throw new RdbFormatException(r.offset, "zset with an odd number of entries");
        if (entries.isEmpty()) return null;
        SortedSet z = SortedSet.newSkipList();
        for (int i = 0; i < entries.size(); i += 2) {
            byte[] m = entries.get(i);
            double score = Args.parseDoubleOr(entries.get(i + 1), Double.NaN);
            if (Double.isNaN(score)) throw new RdbFormatException(r.offset, "bad zset score");
            if (!Double.isNaN(z.score(m))) throw new RdbFormatException(r.offset, "duplicate zset fields detected");
            z.insert(m, score, limits.zset());
        }
        z.convertToListpackIfFits(limits.zset());
        return z;
    }

    // ---------------------------------------------------------------- streams

    /**
     * A stream (rdbLoadObject, RDB_TYPE_STREAM_LISTPACKS*): version 1 has no first/max-deleted
     * IDs, no entries-added counter and no per-group entries-read; version 3 (Redis 7.2) adds a
     * consumer's active time.
     */
    private StreamValue stream(int version) throws IOException {
        StreamValue s = new StreamValue();
        int nodes = r.count();
        for (int i = 0; i < nodes; i++) {
            long at = r.offset;
            byte[] key = r.string();
            if (key.length != 16) throw new RdbFormatException(at, "stream node key entry is not the size of a stream ID");
            long lpAt = r.offset;
            byte[] lp = r.string();
            try {
                streamNode(s, idFrom(key, 0), lp);
            } catch (IllegalArgumentException e) {
                throw new RdbFormatException(lpAt, "stream listpack integrity check failed: " + e.getMessage());
            }
        }
        long length = r.number();
        StreamId lastId = new StreamId(r.number(), r.number());
        StreamId maxDeleted = StreamId.MIN;
        long entriesAdded = length;
        if (version >= 2) {
            r.number();                                       // first ID: recomputed from the entries
            r.number();
            maxDeleted = new StreamId(r.number(), r.number());
            entriesAdded = r.number();
        }
        if (length != StreamSnapshot.length(s)) throw new RdbFormatException(r.offset, "stream length does not match its entries");
        StreamSnapshot.setCounters(s, lastId, maxDeleted, entriesAdded);
        int groups = r.count();
        for (int g = 0; g < groups; g++) {
            long at = r.offset;
            byte[] name = r.string();
            StreamId gLast = new StreamId(r.number(), r.number());
            long entriesRead = version >= 2 ? r.number() : StreamSnapshot.estimateEntriesRead(s, gLast);
            if (!StreamSnapshot.addGroup(s, name, gLast, entriesRead)) throw new RdbFormatException(at, "duplicated consumer group name");
            int pel = r.count();
            for (int p = 0; p < pel; p++) {
                StreamId id = idFrom(r.bytes(16), 0);
                long time = r.le(8);
                long count = r.number();
                if (!StreamSnapshot.addPending(s, name, id, time, count)) throw new RdbFormatException(r.offset, "duplicated global PEL entry");
            }
            int consumers = r.count();
            for (int c = 0; c < consumers; c++) {
                byte[] cname = r.string();
                long seen = r.le(8);
                if (version >= 3) r.le(8);                   // active time (7.2); 7.0 keeps seen time only
                if (!StreamSnapshot.addConsumer(s, name, cname, seen)) throw new RdbFormatException(r.offset, "duplicate stream consumer detected");
                int owned = r.count();
                for (int p = 0; p < owned; p++) {
                    long pAt = r.offset;
                    StreamId id = idFrom(r.bytes(16), 0);
                    if (!StreamSnapshot.assignPending(s, name, cname, id)) {
                        throw new RdbFormatException(pAt, "consumer PEL entry not found in the group PEL");
                    }
                }
            }
        }
        if (!StreamSnapshot.allPendingOwned(s)) throw new RdbFormatException(r.offset, "a group PEL entry has no consumer");
        return s;
    }

    /** The entries of one stream node (see RdbEncoder.streamNode for the layout). */
    private static void streamNode(StreamValue s, StreamId master, byte[] lp) {
        ListpackReader e = new ListpackReader(lp);
        if (!e.hasNext()) throw new IllegalArgumentException("empty listpack inside stream");
        e.nextLong();                                          // count of live entries
        e.nextLong();                                          // count of deleted entries
        int nf = (int) e.nextLong();
        if (nf < 0) throw new IllegalArgumentException("bad master field count");
        byte[][] masterFields = new byte[nf][];
        for (int i = 0; i < nf; i++) masterFields[i] = e.next();
        if (e.nextLong() != 0) throw new IllegalArgumentException("master entry not terminated by 0");
        while (e.hasNext()) {
            int flags = (int) e.nextLong();
            StreamId id = new StreamId(master.ms() + e.nextLong(), master.seq() + e.nextLong());
            byte[][] fv;
            if ((flags & STREAM_ITEM_FLAG_SAMEFIELDS) != 0) {
                fv = new byte[2 * nf][];
                for (int i = 0; i < nf; i++) { fv[2 * i] = masterFields[i]; fv[2 * i + 1] = e.next(); }
            } else {
                int n = (int) e.nextLong();
                if (n < 0) throw new IllegalArgumentException("bad field count");
                fv = new byte[2 * n][];
                for (int i = 0; i < 2 * n; i++) fv[i] = e.next();
            }
            e.nextLong();                                      // lp-count, for walking backwards
            if ((flags & STREAM_ITEM_FLAG_DELETED) == 0) StreamSnapshot.append(s, id, fv);
        }
    }

    private static StreamId idFrom(byte[] b, int off) {
        long ms = 0, seq = 0;
        for (int i = 0; i < 8; i++) {
            ms = ms << 8 | (b[off + i] & 0xff);
            seq = seq << 8 | (b[off + 8 + i] & 0xff);
        }
        return new StreamId(ms, seq);
    }

    // ---------------------------------------------------------------- blobs

    private interface BlobParser { List<byte[]> parse(byte[] b); }

    /** A string holding a packed encoding, parsed; parse errors become format errors at its offset. */
    private List<byte[]> blob(BlobParser p) throws IOException {
        long at = r.offset;
        byte[] b = r.string();
        try {
            return p.parse(b);
        } catch (IllegalArgumentException e) {
            throw new RdbFormatException(at, "packed value integrity check failed: " + e.getMessage());
        }
    }

    static List<byte[]> listpackEntries(byte[] b) {
        ListpackReader lr = new ListpackReader(b);
        List<byte[]> out = new java.util.ArrayList<>();
        while (lr.hasNext()) out.add(lr.next());
        return out;
    }

}
