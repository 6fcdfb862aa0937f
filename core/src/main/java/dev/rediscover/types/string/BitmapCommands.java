/*
 * BitmapCommands: placeholder, filled in by the commit that implements these commands.
 */
package dev.rediscover.types.string;

import dev.rediscover.server.Server;

public final class BitmapCommands {
    private BitmapCommands() {}

    public static void register(Server server) {
    }
}
