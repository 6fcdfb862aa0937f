/*
 * used_memory, as the engine counts it: the figure INFO memory, MEMORY STATS and maxmemory
 * eviction all use (lesson 14).
 *
 * Redis: used_memory is zmalloc_used_memory() (zmalloc.c), an exact running total of the bytes
 * its allocator handed out, updated on every malloc and free. Eviction compares it, minus the
 * replication and AOF buffers (freeMemoryGetNotCountedMemory), with maxmemory (evict.c,
 * getMaxmemoryState).
 *
 * JVM: the heap in use (Runtime.totalMemory - freeMemory) counts garbage not yet collected and
 * the JVM's own objects, and jumps with each GC, so evicting against it would throw away keys
 * for garbage. The engine counts its own data instead, in three parts, each O(1) to read:
 *
 *   STARTUP   a fixed charge for the empty server, in the order of an empty Redis (~0.85 MB)
 *   dataset   every key's estimate (keyspace.KeySize), summed per database as keys are written
 *   overhead  the dicts' bucket tables (one 4-byte reference each) and the clients' buffers
 *             (re-added up in the cron, not per command: O(clients))
 *
 * The heap in use is still shown, as allocator_allocated, where Redis shows its allocator's view.
 */
package dev.rediscover.evict;

import dev.rediscover.keyspace.Database;
import dev.rediscover.keyspace.Keyspace;
import dev.rediscover.server.Client;
import dev.rediscover.server.Server;

public final class UsedMemory {
    /** What the empty server is charged (Redis 7.0 starts at about 870 KB of used_memory). */
    public static final long STARTUP = 870_000;

    private final Server server;
    private volatile long clientsBytes;

    private UsedMemory(Server server) {
        this.server = server;
        server.onCron(this::cron);
    }

    public static UsedMemory of(Server server) { return server.extension(UsedMemory.class, UsedMemory::new); }

    private void cron() {
        long n = 0;
        for (Client c : server.clients()) n += clientBytes(c);
        clientsBytes = n;
    }

    /** Same estimate as CLIENT LIST's tot-mem (ops.ClientCommands.totalMemory), less the queue. */
    static long clientBytes(Client c) {
        return 1024 + c.reader.capacity() + c.reply.capacity();
    }

    /** The keys and values (used_memory_dataset). */
    public long dataset() { return server.keyspace.datasetBytes(); }

    /** The dicts' bucket tables: Redis counts them in overhead.hashtable.main / .expires. */
    public long hashtables() {
        Keyspace ks = server.keyspace;
        long n = 0;
        for (int i = 0; i < ks.count(); i++) {
            Database db = ks.db(i);
            n += 4L * (db.dict().buckets() + db.expires().buckets());
        }
        return n;
    }

    /** Clients' buffers, as of the last cron tick. */
    public long clients() { return clientsBytes; }

    /** used_memory_overhead: everything but the dataset. */
    public long overhead() { return STARTUP + hashtables() + clientsBytes; }

    /** used_memory: what maxmemory is compared with. */
    public long used() { return overhead() + dataset(); }

    /** The JVM's heap in use, garbage included: shown as allocator_allocated. */
    public static long heapInUse() {
        Runtime r = Runtime.getRuntime();
        return r.totalMemory() - r.freeMemory();
    }
}
