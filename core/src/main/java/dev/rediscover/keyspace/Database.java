/*
 * One of the numbered databases (SELECT 0..15): a Dict of keys, plus a second Dict holding only
 * the keys that have a TTL, which is what the active expire cycle samples (Redis: db->dict and
 * db->expires in server.h, and the lookup functions in db.c).
 *
 * All access goes through the lookup methods here, because every access is also a chance to
 * expire the key lazily: a key past its TTL is deleted the moment anyone touches it.
 */
package dev.rediscover.keyspace;

import dev.rediscover.lab.Lab;

import java.util.function.Consumer;

public final class Database {
    public final int id;
    final Keyspace keyspace;
    Dict<RedisObject> dict = newKeyDict();
    Dict<RedisObject> expires = new Dict<>();
    /** Average TTL of the keys the active expire cycle sampled, for INFO keyspace (avg_ttl). */
    long avgTtl;
    /** Sum of the keys' memory charges (KeySize): this database's share of used_memory. */
    long datasetBytes;

    Database(int id, Keyspace keyspace) {
        this.id = id;
        this.keyspace = keyspace;
    }

    public Keyspace keyspace() { return keyspace; }

    /**
     * The main dict paints every value stored into it in the keyspace's current colour, so that a
     * background snapshot running now knows the value is not owed to it (persistence.Snapshot).
     * A key it removes gives back its memory charge (lesson 14): that way the accounting lives
     * beside the dict, not in delete, which lab 03 writes before memory is counted at all.
     */
    private Dict<RedisObject> newKeyDict() {
        Dict<RedisObject> d = new Dict<>();
        d.onStore(o -> o.colour = keyspace.colour);
        d.onRemove(this::uncharge);
        return d;
    }

    public int size() { return dict.size(); }

    public int expiresSize() { return expires.size(); }

    public long avgTtl() { return avgTtl; }

    /** Estimated bytes of this database's keys and values (lesson 14: see KeySize). */
    public long datasetBytes() { return datasetBytes; }

    /** Fold one sample's average TTL into avg_ttl: 2% new, 98% old (Redis: activeExpireCycle). */
    public void recordTtlSample(long sampleAvgTtl) {
        if (avgTtl == 0) avgTtl = sampleAvgTtl;
        avgTtl = (avgTtl / 50) * 49 + sampleAvgTtl / 50;
    }

    // ---------------------------------------------------------------- lookups

    /**
     * Find a key for a command that reads it (Redis: lookupKeyRead). Expires it first if its time
     * has passed, counts a keyspace hit or miss, and stamps the access time for LRU.
     */
    public RedisObject lookupRead(byte[] key) {
        RedisObject o = lookup(key);
        if (o == null) {
            keyspace.stats.keyspaceMisses++;
            keyspace.notify(NotifyFlags.KEY_MISS, "keymiss", key, id);
        } else {
            keyspace.stats.keyspaceHits++;
        }
        return o;
    }

    /** Find a key for a command that is about to modify it (Redis: lookupKeyWrite). */
    public RedisObject lookupWrite(byte[] key) { return lookup(key); }

    // tag::db-lookup[]
    /** Find a key, expiring it lazily, without touching hit/miss statistics. */
    @Lab(3)
    public RedisObject lookup(byte[] key) {
        Dict.Entry<RedisObject> e = dict.find(key);
        if (e == null) return null;
        RedisObject o = e.value;
        if (o.expireAt != RedisObject.NO_EXPIRY && expireIfNeeded(e.key, o)) return null;
        keyspace.touch(o);
        return o;
    }
    // end::db-lookup[]

    /** Look without expiring or touching anything: for OBJECT, DEBUG and tests. */
    public RedisObject peek(byte[] key) { return dict.get(key); }

    public boolean exists(byte[] key) { return lookup(key) != null; }

    // ---------------------------------------------------------------- updates

    /** Add a key that does not exist yet (Redis: dbAdd). */
    public void add(byte[] key, RedisObject o) {
        keyspace.touch(o);
        dict.insertNew(key, o);
        charge(key, o);
        if (o.hasExpiry()) expires.insertNew(key, o);
        keyspace.notify(NotifyFlags.NEW, "new", key, id);
    }

    // tag::db-set[]
    /**
     * Store a value under key, replacing whatever was there (Redis: setKey / dbSetValue).
     * Unless keepTtl, the key loses any TTL it had: SET clears the TTL, SET KEEPTTL does not.
     */
    @Lab(3)
    public RedisObject set(byte[] key, Object value, boolean keepTtl) {
        Dict.Entry<RedisObject> e = dict.find(key);
        // Like Redis's setKey (lookupKeyWrite first): a key past its TTL expires before being
        // replaced, so the write is to a new key (WATCH of an already expired key sees it).
        if (e != null && e.value.expireAt != RedisObject.NO_EXPIRY && expireIfNeeded(e.key, e.value)) {
            e = dict.find(key);               // still there on a replica, which never deletes
        }
        RedisObject o;
        if (e == null) {
            o = new RedisObject(value);
            keyspace.touch(o);
            dict.insertNew(key, o);
            keyspace.notify(NotifyFlags.NEW, "new", key, id);
        } else {
            o = e.value;
            o.value = value;
            o.notIntEncoded = false;
            if (o.hasExpiry() && !keepTtl) {
                o.expireAt = RedisObject.NO_EXPIRY;
                expires.remove(key);
            }
            keyspace.touch(o);
        }
        keyspace.keyModified(this, key);       // WATCH; also re-measures the key's memory (remeasure)
        return o;
    }
    // end::db-set[]

    /**
     * Store a whole new collection under key, dropping any TTL (SUNIONSTORE, ZUNIONSTORE,
     * ZRANGESTORE, SORT STORE): set, then measure it at once. remeasure spreads the walk of a
     * big collection over many writes, which suits writes to it, not a value replaced whole.
     */
    public RedisObject setCollection(byte[] key, TypedValue value) {
        RedisObject o = set(key, value, false);
        charge(key, o);
        return o;
    }

    /** Replace the whole object stored at key (RENAME, COPY, MOVE, RESTORE keep its TTL). */
    public void put(byte[] key, RedisObject o) {
        RedisObject old = dict.put(key, o);
        if (old != null) uncharge(old);
        // Charged afresh: RENAME and MOVE delete (uncharge) the old name before putting it here.
        o.accounting = 0;
        datasetBytes += measure(key, o);
        if (old == null) keyspace.notify(NotifyFlags.NEW, "new", key, id);
        if (old != null && old.hasExpiry()) expires.remove(key);
        if (o.hasExpiry()) expires.put(key, o);
        keyspace.keyModified(this, key);
    }

    // tag::db-delete[]
    /** Delete a key. Returns true if it existed. */
    @Lab(3)
    public boolean delete(byte[] key) {
        RedisObject o = dict.remove(key);
        if (o == null) return false;
        if (o.hasExpiry()) expires.remove(key);
        keyspace.keyModified(this, key);
        return true;
    }
    // end::db-delete[]

    /** Set an absolute expiry time in Unix milliseconds (Redis: setExpire). */
    // tag::set-expire[]
    @Lab(4)
    public void setExpire(byte[] key, RedisObject o, long whenMillis) {
        boolean had = o.hasExpiry();
        o.expireAt = whenMillis;
        if (!had) expires.put(key, o);
        keyspace.keyModified(this, key);
    }
    // end::set-expire[]

    /** Remove the TTL. Returns true if there was one (Redis: removeExpire, used by PERSIST). */
    // tag::remove-expire[]
    @Lab(4)
    public boolean removeExpire(byte[] key, RedisObject o) {
        if (!o.hasExpiry()) return false;
        o.expireAt = RedisObject.NO_EXPIRY;
        expires.remove(key);
        return true;
    }
    // end::remove-expire[]

    // ---------------------------------------------------------------- memory accounting (KeySize)

    /** Measure the key now and move the database total by the change in its charge. */
    public void charge(byte[] key, RedisObject o) {
        long before = o.accountedBytes();
        datasetBytes += measure(key, o) - before;
    }

    /** Re-measure a key whose charge lags behind writes (a big collection: see remeasure). */
    public void settle(byte[] key, RedisObject o) {
        if ((o.accounting >>> 40) != 0) charge(key, o);
    }

    private static long measure(byte[] key, RedisObject o) {
        long bytes = Math.min(KeySize.of(key, o), RedisObject.CHARGE_MASK);
        o.accounting = bytes;
        return bytes;
    }

    private void uncharge(RedisObject o) {
        datasetBytes -= o.accountedBytes();
        o.accounting = 0;
    }

    /**
     * A write changed the key (Keyspace.keyModified): re-measure it, or for a big collection
     * count the write and re-measure only when KeySize.due says the walk has been paid for.
     */
    void remeasure(byte[] key) {
        RedisObject o = dict.get(key);
        if (o == null) return;
        long charged = o.accountedBytes();
        long writes = (o.accounting >>> 40) + 1;
        if (charged == 0 || KeySize.due(o.value, charged, writes)) charge(key, o);
        else o.accounting = charged | (Math.min(writes, (1L << 24) - 1) << 40);
    }

    // ---------------------------------------------------------------- expiry

    /**
     * Delete the key if its TTL has passed (Redis: expireIfNeeded in db.c). Returns true if the
     * key is now gone. A replica never deletes on its own: it waits for the master's DEL,
     * but still reports the key as missing.
     */
    // tag::expire-if-needed[]
    @Lab(4)
    public boolean expireIfNeeded(byte[] key, RedisObject o) {
        if (!keyspace.isExpired(o)) return false;
        if (keyspace.expiryDisabled()) return true;
        deleteExpired(key);
        return true;
    }
    // end::expire-if-needed[]

    /** Delete a key because its TTL passed: counted in expired_keys and announced as "expired". */
    public void deleteExpired(byte[] key) {
        if (!delete(key)) return;
        keyspace.stats.expiredKeys++;
        keyspace.keyExpired(this, key);
    }

    // ---------------------------------------------------------------- whole database

    /** Remove every key. Returns how many there were. */
    public long flush() {
        long n = dict.size();
        dict = newKeyDict();
        expires = new Dict<>();
        avgTtl = 0;
        datasetBytes = 0;
        return n;
    }

    /** Exchange contents with another database (SWAPDB). */
    void swapWith(Database other) {
        Dict<RedisObject> d = dict, x = expires;
        long a = avgTtl, m = datasetBytes;
        datasetBytes = other.datasetBytes;
        other.datasetBytes = m;
        dict = other.dict;
        expires = other.expires;
        avgTtl = other.avgTtl;
        other.dict = d;
        other.expires = x;
        other.avgTtl = a;
        // The remove hooks uncharge the database that owns the dict: now the other one.
        dict.onRemove(this::uncharge);
        other.dict.onRemove(other::uncharge);
    }

    /** One SCAN step over the main dict; see Dict.scan for the cursor contract. */
    public long scan(long cursor, Consumer<Dict.Entry<RedisObject>> visitor) {
        return dict.scan(cursor, visitor);
    }

    /** Visit every key (KEYS). The visitor must not modify the database. */
    public void forEach(Consumer<Dict.Entry<RedisObject>> visitor) { dict.forEach(visitor); }

    /** A random key that is not expired, or null (Redis: dbRandomKey). */
    public byte[] randomKey() {
        // Each expired key picked is deleted, so on a master the loop ends: with a live key, or
        // with an empty database (null). A replica may not delete, so after many tries it gives
        // up and returns an expired name rather than loop forever (Redis does the same).
        int tries = 100;
        while (dict.size() > 0) {
            Dict.Entry<RedisObject> e = dict.randomEntry(keyspace.random);
            if (!keyspace.isExpired(e.value)) return e.key;
            if (keyspace.expiryDisabled()) {
                if (--tries == 0) return e.key;
            } else {
                deleteExpired(e.key);
            }
        }
        return null;
    }

    /** The dict of keys with a TTL, for the active expire cycle. */
    public Dict<RedisObject> expires() { return expires; }

    /** The main dict, for SCAN, persistence and tests. */
    public Dict<RedisObject> dict() { return dict; }

    /** Move a bucket or a few of any pending rehash, and shrink oversized tables (server cron). */
    public void cronResize(int steps) {
        dict.shrinkIfNeeded();
        expires.shrinkIfNeeded();
        dict.rehash(steps);
        expires.rehash(steps);
    }
}
