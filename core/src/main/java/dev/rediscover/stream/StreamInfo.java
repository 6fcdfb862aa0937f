/*
 * XINFO STREAM [FULL [COUNT n]], XINFO GROUPS, XINFO CONSUMERS and XINFO HELP: what a stream and
 * its groups look like inside (Redis: xinfoCommand, xinfoReplyWithStreamInfo in t_stream.c).
 * radix-tree-keys and radix-tree-nodes describe Redis's rax; we report our chunk count as keys and
 * one more as nodes (a small rax: one node per key plus the root), the nearest equivalent (see
 * StreamLog). They agree with Redis for streams of up to 100 small entries; beyond, chunks and
 * listpacks split at the same entry count (100) but at different byte counts (both cap at 4096,
 * measured in each one's own encoding), and Redis keeps XDEL'd entries in the node's count.
 */
package dev.rediscover.stream;

import dev.rediscover.command.Args;
import dev.rediscover.command.CommandSpec;
import dev.rediscover.command.RedisException;
import dev.rediscover.server.Client;
import dev.rediscover.server.Server;

import java.util.Iterator;

public final class StreamInfo {
    private StreamInfo() {}

    public static void register(Server server) {
        CommandSpec xinfo = server.commands.container("xinfo", -2).group("stream")
                .doc("A container for stream introspection commands.", "5.0.0", "Depends on subcommand.");
        xinfo.sub("consumers", 4, StreamInfo::consumers).flags("readonly").tips("nondeterministic_output").key(2, "RO access")
                .doc("Lists the consumers of a consumer group.", "5.0.0", "O(1)");
        xinfo.sub("groups", 3, StreamInfo::groups).flags("readonly").key(2, "RO access")
                .doc("Lists the consumer groups of a stream.", "5.0.0", "O(1)");
        xinfo.sub("stream", -3, StreamInfo::stream).flags("readonly").key(2, "RO access")
                .doc("Describes a stream, optionally with all its entries and groups.", "5.0.0", "O(1)");
        xinfo.sub("help", 2, StreamInfo::help).flags("loading stale")
                .doc("Returns helpful text about the different subcommands.", "5.0.0", "O(1)");
    }

    private static StreamValue existing(Client c) {
        StreamValue s = StreamCommands.streamOf(c.db.lookupRead(c.argv[2]));
        if (s == null) throw new RedisException("ERR no such key");
        return s;
    }

    static void consumers(Client c) {
        StreamValue s = existing(c);
        ConsumerGroup g = s.groups.get(c.argv[3]);
        if (g == null) {
            throw new RedisException("NOGROUP No such consumer group '" + Args.text(c.argv[3]) + "' for key name '" + Args.text(c.argv[2]) + "'");
        }
        long now = c.server.clock.millis();
        c.reply.arrayHeader(g.consumers.size());
        for (ConsumerGroup.Consumer cons : g.consumers.values()) {
            c.reply.mapHeader(3);
            c.reply.bulk("name");
            c.reply.bulk(cons.name);
            c.reply.bulk("pending");
            c.reply.integer(cons.pel.size());
            c.reply.bulk("idle");
            c.reply.integer(Math.max(0, now - cons.seenTime));
        }
    }

    static void groups(Client c) {
        StreamValue s = existing(c);
        c.reply.arrayHeader(s.groups.size());
        for (var e : s.groups.entrySet()) {
            ConsumerGroup g = e.getValue();
            c.reply.mapHeader(6);
            c.reply.bulk("name");
            c.reply.bulk(e.getKey());
            c.reply.bulk("consumers");
            c.reply.integer(g.consumers.size());
            c.reply.bulk("pending");
            c.reply.integer(g.pel.size());
            c.reply.bulk("last-delivered-id");
            c.reply.bulk(g.lastId.bytes());
            entriesReadAndLag(c, s, g);
        }
    }

    private static void entriesReadAndLag(Client c, StreamValue s, ConsumerGroup g) {
        c.reply.bulk("entries-read");
        if (g.entriesRead != Groups.INVALID_READ) c.reply.integer(g.entriesRead); else c.reply.nullBulk();
        c.reply.bulk("lag");
        long lag = Groups.lag(s, g);
        if (lag >= 0) c.reply.integer(lag); else c.reply.nullBulk();
    }

    /** XINFO STREAM key [FULL [COUNT n]] */
    static void stream(Client c) {
        boolean full = false;
        long count = 10;
        if (c.argc > 3) {
            if (!Args.equalsAscii(c.argv[3], "full") || (c.argc != 4 && c.argc != 6)) throw subSyntax(c);
            full = true;
            if (c.argc == 6) {
                if (!Args.equalsAscii(c.argv[4], "count")) throw subSyntax(c);
                count = Args.parseLong(c.argv[5]);
                if (count < 0) count = 10;
            }
        }
        StreamValue s = existing(c);
        long chunks = s.log.chunkCount();
        c.reply.mapHeader(full ? 9 : 10);
        c.reply.bulk("length");
        c.reply.integer(s.length());
        c.reply.bulk("radix-tree-keys");
        c.reply.integer(chunks);
        c.reply.bulk("radix-tree-nodes");
        c.reply.integer(chunks + 1);      // a rax of k keys has at least k + 1 nodes (its root)
        c.reply.bulk("last-generated-id");
        c.reply.bulk(s.lastId.bytes());
        c.reply.bulk("max-deleted-entry-id");
        c.reply.bulk(s.maxDeletedId.bytes());
        c.reply.bulk("entries-added");
        c.reply.integer(s.entriesAdded);
        c.reply.bulk("recorded-first-entry-id");
        c.reply.bulk(s.firstId().bytes());
        if (!full) {
            c.reply.bulk("groups");
            c.reply.integer(s.groups.size());
            edge(c, s, "first-entry", false);
            edge(c, s, "last-entry", true);
            return;
        }
        c.reply.bulk("entries");
        StreamCommands.replyRange(c, s, StreamId.MIN, StreamId.MAX, count == 0 ? -1 : count, false);
        c.reply.bulk("groups");
        c.reply.arrayHeader(s.groups.size());
        for (var e : s.groups.entrySet()) fullGroup(c, s, e.getKey(), e.getValue(), count);
    }

    private static void edge(Client c, StreamValue s, String name, boolean last) {
        c.reply.bulk(name);
        Iterator<StreamLog.Entry> it = s.log.range(StreamId.MIN, StreamId.MAX, last);
        if (!it.hasNext()) {
            c.reply.nullBulk();
            return;
        }
        StreamLog.Entry e = it.next();
        StreamCommands.replyEntry(c, e.id(), e.packed());
    }

    private static void fullGroup(Client c, StreamValue s, byte[] name, ConsumerGroup g, long count) {
        c.reply.mapHeader(7);
        c.reply.bulk("name");
        c.reply.bulk(name);
        c.reply.bulk("last-delivered-id");
        c.reply.bulk(g.lastId.bytes());
        entriesReadAndLag(c, s, g);
        c.reply.bulk("pel-count");
        c.reply.integer(g.pel.size());
        c.reply.bulk("pending");
        long n = count == 0 ? g.pel.size() : Math.min(count, g.pel.size());
        c.reply.arrayHeader(n);
        long i = 0;
        for (var e : g.pel.entrySet()) {
            if (i++ >= n) break;
            c.reply.arrayHeader(4);
            c.reply.bulk(e.getKey().bytes());
            c.reply.bulk(e.getValue().owner.name);
            c.reply.integer(e.getValue().deliveryTime);
            c.reply.integer(e.getValue().deliveryCount);
        }
        c.reply.bulk("consumers");
        c.reply.arrayHeader(g.consumers.size());
        for (ConsumerGroup.Consumer cons : g.consumers.values()) {
            c.reply.mapHeader(4);
            c.reply.bulk("name");
            c.reply.bulk(cons.name);
            c.reply.bulk("seen-time");
            c.reply.integer(cons.seenTime);
            c.reply.bulk("pel-count");
            c.reply.integer(cons.pel.size());
            c.reply.bulk("pending");
            long m = count == 0 ? cons.pel.size() : Math.min(count, cons.pel.size());
            c.reply.arrayHeader(m);
            long j = 0;
            for (var e : cons.pel.entrySet()) {
                if (j++ >= m) break;
                c.reply.arrayHeader(3);
                c.reply.bulk(e.getKey().bytes());
                c.reply.integer(e.getValue().deliveryTime);
                c.reply.integer(e.getValue().deliveryCount);
            }
        }
    }

    private static RedisException subSyntax(Client c) {
        return new RedisException("ERR unknown subcommand or wrong number of arguments for '" + Args.text(c.argv[1]) + "'. Try XINFO HELP.");
    }

    static void help(Client c) {
        String[] lines = {
            "XINFO <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
            "CONSUMERS <key> <groupname>",
            "    Show consumers of <groupname>.",
            "GROUPS <key>",
            "    Show the stream consumer groups.",
            "STREAM <key> [FULL [COUNT <count>]",
            "    Show information about the stream.",
            "HELP",
            "    Prints this help."};
        c.reply.arrayHeader(lines.length);
        for (String l : lines) c.reply.simple(l);
    }
}
