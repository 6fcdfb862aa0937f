/*
 * BGREWRITEAOF (Redis: aof.c, bgrewriteaofCommand). The rewrite itself lives in Aof.
 */
package dev.rediscover.aof;

import dev.rediscover.command.CommandTable;
import dev.rediscover.server.Server;

final class AofCommands {
    private AofCommands() {}

    static void register(Server server, Aof aof) {
        CommandTable t = server.commands;
        if (t.lookup("bgrewriteaof".getBytes()) != null) return;
        t.add("bgrewriteaof", 1, aof::bgrewriteaof).flags("admin noscript no_async_loading").group("server")
                .doc("Rewrites the append-only file so that it holds the dataset in as few commands as possible.", "1.0.0", "O(1)");
    }
}
