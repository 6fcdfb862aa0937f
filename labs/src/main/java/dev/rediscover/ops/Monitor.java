/*
 * MONITOR: a client that asks to see every command the server runs, as it runs it. From then on
 * it receives one status line per command, for example
 *
 *   +1700000000.123456 [0 127.0.0.1:50312] "SET" "k" "a\x00b"
 *
 * the time in seconds and microseconds (server Clock), the database the command ended in, the
 * caller's address, then each argument quoted (MonitorLine). Admin commands (CONFIG, SLOWLOG,
 * CLIENT LIST, MONITOR itself...) are never shown, nor commands replayed from the AOF; passwords
 * are redacted (Redaction). A monitor sees its own commands too, and commands EXEC runs one by
 * one (then EXEC itself), and those a master sends us, with the master's address.
 *
 * A monitor is a kind of replica in Redis (CLIENT_SLAVE|CLIENT_MONITOR): it may still send
 * commands that do not touch keys (PING, QUIT, RESET, SUBSCRIBE), others get "Replica can't
 * interact with the keyspace", and a second MONITOR is ignored without a reply. RESET and QUIT
 * end monitor mode. CLIENT LIST shows flag O.
 *
 * Cost when nobody monitors: one isEmpty() per command. Redis: replication.c
 * (replicationFeedMonitors), server.c (monitorCommand, and call() which feeds the monitors
 * after the command ran), networking.c (clearClientConnectionState for RESET).
 */
package dev.rediscover.ops;

import dev.rediscover.command.CommandSpec;
import dev.rediscover.lab.Lab;
import dev.rediscover.lab.LabNotDone;
import dev.rediscover.server.Client;
import dev.rediscover.server.Server;

import java.util.ArrayList;
import java.util.List;

public final class Monitor {
    private final Server server;
    /** The clients in monitor mode, in the order they asked (Redis: server.monitors). */
    private final List<Client> monitors = new ArrayList<>();

    private Monitor(Server server) {
        this.server = server;
        server.dispatcher.addObserver(this::afterCommand);
        server.dispatcher.addGate(this::gate);
        server.onReset(this::stop);
        server.onClientClosed(this::stop);
    }

    public static Monitor of(Server server) {
        return server.extension(Monitor.class, Monitor::new);
    }

    public static void register(Server server) {
        of(server);
        server.commands.add("monitor", 1, Monitor::monitor).flags("admin noscript loading stale").group("server")
                .doc("Streams every command the server runs to this connection.", "1.0.0", "");
    }

    /** MONITOR: enter monitor mode (a replica or a monitor already is: no reply at all). */
    static void monitor(Client c) {
        if (c.has(Client.MONITOR) || c.has(Client.REPLICA)) return;
        // A transaction wants one reply per command: it cannot turn into a stream.
        if (!c.server.blocking.mayBlock(c)) {
            c.reply.error("ERR MONITOR isn't allowed for DENY BLOCKING client");
            return;
        }
        start(c);
        c.reply.ok();
    }

    /** Put c in monitor mode: flag it and add it to the monitors. */
    // tag::start[]
    @Lab(15)
    static void start(Client c) {
        throw new LabNotDone(15, "Monitor.start");
    }
    // end::start[]

    /** RESET, or the connection closed: leave monitor mode. */
    private void stop(Client c) {
        if (!c.has(Client.MONITOR)) return;
        c.flags &= ~Client.MONITOR;
        monitors.remove(c);
    }

    public int count() { return monitors.size(); }

    /** Dispatcher observer: after each command, a line for every monitor. */
    private void afterCommand(Client c, CommandSpec cmd, long micros) {
        if (monitors.isEmpty()) return;
        if (cmd.is("admin") || cmd.is("skip_monitor") || c.has(Client.FAKE)) return;
        try {
            feed(c, cmd);
        } catch (LabNotDone notYet) {
            // A course server before lab 15 has no monitors to feed anyway.
        }
    }

    /** Write the command's line to every monitor that still listens (Redis: replicationFeedMonitors). */
    // tag::feed[]
    @Lab(15)
    void feed(Client c, CommandSpec cmd) {
        throw new LabNotDone(15, "Monitor.feed");
    }
    // end::feed[]

    /**
     * A monitor may not run commands that read or write keys (Redis, processCommand: "Replica
     * can't interact with the keyspace"); the refusal is not shown to the monitors.
     */
    private boolean gate(Client c, CommandSpec cmd) {
        if (!c.has(Client.MONITOR)) return false;
        if (cmd.is("write") || cmd.is("readonly") || cmd.is("may_replicate")) {
            server.dispatcher.reject(c, cmd, "ERR Replica can't interact with the keyspace");
            return true;
        }
        return false;
    }
}
