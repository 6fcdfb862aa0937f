/*
 * KeyCommands: placeholder, filled in by the commit that implements these commands.
 */
package dev.rediscover.keyspace;

import dev.rediscover.server.Server;

public final class KeyCommands {
    private KeyCommands() {}

    public static void register(Server server) {
    }
}
