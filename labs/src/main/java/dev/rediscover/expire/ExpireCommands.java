/*
 * ExpireCommands: placeholder, filled in by the commit that implements these commands.
 */
package dev.rediscover.expire;

import dev.rediscover.server.Server;

public final class ExpireCommands {
    private ExpireCommands() {}

    public static void register(Server server) {
    }
}
