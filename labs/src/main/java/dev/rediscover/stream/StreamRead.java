/*
 * XREAD and XREADGROUP: read the entries after given IDs from several streams, and if there are
 * none and BLOCK was given, wait for an XADD (Redis: xreadCommand in t_stream.c, and
 * serveClientsBlockedOnStreamKey in blocked.c). The waiting uses the server's blocking subsystem
 * like BLPOP; BlockedRead (below) finishes the command when a waited stream gets entries.
 *
 * Waking. XREAD waits through the key's deletion (a new stream may come); XREADGROUP is answered
 * with an error when its key or its group disappears, as in Redis 7.0.
 */
package dev.rediscover.stream;

import dev.rediscover.blocking.Wakeup;
import dev.rediscover.command.Args;
import dev.rediscover.command.Errors;
import dev.rediscover.command.RedisException;
import dev.rediscover.keyspace.Database;
import dev.rediscover.keyspace.RedisObject;
import dev.rediscover.lab.Lab;
import dev.rediscover.lab.LabNotDone;
import dev.rediscover.server.Client;

import java.util.Arrays;

final class StreamRead {
    private StreamRead() {}

    /** The "new entries only" ID of XREADGROUP, `>`. */
    static final StreamId NEW = StreamId.MAX;

    /** What one XREAD/XREADGROUP call asked for. */
    static final class Request {
        long count;
        boolean noack;
        byte[] group;
        byte[] consumer;
        byte[][] keys;
        StreamId[] ids;
    }

    /** XREAD [COUNT n] [BLOCK ms] STREAMS key... id...; XREADGROUP GROUP g c [COUNT n] [BLOCK ms] [NOACK] STREAMS ... */
    @Lab(9)
    static void read(Client c, boolean xreadgroup) {
        throw new LabNotDone(9, "StreamRead.read");
    }

    /** BLOCK's milliseconds (Redis: getTimeoutFromObjectOrReply with UNIT_MILLISECONDS). */
    static long timeoutMillis(byte[] arg) {
        long ms = Args.parseLong(arg, "ERR timeout is not an integer or out of range");
        if (ms < 0) throw new RedisException("ERR timeout is negative");
        return ms;
    }

    /** Reply for every stream that has something now; false (nothing written) if none has. */
    private static boolean serveNow(Client c, Request r) {
        int ready = 0;
        boolean[] serve = new boolean[r.keys.length];
        StreamValue[] streams = new StreamValue[r.keys.length];
        for (int k = 0; k < r.keys.length; k++) {
            StreamValue s = StreamCommands.streamOf(c.db.lookupRead(r.keys[k]));
            streams[k] = s;
            if (s == null) continue;
            StreamId gt = r.ids[k];
            if (r.group != null) {
                serve[k] = !gt.equals(NEW) || hasAfter(s, s.groups.get(r.group).lastId);
            } else {
                serve[k] = hasAfter(s, gt);
            }
            if (serve[k]) ready++;
        }
        if (ready == 0) return false;
        header(c, ready);
        for (int k = 0; k < r.keys.length; k++) {
            if (serve[k]) replyStream(c, r, r.keys[k], streams[k], r.ids[k]);
        }
        return true;
    }

    private static boolean hasAfter(StreamValue s, StreamId gt) {
        StreamId last = s.log.lastId();
        return last != null && last.compareTo(gt) > 0;
    }

    /** RESP2: an array of [key, entries] pairs; RESP3: a map key -> entries. */
    private static void header(Client c, int n) {
        if (c.reply.resp3()) c.reply.mapHeader(n); else c.reply.arrayHeader(n);
    }

    /** One stream's part of the reply: key and its entries after gt. */
    static void replyStream(Client c, Request r, byte[] key, StreamValue s, StreamId gt) {
        if (!c.reply.resp3()) c.reply.arrayHeader(2);
        c.reply.bulk(key);
        if (r.group == null) {
            StreamId start = gt.next();
            if (start == null) c.reply.arrayHeader(0);
            else StreamCommands.replyRange(c, s, start, StreamId.MAX, r.count == 0 ? -1 : r.count, false);
            return;
        }
        ConsumerGroup g = s.groups.get(r.group);
        long now = c.server.clock.millis();
        ConsumerGroup.Consumer consumer = Groups.consumer(c, key, g, r.consumer, now, true);
        consumer.seenTime = now;
        if (gt.equals(NEW)) {
            StreamId before = g.lastId;
            Groups.deliverNew(c, s, g, consumer, r.count, r.noack, now);
            GroupPropagation.delivered(c, key, r.group, s, g, consumer, before, r.noack);
        }
        else Groups.deliverHistory(c, s, consumer, gt, r.count, now);
    }

    /** The waiting part of XREAD/XREADGROUP BLOCK. */
    static final class BlockedRead implements Wakeup {
        private final Request r;

        BlockedRead(Request r) { this.r = r; }

        @Override
        public boolean tryServe(Client c, Database db, byte[] key) {
            int k = 0;
            while (k < r.keys.length && !Arrays.equals(r.keys[k], key)) k++;
            if (k == r.keys.length) return false;
            RedisObject o = db.peek(key);
            if (o != null && db.keyspace().isExpired(o)) o = null;
            if (o == null || !(o.value instanceof StreamValue s)) {
                if (r.group == null || (o != null)) return false;
                c.reply.error("UNBLOCKED the stream key no longer exists");
                return true;
            }
            StreamId gt = r.ids[k];
            if (r.group != null) {
                ConsumerGroup g = s.groups.get(r.group);
                if (g == null) {
                    c.reply.error("NOGROUP the consumer group this client was blocked on no longer exists");
                    return true;
                }
                gt = g.lastId;
            }
            if (!hasAfter(s, gt)) return false;
            header(c, 1);
            Request one = r;
            if (r.group == null) {
                replyStream(c, one, key, s, gt);
            } else {
                replyStream(c, one, key, s, NEW);
            }
            return true;
        }

        @Override
        public void timedOut(Client c) { c.reply.nullArray(); }
    }
}
