/*
 * InfoCommand: placeholder, filled in by the commit that implements these commands.
 */
package dev.rediscover.ops;

import dev.rediscover.server.Server;

public final class InfoCommand {
    private InfoCommand() {}

    public static void register(Server server) {
    }
}
