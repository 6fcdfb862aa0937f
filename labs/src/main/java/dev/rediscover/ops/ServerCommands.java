/*
 * ServerCommands: placeholder, filled in by the commit that implements these commands.
 */
package dev.rediscover.ops;

import dev.rediscover.server.Server;

public final class ServerCommands {
    private ServerCommands() {}

    public static void register(Server server) {
    }
}
