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
import dev.rediscover.lab.LabNotDone;
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
        throw new LabNotDone(9, "StreamGroupCommands.create");
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
        throw new LabNotDone(9, "StreamGroupCommands.xack");
    }
    // end::xack[]

    // ---------------------------------------------------------------- XPENDING

    /** XPENDING key group [[IDLE min-idle] start end count [consumer]] */
    @Lab(9)
    static void xpending(Client c) {
        throw new LabNotDone(9, "StreamGroupCommands.xpending");
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
        throw new LabNotDone(9, "StreamGroupCommands.xclaim");
    }

    /** XAUTOCLAIM key group consumer min-idle start [COUNT n] [JUSTID] -> [cursor, claimed, deleted] */
    @Lab(9)
    static void xautoclaim(Client c) {
        throw new LabNotDone(9, "StreamGroupCommands.xautoclaim");
    }
}
