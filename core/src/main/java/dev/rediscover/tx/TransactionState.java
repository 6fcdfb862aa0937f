/*
 * A client's transaction state: the commands queued since MULTI, why EXEC must refuse to run
 * them, and the keys the client WATCHes. Redis keeps these in the client struct (c->mstate,
 * c->watched_keys and the CLIENT_MULTI, CLIENT_DIRTY_CAS, CLIENT_DIRTY_EXEC flags, server.h);
 * we attach one of these to the Client the first time it says MULTI or WATCH. Being inside
 * MULTI is the Client.MULTI flag itself, because the blocking subsystem and CLIENT LIST read it.
 *
 *   dirtyCas    a watched key was touched: EXEC answers a null array (Redis: CLIENT_DIRTY_CAS)
 *   dirtyExec   a command was refused while queueing: EXEC answers EXECABORT (CLIENT_DIRTY_EXEC)
 */
package dev.rediscover.tx;

import dev.rediscover.command.CommandSpec;
import dev.rediscover.server.Client;

import java.util.ArrayList;
import java.util.List;

public final class TransactionState {
    /** One queued command: what to run and its own copy of the arguments (Redis: multiCmd). */
    record Queued(CommandSpec cmd, byte[][] argv) {}

    final List<Queued> queue = new ArrayList<>();
    /** Bytes of the queued arguments plus a pointer each, as CLIENT LIST's multi-mem counts them. */
    long queuedBytes;
    boolean dirtyCas;
    boolean dirtyExec;
    /** EXEC is running the queue: the commands' replies are parts of EXEC's one reply. */
    boolean executing;
    final List<WatchedKey> watched = new ArrayList<>(4);

    /** The client's state, or null if it never used MULTI or WATCH. */
    static TransactionState of(Client c) { return c.attachment(TransactionState.class); }

    /** The client's state, created on first use. */
    static TransactionState get(Client c) {
        TransactionState st = of(c);
        if (st == null) {
            st = new TransactionState();
            c.attach(TransactionState.class, st);
        }
        return st;
    }

    /** Does any queued command match? (CLIENT PAUSE WRITE holds an EXEC that queued a write.) */
    public static boolean anyQueued(Client c, java.util.function.Predicate<CommandSpec> test) {
        TransactionState st = of(c);
        if (st == null) return false;
        for (Queued q : st.queue) if (test.test(q.cmd())) return true;
        return false;
    }

    /** CLIENT LIST's multi=: commands queued, or -1 outside MULTI. */
    public static int queuedCount(Client c) {
        if (!c.has(Client.MULTI)) return -1;
        TransactionState st = of(c);
        return st == null ? 0 : st.queue.size();
    }

    /** CLIENT LIST's multi-mem= (Redis 7.0 shows c->mstate.argv_len_sums). */
    public static long queuedMemory(Client c) {
        TransactionState st = of(c);
        return st == null ? 0 : st.queuedBytes;
    }

    /**
     * Whether a command queued in c's transaction has this flag (Redis keeps the union of the
     * queued flags in c->mstate.cmd_flags; walking the queue is enough for the rare OOM check).
     */
    public static boolean queuesFlag(Client c, String flag) {
        TransactionState st = of(c);
        if (st == null) return false;
        for (Queued q : st.queue) if (q.cmd().is(flag)) return true;
        return false;
    }

    /** CLIENT LIST's 'd' flag: a watched key was touched, the next EXEC will fail. */
    public static boolean dirtyCas(Client c) {
        TransactionState st = of(c);
        return st != null && st.dirtyCas;
    }

    /** True while EXEC runs c's queued commands (CLIENT REPLY treats them as one reply). */
    public static boolean executing(Client c) {
        TransactionState st = of(c);
        return st != null && st.executing;
    }

    /** Forget the queue and both dirty flags (the watches are Watches' business). */
    void clearQueue() {
        queue.clear();
        queuedBytes = 0;
        dirtyCas = false;
        dirtyExec = false;
    }
}
