/*
 * Receives a point-in-time view of the whole keyspace, one key at a time, on the event loop:
 * what BGSAVE writes to an RDB file and what BGREWRITEAOF writes as the new base file. The
 * snapshot machinery decides when each key is visited, so that the loop keeps serving while a big
 * dataset is saved; the sink only encodes.
 *
 * Keys may arrive in any database order: a key that a command is about to change is handed over
 * early, out of turn. An RDB sink writes SELECTDB whenever the database changes (the format
 * allows a database to be selected again).
 *
 * A sink must encode `o` before returning: right after, a command may change it.
 */
package dev.rediscover.persistence;

import dev.rediscover.keyspace.RedisObject;

public interface SnapshotSink {
    /** One key of database db, with the value and TTL it had when the snapshot began. */
    void key(int db, byte[] key, RedisObject o);

    /** Every key has been visited (or the snapshot was abandoned: aborted true). */
    void end(boolean aborted);

    /**
     * True while the sink cannot take more right now (its writer thread is behind): the walk
     * pauses for a moment, so encoded bytes do not pile up in memory. Keys a command is about to
     * change are still handed over, whatever this says.
     */
    default boolean behind() { return false; }
}
