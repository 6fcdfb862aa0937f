/*
 * Redis's LFU counter (evict.c: LFULogIncr, LFUDecrAndReturn, updateLFU; object.c createObject):
 * under an LFU maxmemory-policy the 24-bit lru field of an object holds
 *
 *     16 bits: the last decrement time, in minutes (mod 65536)  |  8 bits: a logarithmic counter
 *
 * The counter is not a count: each access increments it with probability 1/((c-5)*factor+1), so
 * it climbs fast at first and then ever more slowly (with lfu-log-factor 10 it reaches 255 after
 * about 300 000 hits). It also decays: one unit per lfu-decay-time minutes left alone, so a key
 * that was hot yesterday is not kept forever. New keys start at 5 (LFU_INIT_VAL) so they are not
 * the first to go.
 *
 * The Clock (not the JVM's) gives minutes, so tests drive decay with ManualClock.
 */
package dev.rediscover.evict;

import dev.rediscover.keyspace.LruClock;
import dev.rediscover.keyspace.RedisObject;
import dev.rediscover.lab.Lab;
import dev.rediscover.server.Clock;

import java.util.SplittableRandom;

public final class Lfu implements LruClock {
    /** The counter of a new key (Redis: LFU_INIT_VAL). */
    public static final int INIT_VAL = 5;

    private final Clock clock;
    private final SplittableRandom random = new SplittableRandom();
    volatile int logFactor = 10;
    volatile int decayMinutes = 1;

    Lfu(Clock clock) { this.clock = clock; }

    /** An lru field holding `counter` stamped at `millis` (RESTORE FREQ, RDB loading: objectSetLRUOrLFU). */
    public static int stamp(int counter, long millis) { return (minutes(millis) << 8) | (counter & 0xFF); }

    /** The minutes clock, 16 bits (Redis: LFUGetTimeInMinutes). */
    static int minutes(long millis) { return (int) ((millis / 60_000) & 0xFFFF); }

    /** Minutes since ldt, allowing one wrap (Redis: LFUTimeElapsed). */
    static int elapsed(int ldt, int now) { return now >= ldt ? now - ldt : 0xFFFF - ldt + now; }

    // tag::touch[]
    /** An access: decay, then maybe increment, and restamp the time (Redis: updateLFU). */
    @Override
    @Lab(14)
    public void touch(RedisObject o) {
        int now = minutes(clock.millis());
        // A brand-new object has never been charged to a database: it starts at INIT_VAL.
        int counter = o.accountedBytes() == 0 ? INIT_VAL : logIncr(decrAndReturn(o));
        o.lru = (now << 8) | counter;
    }
    // end::touch[]

    /** The counter after the decay owed since its last stamp (Redis: LFUDecrAndReturn). */
    public int decrAndReturn(RedisObject o) {
        return decayed(o.lru, minutes(clock.millis()), decayMinutes);
    }

    // tag::decayed[]
    /** The decay itself, a pure function: one unit per decayMinutes elapsed, never below 0 (0 = off). */
    @Lab(14)
    static int decayed(int lru, int nowMinutes, int decayMinutes) {
        int ldt = (lru >>> 8) & 0xFFFF;
        int counter = lru & 0xFF;
        long periods = decayMinutes > 0 ? elapsed(ldt, nowMinutes) / decayMinutes : 0;
        return periods > counter ? 0 : (int) (counter - periods);
    }
    // end::decayed[]

    /** Maybe add one, less likely the higher the counter (Redis: LFULogIncr). */
    int logIncr(int counter) {
        return logIncr(counter, logFactor, random.nextDouble());
    }

    // tag::log-incr[]
    /** LFULogIncr with the random draw r in [0,1) given, so it can be tested. */
    @Lab(14)
    static int logIncr(int counter, int factor, double r) {
        if (counter == 255) return 255;
        double base = Math.max(0, counter - INIT_VAL);
        double p = 1.0 / (base * factor + 1);
        return r < p ? counter + 1 : counter;
    }
    // end::log-incr[]
}
