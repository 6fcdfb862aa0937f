/*
 * The thresholds that decide when a hash or a set leaves its compact encoding, as CONFIG sets
 * them: hash-max-listpack-entries, hash-max-listpack-value and set-max-intset-entries (Redis
 * keeps them in server.hash_max_listpack_entries etc. and reads them in t_hash.c and t_set.c).
 *
 * Every HSET and SADD consults them, so instead of parsing the configuration text per command
 * we keep a copy that Config.onChange updates, one copy per Server, kept in the Server itself
 * (Server.extension): tests run several servers in one JVM, each with its own configuration.
 */
package dev.rediscover.types;

import dev.rediscover.server.Server;

public final class EncodingLimits {
    /** Redis's defaults, for values built without a server (structure tests). */
    public static final EncodingLimits DEFAULTS = new EncodingLimits(512, 64, 512);

    public volatile long hashMaxEntries;
    public volatile long hashMaxValue;
    public volatile long setMaxIntsetEntries;

    public EncodingLimits(long hashMaxEntries, long hashMaxValue, long setMaxIntsetEntries) {
        this.hashMaxEntries = hashMaxEntries;
        this.hashMaxValue = hashMaxValue;
        this.setMaxIntsetEntries = setMaxIntsetEntries;
    }

    /** The server's limits, subscribed to its configuration on first use. */
    public static EncodingLimits of(Server server) {
        return server.extension(EncodingLimits.class, EncodingLimits::subscribe);
    }

    private static EncodingLimits subscribe(Server server) {
        EncodingLimits n = new EncodingLimits(512, 64, 512);
        server.config.onChange("hash-max-listpack-entries", v -> n.hashMaxEntries = Long.parseLong(v));
        server.config.onChange("hash-max-listpack-value", v -> n.hashMaxValue = Long.parseLong(v));
        server.config.onChange("set-max-intset-entries", v -> n.setMaxIntsetEntries = Long.parseLong(v));
        return n;
    }
}
