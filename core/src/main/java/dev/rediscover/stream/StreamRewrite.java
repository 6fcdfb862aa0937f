/*
 * A stream as the commands that rebuild it, for an AOF base file written without the RDB
 * preamble (Redis: aof.c, rewriteStreamObject): XADD per entry with its ID, XSETID for the last
 * ID and counters, XGROUP CREATE per consumer group, XGROUP CREATECONSUMER for consumers with
 * nothing pending, and XCLAIM ... FORCE JUSTID for each pending entry, so that the delivery
 * count and time survive.
 */
package dev.rediscover.stream;

import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.function.Consumer;

public final class StreamRewrite {
    private StreamRewrite() {}

    public static void commands(byte[] key, Object value, Consumer<byte[][]> out) {
        StreamValue s = (StreamValue) value;
        Iterator<StreamLog.Entry> it = s.log.range(StreamId.MIN, StreamId.MAX, false);
        if (!it.hasNext()) {
            // An empty stream still exists: add an entry and trim it away at once.
            out.accept(argv("XADD", key, "MAXLEN", "0", s.lastId.bytes(), "x", "y"));
        }
        while (it.hasNext()) {
            StreamLog.Entry e = it.next();
            byte[] p = e.packed();
            int n = Fields.getInt(p, 0);
            byte[][] a = new byte[3 + n][];
            a[0] = b("XADD");
            a[1] = key;
            a[2] = e.id().bytes();
            int at = 4;
            for (int i = 0; i < n; i++) {
                int len = Fields.getInt(p, at);
                a[3 + i] = java.util.Arrays.copyOfRange(p, at + 4, at + 4 + len);
                at += 4 + len;
            }
            out.accept(a);
        }
        out.accept(argv("XSETID", key, s.lastId.bytes(), "ENTRIESADDED", Long.toString(s.entriesAdded),
                "MAXDELETEDID", s.maxDeletedId.bytes()));
        for (var g : s.groups.entrySet()) {
            ConsumerGroup cg = g.getValue();
            out.accept(argv("XGROUP", "CREATE", key, g.getKey(), cg.lastId.bytes(), "ENTRIESREAD", Long.toString(cg.entriesRead)));
            for (ConsumerGroup.Consumer c : cg.consumers.values()) {
                if (c.pel.isEmpty()) {
                    out.accept(argv("XGROUP", "CREATECONSUMER", key, g.getKey(), c.name));
                    continue;
                }
                for (var pe : c.pel.entrySet()) {
                    ConsumerGroup.Pending nack = pe.getValue();
                    out.accept(argv("XCLAIM", key, g.getKey(), c.name, "0", pe.getKey().bytes(),
                            "TIME", Long.toString(nack.deliveryTime), "RETRYCOUNT", Long.toString(nack.deliveryCount),
                            "JUSTID", "FORCE"));
                }
            }
        }
    }

    private static byte[] b(String s) { return s.getBytes(StandardCharsets.UTF_8); }

    /** Arguments given as Strings or byte arrays. */
    private static byte[][] argv(Object... parts) {
        byte[][] a = new byte[parts.length][];
        for (int i = 0; i < parts.length; i++) a[i] = parts[i] instanceof byte[] x ? x : b((String) parts[i]);
        return a;
    }
}
