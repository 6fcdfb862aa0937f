/*
 * What consumer groups do to a stream when entries are delivered: advance the group's last ID
 * and its entries-read counter, and record each delivery in the group's and the consumer's
 * pending lists. Redis: streamReplyWithRange / streamReplyWithRangeFromConsumerPEL,
 * streamEstimateDistanceFromFirstEverEntry and streamRangeHasTombstones in t_stream.c.
 */
package dev.rediscover.stream;

import dev.rediscover.keyspace.NotifyFlags;
import dev.rediscover.lab.Lab;
import dev.rediscover.lab.LabNotDone;
import dev.rediscover.server.Client;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

final class Groups {
    private Groups() {}

    static final long INVALID_READ = -1;

    /** The named consumer, created (with its keyspace event) when missing and create is set. */
    static ConsumerGroup.Consumer consumer(Client c, byte[] key, ConsumerGroup g, byte[] name, long now, boolean create) {
        ConsumerGroup.Consumer cons = g.consumers.get(name);
        if (cons == null && create) {
            cons = new ConsumerGroup.Consumer(name.clone(), now);
            g.consumers.put(cons.name, cons);
            c.server.keyspace.notify(NotifyFlags.STREAM, "xgroup-createconsumer", key, c.db.id);
        }
        return cons;
    }

    // tag::deliver-new[]
    /** XREADGROUP `>`: the next entries after the group's last ID, made pending unless NOACK. */
    @Lab(9)
    static void deliverNew(Client c, StreamValue s, ConsumerGroup g, ConsumerGroup.Consumer consumer,
                           long count, boolean noack, long now) {
        throw new LabNotDone(9, "Groups.deliverNew");
    }
    // end::deliver-new[]

    /** Move the group's last ID to id, keeping entries-read exact when it can be known. */
    static void advance(StreamValue s, ConsumerGroup g, StreamId id) {
        if (id.compareTo(g.lastId) <= 0) return;
        if (g.entriesRead != INVALID_READ && !hasTombstones(s, id)) g.entriesRead++;
        else if (s.entriesAdded != 0) g.entriesRead = distanceFromFirstEver(s, id);
        g.lastId = id;
    }

    /** XREADGROUP with an ID: the consumer's own pending entries after it, delivered again. */
    @Lab(9)
    static void deliverHistory(Client c, StreamValue s, ConsumerGroup.Consumer consumer, StreamId gt, long count, long now) {
        throw new LabNotDone(9, "Groups.deliverHistory");
    }

    /** Was anything at or after start deleted (Redis: streamRangeHasTombstones, open end)? */
    static boolean hasTombstones(StreamValue s, StreamId start) {
        if (s.length() == 0 || s.maxDeletedId.equals(StreamId.MIN)) return false;
        return start.compareTo(s.maxDeletedId) <= 0;
    }

    /** The entries-read counter of the entry id, or INVALID_READ if it cannot be known. */
    static long distanceFromFirstEver(StreamValue s, StreamId id) {
        if (s.entriesAdded == 0) return 0;
        if (s.length() == 0 && id.compareTo(s.lastId) <= 0) return s.entriesAdded;
        int cmpLast = id.compareTo(s.lastId);
        if (cmpLast == 0) return s.entriesAdded;
        if (cmpLast > 0) return INVALID_READ;
        StreamId first = s.firstId();
        int cmpFirst = id.compareTo(first);
        if (s.maxDeletedId.equals(StreamId.MIN) || s.maxDeletedId.compareTo(first) < 0) {
            if (cmpFirst < 0) return s.entriesAdded - s.length();
            if (cmpFirst == 0) return s.entriesAdded - s.length() + 1;
        }
        return INVALID_READ;
    }

    /** The group's lag, -1 when unknown (Redis: streamReplyWithCGLag; 7.0 does not keep the estimate). */
    static long lag(StreamValue s, ConsumerGroup g) {
        if (s.entriesAdded == 0) return 0;
        if (g.entriesRead != INVALID_READ && !hasTombstones(s, g.lastId)) return s.entriesAdded - g.entriesRead;
        long read = distanceFromFirstEver(s, g.lastId);
        if (read == INVALID_READ) return -1;
        return s.entriesAdded - read;
    }
}
