/*
 * What the RDB codec (package dev.rediscover.rdb) needs to see of a stream and to rebuild one,
 * without depending on how the stream keeps its entries, groups and pending lists inside: a
 * read-only view (entries in ID order with their fields, the stream's counters, each group with
 * its pending entries and consumers) and a few builders. Redis's rdb.c reaches straight into the
 * stream struct (rdbSaveObject / rdbLoadObject, the OBJ_STREAM branches); we keep one narrow door.
 */
package dev.rediscover.stream;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

public final class StreamSnapshot {
    private StreamSnapshot() {}

    /** A pending entry of a group: delivered to `consumer`, not acknowledged (streamNACK). */
    public record Pending(StreamId id, long deliveryTime, long deliveryCount, byte[] consumer) {}

    public record Consumer(byte[] name, long seenTime, List<StreamId> pending) {}

    public record Group(byte[] name, StreamId lastId, long entriesRead, List<Pending> pel, List<Consumer> consumers) {}

    /** An entry with its field/value pairs, alternating. */
    public record Entry(StreamId id, byte[][] fields) {}

    // ---------------------------------------------------------------- reading

    public static long length(StreamValue s) { return s.log.size(); }

    public static StreamId lastId(StreamValue s) { return s.lastId; }

    public static StreamId firstId(StreamValue s) { return s.firstId(); }

    public static StreamId maxDeletedId(StreamValue s) { return s.maxDeletedId; }

    public static long entriesAdded(StreamValue s) { return s.entriesAdded; }

    /** The entries in ID order. */
    public static Iterator<Entry> entries(StreamValue s) {
        Iterator<StreamLog.Entry> it = s.log.range(StreamId.MIN, StreamId.MAX, false);
        return new Iterator<>() {
            @Override public boolean hasNext() { return it.hasNext(); }

            @Override public Entry next() {
                StreamLog.Entry e = it.next();
                return new Entry(e.id(), unpack(e.packed()));
            }
        };
    }

    public static List<Group> groups(StreamValue s) {
        List<Group> out = new ArrayList<>(s.groups.size());
        for (var ge : s.groups.entrySet()) {
            ConsumerGroup g = ge.getValue();
            List<Pending> pel = new ArrayList<>(g.pel.size());
            for (var pe : g.pel.entrySet()) {
                ConsumerGroup.Pending p = pe.getValue();
                pel.add(new Pending(pe.getKey(), p.deliveryTime, p.deliveryCount, p.owner.name));
            }
            List<Consumer> consumers = new ArrayList<>(g.consumers.size());
            for (ConsumerGroup.Consumer c : g.consumers.values()) {
                consumers.add(new Consumer(c.name, c.seenTime, new ArrayList<>(c.pel.keySet())));
            }
            out.add(new Group(ge.getKey(), g.lastId, g.entriesRead, pel, consumers));
        }
        return out;
    }

    // ---------------------------------------------------------------- building

    /** Append an entry; IDs must come in increasing order. */
    public static void append(StreamValue s, StreamId id, byte[][] fields) {
        s.log.append(id, Fields.pack(fields, 0, fields.length));
    }

    public static void setCounters(StreamValue s, StreamId lastId, StreamId maxDeletedId, long entriesAdded) {
        s.lastId = lastId;
        s.maxDeletedId = maxDeletedId;
        s.entriesAdded = entriesAdded;
    }

    /** Estimated entries read by a group whose last ID is `id` (for RDB files without it). */
    public static long estimateEntriesRead(StreamValue s, StreamId id) {
        return Groups.distanceFromFirstEver(s, id);
    }

    /** Add a group; false if the name is taken. */
    public static boolean addGroup(StreamValue s, byte[] name, StreamId lastId, long entriesRead) {
        if (s.groups.containsKey(name)) return false;
        s.groups.put(name, new ConsumerGroup(lastId, entriesRead));
        return true;
    }

    /** Add a pending entry to a group, with no owner yet; false if it is already there. */
    public static boolean addPending(StreamValue s, byte[] group, StreamId id, long deliveryTime, long deliveryCount) {
        ConsumerGroup g = s.groups.get(group);
        if (g.pel.containsKey(id)) return false;
        g.pel.put(id, new ConsumerGroup.Pending(null, deliveryTime, deliveryCount));
        return true;
    }

    /** Add a consumer to a group; false if the name is taken. */
    public static boolean addConsumer(StreamValue s, byte[] group, byte[] name, long seenTime) {
        ConsumerGroup g = s.groups.get(group);
        if (g.consumers.containsKey(name)) return false;
        g.consumers.put(name, new ConsumerGroup.Consumer(name, seenTime));
        return true;
    }

    /** Give a group's pending entry to a consumer; false if the group has no such entry or it is owned. */
    public static boolean assignPending(StreamValue s, byte[] group, byte[] consumer, StreamId id) {
        ConsumerGroup g = s.groups.get(group);
        ConsumerGroup.Pending p = g.pel.get(id);
        if (p == null || p.owner != null) return false;
        ConsumerGroup.Consumer c = g.consumers.get(consumer);
        p.owner = c;
        c.pel.put(id, p);
        return true;
    }

    /** True when every pending entry of every group has an owner (a well-formed file). */
    public static boolean allPendingOwned(StreamValue s) {
        for (ConsumerGroup g : s.groups.values()) {
            for (ConsumerGroup.Pending p : g.pel.values()) if (p.owner == null) return false;
        }
        return true;
    }

    private static byte[][] unpack(byte[] packed) {
        int n = Fields.getInt(packed, 0);
        byte[][] out = new byte[n][];
        int p = 4;
        for (int i = 0; i < n; i++) {
            int len = Fields.getInt(packed, p);
            out[i] = new byte[len];
            System.arraycopy(packed, p + 4, out[i], 0, len);
            p += 4 + len;
        }
        return out;
    }
}
