/*
 * One key one client WATCHes: the same object sits in the client's list (TransactionState) and
 * in its database's key -> watchers map (Watches), so either side can find the other, as Redis's
 * `watchedKey` struct does (multi.c).
 *
 * `expired` remembers that the key was already past its TTL, though not yet deleted, when WATCH
 * ran. Such a key is logically absent; its lazy or active deletion later is no change, and
 * neither is it "expiring" before EXEC (Redis 7.0: watchedKey.expired).
 */
package dev.rediscover.tx;

import dev.rediscover.keyspace.Database;
import dev.rediscover.server.Client;

final class WatchedKey {
    final Database db;
    final byte[] key;
    final Client client;
    boolean expired;

    WatchedKey(Database db, byte[] key, Client client, boolean expired) {
        this.db = db;
        this.key = key;
        this.client = client;
        this.expired = expired;
    }
}
