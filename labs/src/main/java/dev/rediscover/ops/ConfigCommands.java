/*
 * ConfigCommands: placeholder, filled in by the commit that implements these commands.
 */
package dev.rediscover.ops;

import dev.rediscover.server.Server;

public final class ConfigCommands {
    private ConfigCommands() {}

    public static void register(Server server) {
    }
}
