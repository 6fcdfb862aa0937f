/*
 * The code behind one command. Like Redis's `void getCommand(client *c)`, it receives the client,
 * reads the arguments from c.argv, works on c.db, and appends its reply to c.reply.
 */
package dev.rediscover.command;

import dev.rediscover.server.Client;

@FunctionalInterface
public interface CommandHandler {
    void execute(Client c);
}
