/*
 * Propagation: after a command changed the dataset, hand what it did, as commands, to everything
 * that keeps a copy of the dataset (the AOF now, replicas later). Redis does this in server.c:
 * call() notes server.dirty before and after the command, alsoPropagate() collects the commands
 * to propagate in server.also_propagate, and propagatePendingCommands() hands them over once the
 * top-level command (the "execution unit") is over, wrapped in MULTI/EXEC when there are several.
 *
 * What is propagated is the command's deterministic EFFECT, not necessarily its text: a command
 * whose result depends on time or chance rewrites what it propagates (SET k v EX 10 becomes
 * SET k v PXAT <when>, SPOP becomes SREM of the members it chose...). Handlers do that with
 *
 *   Propagation.rewrite(c, argv...)   propagate this instead of c.argv (rewriteClientCommandVector)
 *   Propagation.also(c, argv...)      propagate this too, in c's database (alsoPropagate)
 *   Propagation.prevent(c)            propagate nothing for this call (preventCommandPropagation)
 *
 * Calls nest: EXEC calls each queued command through Dispatcher.call, so the state below is a
 * small stack indexed by depth. Only when the outermost call ends are the collected commands
 * handed to the targets: one command alone, or several wrapped in MULTI ... EXEC so a replica or
 * a replayed AOF applies them atomically (a transaction, or a command plus the DEL of a key it
 * found expired).
 *
 * Keys deleted because their TTL passed are propagated as DEL (Redis: propagateDeletion), both
 * when a command finds them expired and when active expiry removes them between commands. Their
 * deletion moves the dirty counter, but must not make a read command look like a write: the
 * expiry's share of the counter is subtracted.
 *
 * Everything here runs on the event-loop thread.
 */
package dev.rediscover.propagation;

import dev.rediscover.command.CommandSpec;
import dev.rediscover.keyspace.Database;
import dev.rediscover.keyspace.Keyspace;
import dev.rediscover.server.Client;
import dev.rediscover.server.Server;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

public final class Propagation implements Keyspace.Listener {
    /** A consumer of propagated commands: the AOF, a replica's link. */
    public interface Target {
        /** One command in database db. The target emits SELECT itself when the database changes. */
        void propagate(int db, byte[][] argv);
    }

    static final byte[] MULTI = bytes("MULTI"), EXEC = bytes("EXEC"), DEL = bytes("DEL");

    private final Server server;
    private final Keyspace keyspace;
    private final List<Target> targets = new ArrayList<>(2);
    /** Commands collected during the current execution unit (Redis: server.also_propagate). */
    private final List<Op> pending = new ArrayList<>();
    /** While loading the AOF nothing is propagated: those commands are already on disk. */
    private boolean suspended;

    // One slot per nesting level of Dispatcher.call (EXEC runs its commands one level down).
    private int depth;
    private long[] dirtyBefore = new long[4];
    private long[] expiredBefore = new long[4];
    private byte[][][] rewritten = new byte[4][][];
    private boolean[] prevented = new boolean[4];
    private Client[] caller = new Client[4];
    /** How much of Keyspace.dirty came from deleting expired keys (not the command's own doing). */
    private long expiredDirty;

    record Op(int db, byte[][] argv) {}

    private Propagation(Server server) {
        this.server = server;
        this.keyspace = server.keyspace;
        keyspace.addListener(this);
        server.dispatcher.addBeforeCall(this::beforeCall);
        server.dispatcher.addObserver((c, cmd, micros) -> afterCall(c, cmd));
    }

    /**
     * The server's propagation layer. It must be created before anything else observes commands
     * (the Server constructor does it), so that a command is propagated before the commands it
     * causes (a blocked BLPOP served by an LPUSH is propagated after the LPUSH).
     */
    public static Propagation of(Server server) {
        return server.extension(Propagation.class, Propagation::new);
    }

    public void addTarget(Target t) { if (!targets.contains(t)) targets.add(t); }

    public void removeTarget(Target t) { targets.remove(t); }

    /** Stop or resume propagating (AOF loading). */
    public void setSuspended(boolean suspended) { this.suspended = suspended; }

    // ---------------------------------------------------------------- what handlers call

    /** Propagate argv instead of the command the client sent (only the current call). */
    public static void rewrite(Client c, byte[]... argv) {
        Propagation p = of(c.server);
        if (p.depth > 0) p.rewritten[p.depth - 1] = argv;
    }

    /**
     * What a command that may finish later propagates (a blocking pop): while the client's own
     * call runs this replaces its command; when a blocked client is served afterwards, outside
     * any call of its own, it goes out as a command of its own (Redis: serveClientBlockedOnList
     * uses alsoPropagate).
     */
    public static void effect(Client c, byte[]... argv) {
        Propagation p = of(c.server);
        if (p.depth > 0 && p.caller[p.depth - 1] == c) p.rewritten[p.depth - 1] = argv;
        else p.alsoPropagate(c.db.id, argv);
    }

    /** Propagate argv as well, in the client's database, after what was collected so far. */
    public static void also(Client c, byte[]... argv) {
        of(c.server).alsoPropagate(c.db.id, argv);
    }

    /** Propagate nothing for the current call (its effects were propagated another way). */
    public static void prevent(Client c) {
        Propagation p = of(c.server);
        if (p.depth > 0) p.prevented[p.depth - 1] = true;
    }

    /**
     * Add a command to the execution unit (Redis: alsoPropagate). Outside any command (active
     * expiry, a blocked client served after the command that woke it) it goes out at once.
     */
    public void alsoPropagate(int db, byte[]... argv) {
        if (suspended || targets.isEmpty()) return;
        pending.add(new Op(db, argv));
        if (depth == 0) flush();                // nothing else is coming: hand it over now
    }

    /** Text arguments to bytes, for handlers building a rewritten command. */
    public static byte[] bytes(String s) { return s.getBytes(StandardCharsets.US_ASCII); }

    public static byte[] bytes(long n) { return Long.toString(n).getBytes(StandardCharsets.US_ASCII); }

    // ---------------------------------------------------------------- the call hooks

    private void beforeCall(Client c, CommandSpec cmd) {
        if (depth == dirtyBefore.length) grow();
        dirtyBefore[depth] = keyspace.dirty;
        expiredBefore[depth] = expiredDirty;
        rewritten[depth] = null;
        prevented[depth] = false;
        caller[depth] = c;
        depth++;
    }

    // tag::after-call[]
    private void afterCall(Client c, CommandSpec cmd) {
        if (depth == 0) return;             // observer registered mid-command (CONFIG SET appendonly)
        depth--;
        long changes = (keyspace.dirty - dirtyBefore[depth]) - (expiredDirty - expiredBefore[depth]);
        byte[][] argv = rewritten[depth];
        rewritten[depth] = null;
        caller[depth] = null;
        // EXEC itself is never propagated: its commands were, and are wrapped below.
        if (changes > 0 && !prevented[depth] && !cmd.name().equals("exec") && !suspended && !targets.isEmpty()) {
            if (argv == null) argv = c.argc == c.argv.length ? c.argv : Arrays.copyOf(c.argv, c.argc);
            pending.add(new Op(c.db.id, argv));
        }
        if (depth == 0 && !pending.isEmpty()) flush();
    }
    // end::after-call[]

    private void grow() {
        int n = dirtyBefore.length * 2;
        dirtyBefore = Arrays.copyOf(dirtyBefore, n);
        expiredBefore = Arrays.copyOf(expiredBefore, n);
        rewritten = Arrays.copyOf(rewritten, n);
        prevented = Arrays.copyOf(prevented, n);
        caller = Arrays.copyOf(caller, n);
    }

    /** The execution unit is over: hand its commands to the targets (propagatePendingCommands). */
    // tag::flush-unit[]
    private void flush() {
        int n = pending.size();
        if (n == 0) return;
        try {
            if (suspended || targets.isEmpty()) return;
            boolean wrap = n > 1;
            if (wrap) emit(pending.get(0).db, new byte[][] {MULTI});
            for (int i = 0; i < n; i++) {
                Op op = pending.get(i);
                emit(op.db, op.argv);
            }
            if (wrap) emit(pending.get(0).db, new byte[][] {EXEC});
        } finally {
            pending.clear();
        }
    }
    // end::flush-unit[]

    private void emit(int db, byte[][] argv) {
        for (int i = 0; i < targets.size(); i++) {
            try {
                targets.get(i).propagate(db, argv);
            } catch (RuntimeException e) {
                // The command has run and answered: a target that cannot take it (a bug, or a
                // learner's unwritten lab method) must not take the server down. Said once.
                if (!complained) server.log.warning("propagation to " + targets.get(i).getClass().getSimpleName() + " failed: " + e.getMessage());
                complained = true;
            }
        }
    }

    private boolean complained;

    // ---------------------------------------------------------------- expired keys

    @Override
    public void keyExpired(Database db, byte[] key) {
        expiredDirty++;                     // the delete that precedes this moved dirty by one
        alsoPropagate(db.id, DEL, key);
    }
}
