/*
 * The encoding thresholds a loaded value is fitted to: a value comes out of a file in whatever
 * encoding the writer used, and Redis converts it to what this server's configuration would have
 * chosen (rdbLoadObject checks hash-max-listpack-entries, set-max-intset-entries,
 * zset-max-listpack-* and list-max-listpack-size as it builds each value).
 */
package dev.rediscover.rdb;

import dev.rediscover.server.Server;
import dev.rediscover.types.EncodingLimits;
import dev.rediscover.types.zset.ZSetLimits;

public record LoadLimits(EncodingLimits encoding, ZSetLimits zset, int listFill) {
    /** Redis 7.0's defaults. */
    public static final LoadLimits DEFAULTS = new LoadLimits(EncodingLimits.DEFAULTS, ZSetLimits.DEFAULTS, -2);

    public static LoadLimits of(Server server) {
        return new LoadLimits(EncodingLimits.of(server), ZSetLimits.of(server),
                server.config.getInt("list-max-listpack-size"));
    }
}
