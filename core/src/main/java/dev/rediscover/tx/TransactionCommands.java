/*
 * MULTI, EXEC, DISCARD, WATCH and UNWATCH (Redis: multi.c, and the queueing branch at the end of
 * processCommand in server.c).
 *
 * After MULTI, every command that passes the dispatcher's checks is queued with +QUEUED instead
 * of run; a command the checks refuse (unknown, wrong arity, "no_multi" ones like SHUTDOWN) gets
 * its error and dooms the transaction: EXEC then answers EXECABORT (Redis: flagTransaction). EXEC
 * runs the queue through Dispatcher.call and answers an array of the replies, runtime errors
 * included: nothing is rolled back. MULTI, EXEC, DISCARD, WATCH, QUIT and RESET are never queued.
 *
 * WATCH is optimistic locking: if any watched key is written (by anyone, this client included)
 * between WATCH and EXEC, EXEC answers a null array and runs nothing (see Watches).
 *
 * The Client.MULTI flag stays set while EXEC runs the queue, so blocking commands answer at once
 * (Blocking.mayBlock) and waiters on keys the transaction pushed to are served only after it.
 */
package dev.rediscover.tx;

import dev.rediscover.command.CommandSpec;
import dev.rediscover.command.CommandTable;
import dev.rediscover.command.RedisException;
import dev.rediscover.lab.Lab;
import dev.rediscover.ops.ClientCommands;
import dev.rediscover.server.Client;
import dev.rediscover.server.Server;

import java.util.Arrays;

public final class TransactionCommands {
    static final String EXECABORT = "EXECABORT Transaction discarded because of previous errors.";
    static final String NO_MULTI = "ERR Command not allowed inside a transaction";

    private TransactionCommands() {}

    public static void register(Server server) {
        CommandTable t = server.commands;
        t.add("multi", 1, TransactionCommands::multi).flags("noscript loading stale fast allow_busy")
                .group("transactions").doc("Starts a transaction: later commands are queued until EXEC.", "1.2.0", "O(1)");
        t.add("exec", 1, TransactionCommands::exec).flags("noscript loading stale skip_slowlog")
                .group("transactions").doc("Runs every command queued since MULTI, as one atomic step.", "1.2.0",
                        "Depends on commands in the transaction");
        t.add("discard", 1, TransactionCommands::discard).flags("noscript loading stale fast allow_busy")
                .group("transactions").doc("Throws away the commands queued since MULTI.", "2.0.0",
                        "O(N), when N is the number of queued commands");
        t.add("watch", -2, TransactionCommands::watch).flags("noscript loading stale fast allow_busy")
                .keys(1, -1, 1, "RO").group("transactions")
                .doc("Makes the next EXEC fail if any of the keys is modified first.", "2.2.0", "O(1) for every key.");
        t.add("unwatch", 1, TransactionCommands::unwatch).flags("noscript loading stale fast allow_busy")
                .group("transactions").doc("Forgets every key this connection WATCHes.", "2.2.0", "O(1)");
        server.dispatcher.addLastGate(TransactionCommands::gate);
        server.dispatcher.onReject(TransactionCommands::rejected);
        server.onReset(TransactionCommands::clientReset);
        server.onClientClosed(TransactionCommands::clientReset);
    }

    // ---------------------------------------------------------------- queueing

    /** Dispatcher gate: inside MULTI, queue the command instead of running it. */
    private static boolean gate(Client c, CommandSpec cmd) {
        return c.has(Client.MULTI) && queue(c, cmd);
    }

    /**
     * A command was refused before it ran: inside MULTI the transaction can only abort now
     * (Redis: flagTransaction). A refused EXEC, in MULTI or not, answers EXECABORT with the
     * reason and ends the transaction (Redis: rejectCommand calling execCommandAbort).
     */
    private static boolean rejected(Client c, CommandSpec cmd, String error) {
        if (c.has(Client.MULTI)) TransactionState.get(c).dirtyExec = true;
        if (cmd == null || !cmd.name().equals("exec")) return false;
        discardTransaction(c);
        String reason = error.startsWith("ERR ") ? error.substring(4) : error;
        c.reply.error("EXECABORT Transaction discarded because of: " + reason);
        return true;
    }

    /**
     * Queue c's command and answer +QUEUED, or refuse it (no_multi), or let it run now (the
     * transaction commands themselves, QUIT, RESET). Returns true when the command was dealt with.
     */
    // tag::queue[]
    @Lab(10)
    static boolean queue(Client c, CommandSpec cmd) {
        if (cmd.is("no_multi")) {
            c.server.dispatcher.reject(c, cmd, NO_MULTI);
            return true;
        }
        switch (cmd.name()) {
            case "exec", "discard", "multi", "watch", "quit", "reset" -> { return false; }
            default -> { }
        }
        TransactionState st = TransactionState.get(c);
        // A doomed transaction keeps answering QUEUED but stores nothing (Redis: queueMultiCommand).
        if (!st.dirtyCas && !st.dirtyExec) {
            byte[][] argv = Arrays.copyOf(c.argv, c.argc);   // the reader reuses its argv array
            st.queue.add(new TransactionState.Queued(cmd, argv));
            for (byte[] a : argv) st.queuedBytes += a.length + 8;
        }
        c.cmd = c.lastCmd = cmd;                // CLIENT LIST shows cmd=<the queued one>
        if (!ClientCommands.repliesOff(c)) c.reply.simple("QUEUED");
        return true;
    }
    // end::queue[]

    // ---------------------------------------------------------------- commands

    /** MULTI: start queueing. */
    // tag::multi[]
    @Lab(10)
    static void multi(Client c) {
        if (c.has(Client.MULTI)) throw new RedisException("ERR MULTI calls can not be nested");
        TransactionState.get(c);
        c.flags |= Client.MULTI;
        c.reply.ok();
    }
    // end::multi[]

    /** DISCARD: drop the queue and every watch. */
    static void discard(Client c) {
        if (!c.has(Client.MULTI)) throw new RedisException("ERR DISCARD without MULTI");
        discardTransaction(c);
        c.reply.ok();
    }

    /**
     * EXEC: abort (EXECABORT after a queueing error, a null array after a watched key was
     * touched or has expired), else run each queued command, its reply an element of ours.
     */
    // tag::exec[]
    @Lab(10)
    static void exec(Client c) {
        if (!c.has(Client.MULTI)) throw new RedisException("ERR EXEC without MULTI");
        TransactionState st = TransactionState.get(c);
        boolean watching = !st.watched.isEmpty();
        if (watching && c.server.watches.anyExpired(st)) st.dirtyCas = true;
        if (st.dirtyExec || st.dirtyCas) {
            if (st.dirtyExec) c.reply.error(EXECABORT);
            else c.reply.nullArray();
            discardTransaction(c);
            return;
        }
        if (watching) c.server.watches.unwatchAll(st);   // our own writes must not dirty us
        byte[][] argv = c.argv;
        int argc = c.argc;
        CommandSpec self = c.cmd;
        c.reply.arrayHeader(st.queue.size());
        st.executing = true;
        try {
            for (TransactionState.Queued q : st.queue) {
                c.argv = q.argv();
                c.argc = q.argv().length;
                c.server.dispatcher.call(c, q.cmd());
            }
        } finally {
            st.executing = false;
        }
        c.argv = argv;
        c.argc = argc;
        c.cmd = self;
        discardTransaction(c);                // clears MULTI: blocked waiters are served next
    }
    // end::exec[]

    /** WATCH key [key ...]: not inside MULTI; nothing to add once a watched key was touched. */
    // tag::watch-command[]
    @Lab(10)
    static void watch(Client c) {
        if (c.has(Client.MULTI)) throw new RedisException("ERR WATCH inside MULTI is not allowed");
        TransactionState st = TransactionState.get(c);
        if (!st.dirtyCas) {
            for (int i = 1; i < c.argc; i++) c.server.watches.watch(c, st, c.argv[i]);
        }
        c.reply.ok();
    }
    // end::watch-command[]

    /** UNWATCH: forget the watches, and that one of them was touched. */
    static void unwatch(Client c) {
        TransactionState st = TransactionState.of(c);
        if (st != null) {
            c.server.watches.unwatchAll(st);
            st.dirtyCas = false;
        }
        c.reply.ok();
    }

    /** Out of MULTI, queue and flags gone, nothing watched (Redis: discardTransaction). */
    static void discardTransaction(Client c) {
        c.flags &= ~Client.MULTI;
        TransactionState st = TransactionState.of(c);
        if (st == null) return;
        st.clearQueue();
        if (!st.watched.isEmpty()) c.server.watches.unwatchAll(st);
    }

    /** RESET and disconnection end any transaction and every watch. */
    private static void clientReset(Client c) {
        discardTransaction(c);
    }
}
