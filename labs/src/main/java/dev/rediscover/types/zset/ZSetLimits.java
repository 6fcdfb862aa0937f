/*
 * When a sorted set is small enough for the compact listpack encoding: at most
 * zset-max-listpack-entries elements (128 by default), none longer than zset-max-listpack-value
 * bytes (64), as in Redis 7.0's redis.conf (the older names zset-max-ziplist-* are aliases).
 * Read from the live configuration once per command, so CONFIG SET applies to the next write
 * just as it does in Redis, which reads server.zset_max_listpack_* on every add.
 */
package dev.rediscover.types.zset;

import dev.rediscover.server.Server;

public record ZSetLimits(long maxEntries, long maxValue) {
    /** Redis 7.0's defaults. */
    public static final ZSetLimits DEFAULTS = new ZSetLimits(128, 64);

    public static ZSetLimits of(Server server) {
        return new ZSetLimits(server.config.getLong("zset-max-listpack-entries"),
                server.config.getLong("zset-max-listpack-value"));
    }

    /** Would a set of `size` elements, the longest `maxLength` bytes, fit in a listpack? */
    public boolean fitsListpack(long size, long maxLength) {
        return size <= maxEntries && maxLength <= maxValue;
    }
}
