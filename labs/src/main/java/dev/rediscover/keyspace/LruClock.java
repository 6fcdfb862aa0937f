/*
 * Stamps a key's object on every access, for OBJECT IDLETIME / OBJECT FREQ and for eviction.
 * Redis keeps a 24-bit clock in seconds (server.lruclock, LRU_CLOCK_RESOLUTION) in the robj's
 * lru field, or an LFU counter with its decay time when an LFU maxmemory-policy is active
 * (evict.c: LRU_CLOCK, updateLFU). The eviction lab (14) supplies the LFU variant.
 */
package dev.rediscover.keyspace;

public interface LruClock {
    void touch(RedisObject o);

    /** No stamping at all (used by tests that do not care). */
    LruClock NONE = o -> {};
}
