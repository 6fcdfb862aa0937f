/*
 * SAVE, BGSAVE [SCHEDULE] and LASTSAVE: the commands of RDB persistence (Redis: saveCommand,
 * bgsaveCommand in rdb.c, lastsaveCommand in server.c). The work is in RdbPersistence; these
 * handlers only choose the reply, word for word as Redis 7.0.
 */
package dev.rediscover.persistence;

import dev.rediscover.command.Args;
import dev.rediscover.command.CommandTable;
import dev.rediscover.command.Errors;
import dev.rediscover.command.RedisException;
import dev.rediscover.server.Client;
import dev.rediscover.server.Server;

public final class PersistenceCommands {
    private PersistenceCommands() {}

    static final String IN_PROGRESS = "ERR Background save already in progress";
    static final String OTHER_CHILD = "ERR Another child process is active (AOF?): can't BGSAVE right now. "
            + "Use BGSAVE SCHEDULE in order to schedule a BGSAVE whenever possible.";

    public static void register(Server server) {
        RdbPersistence.of(server);      // hooks: save rules, MISCONF gate, FLUSHALL, copy-before-write
        CommandTable t = server.commands;
        t.add("save", 1, PersistenceCommands::save).flags("admin noscript no_async_loading no_multi").group("server")
                .acl("@admin @slow @dangerous")
                .doc("Writes the whole dataset to the dump file, blocking the server until done.", "1.0.0",
                        "O(N) where N is the total number of keys in all databases");
        t.add("bgsave", -1, PersistenceCommands::bgsave).flags("admin noscript no_async_loading").group("server")
                .acl("@admin @slow @dangerous")
                .doc("Writes the dataset to the dump file in the background while serving.", "1.0.0", "O(1)");
        t.add("lastsave", 1, PersistenceCommands::lastsave).flags("loading stale fast").group("server")
                .tips("nondeterministic_output").acl("@admin @dangerous")
                .doc("Returns the Unix timestamp of the last successful save to disk.", "1.0.0", "O(1)");
    }

    /** SAVE: refused while a background save runs; "-ERR" alone when the write fails. */
    static void save(Client c) {
        RdbPersistence p = RdbPersistence.of(c.server);
        if (p.bgsaveInProgress()) throw new RedisException(IN_PROGRESS);
        if (!p.save()) throw new RedisException("ERR");
        c.reply.ok();
    }

    /** BGSAVE [SCHEDULE] */
    static void bgsave(Client c) {
        boolean schedule = false;
        if (c.argc > 1) {
            if (c.argc == 2 && Args.equalsAscii(c.argv[1], "schedule")) schedule = true;
            else throw Errors.syntax();
        }
        RdbPersistence p = RdbPersistence.of(c.server);
        boolean inExec = c.has(Client.MULTI);
        if (p.bgsaveInProgress()) throw new RedisException(IN_PROGRESS);
        if (Snapshots.of(c.server).active() != null || c.server.aof.rewriteInProgress() || inExec) {
            // Another snapshot (an AOF rewrite) runs, or we are inside EXEC, where Redis will not
            // fork either: start as soon as possible instead, if asked to (or inside EXEC).
            if (!schedule && !inExec) throw new RedisException(OTHER_CHILD);
            p.scheduleBgsave();
            c.reply.simple("Background saving scheduled");
            return;
        }
        p.startBgsave();
        c.reply.simple("Background saving started");
    }

    /** LASTSAVE: Unix time of the last successful save. */
    static void lastsave(Client c) { c.reply.integer(RdbPersistence.of(c.server).lastSave()); }
}
