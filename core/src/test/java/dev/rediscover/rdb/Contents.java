/*
 * A value's contents as text that does not depend on its encoding or on hash-table order, so a
 * value loaded from a file can be compared with the one it came from: sets and hashes sorted,
 * lists and sorted sets in order, streams with every entry, counter, group, PEL entry and
 * consumer. Bytes are shown hex-escaped where not printable.
 */
package dev.rediscover.rdb;

import dev.rediscover.keyspace.Database;
import dev.rediscover.keyspace.Keyspace;
import dev.rediscover.keyspace.MutableString;
import dev.rediscover.keyspace.RedisObject;
import dev.rediscover.stream.StreamSnapshot;
import dev.rediscover.stream.StreamValue;
import dev.rediscover.types.hash.HashValue;
import dev.rediscover.types.list.QuickList;
import dev.rediscover.types.set.SetValue;
import dev.rediscover.types.zset.SortedSet;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.TreeMap;

final class Contents {
    private Contents() {}

    /** Every key of every database: "db:key -> contents [ttl]". */
    static TreeMap<String, String> of(Keyspace ks) {
        TreeMap<String, String> out = new TreeMap<>();
        for (int i = 0; i < ks.count(); i++) {
            Database db = ks.db(i);
            int id = i;
            db.forEach(e -> out.put(id + ":" + text(e.key()), describe(e.value())));
        }
        return out;
    }

    static String describe(RedisObject o) {
        return describe(o.value) + (o.hasExpiry() ? " expireAt=" + o.expireAt : "");
    }

    static String describe(Object v) {
        if (v instanceof byte[] b) return "string " + text(b);
        if (v instanceof MutableString m) return "string " + text(m.toBytes());
        if (v instanceof QuickList q) {
            List<String> l = new ArrayList<>();
            for (byte[] x : q.toList()) l.add(text(x));
            return "list " + l;
        }
        if (v instanceof SetValue s) {
            List<String> l = new ArrayList<>();
            s.forEach(m -> l.add(text(m)));
            l.sort(null);
            return "set " + l;
        }
        if (v instanceof HashValue h) {
            List<String> l = new ArrayList<>();
            for (byte[][] p : h.pairs()) l.add(text(p[0]) + "=" + text(p[1]));
            l.sort(null);
            return "hash " + l;
        }
        if (v instanceof SortedSet z) {
            List<String> l = new ArrayList<>();
            z.forEach((m, s) -> l.add(text(m) + "=" + s));
            return "zset " + l;
        }
        if (v instanceof StreamValue s) {
            StringBuilder sb = new StringBuilder("stream len=").append(StreamSnapshot.length(s))
                    .append(" last=").append(StreamSnapshot.lastId(s))
                    .append(" first=").append(StreamSnapshot.firstId(s))
                    .append(" maxdel=").append(StreamSnapshot.maxDeletedId(s))
                    .append(" added=").append(StreamSnapshot.entriesAdded(s)).append(" entries=[");
            for (Iterator<StreamSnapshot.Entry> it = StreamSnapshot.entries(s); it.hasNext(); ) {
                StreamSnapshot.Entry e = it.next();
                sb.append(e.id()).append('{');
                for (byte[] f : e.fields()) sb.append(text(f)).append(',');
                sb.append('}');
            }
            sb.append("] groups=[");
            for (StreamSnapshot.Group g : StreamSnapshot.groups(s)) {
                sb.append(text(g.name())).append(" last=").append(g.lastId()).append(" read=").append(g.entriesRead())
                        .append(" pel=");
                for (StreamSnapshot.Pending p : g.pel()) {
                    sb.append(p.id()).append('/').append(p.deliveryTime()).append('/').append(p.deliveryCount())
                            .append('/').append(text(p.consumer())).append(' ');
                }
                sb.append(" consumers=");
                for (StreamSnapshot.Consumer c : g.consumers()) {
                    sb.append(text(c.name())).append('/').append(c.seenTime()).append('/').append(c.pending()).append(' ');
                }
                sb.append(';');
            }
            return sb.append(']').toString();
        }
        throw new IllegalArgumentException(v.getClass().toString());
    }

    static String text(byte[] b) {
        StringBuilder sb = new StringBuilder(b.length);
        for (byte x : b) {
            if (x >= 32 && x < 127 && x != '\\') sb.append((char) x);
            else sb.append(String.format("\\x%02x", x & 0xff));
        }
        return sb.toString();
    }
}
