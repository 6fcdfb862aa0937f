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
import dev.rediscover.lab.LabNotDone;
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
        throw new LabNotDone(10, "Watches.watch");
    }
    // end::watch[]

    /** Forget every key c watches (Redis: unwatchAllKeys). The dirty flag is the caller's. */
    // tag::unwatch-all[]
    @Lab(10)
    void unwatchAll(TransactionState st) {
        throw new LabNotDone(10, "Watches.unwatchAll");
    }
    // end::unwatch-all[]

    /**
     * Has a watched key reached its TTL since WATCH, without anyone deleting it yet? EXEC then
     * fails as if it had been touched (Redis 7.0: isWatchedKeyExpired).
     */
    // tag::any-expired[]
    @Lab(10)
    boolean anyExpired(TransactionState st) {
        throw new LabNotDone(10, "Watches.anyExpired");
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
        throw new LabNotDone(10, "Watches.touch");
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
        throw new LabNotDone(10, "Watches.touchAll");
    }
    // end::touch-all[]
}
