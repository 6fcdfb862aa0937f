/*
 * All the databases, the statistics about key access, and the hooks other parts of the engine
 * attach to key changes. Redis keeps these in the global `server` struct (server.db[],
 * server.stat_keyspace_hits, ...); we give them a class of their own so the data model can be
 * read, and tested, apart from the networking.
 *
 * Listeners hear about changes to keys: transactions (WATCH) need to know a key was modified,
 * keyspace notifications publish events, replication and the AOF propagate expirations.
 */
package dev.rediscover.keyspace;

import dev.rediscover.server.Clock;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

public final class Keyspace {
    /** Counters shown by INFO stats. */
    public static final class Stats {
        public long keyspaceHits, keyspaceMisses, expiredKeys, evictedKeys;
        public long expiredStalePerc, expiredTimeCapReachedCount, expireCycleCpuMillis;

        public void reset() {
            keyspaceHits = keyspaceMisses = expiredKeys = evictedKeys = 0;
            expiredStalePerc = expiredTimeCapReachedCount = expireCycleCpuMillis = 0;
        }
    }

    /** Notified of key changes. Every method has a do-nothing default. */
    public interface Listener {
        /** A key's value or TTL changed, or it was deleted (Redis: signalModifiedKey). */
        default void keyModified(Database db, byte[] key) {}

        /** A key was deleted because its TTL passed (propagated as DEL to replicas and the AOF). */
        default void keyExpired(Database db, byte[] key) {}

        /** A keyspace event (Redis: notifyKeyspaceEvent). type is a NotifyFlags bit. */
        default void event(int type, String event, byte[] key, int dbId) {}

        /** A whole database was emptied (FLUSHDB, FLUSHALL) or swapped (SWAPDB). */
        default void databaseChanged(int dbId) {}

        /**
         * Just before db's contents are dropped (FLUSHDB, FLUSHALL: replacement is null) or
         * exchanged with replacement's (SWAPDB), while both can still be looked at: WATCH must
         * know which watched keys existed (Redis: touchAllWatchedKeysInDb(emptied, replaced_with)).
         */
        default void databaseReplacing(Database db, Database replacement) {}
    }

    private Database[] dbs;
    private final Clock clock;
    public final Stats stats = new Stats();
    final RandomGenerator random = new SplittableRandom();
    private final List<Listener> listeners = new ArrayList<>();
    private boolean expiryDisabled;    // a replica: keys expire only when the master says so
    private LruClock lruClock = LruClock.NONE;
    /**
     * Changes since the last successful save (Redis: server.dirty): every key modification counts
     * one, a flush counts the keys it dropped. Save rules ("save 60 1000") compare against it, and
     * a command that moved it is a write worth propagating to the AOF and replicas.
     */
    public long dirty;
    /**
     * The colour objects are born in (RedisObject.colour): flipped by a background snapshot when
     * it starts, so that objects created while it runs are known not to be owed to it.
     */
    public boolean colour;

    public Keyspace(int databases, Clock clock) {
        this.clock = clock;
        this.dbs = new Database[databases];
        for (int i = 0; i < databases; i++) dbs[i] = new Database(i, this);
    }

    public Database db(int i) { return dbs[i]; }

    public int count() { return dbs.length; }

    public Clock clock() { return clock; }

    public long now() { return clock.millis(); }

    public RandomGenerator random() { return random; }

    public void addListener(Listener l) { listeners.add(l); }

    public void removeListener(Listener l) { listeners.remove(l); }

    /** True when the key's TTL has passed (Redis: keyIsExpired; a key at exactly its TTL lives). */
    public boolean isExpired(RedisObject o) {
        return o.expireAt != RedisObject.NO_EXPIRY && !applyingMasterStream && clock.millis() > o.expireAt;
    }

    /**
     * While a replica applies its master's commands nothing counts as expired: the master decides
     * (Redis: expireIfNeeded returns 0 for the master client). Set around each such command.
     */
    public void setApplyingMasterStream(boolean on) { this.applyingMasterStream = on; }

    private boolean applyingMasterStream;

    /** On a replica, keys are hidden when expired but only the master deletes them. */
    public boolean expiryDisabled() { return expiryDisabled || expiryPaused.getAsBoolean(); }

    /** While clients are paused (CLIENT PAUSE), keys do not expire either (Redis: expireIfNeeded). */
    public void setExpiryPausedCheck(java.util.function.BooleanSupplier paused) { this.expiryPaused = paused; }

    private java.util.function.BooleanSupplier expiryPaused = () -> false;

    public void setExpiryDisabled(boolean disabled) { this.expiryDisabled = disabled; }

    /** How access times are stamped on objects (set by the eviction policy, lab 14). */
    public void setLruClock(LruClock c) { this.lruClock = c; }

    /**
     * Stamp an access for LRU/LFU. Under CLIENT NO-TOUCH (noTouch) only a new object (lru 0)
     * gets its first stamp, as Redis gives every object one when it is created.
     */
    void touch(RedisObject o) {
        if (noTouch && o.lru != 0) return;
        lruClock.touch(o);
    }

    private boolean noTouch;

    /** The running command comes from a CLIENT NO-TOUCH client: lookups leave LRU/LFU alone. */
    public void setNoTouch(boolean on) { this.noTouch = on; }

    public void keyModified(Database db, byte[] key) {
        dirty++;
        db.remeasure(key);
        for (int i = 0; i < listeners.size(); i++) listeners.get(i).keyModified(db, key);
    }

    void keyExpired(Database db, byte[] key) {
        for (int i = 0; i < listeners.size(); i++) listeners.get(i).keyExpired(db, key);
        notify(NotifyFlags.EXPIRED, "expired", key, db.id);
    }

    /** Announce a keyspace event; keyspace notifications (lab 08) turn it into PUBLISHes. */
    public void notify(int type, String event, byte[] key, int dbId) {
        for (int i = 0; i < listeners.size(); i++) listeners.get(i).event(type, event, key, dbId);
    }

    /** SWAPDB: exchange two databases' contents. */
    public void swap(int a, int b) {
        for (Listener l : listeners) { l.databaseReplacing(dbs[a], dbs[b]); l.databaseReplacing(dbs[b], dbs[a]); }
        dbs[a].swapWith(dbs[b]);
        dirty++;
        for (Listener l : listeners) { l.databaseChanged(a); l.databaseChanged(b); }
    }

    /** FLUSHDB: empty one database. Returns the number of keys removed. */
    public long flush(int dbId) {
        for (Listener l : listeners) l.databaseReplacing(dbs[dbId], null);
        long n = dbs[dbId].flush();
        dirty += n;
        for (Listener l : listeners) l.databaseChanged(dbId);
        return n;
    }

    /** FLUSHALL: empty every database. Returns the number of keys removed. */
    public long flushAll() {
        long n = 0;
        for (Database db : dbs) {
            for (Listener l : listeners) l.databaseReplacing(db, null);
            long dropped = db.flush();
            n += dropped;
            dirty += dropped;
            for (Listener l : listeners) l.databaseChanged(db.id);
        }
        return n;
    }

    /** The estimated bytes of every database's keys (used_memory's dataset part, KeySize). */
    public long datasetBytes() {
        long n = 0;
        for (Database db : dbs) n += db.datasetBytes;
        return n;
    }

    public long totalKeys() {
        long n = 0;
        for (Database db : dbs) n += db.size();
        return n;
    }
}
