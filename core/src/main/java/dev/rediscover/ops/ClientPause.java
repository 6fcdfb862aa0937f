/*
 * CLIENT PAUSE timeout [WRITE|ALL] and CLIENT UNPAUSE: hold clients' commands back for a while,
 * typically so a replica can catch up before a failover. The commands are not refused: each
 * client that sends one is parked with its command until the pause ends, then the command runs
 * as if it had just arrived (it may be parked again, if it still may not run).
 *
 * How Redis 7.0.15 does it (networking.c pauseClients / unpauseClients /
 * checkClientPauseTimeoutAndReturnIfPaused, blocked.c blockClient with BLOCKED_POSTPONE, the check
 * near the end of server.c processCommand), and so do we:
 *
 *   - the check is the last one before running or queueing a command: after ACL, OOM, MISCONF...
 *     so inside MULTI a write is parked already when it would be queued, and an EXEC is parked
 *     when one of its queued commands is a write or "may replicate";
 *   - ALL parks every command of every client but replicas (and MONITORs, which Redis marks as
 *     replicas), the pausing client included: its CLIENT UNPAUSE waits like the rest;
 *   - DIFFERENCE: Redis 7.0.15 also parks the link to our master (only CLIENT_SLAVE is exempt;
 *     measured: a paused replica shows its master client with flags=Mb cmd=set). We let the
 *     master's stream through: ReplicaLink applies it in one loop with offset bookkeeping that
 *     cannot resume a parked command, and the pause exists to let replicas catch up anyway;
 *   - WRITE parks the write commands and those flagged CMD_MAY_REPLICATE, which COMMAND does not
 *     show: PUBLISH, SPUBLISH, PFCOUNT, EVAL, EVALSHA, FCALL (measured on redis-server 7.0.15);
 *   - a parked client has the BLOCKED flag (CLIENT LIST flags=b, cmd=<its command>) and counts in
 *     INFO's blocked_clients, but has no deadline (not in clients_in_timeout_table);
 *   - a second PAUSE keeps the more restrictive mode and the later end: it never shortens;
 *   - while paused, keys do not expire, lazily or actively, and nothing is evicted, so the
 *     dataset stays still (an expired key reads as missing but stays in place);
 *   - the end time is on the server Clock; it is checked by a timer set for the pause's length,
 *     by the cron, and whenever something asks whether we are paused.
 *
 * 7.0.15 has no INFO field about the pause (paused_reason and friends came in 7.2/7.4).
 */
package dev.rediscover.ops;

import dev.rediscover.command.CommandSpec;
import dev.rediscover.server.Client;
import dev.rediscover.server.Server;
import dev.rediscover.tx.TransactionState;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

public final class ClientPause {
    public enum Mode { OFF, WRITE, ALL }

    /** Commands Redis flags CMD_MAY_REPLICATE without CMD_WRITE: they are held by a WRITE pause. */
    private static final Set<String> MAY_REPLICATE = Set.of("publish", "spublish", "pfcount",
            "eval", "evalsha", "fcall");

    /** The command a parked client will run when released (the reader reuses its argv array). */
    private record Parked(byte[][] argv) {}

    private final Server server;
    private Mode mode = Mode.OFF;
    private long end;                                   // server clock ms; paused while end >= now
    private final LinkedHashSet<Client> parked = new LinkedHashSet<>();
    private List<Client> released = new ArrayList<>();

    private ClientPause(Server server) { this.server = server; }

    public static ClientPause of(Server server) { return server.extension(ClientPause.class, ClientPause::new); }

    /**
     * Hook the pause in. Registered just before MULTI's queueing gate, after every other check
     * (Commands.registerAll calls it between persistence's MISCONF gate and the transactions).
     */
    public static void register(Server server) {
        ClientPause p = of(server);
        server.dispatcher.addLastGate(p::gate);
        server.onBeforeSleep(p::runReleased);
        server.onCron(p::isPaused);
        server.onClientClosed(p::clientClosed);
        server.keyspace.setExpiryPausedCheck(p::isPaused);
    }

    // ---------------------------------------------------------------- pausing

    /** Pause until the clock passes endMillis; a running pause is only ever extended. */
    public void pause(long endMillis, Mode m) {
        if (mode == Mode.OFF) {
            mode = m;
            end = endMillis;
        } else {
            if (m.compareTo(mode) > 0) mode = m;
            end = Math.max(end, endMillis);
        }
        long delay = end - server.clock.millis();
        server.loop().after(Math.max(0, Math.min(delay, Integer.MAX_VALUE)) + 1, this::isPaused);
    }

    /** End the pause now: every parked client gets its command run in beforeSleep. */
    public void unpause() {
        mode = Mode.OFF;
        end = 0;
        released.addAll(parked);
        parked.clear();
    }

    /**
     * Are clients paused? Ends the pause first if its time has passed
     * (Redis: checkClientPauseTimeoutAndReturnIfPaused). Expiry and eviction ask this too.
     */
    public boolean isPaused() {
        if (mode == Mode.OFF) return false;
        if (end < server.clock.millis()) {
            unpause();
            return false;
        }
        return true;
    }

    public Mode mode() { return isPaused() ? mode : Mode.OFF; }

    /** Is c parked by the pause (BLOCKED, but not waiting on keys)? */
    public static boolean isParked(Client c) { return c.attachment(Parked.class) != null; }

    /** Clients parked by the pause, for INFO's blocked_clients. */
    public int parkedClients() { return parked.size(); }

    // ---------------------------------------------------------------- parking

    /** Dispatcher gate: park c with its command if the pause holds it (Redis: blockPostponeClient). */
    private boolean gate(Client c, CommandSpec cmd) {
        if (mode == Mode.OFF || c.has(Client.REPLICA | Client.MONITOR | Client.MASTER) || !isPaused()) return false;
        if (mode == Mode.WRITE && !mayReplicate(c, cmd)) return false;
        c.cmd = cmd;                                    // CLIENT LIST shows cmd=<the parked one>
        c.attach(Parked.class, new Parked(Arrays.copyOf(c.argv, c.argc)));
        c.flags |= Client.BLOCKED;
        parked.add(c);
        return true;
    }

    /** Redis's is_may_replicate_command: a write, a CMD_MAY_REPLICATE, or an EXEC queueing one. */
    static boolean mayReplicate(Client c, CommandSpec cmd) {
        if (cmd.is("write") || MAY_REPLICATE.contains(cmd.name())) return true;
        return cmd.name().equals("exec")
                && TransactionState.anyQueued(c, q -> q.is("write") || MAY_REPLICATE.contains(q.name()));
    }

    /**
     * beforeSleep: run the released clients' parked commands through the whole dispatcher again
     * (the pause may have come back), then whatever they pipelined after (Redis:
     * processUnblockedClients). Clients keep the BLOCKED flag until here so that the loop does
     * not read their next command before the parked one ran.
     */
    private void runReleased() {
        if (released.isEmpty()) return;
        List<Client> batch = released;
        released = new ArrayList<>();
        for (Client c : batch) {
            Parked p = c.attachment(Parked.class);
            if (p == null || server.client(c.id) != c) continue;
            c.attach(Parked.class, null);
            c.flags &= ~Client.BLOCKED;
            c.argv = p.argv();
            c.argc = p.argv().length;
            server.dispatcher.process(c);
            server.loop().processInput(c);
        }
    }

    private void clientClosed(Client c) {
        if (c.attachment(Parked.class) != null) {
            parked.remove(c);
            c.attach(Parked.class, null);
        }
    }
}
