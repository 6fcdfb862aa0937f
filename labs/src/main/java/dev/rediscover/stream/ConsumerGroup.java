/*
 * A consumer group of one stream: the last ID delivered to it, how many entries it has read
 * (for lag), its pending entries list (PEL: delivered, not yet acknowledged) and its consumers.
 * Redis: streamCG, streamNACK and streamConsumer in stream.h.
 */
package dev.rediscover.stream;

import java.util.Arrays;
import java.util.TreeMap;

final class ConsumerGroup {
    /** A delivered, unacknowledged entry (Redis: streamNACK). */
    static final class Pending {
        Consumer owner;
        long deliveryTime;
        long deliveryCount;

        Pending(Consumer owner, long deliveryTime, long deliveryCount) {
            this.owner = owner;
            this.deliveryTime = deliveryTime;
            this.deliveryCount = deliveryCount;
        }
    }

    /** A named reader of the group, with its own view of the PEL (Redis: streamConsumer). */
    static final class Consumer {
        final byte[] name;
        long seenTime;
        final TreeMap<StreamId, Pending> pel = new TreeMap<>();

        Consumer(byte[] name, long seenTime) {
            this.name = name;
            this.seenTime = seenTime;
        }
    }

    StreamId lastId;
    /** Entries read, or -1 when unknown (Redis: SCG_INVALID_ENTRIES_READ). */
    long entriesRead;
    final TreeMap<StreamId, Pending> pel = new TreeMap<>();
    final TreeMap<byte[], Consumer> consumers = new TreeMap<>(Arrays::compareUnsigned);

    ConsumerGroup(StreamId lastId, long entriesRead) {
        this.lastId = lastId;
        this.entriesRead = entriesRead;
    }

    ConsumerGroup copy() {
        ConsumerGroup g = new ConsumerGroup(lastId, entriesRead);
        for (Consumer c : consumers.values()) {
            Consumer nc = new Consumer(c.name, c.seenTime);
            g.consumers.put(c.name, nc);
        }
        for (var e : pel.entrySet()) {
            Pending p = e.getValue();
            Consumer owner = g.consumers.get(p.owner.name);
            Pending np = new Pending(owner, p.deliveryTime, p.deliveryCount);
            g.pel.put(e.getKey(), np);
            owner.pel.put(e.getKey(), np);
        }
        return g;
    }
}
