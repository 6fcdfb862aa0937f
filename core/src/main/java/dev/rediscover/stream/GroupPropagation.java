/*
 * What consumer-group reads and claims propagate. Which entries XREADGROUP delivers, and when,
 * is not something a replay could reproduce (the delivery time is "now"), so Redis propagates
 * each delivery as an explicit claim (t_stream.c, streamPropagateXCLAIM):
 *
 *   XCLAIM key group consumer 0 id TIME <ms> RETRYCOUNT <n> FORCE JUSTID LASTID <id>
 *
 * and a NOACK read, which leaves nothing pending, as XGROUP SETID key group <id> ENTRIESREAD <n>
 * (streamPropagateGroupID). XCLAIM and XAUTOCLAIM propagate the same explicit claim for every
 * entry they moved. The commands themselves are not propagated.
 */
package dev.rediscover.stream;

import dev.rediscover.propagation.Propagation;
import dev.rediscover.server.Client;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

final class GroupPropagation {
    private GroupPropagation() {}

    private static final byte[] XCLAIM = Propagation.bytes("XCLAIM"), XGROUP = Propagation.bytes("XGROUP"),
            SETID = Propagation.bytes("SETID"), ENTRIESREAD = Propagation.bytes("ENTRIESREAD"),
            ZERO = Propagation.bytes("0"), TIME = Propagation.bytes("TIME"), RETRYCOUNT = Propagation.bytes("RETRYCOUNT"),
            FORCE = Propagation.bytes("FORCE"), JUSTID = Propagation.bytes("JUSTID"), LASTID = Propagation.bytes("LASTID");

    /** After XREADGROUP ... > delivered the entries after `before`, up to the group's last ID. */
    static void delivered(Client c, byte[] key, byte[] group, StreamValue s, ConsumerGroup g,
                          ConsumerGroup.Consumer consumer, StreamId before, boolean noack) {
        Propagation.prevent(c);
        StreamId from = before.next();
        if (from == null || g.lastId.compareTo(before) <= 0) return;
        c.server.keyspace.dirty++;
        if (noack) {
            Propagation.also(c, XGROUP, SETID, key, group, g.lastId.bytes(), ENTRIESREAD, Propagation.bytes(g.entriesRead));
            return;
        }
        Iterator<StreamLog.Entry> it = s.log.range(from, g.lastId, false);
        while (it.hasNext()) {
            StreamId id = it.next().id();
            ConsumerGroup.Pending p = g.pel.get(id);
            if (p != null) claim(c, key, group, consumer.name, id, p, id);
        }
    }

    private static void claim(Client c, byte[] key, byte[] group, byte[] consumer, StreamId id,
                              ConsumerGroup.Pending p, StreamId lastId) {
        Propagation.also(c, XCLAIM, key, group, consumer, ZERO, id.bytes(), TIME, Propagation.bytes(p.deliveryTime),
                RETRYCOUNT, Propagation.bytes(p.deliveryCount), FORCE, JUSTID, LASTID, lastId.bytes());
    }

    /** The state of a group's pending entries before an XCLAIM/XAUTOCLAIM, to see what it changed. */
    record Before(ConsumerGroup group, Map<StreamId, long[]> pending) {}

    static Before snapshot(Client c) {
        StreamValue s = StreamCommands.streamOf(c.db.peek(c.argv[1]));
        ConsumerGroup g = s == null ? null : s.groups.get(c.argv[2]);
        if (g == null) return null;
        Map<StreamId, long[]> m = new HashMap<>(g.pel.size() * 2);
        for (var e : g.pel.entrySet()) {
            ConsumerGroup.Pending p = e.getValue();
            m.put(e.getKey(), new long[] {System.identityHashCode(p.owner), p.deliveryTime, p.deliveryCount});
        }
        return new Before(g, m);
    }

    /** After XCLAIM/XAUTOCLAIM: one explicit claim per entry whose owner, time or count changed. */
    static void claimed(Client c, Before before) {
        Propagation.prevent(c);
        if (before == null) return;
        ConsumerGroup g = before.group();
        List<StreamId> changed = new ArrayList<>();
        for (var e : g.pel.entrySet()) {
            ConsumerGroup.Pending p = e.getValue();
            long[] old = before.pending().get(e.getKey());
            if (old == null || old[0] != System.identityHashCode(p.owner) || old[1] != p.deliveryTime || old[2] != p.deliveryCount) {
                changed.add(e.getKey());
            }
        }
        for (StreamId id : changed) {
            ConsumerGroup.Pending p = g.pel.get(id);
            c.server.keyspace.dirty++;
            claim(c, c.argv[1], c.argv[2], p.owner.name, id, p, g.lastId);
        }
    }

    /** How many entries the group at argv[2] of the stream at argv[1] has pending (XACK's effect). */
    static long pending(Client c) {
        StreamValue s = StreamCommands.streamOf(c.db.peek(c.argv[1]));
        ConsumerGroup g = s == null ? null : s.groups.get(c.argv[2]);
        return g == null ? 0 : g.pel.size();
    }
}
