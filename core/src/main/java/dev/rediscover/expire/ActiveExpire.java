/*
 * The active expire cycle: deleting expired keys that nobody touches.
 *
 * Lazy expiry (Database.expireIfNeeded) only deletes a key when someone reads it, so keys that are
 * never read again would stay in memory forever. Redis therefore also samples keys with a TTL in
 * the background (expire.c, activeExpireCycle):
 *
 *   for each database, repeat:
 *       sample 20 keys from the expires dict, delete the expired ones
 *       while more than 10% of the sample was expired (so probably many more are)
 *       and the cycle's time budget (25% of a cron tick) is not used up
 *
 * Where a sample comes from changed over the years: Redis 5 and older picked random keys
 * (dictGetRandomKey); since Redis 6.0 (the cycle's rewrite that also added active-expire-effort)
 * it walks the expires dict's buckets in order with a cursor kept per database
 * (db->expires_cursor), so successive samples sweep the table. We do the same.
 *
 * The "slow" cycle runs from the server cron (hz times a second); a "fast" cycle of at most 1 ms
 * runs before the loop sleeps when the last slow cycle ran out of time. active-expire-effort
 * (1..10) scales the sample size and the acceptable share of stale keys.
 *
 * Deciding what is expired uses the injected Clock; the time budget uses real time, since it is
 * about not stalling the loop.
 */
package dev.rediscover.expire;

import dev.rediscover.keyspace.Database;
import dev.rediscover.keyspace.Dict;
import dev.rediscover.keyspace.Keyspace;
import dev.rediscover.keyspace.RedisObject;
import dev.rediscover.lab.Lab;
import dev.rediscover.server.Config;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

public final class ActiveExpire {
    private static final int KEYS_PER_LOOP = 20;           // ACTIVE_EXPIRE_CYCLE_KEYS_PER_LOOP
    private static final int SLOW_TIME_PERC = 25;          // ACTIVE_EXPIRE_CYCLE_SLOW_TIME_PERC
    private static final int ACCEPTABLE_STALE = 10;        // ACTIVE_EXPIRE_CYCLE_ACCEPTABLE_STALE

    private final Keyspace keyspace;
    private final Config config;
    private boolean enabled = true;        // DEBUG SET-ACTIVE-EXPIRE 0 turns it off
    private int nextDb;                    // databases are visited round-robin across cycles
    private boolean timedOut;              // last cycle ran out of time: do fast cycles
    private final List<byte[]> expiredScratch = new ArrayList<>();
    private int lastSampled;               // keys the last expireSample looked at
    private final long[] cursors;          // per database: where the next sample starts
    // State of the sample in progress, kept in fields so the scan visitor allocates nothing.
    private final Consumer<Dict.Entry<RedisObject>> sampler = this::sample;
    private long sampleNow, ttlSum;
    private int sampled, ttlCount;

    public ActiveExpire(Keyspace keyspace, Config config) {
        this.keyspace = keyspace;
        this.config = config;
        this.cursors = new long[keyspace.count()];
    }

    public void setEnabled(boolean enabled) { this.enabled = enabled; }

    /** Told how long each cycle took, in ms: the latency monitor's "expire-cycle" event. */
    private java.util.function.LongConsumer cycleTimer = ms -> { };

    public void onCycleTimed(java.util.function.LongConsumer timer) { this.cycleTimer = timer; }

    /** runCycle, timed for the latency monitor (Redis: activeExpireCycle's "expire-cycle" sample). */
    private boolean timedCycle(long budgetMicros, int effort) {
        long start = System.nanoTime();
        boolean out = runCycle(budgetMicros, effort);
        cycleTimer.accept((System.nanoTime() - start) / 1_000_000);
        return out;
    }

    public boolean enabled() { return enabled; }

    /** The cron-driven cycle. Budget: a share of one cron period. */
    public void slowCycle() {
        if (!enabled || keyspace.expiryDisabled()) return;
        int hz = Math.max(1, config.getInt("hz"));
        int effort = config.getInt("active-expire-effort") - 1;
        long budgetMicros = (SLOW_TIME_PERC + 2L * effort) * 1_000_000L / hz / 100;
        timedOut = timedCycle(budgetMicros, effort);
    }

    /** The short cycle run before sleeping, only after a slow cycle ran out of time. */
    public void fastCycle() {
        if (!enabled || !timedOut || keyspace.expiryDisabled()) return;
        timedOut = timedCycle(1000, config.getInt("active-expire-effort") - 1);
    }

    /**
     * One cycle over the databases within budgetMicros of real time. Returns true if it stopped
     * because time ran out rather than because the databases looked clean.
     */
    // tag::run-cycle[]
    @Lab(4)
    public boolean runCycle(long budgetMicros, int effort) {
        long start = System.nanoTime();
        int perLoop = KEYS_PER_LOOP + KEYS_PER_LOOP / 4 * effort;
        int acceptableStale = ACCEPTABLE_STALE - effort;
        int dbs = keyspace.count();
        for (int n = 0; n < dbs; n++) {
            Database db = keyspace.db(nextDb);
            nextDb = (nextDb + 1) % dbs;
            int iteration = 0;
            while (db.expiresSize() > 0) {
                int expired = expireSample(db, perLoop);
                iteration++;
                // Check the clock every 16 iterations: asking for the time is not free.
                if ((iteration & 0xf) == 0 && (System.nanoTime() - start) / 1000 > budgetMicros) {
                    keyspace.stats.expiredTimeCapReachedCount++;
                    return true;
                }
                // The share of stale keys is of the keys actually sampled, which is fewer than
                // perLoop in a small database: 3 expired out of 4 sampled means "keep going".
                if (lastSampled > 0 && expired * 100 / lastSampled <= acceptableStale) break;
            }
        }
        return false;
    }
    // end::run-cycle[]

    /**
     * Sample about count keys with a TTL from db and delete the expired ones. Returns how many.
     *
     * The sample is the next few buckets of the expires dict after where the last sample of this
     * database stopped (Redis 6.0 and later: db->expires_cursor), not a random spot: a random window often
     * lands where an earlier sample already deleted every expired key, sees only live keys, and
     * stops the cycle while most of the table is still stale. A cursor sweeps the whole table
     * in order across samples and cycles. At most count * 20 buckets are looked at, so a
     * sparse table cannot make one sample slow.
     */
    // tag::expire-sample[]
    @Lab(4)
    int expireSample(Database db, int count) {
        expiredScratch.clear();
        sampleNow = keyspace.now();
        sampled = 0;
        ttlSum = 0;
        ttlCount = 0;
        int want = Math.min(count, db.expiresSize());
        long cursor = cursors[db.id];
        int buckets = 0;
        do {
            cursor = db.expires().scan(cursor, sampler);
            buckets++;
        } while (cursor != 0 && sampled < want && buckets < count * 20);
        cursors[db.id] = cursor;
        lastSampled = sampled;
        if (ttlCount > 0) db.recordTtlSample(ttlSum / ttlCount);
        // Delete after sampling: the dict must not change while a scan step walks it.
        for (byte[] key : expiredScratch) db.deleteExpired(key);
        return expiredScratch.size();
    }
    // end::expire-sample[]

    /** The scan visitor of expireSample: count each key, and note it if it is past its time. */
    // tag::sample-visitor[]
    @Lab(4)
    private void sample(Dict.Entry<RedisObject> e) {
        RedisObject o = e.value();
        sampled++;
        if (o.expireAt == RedisObject.NO_EXPIRY) return;
        if (sampleNow > o.expireAt) {
            expiredScratch.add(e.key());
        } else {
            ttlSum += o.expireAt - sampleNow;
            ttlCount++;
        }
    }
    // end::sample-visitor[]
}
