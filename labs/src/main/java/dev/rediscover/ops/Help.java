/*
 * The HELP subcommand every container command has (CONFIG HELP, CLIENT HELP...): an array of
 * status lines, the first naming the command, the last "HELP / Prints this help." (Redis:
 * networking.c, addReplyHelp).
 */
package dev.rediscover.ops;

import dev.rediscover.server.Client;

final class Help {
    private Help() {}

    static void reply(Client c, String command, String... lines) {
        c.reply.arrayHeader(lines.length + 3);
        c.reply.simple(command + " <subcommand> [<arg> [value] [opt] ...]. Subcommands are:");
        for (String l : lines) c.reply.simple(l);
        c.reply.simple("HELP");
        c.reply.simple("    Prints this help.");
    }
}
