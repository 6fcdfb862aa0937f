/*
 * A point-in-time view of the whole keyspace, taken without fork(): the event loop walks the
 * databases a slice at a time between commands, and a key a command is about to change is
 * handed to the sink first, out of turn ("copy-on-write by serialising").
 *
 * Redis gets its point in time for free: rdbSaveBackground (rdb.c) forks, and the kernel copies
 * each memory page the parent writes to while the child is still saving. The JVM cannot fork, so
 * we copy at the granularity of a key, and the copy is the encoded bytes themselves.
 *
 * Which keys are still owed? Every RedisObject carries a one-bit colour. Starting a snapshot
 * flips the keyspace's colour, which makes every existing object "owed" at once, in O(1); new
 * objects are born in the new colour (the main Dict of each database paints every value stored
 * into it: Database.newKeyDict), so they are never owed; encoding an
 * object paints it the new colour, so it is never sent twice. No side table, no per-key work at
 * the start.
 *
 * Whole-database changes need no copying at all: the walk holds the Dict each database had when
 * the snapshot began. FLUSHDB gives the database a fresh Dict and leaves the old one, now frozen,
 * to the walk; SWAPDB exchanges Dicts between databases, and the walk still credits each Dict to
 * the database number it had at the start.
 *
 * Keys deleted because their TTL passed (active expiry, or a lazy lookup by a read command) may
 * go missing from the snapshot: they had expired, and a loading master drops such keys anyway.
 */
package dev.rediscover.persistence;

import dev.rediscover.keyspace.Database;
import dev.rediscover.keyspace.Dict;
import dev.rediscover.keyspace.Keyspace;
import dev.rediscover.keyspace.RedisObject;

public final class Snapshot {
    /** How many buckets to walk between two looks at the clock. */
    private static final int CLOCK_CHECK_EVERY = 32;

    private final SnapshotSink sink;
    private final Dict<RedisObject>[] dicts;
    private final boolean colour;
    private final long keysTotal;
    private long keysProcessed;
    private int db;                 // the database being walked
    private long cursor;            // its Dict.scan cursor; 0 with scanning false = not begun
    private boolean scanning;
    private boolean finished;
    private long slices, longestSliceNanos, longestSliceCpuNanos;
    private static final java.lang.management.ThreadMXBean THREADS = java.lang.management.ManagementFactory.getThreadMXBean();

    @SuppressWarnings("unchecked")
    Snapshot(Keyspace ks, SnapshotSink sink) {
        this.sink = sink;
        ks.colour = !ks.colour;
        this.colour = ks.colour;
        this.dicts = new Dict[ks.count()];
        long total = 0;
        for (int i = 0; i < dicts.length; i++) {
            dicts[i] = ks.db(i).dict();
            total += dicts[i].size();
        }
        this.keysTotal = total;
    }

    /** Keys in the keyspace when the snapshot began (INFO: current_save_keys_total). */
    public long keysTotal() { return keysTotal; }

    /** Keys handed to the sink so far (INFO: current_save_keys_processed). */
    public long keysProcessed() { return keysProcessed; }

    public boolean finished() { return finished; }

    boolean sinkBehind() { return sink.behind(); }

    /** Walk slices run so far, and the longest one: how long the walk held the loop at most. */
    public long slices() { return slices; }

    public long longestSliceNanos() { return longestSliceNanos; }

    /**
     * The most CPU time one slice used: unlike the wall time, it leaves out the moments the
     * thread was not running at all (a GC pause, a busy machine's scheduler).
     */
    public long longestSliceCpuNanos() { return longestSliceCpuNanos; }

    /**
     * Walk for about budgetNanos (at least one bucket). Returns true when every database has
     * been walked: every owed key has been handed to the sink.
     */
    public boolean step(long budgetNanos) {
        long start = System.nanoTime();
        long cpu = THREADS.getCurrentThreadCpuTime();
        try {
            return walk(start + budgetNanos);
        } finally {
            slices++;
            longestSliceNanos = Math.max(longestSliceNanos, System.nanoTime() - start);
            longestSliceCpuNanos = Math.max(longestSliceCpuNanos, THREADS.getCurrentThreadCpuTime() - cpu);
        }
    }

    private boolean walk(long deadline) {
        int sinceCheck = 0;
        while (db < dicts.length) {
            Dict<RedisObject> d = dicts[db];
            if (!scanning && d.isEmpty()) {
                nextDb();
                continue;
            }
            scanning = true;
            cursor = d.scan(cursor, this::visit);
            if (cursor == 0) nextDb();
            if (++sinceCheck == CLOCK_CHECK_EVERY) {
                sinceCheck = 0;
                if (System.nanoTime() - deadline > 0) return false;
            }
        }
        return true;
    }

    private void nextDb() {
        db++;
        cursor = 0;
        scanning = false;
    }

    private void visit(Dict.Entry<RedisObject> e) {
        if (e.value().colour != colour) emit(db, e.key(), e.value());
    }

    /**
     * A command is about to change key in db: if the snapshot still owes it, hand it over now,
     * with the value and TTL it has had since the snapshot began.
     */
    public void encodeIfOwed(Database live, byte[] key) {
        if (finished) return;
        int at = startIndexOf(live.dict());
        if (at < 0) return;             // a Dict born after the start (FLUSHDB): nothing owed there
        RedisObject o = live.peek(key);
        if (o != null && o.colour != colour) emit(at, key, o);
    }

    /** Which database's Dict this was when the snapshot began (after SWAPDB, not live.id). */
    private int startIndexOf(Dict<RedisObject> d) {
        for (int i = 0; i < dicts.length; i++) if (dicts[i] == d) return i;
        return -1;
    }

    private void emit(int dbIndex, byte[] key, RedisObject o) {
        o.colour = colour;
        keysProcessed++;
        sink.key(dbIndex, key, o);
    }

    /** Every key was handed over: tell the sink. */
    void complete() {
        if (finished) return;
        finished = true;
        java.util.Arrays.fill(dicts, null);
        sink.end(false);
    }

    /** Give up: tell the sink, and let go of the Dicts. */
    void abort() {
        if (finished) return;
        finished = true;
        java.util.Arrays.fill(dicts, null);
        sink.end(true);
    }
}
