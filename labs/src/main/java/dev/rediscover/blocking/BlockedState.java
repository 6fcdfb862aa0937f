/*
 * Why and until when one client is blocked: the database and keys it waits on, its deadline and
 * the Wakeup that finishes its command. Redis keeps the same in the client struct (c->bpop:
 * keys, timeout, target, blockpos, count); we attach it to the Client while it is blocked.
 */
package dev.rediscover.blocking;

import dev.rediscover.keyspace.Database;
import dev.rediscover.server.Client;

final class BlockedState implements Comparable<BlockedState> {
    final Client client;
    final Database db;
    final byte[][] keys;
    /** Clock milliseconds after which the client times out; 0 = wait forever. */
    final long deadline;
    final Wakeup wakeup;

    BlockedState(Client client, Database db, byte[][] keys, long deadline, Wakeup wakeup) {
        this.client = client;
        this.db = db;
        this.keys = keys;
        this.deadline = deadline;
        this.wakeup = wakeup;
    }

    /** Timeout order: earliest deadline first, then by client id (ids are unique). */
    @Override
    public int compareTo(BlockedState o) {
        int c = Long.compare(deadline, o.deadline);
        return c != 0 ? c : Long.compare(client.id, o.client.id);
    }
}
