/*
 * Replication, the state both sides share: the replication ID and offset, the backlog, the
 * replicas attached to us (master side) and the link to our master (replica side, ReplicaLink).
 * Redis keeps all of this in `struct redisServer` (replid, replid2, master_repl_offset,
 * second_replid_offset, repl_backlog, slaves, master) and the code in replication.c.
 *
 *   master:   writes ─► Propagation ─► propagate() ─► SELECT as needed, RESP ─► feed()
 *                                                     feed(): backlog + every replica's output
 *   replica:  master link ─► ReplicaLink applies each command ─► proxy(): the same bytes go to
 *             our backlog and our own replicas (chained replication), offset += their length
 *
 * An offset is a count of stream bytes since the replication ID was born. A replica that lost
 * its link asks PSYNC <replid> <offset+1>; if the ID is ours (or our previous one, replid2, up to
 * second_repl_offset: a promoted replica remembers its old master's history) and the backlog
 * still holds that byte, it gets +CONTINUE and the missing bytes, otherwise +FULLRESYNC and an RDB.
 *
 * Everything runs on the event-loop thread.
 */
package dev.rediscover.replication;

import dev.rediscover.blocking.Wakeup;
import dev.rediscover.command.CommandSpec;
import dev.rediscover.keyspace.Database;
import dev.rediscover.lab.Lab;
import dev.rediscover.lab.LabNotDone;
import dev.rediscover.propagation.Propagation;
import dev.rediscover.rdb.RdbEncoder;
import dev.rediscover.rdb.RdbFile;
import dev.rediscover.server.Client;
import dev.rediscover.server.Server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

public final class Replication implements Propagation.Target {
    static final String NO_ID = "0000000000000000000000000000000000000000";

    final Server server;
    String replid = newId();
    String replid2 = NO_ID;
    long secondReplOffset = -1;
    /** master_repl_offset: bytes of stream fed (master) or applied and proxied (replica). */
    long masterReplOffset;
    Backlog backlog;
    /** The database the stream last SELECTed, -1 to force a SELECT (server.slaveseldb). */
    int slaveSelDb = -1;
    final List<Client> replicas = new ArrayList<>();
    long syncFull, syncPartialOk, syncPartialErr;
    /** Our master, when we are a replica (server.masterhost != NULL). */
    ReplicaLink link;
    /** WAIT asked for acknowledgements: send REPLCONF GETACK before sleeping. */
    private boolean getAckPending;
    private final List<Waiter> waiters = new ArrayList<>();
    private long lastPing;

    /** What the master knows about one of its replicas (Redis: the slave fields of `client`). */
    static final class ReplicaState {
        int listeningPort;
        String announcedIp;
        boolean capaEof, capaPsync2;
        long ackOffset;
        long ackTime;
        /**
         * After a diskless ($EOF:) transfer the replica cannot tell where the RDB ends if stream
         * bytes follow the mark at once, so the stream waits here until its first ACK (Redis:
         * repl_put_online_on_ack).
         */
        boolean online = true;
        ByteArrayOutputStream held;
    }

    private record Waiter(Client c, long offset, long numReplicas) {}

    private Replication(Server server) {
        this.server = server;
        Propagation.of(server).addTarget(this);
        server.onBeforeSleep(this::beforeSleep);
        server.onCron(this::cron);
        server.onClientClosed(this::clientClosed);
        server.onStop(() -> { if (link != null) link.stop(); });
        server.config.onChange("repl-backlog-size", v -> { if (backlog != null) backlog.resize(Long.parseLong(v)); });
    }

    public static Replication of(Server server) {
        return server.extension(Replication.class, Replication::new);
    }

    static String newId() {
        byte[] b = new byte[20];
        ThreadLocalRandom.current().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    public boolean isReplica() { return link != null; }

    public String replid() { return replid; }

    public long offset() { return masterReplOffset; }

    // ---------------------------------------------------------------- the stream, master side

    /** Propagation.Target: one write of ours. A replica proxies its master's bytes instead. */
    @Override
    public void propagate(int db, byte[][] argv) {
        if (link != null || backlog == null) return;   // no replica ever attached: nothing to feed
        feedCommand(db, argv);
    }

    static final byte[] SELECT = Propagation.bytes("SELECT");

    /**
     * One write into the stream, preceded by SELECT when it happened in another database than the
     * stream's last command (Redis: replicationFeedSlaves and server.slaveseldb).
     */
    // tag::feed-command[]
    @Lab(13)
    void feedCommand(int db, byte[][] argv) {
        throw new LabNotDone(13, "Replication.feedCommand");
    }
    // end::feed-command[]

    /**
     * Append stream bytes: to the backlog, which moves master_repl_offset, and to every replica
     * (Redis: feedReplicationBuffer).
     */
    // tag::feed[]
    @Lab(13)
    void feed(byte[] bytes) {
        throw new LabNotDone(13, "Replication.feed");
    }
    // end::feed[]

    /** Queue stream bytes for one replica, or hold them until it is online (see ReplicaState). */
    void sendToReplica(Client r, byte[] bytes) {
        ReplicaState st = state(r);
        if (!st.online) {
            st.held.write(bytes, 0, bytes.length);
            return;
        }
        r.reply.raw(bytes);
        server.loop().wantsWrite(r);
    }

    /** The RESP multi-bulk form of a command, as it travels in the stream. */
    static byte[] encode(byte[][] argv) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64);
        header(out, '*', argv.length);
        for (byte[] a : argv) {
            header(out, '$', a.length);
            out.write(a, 0, a.length);
            out.write('\r');
            out.write('\n');
        }
        return out.toByteArray();
    }

    static byte[] encode(String... words) {
        byte[][] argv = new byte[words.length][];
        for (int i = 0; i < words.length; i++) argv[i] = words[i].getBytes(StandardCharsets.UTF_8);
        return encode(argv);
    }

    private static void header(ByteArrayOutputStream out, char type, long n) {
        out.write(type);
        byte[] d = Long.toString(n).getBytes(StandardCharsets.US_ASCII);
        out.write(d, 0, d.length);
        out.write('\r');
        out.write('\n');
    }

    void createBacklog() {
        if (backlog == null) backlog = new Backlog(server.config.getLong("repl-backlog-size"), masterReplOffset);
    }

    // ---------------------------------------------------------------- SYNC / PSYNC, master side

    /** PSYNC replid offset, or SYNC (psync false): serve a replica partially or fully. */
    void sync(Client c, boolean psync, String askedId, long askedOffset) {
        if (c.has(Client.REPLICA)) return;
        if (link != null && !link.connected()) {
            c.reply.error("NOMASTERLINK Can't SYNC while not connected with my master");
            return;
        }
        ReplicaState st = state(c);
        // "?" asks for a full copy: no history to look up (and lab 13's task 1 works without task 2)
        if (psync && !askedId.equals("?")) {
            if (tryPartial(c, st, askedId, askedOffset)) {
                syncPartialOk++;
                server.log.notice("Partial resynchronization request from " + c.address + " accepted, from offset " + askedOffset + ".");
                return;
            }
            syncPartialErr++;
            server.log.notice("Partial resynchronization not accepted (replica asked for '" + askedId + "' at " + askedOffset
                    + ", my replication IDs are '" + replid + "' and '" + replid2 + "')");
        }
        fullSync(c, st, psync);
    }

    /**
     * Can this replica continue from byte `from` of history `askedId`? Yes if the ID is ours, or our
     * previous one (replid2) and `from` is not past where that history ended for us, and the
     * backlog still holds byte `from`. Then answer +CONTINUE and send the bytes it missed.
     * Redis: masterTryPartialResynchronization.
     */
    // tag::try-partial[]
    @Lab(13)
    boolean tryPartial(Client c, ReplicaState st, String askedId, long from) {
        throw new LabNotDone(13, "Replication.tryPartial");
    }
    // end::try-partial[]

    private void fullSync(Client c, ReplicaState st, boolean psync) {
        syncFull++;
        if (backlog == null) {
            // The first replica: a new history starts here (syncCommand: changeReplicationId).
            if (replicas.isEmpty()) {
                replid = newId();
                replid2 = NO_ID;
                secondReplOffset = -1;
            }
            createBacklog();
        }
        boolean eof = psync && st.capaEof && server.config.getBool("repl-diskless-sync");
        if (psync) c.reply.raw(line("+FULLRESYNC " + replid + " " + masterReplOffset));
        byte[] rdb = snapshot();
        if (eof) {
            String mark = newId();
            c.reply.raw(line("$EOF:" + mark));
            c.reply.raw(rdb);
            c.reply.raw(mark.getBytes(StandardCharsets.US_ASCII));
            st.online = false;
            st.held = new ByteArrayOutputStream();
        } else {
            c.reply.raw(line("$" + rdb.length));
            c.reply.raw(rdb);
        }
        slaveSelDb = -1;               // the new replica's master client starts in db 0
        attach(c);
        server.loop().wantsWrite(c);
        server.log.notice("Synchronization with replica " + c.address + " succeeded");
    }

    /**
     * The whole dataset as an RDB, for a full resync. Synchronous for now; the one place to switch
     * to a background snapshot (dev.rediscover.persistence) when that is on main.
     */
    byte[] snapshot() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(1 << 16);
        try {
            writeRdb(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * RdbFile.write plus the replication aux fields Redis adds for a replica (rdbPopulateSaveInfo):
     * repl-stream-db tells a replica which database the stream after the RDB is in; it matters
     * when a chained replica serves a sync in the middle of its master's stream.
     */
    private void writeRdb(java.io.OutputStream out) throws IOException {
        RdbEncoder e = new RdbEncoder(out, server.config.getBool("rdbcompression"));
        e.header();
        RdbFile.auxFields(e, server.clock.millis(), Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory(), false);
        int streamDb = link != null ? (link.master != null ? link.master.db.id : 0) : Math.max(slaveSelDb, 0);
        e.auxLong("repl-stream-db", streamDb);
        e.aux("repl-id", replid);
        e.auxLong("repl-offset", masterReplOffset);
        RdbFile.writeDatabases(e, server.keyspace);
        e.eof(server.config.getBool("rdbchecksum"));
    }

    private void attach(Client c) {
        c.flags |= Client.REPLICA;
        ReplicaState st = state(c);
        st.ackTime = server.clock.millis();
        if (replicas.isEmpty()) lastPing = st.ackTime;   // the first PING one period from now
        if (!replicas.contains(c)) replicas.add(c);
    }

    static ReplicaState state(Client c) {
        ReplicaState st = c.attachment(ReplicaState.class);
        if (st == null) {
            st = new ReplicaState();
            c.attach(ReplicaState.class, st);
        }
        return st;
    }

    static byte[] line(String s) { return (s + "\r\n").getBytes(StandardCharsets.US_ASCII); }

    /** REPLCONF ACK from a replica: note its offset, maybe answer WAITs. */
    void ack(Client c, long offset) {
        ReplicaState st = state(c);
        if (!st.online) {
            st.online = true;
            c.reply.raw(st.held.toByteArray());
            st.held = null;
            server.loop().wantsWrite(c);
        }
        if (offset > st.ackOffset) st.ackOffset = offset;
        st.ackTime = server.clock.millis();
        serveWaiters();
    }

    private void clientClosed(Client c) {
        if (c.has(Client.REPLICA)) {
            replicas.remove(c);
            server.log.notice("Connection with replica " + c.address + " lost.");
        }
        waiters.removeIf(w -> w.c == c);
        if (link != null) link.clientClosed(c);
    }

    /** Hang up on every replica so they come back and learn our new ID (disconnectSlaves). */
    void disconnectReplicas() {
        for (Client r : new ArrayList<>(replicas)) r.closeAsap();
    }

    // ---------------------------------------------------------------- WAIT

    /** Replicas whose acknowledged offset reached offset (replicationCountAcksByOffset). */
    int acked(long offset) {
        int n = 0;
        for (Client r : replicas) if (state(r).ackOffset >= offset) n++;
        return n;
    }

    void waitFor(Client c, long numReplicas, long timeoutMs) {
        long offset = masterReplOffset;
        int n = acked(offset);
        if (n >= numReplicas || !server.blocking.mayBlock(c)) {
            c.reply.integer(n);
            return;
        }
        Waiter w = new Waiter(c, offset, numReplicas);
        waiters.add(w);
        long deadline = timeoutMs == 0 ? 0 : server.clock.millis() + timeoutMs;
        server.blocking.block(c, new byte[0][], deadline, new Wakeup() {
            @Override public boolean tryServe(Client cl, Database db, byte[] key) { return false; }

            @Override public void timedOut(Client cl) {
                waiters.remove(w);
                cl.reply.integer(acked(w.offset));
            }
        });
        getAckPending = true;
    }

    private void serveWaiters() {
        for (int i = 0; i < waiters.size(); i++) {
            Waiter w = waiters.get(i);
            int n = acked(w.offset);
            if (n < w.numReplicas) continue;
            waiters.remove(i--);
            w.c.reply.integer(n);
            server.blocking.unblock(w.c);
        }
    }

    // ---------------------------------------------------------------- periodic work

    private void beforeSleep() {
        if (getAckPending && link == null) {
            getAckPending = false;
            if (!replicas.isEmpty()) feed(encode("REPLCONF", "GETACK", "*"));
        }
        if (link != null) link.beforeSleep();
    }

    /** Once a second: PING the replicas, drop silent ones, ACK our master (replicationCron). */
    private void cron() {
        long now = server.clock.millis();
        if (link != null) link.cron(now);
        if (link == null && !replicas.isEmpty()
                && now - lastPing >= server.config.getLong("repl-ping-replica-period") * 1000) {
            lastPing = now;
            feed(encode("PING"));
        }
        long timeout = server.config.getLong("repl-timeout") * 1000;
        for (Client r : new ArrayList<>(replicas)) {
            if (now - state(r).ackTime > timeout) {
                server.log.warning("Disconnecting timedout replica (streaming sync): " + r.address);
                r.closeAsap();
            }
        }
    }

    // ---------------------------------------------------------------- role changes

    /** REPLICAOF host port: follow a master, keeping our history to try a partial resync. */
    void follow(String host, int port) {
        if (link != null) link.stop();
        unblockAll();
        server.setRole("slave");
        server.keyspace.setExpiryDisabled(true);
        // Our own ID and offset stay, for PSYNC to try continuing them (replicationCacheMasterUsingMyself).
        // The backlog is created once the master accepts (full sync or +CONTINUE), as Redis does:
        // a REPLICAOF that never connects, then NO ONE, leaves a master with no backlog and offset 0.
        link = new ReplicaLink(this, host, port);
        remember(host + " " + port);
        link.start();
    }

    /** Keep CONFIG GET replicaof (and CONFIG REWRITE) in step with the REPLICAOF command. */
    private void remember(String replicaof) {
        try {
            server.config.set("replicaof", replicaof);
        } catch (dev.rediscover.server.ConfigException e) {
            server.log.warning("replicaof: " + e.getMessage());
        }
    }

    /** REPLICAOF NO ONE: become a master; our history so far becomes replid2 (shiftReplicationId). */
    void promote() {
        if (link == null) return;
        link.stop();
        link = null;
        replid2 = replid;
        secondReplOffset = masterReplOffset + 1;
        replid = newId();
        disconnectReplicas();
        slaveSelDb = -1;
        server.setRole("master");
        server.keyspace.setExpiryDisabled(false);
        remember("");
    }

    /** Clients blocked on keys cannot stay blocked on a replica (disconnectAllBlockedClients). */
    private void unblockAll() {
        for (Client c : new ArrayList<>(server.clients())) {
            // A client parked by CLIENT PAUSE is not in a command yet: it stays parked and its
            // command starts from scratch when released (Redis: skips BLOCKED_POSTPONE).
            if (!c.has(Client.BLOCKED) || dev.rediscover.ops.ClientPause.isParked(c)) continue;
            waiters.removeIf(w -> w.c == c);
            c.reply.error("UNBLOCKED force unblock from blocking operation, instance state changed (master -> replica?)");
            server.blocking.unblock(c);
        }
    }

    // ---------------------------------------------------------------- gates

    /** READONLY on a replica, NOREPLICAS on a master without enough good replicas, MASTERDOWN. */
    boolean gate(Client c, CommandSpec cmd) {
        if (!c.authenticated || c.has(Client.MASTER) || c.has(Client.FAKE)) return false;
        boolean write = cmd.is("write");
        if (link != null) {
            if (write && server.config.getBool("replica-read-only")) {
                server.dispatcher.reject(c, cmd, "READONLY You can't write against a read only replica.");
                return true;
            }
            if (!link.connected() && !server.config.getBool("replica-serve-stale-data") && !cmd.is("stale")) {
                server.dispatcher.reject(c, cmd, "MASTERDOWN Link with MASTER is down and replica-serve-stale-data is set to 'no'.");
                return true;
            }
            return false;
        }
        if (write && server.config.getInt("min-replicas-to-write") > 0 && server.config.getInt("min-replicas-max-lag") > 0
                && goodReplicas() < server.config.getInt("min-replicas-to-write")) {
            server.dispatcher.reject(c, cmd, "NOREPLICAS Not enough good replicas to write.");
            return true;
        }
        return false;
    }

    /** Replicas whose last ACK is at most min-replicas-max-lag seconds old (refreshGoodSlavesCount). */
    int goodReplicas() {
        long maxLag = server.config.getLong("min-replicas-max-lag");
        long now = server.clock.millis();
        int n = 0;
        for (Client r : replicas) if ((now - state(r).ackTime) / 1000 <= maxLag) n++;
        return n;
    }

    // ---------------------------------------------------------------- INFO

    /** INFO replication, in Redis 7.0's order (genRedisInfoString). */
    public void info(StringBuilder sb) {
        long now = server.clock.millis();
        field(sb, "role", link == null ? "master" : "slave");
        if (link != null) link.info(sb, now);
        field(sb, "connected_slaves", replicas.size());
        if (link == null && server.config.getInt("min-replicas-to-write") > 0 && server.config.getInt("min-replicas-max-lag") > 0) {
            field(sb, "min_slaves_good_slaves", goodReplicas());
        }
        for (int i = 0; i < replicas.size(); i++) {
            Client r = replicas.get(i);
            ReplicaState st = state(r);
            sb.append("slave").append(i).append(":ip=").append(ip(r)).append(",port=").append(st.listeningPort)
                    .append(",state=").append(st.online ? "online" : "wait_bgsave").append(",offset=").append(st.ackOffset).append(",lag=").append((now - st.ackTime) / 1000)
                    .append("\r\n");
        }
        field(sb, "master_failover_state", "no-failover");
        field(sb, "master_replid", replid);
        field(sb, "master_replid2", replid2);
        field(sb, "master_repl_offset", masterReplOffset);
        field(sb, "second_repl_offset", secondReplOffset);
        field(sb, "repl_backlog_active", backlog == null ? 0 : 1);
        field(sb, "repl_backlog_size", server.config.get("repl-backlog-size"));
        field(sb, "repl_backlog_first_byte_offset", backlog == null ? 0 : backlog.firstByteOffset());
        field(sb, "repl_backlog_histlen", backlog == null ? 0 : backlog.histlen());
    }

    /** INFO stats' sync counters. */
    public void statsInfo(StringBuilder sb) {
        field(sb, "sync_full", syncFull);
        field(sb, "sync_partial_ok", syncPartialOk);
        field(sb, "sync_partial_err", syncPartialErr);
    }

    static String ip(Client r) {
        ReplicaState st = state(r);
        if (st.announcedIp != null) return st.announcedIp;
        return r.address.substring(0, r.address.lastIndexOf(':'));
    }

    static void field(StringBuilder sb, String name, Object value) {
        sb.append(name).append(':').append(value).append("\r\n");
    }
}
