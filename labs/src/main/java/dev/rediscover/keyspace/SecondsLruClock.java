/*
 * The LRU clock of Redis: seconds since the epoch, kept in 24 bits, stamped into an object's lru
 * field on every access so OBJECT IDLETIME (and approximated-LRU eviction) can tell how long a key
 * has been left alone (Redis: evict.c, getLRUClock and estimateObjectIdleTime; LRU_CLOCK_MAX and
 * LRU_CLOCK_RESOLUTION in server.h).
 *
 * 24 bits of seconds wrap every 194 days; the idle estimate allows for one wrap, which is why it
 * is an estimate. Time comes from the server's Clock, so tests drive idle time with ManualClock.
 * Redis caches the clock in server.lruclock once per cron tick; reading our Clock is as cheap.
 */
package dev.rediscover.keyspace;

import dev.rediscover.server.Clock;

public final class SecondsLruClock implements LruClock {
    /** Largest value of the 24-bit clock (Redis: LRU_CLOCK_MAX). */
    public static final int LRU_CLOCK_MAX = (1 << 24) - 1;
    /** Milliseconds per clock tick (Redis: LRU_CLOCK_RESOLUTION). */
    public static final int RESOLUTION_MILLIS = 1000;

    private final Clock clock;

    public SecondsLruClock(Clock clock) { this.clock = clock; }

    @Override
    public void touch(RedisObject o) { o.lru = now(clock.millis()); }

    /** The clock's value at the given wall-clock time. */
    public static int now(long millis) { return (int) ((millis / RESOLUTION_MILLIS) & LRU_CLOCK_MAX); }

    /** How long ago, in milliseconds, the object was last touched (one wrap-around allowed). */
    public static long idleMillis(RedisObject o, long nowMillis) {
        long clock = now(nowMillis);
        long lru = o.lru & LRU_CLOCK_MAX;
        long ticks = clock >= lru ? clock - lru : clock + (LRU_CLOCK_MAX - lru);
        return ticks * RESOLUTION_MILLIS;
    }
}
