/*
 * WATCH's bookkeeping: for each database, which clients watch which key, so that a write can
 * mark every watcher's transaction as doomed (Redis: db->watched_keys and touchWatchedKey,
 * touchAllWatchedKeysInDb, isWatchedKeyExpired in multi.c).
 *
 * We hear of writes as a Keyspace.Listener: every change to a key (SET, LPUSH, DEL, RENAME,
 * EXPIRE, a key deleted because its TTL passed, ...) goes through Database and arrives as
 * keyModified, which is Redis's signalModifiedKey. Whole-database changes (FLUSHDB, FLUSHALL,
 * SWAPDB) arrive as databaseReplacing before they happen, while we can still see which watched
 * keys existed. A touched client is unwatched at once: nothing can make it clean again but
 * EXEC, DISCARD, UNWATCH or RESET.
 *
 * The listener methods do nothing until somebody watches a key, so servers of the earlier labs
 * never reach the lab 10 methods.
 */
package dev.rediscover.tx;

import dev.rediscover.keyspace.Database;
import dev.rediscover.keyspace.Dict;
import dev.rediscover.keyspace.Keyspace;
import dev.rediscover.keyspace.RedisObject;
import dev.rediscover.lab.Lab;
import dev.rediscover.server.Client;

import java.util.ArrayList;
import java.util.List;

public final class Watches implements Keyspace.Listener {
    private final Keyspace keyspace;
    /** Per database: key -> its watchers, in the order they watched (Redis: db->watched_keys). */
    private final List<Dict<List<WatchedKey>>> byDb = new ArrayList<>();
    private int watchedCount;

    public Watches(Keyspace keyspace) {
        this.keyspace = keyspace;
        for (int i = 0; i < keyspace.count(); i++) byDb.add(new Dict<>());
        keyspace.addListener(this);
    }

    /** Watched (client, key) pairs over all clients. */
    public int size() { return watchedCount; }

    /** Is the key there but past its TTL, not deleted yet (Redis: keyIsExpired)? */
    private boolean isExpired(Database db, byte[] key) {
        RedisObject o = db.peek(key);
        return o != null && keyspace.isExpired(o);
    }

    // ---------------------------------------------------------------- watching

    /** Watch key in c's current database, once (Redis: watchForKey). */
    // tag::watch[]
    @Lab(10)
    void watch(Client c, TransactionState st, byte[] key) {
        for (WatchedKey wk : st.watched) {
            if (wk.db == c.db && java.util.Arrays.equals(wk.key, key)) return;
        }
        WatchedKey wk = new WatchedKey(c.db, key, c, isExpired(c.db, key));
        Dict<List<WatchedKey>> keys = byDb.get(c.db.id);
        List<WatchedKey> watchers = keys.get(key);
        if (watchers == null) {
            watchers = new ArrayList<>(2);
            keys.put(key, watchers);
        }
        watchers.add(wk);
        st.watched.add(wk);
        watchedCount++;
    }
    // end::watch[]

    /** Forget every key c watches (Redis: unwatchAllKeys). The dirty flag is the caller's. */
    // tag::unwatch-all[]
    @Lab(10)
    void unwatchAll(TransactionState st) {
        for (WatchedKey wk : st.watched) {
            Dict<List<WatchedKey>> keys = byDb.get(wk.db.id);
            List<WatchedKey> watchers = keys.get(wk.key);
            watchers.remove(wk);
            if (watchers.isEmpty()) keys.remove(wk.key);
            watchedCount--;
        }
        st.watched.clear();
    }
    // end::unwatch-all[]

    /**
     * Has a watched key reached its TTL since WATCH, without anyone deleting it yet? EXEC then
     * fails as if it had been touched (Redis 7.0: isWatchedKeyExpired).
     */
    // tag::any-expired[]
    @Lab(10)
    boolean anyExpired(TransactionState st) {
        for (WatchedKey wk : st.watched) {
            if (!wk.expired && isExpired(wk.db, wk.key)) return true;
        }
        return false;
    }
    // end::any-expired[]

    /** The client's next EXEC fails; its watches have served their purpose. */
    private void dirty(WatchedKey wk) {
        TransactionState st = TransactionState.of(wk.client);
        st.dirtyCas = true;
        unwatchAll(st);
    }

    // ---------------------------------------------------------------- writes

    @Override
    public void keyModified(Database db, byte[] key) {
        if (watchedCount != 0) touch(db, key);
    }

    @Override
    public void databaseReplacing(Database db, Database replacement) {
        if (watchedCount != 0 && byDb.get(db.id).size() != 0) touchAll(db, replacement);
    }

    /** A key was written: every client watching it will fail its EXEC (Redis: touchWatchedKey). */
    // tag::touch[]
    @Lab(10)
    void touch(Database db, byte[] key) {
        List<WatchedKey> watchers = byDb.get(db.id).get(key);
        if (watchers == null) return;
        for (WatchedKey wk : watchers.toArray(new WatchedKey[0])) {   // dirty() edits the list
            if (wk.expired) {
                // Watched when already logically gone: its deletion changes nothing.
                if (db.peek(key) == null) {
                    wk.expired = false;
                    continue;
                }
                break;   // Redis 7.0 stops looking at this key's other watchers here
            }
            dirty(wk);
        }
    }
    // end::touch[]

    /**
     * db is about to be emptied (replacement null) or to take replacement's contents (SWAPDB).
     * A watched key is touched if it exists on either side; an expired key only counts as
     * existing where it is still live (Redis 7.0: touchAllWatchedKeysInDb).
     */
    // tag::touch-all[]
    @Lab(10)
    void touchAll(Database db, Database replacement) {
        List<byte[]> keys = new ArrayList<>();
        byDb.get(db.id).forEach(e -> keys.add(e.key()));
        for (byte[] key : keys) {
            boolean inEmptied = db.peek(key) != null;
            boolean inReplacement = replacement != null && replacement.peek(key) != null;
            if (!inEmptied && !inReplacement) continue;
            List<WatchedKey> watchers = byDb.get(db.id).get(key);
            if (watchers == null) continue;            // its watchers were all dirtied meanwhile
            for (WatchedKey wk : watchers.toArray(new WatchedKey[0])) {
                if (wk.expired) {
                    if (!inReplacement) {               // an expired key deleted: no change
                        wk.expired = false;
                        continue;
                    }
                    if (isExpired(replacement, key)) continue;   // still expired
                } else if (!inEmptied && isExpired(replacement, key)) {
                    wk.expired = true;                  // absent, replaced by an already-expired key
                    continue;
                }
                dirty(wk);
            }
        }
    }
    // end::touch-all[]
}
