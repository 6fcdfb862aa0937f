/*
 * Consumer groups: XGROUP (CREATE, CREATECONSUMER, DELCONSUMER, DESTROY, SETID, HELP),
 * XREADGROUP, XACK, XPENDING, XCLAIM and XAUTOCLAIM. Redis: t_stream.c (xgroupCommand,
 * xackCommand, xpendingCommand, xclaimCommand, xautoclaimCommand). Idle times are measured on the
 * server Clock, so tests move time with a ManualClock.
 */
package dev.rediscover.stream;

import dev.rediscover.command.Args;
import dev.rediscover.command.CommandSpec;
import dev.rediscover.command.CommandTable;
import dev.rediscover.command.Errors;
import dev.rediscover.command.KeySpec;
import dev.rediscover.command.RedisException;
import dev.rediscover.keyspace.RedisObject;
import dev.rediscover.lab.Lab;
import dev.rediscover.server.Client;
import dev.rediscover.server.Server;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

public final class StreamGroupCommands {
    private StreamGroupCommands() {}

    public static void register(Server server) {
        CommandTable t = server.commands;
        CommandSpec xgroup = t.container("xgroup", -2).group("stream")
                .doc("A container for consumer group commands.", "5.0.0", "Depends on subcommand.");
        xgroup.sub("create", -5, c -> { create(c); c.server.keyspace.dirty++; }).flags("write denyoom").key(2, "RW insert")
                .doc("Creates a consumer group on a stream.", "5.0.0", "O(1)");
        xgroup.sub("createconsumer", 5, StreamGroupCommands::createConsumer).flags("write denyoom").key(2, "RW insert")
                .doc("Adds a consumer to a consumer group.", "6.2.0", "O(1)");
        xgroup.sub("delconsumer", 5, StreamGroupCommands::delConsumer).flags("write").key(2, "RW delete")
                .doc("Removes a consumer from a consumer group.", "5.0.0", "O(1)");
        xgroup.sub("destroy", 4, StreamGroupCommands::destroy).flags("write").key(2, "RW delete")
                .doc("Removes a consumer group.", "5.0.0", "O(N) where N is the number of entries in the group's pending entries list (PEL).");
        xgroup.sub("setid", -5, StreamGroupCommands::setId).flags("write").key(2, "RW update")
                .doc("Moves a consumer group's last delivered ID.", "5.0.0", "O(1)");
        xgroup.sub("help", 2, StreamGroupCommands::help).flags("loading stale")
                .doc("Returns helpful text about the different subcommands.", "5.0.0", "O(1)");
        StreamInfo.register(server);
        t.add("xreadgroup", -7, c -> { xreadgroup(c); dev.rediscover.propagation.Propagation.prevent(c); }).flags("write blocking movablekeys")
                .keySpec(KeySpec.after("STREAMS", 4).range(-1, 1, 2).flags("RO access")).group("stream")
                .doc("Reads entries for a consumer of a group, new ones or its own pending ones, waiting if asked.", "5.0.0", "For each stream mentioned: O(M) with M the number of elements returned. If M is constant (e.g. always asking for the first 10 elements with COUNT), you can consider it O(1). On the other side when XREADGROUP blocks, XADD will pay the O(N) time in order to serve the N clients blocked on the stream getting new data.");
        t.add("xack", -4, c -> { long before = GroupPropagation.pending(c); xack(c); c.server.keyspace.dirty += before - GroupPropagation.pending(c); }).flags("write fast").key(1, "RW update").group("stream")
                .doc("Acknowledges entries, removing them from a group's pending list.", "5.0.0", "O(1) for each message ID processed.");
        t.add("xpending", -3, StreamGroupCommands::xpending).flags("readonly").tips("nondeterministic_output").key(1, "RO access").group("stream")
                .doc("Answers what a consumer group has delivered and not yet had acknowledged.", "5.0.0", "O(N) with N the number of elements returned, so asking for a small fixed number of entries per call is O(1). O(M), where M is the total number of entries scanned when used with the IDLE filter. When the command returns just the summary and the list of consumers is small, it runs in O(1) time; otherwise, an additional O(N) time for iterating every consumer.");
        t.add("xclaim", -6, c -> { var b = GroupPropagation.snapshot(c); xclaim(c); GroupPropagation.claimed(c, b); }).flags("write fast").tips("nondeterministic_output").key(1, "RW update").group("stream")
                .doc("Takes over pending entries from other consumers of a group.", "5.0.0", "O(log N) with N being the number of messages in the PEL of the consumer group.");
        t.add("xautoclaim", -6, c -> { var b = GroupPropagation.snapshot(c); xautoclaim(c); GroupPropagation.claimed(c, b); }).flags("write fast").tips("nondeterministic_output").key(1, "RW delete").group("stream")
                .doc("Takes over pending entries idle for long enough, scanning the pending list with a cursor.", "6.2.0", "O(1) if COUNT is small.");
    }

    static final String NEEDS_KEY = "ERR The XGROUP subcommand requires the key to exist. Note that for CREATE you may want to use the MKSTREAM option to create an empty stream automatically.";

    private static RedisException subSyntax(Client c) {
        return new RedisException("ERR unknown subcommand or wrong number of arguments for '" + Args.text(c.argv[1]) + "'. Try XGROUP HELP.");
    }

    private static RedisException noGroup(byte[] key, byte[] group) {
        return new RedisException("NOGROUP No such key '" + Args.text(key) + "' or consumer group '" + Args.text(group) + "'");
    }

    /** The stream at argv[2] for XGROUP, or the "requires the key" error. */
    private static StreamValue xgroupStream(Client c, boolean mkstream) {
        StreamValue s = StreamCommands.streamOf(c.db.lookupWrite(c.argv[2]));
        if (s == null && !mkstream) throw new RedisException(NEEDS_KEY);
        return s;
    }

    private static ConsumerGroup existingGroup(Client c, StreamValue s) {
        ConsumerGroup g = s.groups.get(c.argv[3]);
        if (g == null) {
            throw new RedisException("NOGROUP No such consumer group '" + Args.text(c.argv[3]) + "' for key name '" + Args.text(c.argv[2]) + "'");
        }
        return g;
    }

    private static long entriesRead(byte[] arg) {
        long n = Args.parseLong(arg);
        if (n < 0 && n != -1) throw new RedisException("ERR value for ENTRIESREAD must be positive or -1");
        return n;
    }

    // ---------------------------------------------------------------- XGROUP

    /** XGROUP CREATE key group id|$ [MKSTREAM] [ENTRIESREAD n] */
    @Lab(9)
    static void create(Client c) {
        if (c.argc > 8) throw subSyntax(c);
        boolean mkstream = false;
        long read = -1;
        for (int i = 5; i < c.argc; i++) {
            if (Args.equalsAscii(c.argv[i], "mkstream")) mkstream = true;
            else if (Args.equalsAscii(c.argv[i], "entriesread") && i + 1 < c.argc) read = entriesRead(c.argv[++i]);
            else throw subSyntax(c);
        }
        byte[] key = c.argv[2];
        StreamValue s = xgroupStream(c, mkstream);
        StreamId id;
        if (c.argv[4].length == 1 && c.argv[4][0] == '$') id = s == null ? StreamId.MIN : s.lastId;
        else id = StreamId.parseStrict(c.argv[4]);
        if (s == null) {
            s = new StreamValue();
            c.db.add(key, new RedisObject(s));
            StreamCommands.modified(c, key);
        }
        if (s.groups.containsKey(c.argv[3])) throw new RedisException("BUSYGROUP Consumer Group name already exists");
        s.groups.put(c.argv[3].clone(), new ConsumerGroup(id, read));
        c.reply.ok();
        StreamCommands.notify(c, "xgroup-create", key);
    }

    /** XGROUP SETID key group id|$ [ENTRIESREAD n] */
    static void setId(Client c) {
        if (c.argc != 5 && c.argc != 7) throw subSyntax(c);
        StreamValue s = xgroupStream(c, false);
        ConsumerGroup g = existingGroup(c, s);
        StreamId id = c.argv[4].length == 1 && c.argv[4][0] == '$' ? s.lastId : StreamId.parse(c.argv[4], 0, false);
        long read = -1;
        if (c.argc == 7) {
            if (!Args.equalsAscii(c.argv[5], "entriesread")) throw subSyntax(c);
            read = entriesRead(c.argv[6]);
        }
        g.lastId = id;
        g.entriesRead = read;
        c.server.keyspace.dirty++;              // a change worth saving and propagating
        c.reply.ok();
        StreamCommands.notify(c, "xgroup-setid", c.argv[2]);
    }

    /** XGROUP DESTROY key group: 1 if it existed. Blocked XREADGROUP readers get NOGROUP. */
    static void destroy(Client c) {
        StreamValue s = xgroupStream(c, false);
        if (s.groups.remove(c.argv[3]) == null) {
            c.reply.integer(0);
            return;
        }
        c.reply.integer(1);
        StreamCommands.modified(c, c.argv[2]);
        StreamCommands.notify(c, "xgroup-destroy", c.argv[2]);
    }

    static void createConsumer(Client c) {
        StreamValue s = xgroupStream(c, false);
        ConsumerGroup g = existingGroup(c, s);
        boolean exists = g.consumers.containsKey(c.argv[4]);
        if (!exists) {
            Groups.consumer(c, c.argv[2], g, c.argv[4], c.server.clock.millis(), true);
            c.server.keyspace.dirty++;
        }
        c.reply.integer(exists ? 0 : 1);
    }

    /** XGROUP DELCONSUMER key group consumer: how many pending entries it had (now dropped). */
    static void delConsumer(Client c) {
        StreamValue s = xgroupStream(c, false);
        ConsumerGroup g = existingGroup(c, s);
        ConsumerGroup.Consumer cons = g.consumers.remove(c.argv[4]);
        long pending = 0;
        if (cons != null) {
            pending = cons.pel.size();
            for (StreamId id : cons.pel.keySet()) g.pel.remove(id);
            c.server.keyspace.dirty++;
            StreamCommands.notify(c, "xgroup-delconsumer", c.argv[2]);
        }
        c.reply.integer(pending);
    }

    static void help(Client c) {
        String[] lines = {
            "XGROUP <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
            "CREATE <key> <groupname> <id|$> [option]",
            "    Create a new consumer group. Options are:",
            "    * MKSTREAM",
            "      Create the empty stream if it does not exist.",
            "    * ENTRIESREAD entries_read",
            "      Set the group's entries_read counter (internal use).",
            "CREATECONSUMER <key> <groupname> <consumer>",
            "    Create a new consumer in the specified group.",
            "DELCONSUMER <key> <groupname> <consumer>",
            "    Remove the specified consumer.",
            "DESTROY <key> <groupname>",
            "    Remove the specified group.",
            "SETID <key> <groupname> <id|$> [ENTRIESREAD entries_read]",
            "    Set the current group ID and entries_read counter.",
            "HELP",
            "    Prints this help."};
        c.reply.arrayHeader(lines.length);
        for (String l : lines) c.reply.simple(l);
    }

    // ---------------------------------------------------------------- XREADGROUP, XACK

    static void xreadgroup(Client c) { StreamRead.read(c, true); }

    // tag::xack[]
    /** XACK key group id [id ...]: how many were pending and are now acknowledged. */
    @Lab(9)
    static void xack(Client c) {
        StreamValue s = StreamCommands.streamOf(c.db.lookupRead(c.argv[1]));
        ConsumerGroup g = s == null ? null : s.groups.get(c.argv[2]);
        if (g == null) {
            c.reply.integer(0);
            return;
        }
        StreamId[] ids = new StreamId[c.argc - 3];
        for (int j = 3; j < c.argc; j++) ids[j - 3] = StreamId.parseStrict(c.argv[j]);
        long acked = 0;
        for (StreamId id : ids) {
            ConsumerGroup.Pending p = g.pel.remove(id);
            if (p == null) continue;
            p.owner.pel.remove(id);
            acked++;
        }
        c.reply.integer(acked);
    }
    // end::xack[]

    // ---------------------------------------------------------------- XPENDING

    /** XPENDING key group [[IDLE min-idle] start end count [consumer]] */
    @Lab(9)
    static void xpending(Client c) {
        boolean summary = c.argc == 3;
        if (c.argc != 3 && (c.argc < 6 || c.argc > 9)) throw Errors.syntax();
        long minIdle = 0, count = 0;
        StreamId start = null, end = null;
        byte[] consumerName = null;
        if (c.argc >= 6) {
            int at = 3;
            if (Args.equalsAscii(c.argv[3], "idle")) {
                minIdle = Args.parseLong(c.argv[4]);
                if (c.argc < 8) throw Errors.syntax();
                at += 2;
            }
            count = Math.max(0, Args.parseLong(c.argv[at + 2]));
            start = StreamCommands.intervalId(c.argv[at], 0, true);
            end = StreamCommands.intervalId(c.argv[at + 1], -1L, false);
            if (at + 3 < c.argc) consumerName = c.argv[at + 3];
        }
        StreamValue s = StreamCommands.streamOf(c.db.lookupRead(c.argv[1]));
        ConsumerGroup g = s == null ? null : s.groups.get(c.argv[2]);
        if (g == null) throw noGroup(c.argv[1], c.argv[2]);
        if (summary) {
            pendingSummary(c, g);
            return;
        }
        Map<StreamId, ConsumerGroup.Pending> pel = g.pel;
        if (consumerName != null) {
            ConsumerGroup.Consumer cons = g.consumers.get(consumerName);
            if (cons == null) {
                c.reply.arrayHeader(0);
                return;
            }
            pel = cons.pel;
        }
        long now = c.server.clock.millis();
        List<Map.Entry<StreamId, ConsumerGroup.Pending>> out = new ArrayList<>();
        for (var e : ((java.util.NavigableMap<StreamId, ConsumerGroup.Pending>) pel).tailMap(start, true).entrySet()) {
            if (count == 0 || e.getKey().compareTo(end) > 0) break;
            if (minIdle != 0 && now - e.getValue().deliveryTime < minIdle) continue;
            out.add(e);
            count--;
        }
        c.reply.arrayHeader(out.size());
        for (var e : out) {
            ConsumerGroup.Pending p = e.getValue();
            c.reply.arrayHeader(4);
            c.reply.bulk(e.getKey().bytes());
            c.reply.bulk(p.owner.name);
            c.reply.integer(Math.max(0, now - p.deliveryTime));
            c.reply.integer(p.deliveryCount);
        }
    }

    private static void pendingSummary(Client c, ConsumerGroup g) {
        c.reply.arrayHeader(4);
        c.reply.integer(g.pel.size());
        if (g.pel.isEmpty()) {
            c.reply.nullBulk();
            c.reply.nullBulk();
            c.reply.nullArray();
            return;
        }
        c.reply.bulk(g.pel.firstKey().bytes());
        c.reply.bulk(g.pel.lastKey().bytes());
        int n = 0;
        for (ConsumerGroup.Consumer cons : g.consumers.values()) if (!cons.pel.isEmpty()) n++;
        c.reply.arrayHeader(n);
        for (ConsumerGroup.Consumer cons : g.consumers.values()) {
            if (cons.pel.isEmpty()) continue;
            c.reply.arrayHeader(2);
            c.reply.bulk(cons.name);
            c.reply.bulk(cons.pel.size());
        }
    }

    // ---------------------------------------------------------------- XCLAIM, XAUTOCLAIM

    /** XCLAIM key group consumer min-idle id [id ...] [IDLE ms] [TIME ms] [RETRYCOUNT n] [FORCE] [JUSTID] [LASTID id] */
    @Lab(9)
    static void xclaim(Client c) {
        StreamValue s = StreamCommands.streamOf(c.db.lookupRead(c.argv[1]));
        ConsumerGroup g = s == null ? null : s.groups.get(c.argv[2]);
        if (g == null) throw noGroup(c.argv[1], c.argv[2]);
        long minIdle = Math.max(0, Args.parseLong(c.argv[4], "ERR Invalid min-idle-time argument for XCLAIM"));
        List<StreamId> ids = new ArrayList<>();
        int j = 5;
        for (; j < c.argc; j++) {
            try {
                ids.add(StreamId.parseStrict(c.argv[j]));
            } catch (RedisException e) {
                break;
            }
        }
        long now = c.server.clock.millis();
        long deliveryTime = -1, retryCount = -1;
        boolean force = false, justId = false;
        StreamId lastId = StreamId.MIN;
        for (; j < c.argc; j++) {
            boolean more = c.argc - 1 - j > 0;
            byte[] opt = c.argv[j];
            if (Args.equalsAscii(opt, "force")) force = true;
            else if (Args.equalsAscii(opt, "justid")) justId = true;
            else if (Args.equalsAscii(opt, "idle") && more) deliveryTime = now - Args.parseLong(c.argv[++j], "ERR Invalid IDLE option argument for XCLAIM");
            else if (Args.equalsAscii(opt, "time") && more) deliveryTime = Args.parseLong(c.argv[++j], "ERR Invalid TIME option argument for XCLAIM");
            else if (Args.equalsAscii(opt, "retrycount") && more) retryCount = Args.parseLong(c.argv[++j], "ERR Invalid RETRYCOUNT option argument for XCLAIM");
            else if (Args.equalsAscii(opt, "lastid") && more) lastId = StreamId.parseStrict(c.argv[++j]);
            else throw new RedisException("ERR Unrecognized XCLAIM option '" + Args.text(opt) + "'");
        }
        if (lastId.compareTo(g.lastId) > 0) g.lastId = lastId;
        if (deliveryTime == -1 || deliveryTime < 0 || deliveryTime > now) deliveryTime = now;
        ConsumerGroup.Consumer consumer = null;
        List<StreamId> claimed = new ArrayList<>();
        for (StreamId id : ids) {
            ConsumerGroup.Pending p = g.pel.get(id);
            if (s.log.get(id) == null) {
                if (p != null) {
                    g.pel.remove(id);
                    p.owner.pel.remove(id);
                }
                continue;
            }
            if (force && p == null) {
                p = new ConsumerGroup.Pending(null, now, 1);   // Redis: streamCreateNACK counts one delivery
                g.pel.put(id, p);
            }
            if (p == null) continue;
            if (p.owner != null && minIdle != 0 && now - p.deliveryTime < minIdle) continue;
            if (consumer == null) consumer = Groups.consumer(c, c.argv[1], g, c.argv[3], now, true);
            consumer.seenTime = now;
            if (p.owner != consumer && p.owner != null) p.owner.pel.remove(id);
            p.deliveryTime = deliveryTime;
            if (retryCount >= 0) p.deliveryCount = retryCount;
            else if (!justId) p.deliveryCount++;
            if (p.owner != consumer) {
                consumer.pel.put(id, p);
                p.owner = consumer;
            }
            claimed.add(id);
        }
        c.reply.arrayHeader(claimed.size());
        for (StreamId id : claimed) {
            if (justId) c.reply.bulk(id.bytes());
            else StreamCommands.replyEntry(c, id, s.log.get(id));
        }
    }

    /** XAUTOCLAIM key group consumer min-idle start [COUNT n] [JUSTID] -> [cursor, claimed, deleted] */
    @Lab(9)
    static void xautoclaim(Client c) {
        StreamValue s = StreamCommands.streamOf(c.db.lookupRead(c.argv[1]));
        ConsumerGroup g = s == null ? null : s.groups.get(c.argv[2]);
        long minIdle = Math.max(0, Args.parseLong(c.argv[4], "ERR Invalid min-idle-time argument for XAUTOCLAIM"));
        StreamId start = StreamCommands.intervalId(c.argv[5], 0, true);
        long count = 100;
        boolean justId = false;
        for (int j = 6; j < c.argc; j++) {
            boolean more = c.argc - 1 - j > 0;
            if (Args.equalsAscii(c.argv[j], "count") && more) {
                count = Args.parseLongOr(c.argv[j + 1], 0, c.argv[j + 1].length, 0);
                if (count < 1 || count > Long.MAX_VALUE / 16) throw new RedisException("ERR COUNT must be > 0");
                j++;
            } else if (Args.equalsAscii(c.argv[j], "justid")) {
                justId = true;
            } else {
                throw Errors.syntax();
            }
        }
        if (g == null) throw noGroup(c.argv[1], c.argv[2]);
        long now = c.server.clock.millis();
        ConsumerGroup.Consumer consumer = null;      // created on the first claim, as in Redis 7.0
        long attempts = count * 10;
        List<StreamId> claimed = new ArrayList<>();
        List<StreamId> deleted = new ArrayList<>();
        List<Map.Entry<StreamId, ConsumerGroup.Pending>> scan = new ArrayList<>(g.pel.tailMap(start, true).entrySet());
        int i = 0;
        for (; i < scan.size() && attempts > 0 && count > 0; i++) {
            attempts--;
            StreamId id = scan.get(i).getKey();
            ConsumerGroup.Pending p = scan.get(i).getValue();
            if (s.log.get(id) == null) {
                g.pel.remove(id);
                p.owner.pel.remove(id);
                deleted.add(id);
                count--;
                continue;
            }
            if (minIdle != 0 && now - p.deliveryTime < minIdle) continue;
            if (consumer == null) {
                consumer = Groups.consumer(c, c.argv[1], g, c.argv[3], now, true);
                consumer.seenTime = now;
            }
            if (p.owner != consumer) p.owner.pel.remove(id);
            p.deliveryTime = now;
            if (!justId) p.deliveryCount++;
            if (p.owner != consumer) {
                consumer.pel.put(id, p);
                p.owner = consumer;
            }
            claimed.add(id);
            count--;
        }
        StreamId cursor = i < scan.size() ? scan.get(i).getKey() : StreamId.MIN;
        c.reply.arrayHeader(3);
        c.reply.bulk(cursor.bytes());
        c.reply.arrayHeader(claimed.size());
        for (StreamId id : claimed) {
            if (justId) c.reply.bulk(id.bytes());
            else StreamCommands.replyEntry(c, id, s.log.get(id));
        }
        c.reply.arrayHeader(deleted.size());
        for (StreamId id : deleted) c.reply.bulk(id.bytes());
    }
}
