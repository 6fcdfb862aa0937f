/*
 * Runs the background snapshot of one server (see Snapshot for how the point in time is kept):
 * at most one at a time, as Redis runs at most one fork child (server.child_type, and
 * hasActiveChildProcess in server.c). BGSAVE's RDB and the AOF rewrite's base both go through
 * here, each with its own SnapshotSink.
 *
 * The walk advances in slices of about a millisecond, one per event-loop iteration: a timer due
 * at once keeps the loop from sleeping in select() while there is work, and every iteration still
 * reads and runs the clients' commands first. Before each write command runs, the keys it names
 * (CommandSpec.findKeys) are handed to the sink if the snapshot still owes them.
 *
 *   Snapshots.start(server, sink)        background, returns at once
 *   Snapshots.writeAll(keyspace, sink)   synchronous, for SAVE and SHUTDOWN (the loop waits)
 */
package dev.rediscover.persistence;

import dev.rediscover.command.Args;
import dev.rediscover.command.CommandSpec;
import dev.rediscover.keyspace.Database;
import dev.rediscover.keyspace.Dict;
import dev.rediscover.keyspace.Keyspace;
import dev.rediscover.keyspace.RedisObject;
import dev.rediscover.server.Client;
import dev.rediscover.server.Server;

public final class Snapshots {
    /** Encoding time per loop iteration: the longest the walk holds the loop (-Drediscover.snapshot.sliceMicros). */
    static final long SLICE_NANOS = Long.getLong("rediscover.snapshot.sliceMicros", 1000) * 1000;

    private final Server server;
    private long sliceNanos = SLICE_NANOS;
    private long pauseMillis;           // between slices: 0, unless a test stretches the walk
    private Snapshot active;
    private String purpose = "";

    private Snapshots(Server server) {
        this.server = server;
        server.dispatcher.addBeforeCall(this::beforeCall);
    }

    public static Snapshots of(Server server) { return server.extension(Snapshots.class, Snapshots::new); }

    /** Start a background snapshot into sink. Throws IllegalStateException if one is running. */
    public static Snapshot start(Server server, SnapshotSink sink) { return of(server).begin(sink, "snapshot"); }

    /**
     * Start a background snapshot; purpose ("rdb", "aof") says who runs it, for the errors of
     * whoever finds one running. Must be called on the event loop.
     */
    public Snapshot begin(SnapshotSink sink, String purpose) {
        if (active != null) throw new IllegalStateException("a " + this.purpose + " snapshot is already running");
        active = new Snapshot(server.keyspace, sink);
        this.purpose = purpose;
        server.loop().after(0, this::tick);
        return active;
    }

    /** Encoding time per loop iteration (tests shrink it to stretch a walk over many iterations). */
    public void setSliceNanos(long nanos) { sliceNanos = nanos; }

    /** Wait this long between slices (tests: a walk that spans many commands; 0 = no wait). */
    public void setPauseMillis(long millis) { pauseMillis = millis; }

    /** The snapshot running now, or null. */
    public Snapshot active() { return active; }

    /** Who started the running snapshot ("rdb", "aof"), or "" when none runs. */
    public String purpose() { return active == null ? "" : purpose; }

    /** Abandon the running snapshot (its sink hears end(true)); nothing if none runs. */
    public void abort() {
        Snapshot s = active;
        if (s == null) return;
        active = null;
        s.abort();
    }

    /** One slice of the walk; schedules the next one unless the walk is done. */
    private void tick() {
        Snapshot s = active;
        if (s == null || s.finished()) return;
        if (s.sinkBehind()) {
            server.loop().after(1, this::tick);
            return;
        }
        if (s.step(sliceNanos)) {
            active = null;
            server.log.notice(String.format(java.util.Locale.ROOT,
                    "Snapshot walk done: %d keys handed over in %d slices, longest slice %.2f ms (%.2f ms of CPU)",
                    s.keysProcessed(), s.slices(), s.longestSliceNanos() / 1e6, s.longestSliceCpuNanos() / 1e6));
            s.complete();
        } else {
            server.loop().after(pauseMillis, this::tick);
        }
    }

    // ---------------------------------------------------------------- copy before write

    /** Dispatcher hook: a write command is about to run; hand over the keys it names first. */
    private void beforeCall(Client c, CommandSpec cmd) {
        Snapshot s = active;
        if (s == null || !cmd.is("write")) return;
        Database db = c.db;
        cmd.findKeys(c.argv, c.argc, (i, spec) -> s.encodeIfOwed(db, c.argv[i]));
        if (cmd.name().equals("copy")) copyToOtherDb(s, c);
    }

    /** COPY source destination DB n [REPLACE]: the destination lives in database n. */
    private void copyToOtherDb(Snapshot s, Client c) {
        for (int i = 3; i + 1 < c.argc; i++) {
            if (!Args.equalsAscii(c.argv[i], "db")) continue;
            long n = Args.parseLongOr(c.argv[i + 1], 0, c.argv[i + 1].length, -1);
            if (n >= 0 && n < server.keyspace.count()) s.encodeIfOwed(server.keyspace.db((int) n), c.argv[2]);
        }
    }

    // ---------------------------------------------------------------- synchronous

    /**
     * Hand every key of every database to sink now, then end it: SAVE, SHUTDOWN, DEBUG RELOAD and
     * a synchronous AOF rewrite. The loop does nothing else meanwhile, so no colours are needed.
     */
    public static void writeAll(Keyspace ks, SnapshotSink sink) {
        for (int i = 0; i < ks.count(); i++) {
            int db = i;
            Dict<RedisObject> d = ks.db(i).dict();
            d.forEach(e -> sink.key(db, e.key(), e.value()));
        }
        sink.end(false);
    }
}
