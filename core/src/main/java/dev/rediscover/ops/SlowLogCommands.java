/*
 * SLOWLOG GET [count] | LEN | RESET | HELP: reading the slow log that SlowLog fills.
 *
 * An entry is an array of six: id, unix time in seconds, microseconds the command took, its
 * arguments (already cut and redacted by SlowLog), the client's "ip:port" and its name (empty
 * when it has none). Redis: slowlog.c, slowlogCommand.
 */
package dev.rediscover.ops;

import dev.rediscover.command.Args;
import dev.rediscover.command.CommandSpec;
import dev.rediscover.command.CommandTable;
import dev.rediscover.command.RedisException;
import dev.rediscover.lab.Lab;
import dev.rediscover.resp.RespWriter;
import dev.rediscover.server.Client;
import dev.rediscover.server.Server;

public final class SlowLogCommands {
    private SlowLogCommands() {}

    public static void register(Server server) {
        SlowLog.of(server);
        CommandTable t = server.commands;
        CommandSpec s = t.container("slowlog", -2).group("server")
                .doc("Holds the commands that read and clear the slow log.", "2.2.12", "Depends on subcommand.");
        s.sub("get", -2, SlowLogCommands::get).flags("admin loading stale")
                .tips("request_policy:all_nodes", "nondeterministic_output")
                .doc("Returns the newest entries of the slow log.", "2.2.12", "O(N) where N is the number of entries returned");
        s.sub("len", 2, SlowLogCommands::len).flags("admin loading stale")
                .tips("request_policy:all_nodes", "response_policy:agg_sum", "nondeterministic_output")
                .doc("Returns how many entries the slow log holds.", "2.2.12", "O(1)");
        s.sub("reset", 2, SlowLogCommands::reset).flags("admin loading stale")
                .tips("request_policy:all_nodes", "response_policy:all_succeeded")
                .doc("Empties the slow log.", "2.2.12", "O(N) where N is the number of entries in the slowlog");
        s.sub("help", 2, SlowLogCommands::help).flags("loading stale")
                .doc("Returns the list of SLOWLOG subcommands.", "6.2.0", "O(1)");
    }

    /** SLOWLOG GET [count]: the newest count entries (10 by default, -1 for all). */
    static void get(Client c) {
        if (c.argc > 3) {
            throw new RedisException("ERR unknown subcommand or wrong number of arguments for '"
                    + c.arg(1) + "'. Try SLOWLOG HELP.");
        }
        SlowLog log = SlowLog.of(c.server);
        long count = 10;
        if (c.argc == 3) {
            count = Args.parseLongOr(c.argv[2], 0, c.argv[2].length, Long.MIN_VALUE);
            if (count < -1) throw new RedisException("ERR count should be greater than or equal to -1");
            if (count == -1) count = log.size();
        }
        SlowLog.Entry[] newest = log.newest(count);
        c.reply.arrayHeader(newest.length);
        for (SlowLog.Entry e : newest) writeEntry(c.reply, e);
    }

    /** One entry: [id, time, duration, [args...], "ip:port", name]. */
    // tag::write-entry[]
    @Lab(15)
    static void writeEntry(RespWriter r, SlowLog.Entry e) {
        r.arrayHeader(6);
        r.integer(e.id());
        r.integer(e.unixSeconds());
        r.integer(e.micros());
        r.arrayHeader(e.argv().length);
        for (byte[] a : e.argv()) r.bulk(a);
        r.bulk(e.peer());
        r.bulk(e.name());
    }
    // end::write-entry[]

    static void len(Client c) { c.reply.integer(SlowLog.of(c.server).size()); }

    static void reset(Client c) {
        SlowLog.of(c.server).reset();
        c.reply.ok();
    }

    static void help(Client c) {
        Help.reply(c, "SLOWLOG",
                "GET [<count>]",
                "    Return top <count> entries from the slowlog (default: 10, -1 mean all).",
                "    Entries are made of:",
                "    id, timestamp, time in microseconds, arguments array, client IP and port,",
                "    client name",
                "LEN",
                "    Return the length of the slowlog.",
                "RESET",
                "    Reset the slowlog.");
    }
}
