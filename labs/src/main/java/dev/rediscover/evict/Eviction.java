/*
 * maxmemory and its eviction policies (Redis: evict.c performEvictions, evictionPoolPopulate,
 * evictionTimeLimitUs, isSafeToPerformEvictions; the OOM check in server.c processCommand).
 *
 * Before every command, when maxmemory is set, the dispatcher gate here compares used_memory
 * (UsedMemory) with maxmemory and, while it is over, evicts keys the policy chooses:
 *
 *   allkeys-lru / volatile-lru    the longest idle key (LRU clock in RedisObject.lru)
 *   allkeys-lfu / volatile-lfu    the least frequently used (Lfu counter in RedisObject.lru)
 *   volatile-ttl                  the key whose TTL ends soonest
 *   allkeys-random / volatile-random   any key
 *   noeviction                    none
 *
 * "volatile" policies only consider keys with a TTL (the expires dict). The first three pick
 * through the EvictionPool (approximated: maxmemory-samples keys sampled per database per round).
 * If nothing can be evicted and memory is still over, commands flagged denyoom (and anything
 * queued in MULTI) are refused with the OOM error; reads still run.
 *
 * maxmemory-eviction-tenacity bounds the time one call may spend evicting; when it runs out the
 * rest is done between event-loop iterations (Redis: the evictionTimeProc timer) and the command
 * is let through, as Redis does (EVICT_RUNNING).
 *
 * An evicted key is deleted through Database.delete, so WATCH, keyspace notifications
 * ("evicted", flag e) and propagation (DEL, like an expired key) all hear of it. A replica does
 * not evict (replica-ignore-maxmemory): its master's DELs do that.
 */
package dev.rediscover.evict;

import dev.rediscover.command.CommandSpec;
import dev.rediscover.keyspace.Database;
import dev.rediscover.keyspace.Dict;
import dev.rediscover.keyspace.Keyspace;
import dev.rediscover.keyspace.LruClock;
import dev.rediscover.keyspace.NotifyFlags;
import dev.rediscover.keyspace.RedisObject;
import dev.rediscover.keyspace.SecondsLruClock;
import dev.rediscover.lab.Lab;
import dev.rediscover.lab.LabNotDone;
import dev.rediscover.propagation.Propagation;
import dev.rediscover.server.Client;
import dev.rediscover.server.Server;
import dev.rediscover.tx.TransactionState;

public final class Eviction {
    public static final String OOM = "OOM command not allowed when used memory > 'maxmemory'.";

    /** What performEvictions reports (Redis: EVICT_OK, EVICT_RUNNING, EVICT_FAIL). */
    public enum Result { OK, RUNNING, FAIL }

    /** The policies, with the two properties that steer the algorithm (MAXMEMORY_FLAG_*). */
    enum Policy {
        NOEVICTION(false), VOLATILE_LRU(false), VOLATILE_LFU(false), VOLATILE_RANDOM(false), VOLATILE_TTL(false),
        ALLKEYS_LRU(true), ALLKEYS_LFU(true), ALLKEYS_RANDOM(true);

        final boolean allKeys;

        Policy(boolean allKeys) { this.allKeys = allKeys; }

        boolean lfu() { return this == VOLATILE_LFU || this == ALLKEYS_LFU; }

        boolean random() { return this == VOLATILE_RANDOM || this == ALLKEYS_RANDOM; }

        static Policy parse(String s) { return valueOf(s.toUpperCase(java.util.Locale.ROOT).replace('-', '_')); }
    }

    private final Server server;
    private final Keyspace keyspace;
    private final UsedMemory memory;
    private final EvictionPool pool = new EvictionPool();
    private final Lfu lfu;
    private final LruClock lru;
    private long maxmemory;
    private Policy policy = Policy.NOEVICTION;
    private int samples = 5;
    private int tenacity = 10;
    private boolean replicaIgnores = true;
    /** Round-robin database cursor for the random policies (Redis: next_db, static in performEvictions). */
    private int nextDb;
    /** Evicting carries on between loop iterations after a tenacity time-out (evictionTimeProc). */
    private boolean backgroundPending;
    /** When used_memory last went over maxmemory without getting back under (nanoTime; 0 = not over). */
    private long exceededSinceNanos;
    private long totalExceededNanos;

    /** Keys evicted by the current performEvictions run, for the "eviction-cycle" latency event. */
    private int evictedInLastRun;
    private dev.rediscover.ops.LatencyMonitor latency;

    /** The latency monitor, looked up once (an extension may not create another in its constructor). */
    private dev.rediscover.ops.LatencyMonitor latency() {
        if (latency == null) latency = dev.rediscover.ops.LatencyMonitor.of(server);
        return latency;
    }

    private Eviction(Server server) {
        this.server = server;
        this.keyspace = server.keyspace;
        this.memory = UsedMemory.of(server);
        this.lfu = new Lfu(server.clock);
        this.lru = new SecondsLruClock(server.clock);
        var cfg = server.config;
        cfg.onChange("maxmemory", v -> {
            maxmemory = Long.parseLong(v);
            // Enforced right away, and a raised limit ends an over-the-limit stretch (startEvictionTimeProc).
            backgroundPending = true;
        });
        cfg.onChange("maxmemory-policy", this::setPolicy);
        cfg.onChange("maxmemory-samples", v -> samples = Integer.parseInt(v));
        cfg.onChange("maxmemory-eviction-tenacity", v -> tenacity = Integer.parseInt(v));
        cfg.onChange("lfu-log-factor", v -> lfu.logFactor = Integer.parseInt(v));
        cfg.onChange("lfu-decay-time", v -> lfu.decayMinutes = Integer.parseInt(v));
        cfg.onChange("replica-ignore-maxmemory", v -> replicaIgnores = v.equals("yes"));
        server.onBeforeSleep(this::continueInBackground);
    }

    public static Eviction of(Server server) { return server.extension(Eviction.class, Eviction::new); }

    /** Called from Commands.registerAll: installs the OOM gate. */
    public static void register(Server server) {
        Eviction e = of(server);
        server.dispatcher.addGate(e::oomGate);
    }

    /** The LFU counter of a key, decayed to now (OBJECT FREQ). */
    public int frequency(RedisObject o) { return lfu.decrAndReturn(o); }

    /** An LFU policy stamps a frequency counter in lru, the others an access time. */
    private void setPolicy(String v) {
        policy = Policy.parse(v);
        keyspace.setLruClock(policy.lfu() ? lfu : lru);
    }

    // ---------------------------------------------------------------- the gate

    /**
     * Before a command: with a maxmemory set, make room or refuse (makeRoom). Without one (the
     * default) nothing happens at all, so a server whose lab 14 is not written runs as before.
     */
    private boolean oomGate(Client c, CommandSpec cmd) {
        if (maxmemory == 0) return false;
        try {
            return makeRoom(c, cmd);
        } catch (LabNotDone e) {
            // A gate runs outside the command's own error handling: answer like a stub command.
            server.dispatcher.reject(c, cmd, "ERR " + e.getMessage());
            return true;
        }
    }

    // tag::make-room[]
    /**
     * Evict until under maxmemory; if that failed and the command would add memory, refuse it
     * with the OOM error and answer true (Redis: the maxmemory block of processCommand).
     */
    @Lab(14)
    boolean makeRoom(Client c, CommandSpec cmd) {
        throw new LabNotDone(14, "Eviction.makeRoom");
    }
    // end::make-room[]

    /**
     * denyoom commands, an EXEC whose queue holds one, and inside MULTI anything but
     * EXEC/DISCARD/QUIT/RESET (queueing costs memory).
     */
    static boolean rejectOnOom(Client c, CommandSpec cmd) {
        if (cmd.is("denyoom") || execOfDenyoom(c, cmd)) return true;
        if (!c.has(Client.MULTI)) return false;
        String n = cmd.name();
        return !(n.equals("exec") || n.equals("discard") || n.equals("quit") || n.equals("reset"));
    }

    /**
     * EXEC counts as denyoom when it would run a denyoom command: memory may have gone over the
     * limit after the commands were queued (Redis: is_denyoom_command in processCommand, which
     * looks at c->mstate.cmd_flags, the union of the queued commands' flags). The dispatcher's
     * reject then answers EXECABORT with the OOM reason and discards the transaction.
     */
    private static boolean execOfDenyoom(Client c, CommandSpec cmd) {
        return c.has(Client.MULTI) && cmd.name().equals("exec") && TransactionState.queuesFlag(c, "denyoom");
    }

    // ---------------------------------------------------------------- performEvictions

    /** How many bytes over maxmemory we are, or 0 (Redis: getMaxmemoryState). */
    public long overBy() {
        if (maxmemory == 0) return 0;
        long used = memory.used();
        return used > maxmemory ? used - maxmemory : 0;
    }

    /** A replica leaves eviction to its master (Redis: isSafeToPerformEvictions). */
    private boolean safeToEvict() {
        return !(replicaIgnores && !server.role().equals("master"));
    }

    /**
     * Evict until used_memory is under maxmemory, the policy has nothing left, or the tenacity
     * time limit is reached (then RUNNING: the rest continues between loop iterations).
     */
    public Result performEvictions() {
        // CLIENT PAUSE keeps the dataset still: nothing is evicted (Redis: performEvictions).
        if (dev.rediscover.ops.ClientPause.of(server).isPaused()) return Result.OK;
        long start = System.nanoTime();
        evictedInLastRun = 0;
        Result r = evictUntilUnder();
        // Only a run that evicted counts (Redis samples only once its eviction loop ran).
        if (evictedInLastRun > 0) latency().addSampleIfNeeded("eviction-cycle", (System.nanoTime() - start) / 1_000_000);
        trackExceededTime(r);
        return r;
    }

    /**
     * How long memory has stayed over the limit (Redis: stat_last_eviction_exceeded_time and
     * stat_total_eviction_exceeded_time, updated at the end of performEvictions).
     */
    private void trackExceededTime(Result r) {
        if (r != Result.OK) {
            if (exceededSinceNanos == 0) exceededSinceNanos = Math.max(1, System.nanoTime());
        } else if (exceededSinceNanos != 0) {
            totalExceededNanos += System.nanoTime() - exceededSinceNanos;
            exceededSinceNanos = 0;
        }
    }

    /** INFO stats current_eviction_exceeded_time, in milliseconds. */
    public long currentExceededMillis() {
        return exceededSinceNanos == 0 ? 0 : (System.nanoTime() - exceededSinceNanos) / 1_000_000;
    }

    /** INFO stats total_eviction_exceeded_time, in milliseconds (the current stretch included). */
    public long totalExceededMillis() { return totalExceededNanos / 1_000_000 + currentExceededMillis(); }

    private Result evictUntilUnder() {
        if (!safeToEvict()) return Result.OK;
        long toFree = overBy();
        if (toFree == 0) return Result.OK;
        return freeMemory(toFree);
    }

    // tag::free-memory[]
    /**
     * Evict keys one by one (evictOne) until toFree bytes are freed: FAIL when the policy is
     * noeviction or finds nothing more while still over; RUNNING when out of time (the rest is
     * done between loop iterations); else OK (Redis: the loop of performEvictions).
     */
    @Lab(14)
    Result freeMemory(long toFree) {
        throw new LabNotDone(14, "Eviction.freeMemory");
    }
    // end::free-memory[]

    /** Whether an eviction run that began at startNanos has used its time (tenacity). */
    private boolean outOfTime(long startNanos) {
        long limitMicros = timeLimitMicros();
        return limitMicros >= 0 && System.nanoTime() - startNanos > limitMicros * 1000L;
    }

    /** Out of time: RUNNING, and the rest is evicted between loop iterations (unless under already). */
    private Result pause() {
        if (overBy() == 0) return Result.OK;
        backgroundPending = true;
        return Result.RUNNING;
    }

    /** Between loop iterations: keep evicting after a tenacity time-out (evictionTimeProc). */
    private void continueInBackground() {
        if (!backgroundPending) return;
        backgroundPending = performEvictions() == Result.RUNNING;
    }

    /**
     * Time one performEvictions may take (Redis: evictionTimeLimitUs): 50 us per step up to
     * tenacity 10, then growing 15% per step; tenacity 100 means no limit (-1).
     */
    long timeLimitMicros() {
        if (tenacity <= 10) return 50L * tenacity;
        if (tenacity < 100) return (long) (500.0 * Math.pow(1.15, tenacity - 10));
        return -1;
    }

    /** Evict the key the policy chooses; returns the bytes it was charged, or -1 if none. */
    long evictOne() {
        byte[] key = null;
        Database db = null;
        if (policy.random()) {
            for (int i = 0; i < keyspace.count() && key == null; i++) {
                Database d = keyspace.db(nextDb);
                nextDb = (nextDb + 1) % keyspace.count();
                Dict<RedisObject> dict = policy.allKeys ? d.dict() : d.expires();
                if (dict.size() > 0) {
                    key = dict.randomEntry(keyspace.random()).key();
                    db = d;
                }
            }
        } else {
            int found = bestFromPool();
            if (found >= 0) {
                db = keyspace.db(pool.db[found]);
                key = pool.key[found];
                pool.clear(found);
                pool.compact();
            }
        }
        if (key == null) return -1;
        // The bookkeeping for LATENCY (eviction-del, and eviction-cycle's "did this run evict")
        // stays out of the lab's evict(), which is about what deleting a key as an eviction means.
        long start = System.nanoTime();
        long bytes = evict(db, key);
        if (bytes > 0) {
            evictedInLastRun++;
            latency().addSampleIfNeeded("eviction-del", (System.nanoTime() - start) / 1_000_000);
        }
        return bytes;
    }

    /**
     * Fill the pool from every database until it holds a key that still exists, and return its
     * slot (Redis: the do/while around evictionPoolPopulate). -1 when there are no candidates.
     */
    private int bestFromPool() {
        for (int round = 0; ; round++) {
            long keys = 0;
            for (int i = 0; i < keyspace.count(); i++) {
                Database d = keyspace.db(i);
                Dict<RedisObject> dict = policy.allKeys ? d.dict() : d.expires();
                if (dict.size() == 0) continue;
                keys += dict.size();
                populate(d, dict);
                // A sparse table (many keys just deleted) can make a sample come back empty:
                // after a few such rounds take one random entry so the loop always ends.
                if (round > 8 && pool.size() == 0) offer(d, dict.randomEntry(keyspace.random()), keyspace.now());
            }
            if (keys == 0) return -1;
            // From the best candidate down: the first whose key still exists is the one.
            for (int k = EvictionPool.SIZE - 1; k >= 0; k--) {
                if (pool.key[k] == null) continue;
                RedisObject o = keyspace.db(pool.db[k]).peek(pool.key[k]);
                if (o != null) return k;
                pool.clear(k);       // deleted or evicted since it was sampled
            }
            pool.compact();
        }
    }

    // tag::populate[]
    /**
     * Sample maxmemory-samples keys of one dict (all keys, or only those with a TTL) into the
     * pool, each with its score at `now` (Redis: evictionPoolPopulate).
     */
    @Lab(14)
    void populate(Database db, Dict<RedisObject> sampled) {
        throw new LabNotDone(14, "Eviction.populate");
    }
    // end::populate[]

    /** One sampled key into the pool, scored (its memory charge is brought up to date first). */
    private void offer(Database db, Dict.Entry<RedisObject> e, long now) {
        db.settle(e.key(), e.value());          // a collection's lagging charge is corrected here
        pool.offer(score(e.value(), now), e.key(), db.id);
    }

    // tag::score[]
    /** Higher = better to evict (Redis: the idle computation in evictionPoolPopulate). */
    @Lab(14)
    long score(RedisObject o, long now) {
        throw new LabNotDone(14, "Eviction.score");
    }
    // end::score[]

    // tag::evict[]
    /**
     * Delete one key as an eviction: through Database.delete (WATCH hears it), counted in
     * evicted_keys, announced as "evicted", propagated as DEL (Redis: the body of the eviction
     * loop in performEvictions).
     */
    @Lab(14)
    long evict(Database db, byte[] key) {
        throw new LabNotDone(14, "Eviction.evict");
    }
    // end::evict[]

    private static final byte[] DEL = {'D', 'E', 'L'};

    /** For tests and MEMORY DOCTOR. */
    public long maxmemory() { return maxmemory; }

    public String policyName() { return policy.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'); }
}
