/*
 * The replica's side of replication: the link to our master. Redis drives it from
 * replication.c: connectWithMaster, syncWithMaster (the handshake as a state machine, one step
 * per reply), readSyncBulkPayload (the RDB transfer), then the master becomes a client
 * (replicationCreateMasterClient) whose commands are applied like anyone else's, and
 * replicationCron sends REPLCONF ACK every second.
 *
 *   CONNECTING ─► PING ─► [AUTH] ─► REPLCONF listening-port ─► REPLCONF capa eof capa psync2
 *       ─► PSYNC <replid> <offset+1> ─┬─ +FULLRESYNC id off ─► TRANSFER ($len or $EOF:mark) ─► CONNECTED
 *                                     └─ +CONTINUE [id] ─────────────────────────────────────► CONNECTED
 *
 * Every step runs on the event loop and never waits: a step sends its command and returns; the
 * next reply moves the machine on. One small thread per link only waits for bytes (a blocking
 * connect and read) and hands each chunk to the loop with loop().execute, so the engine's
 * selector code (lab 02) stays as it is; all parsing, loading and applying happen on the loop.
 *
 * Offsets: every byte of the stream counts. A command's bytes are added to our offset (and to our
 * backlog and our own replicas, chained replication) only once it has been applied, so
 * REPLCONF ACK never claims more than we hold (Redis: c->reploff vs c->read_reploff).
 */
package dev.rediscover.replication;

import dev.rediscover.lab.Lab;
import dev.rediscover.lab.LabNotDone;
import dev.rediscover.rdb.LoadLimits;
import dev.rediscover.rdb.RdbLoader;
import dev.rediscover.resp.ProtocolException;
import dev.rediscover.server.Client;
import dev.rediscover.server.Server;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

final class ReplicaLink {
    enum State { CONNECT, CONNECTING, RECEIVE_PING, RECEIVE_AUTH, RECEIVE_PORT, RECEIVE_CAPA, RECEIVE_PSYNC, TRANSFER, CONNECTED }

    /** How soon a dropped link is retried (Redis: the next replicationCron, within a second). */
    static final long RETRY_MS = 200;

    private final Replication repl;
    private final Server server;
    final String host;
    final int port;
    State state = State.CONNECT;
    private boolean stopped;
    private Conn conn;
    /** Handshake replies and the transfer header, not yet parsed. */
    private final Bytes in = new Bytes();
    // The transfer.
    private long transferSize = -1;          // $<len>, or -1 with an EOF mark
    private byte[] eofMark;
    private Bytes payload;
    private String fullId;
    private long fullOffset;
    /** After +FULLRESYNC the old history is gone: a failed transfer retries with PSYNC ? -1. */
    private boolean historyLost;
    // The stream.
    Client master;
    private int masterDb;
    private final Bytes unapplied = new Bytes();   // fed to master.reader, not yet counted
    private long readOffset;                       // slave_read_repl_offset
    private long lastIo, downSince, lastAck;

    /** One connection attempt: its socket and the thread that reads it. */
    private static final class Conn {
        volatile SocketChannel ch;
        volatile boolean dead;
    }

    ReplicaLink(Replication repl, String host, int port) {
        this.repl = repl;
        this.server = repl.server;
        this.host = host;
        this.port = port;
    }

    boolean connected() { return state == State.CONNECTED; }

    // ---------------------------------------------------------------- connecting

    /** connectWithMaster: open the socket on a helper thread; the loop continues in connected(). */
    void start() {
        if (stopped) return;
        state = State.CONNECTING;
        in.clear();
        Conn c = new Conn();
        conn = c;
        server.log.notice("Connecting to MASTER " + host + ":" + port);
        long timeoutMs = server.config.getLong("repl-timeout") * 1000;
        Thread t = new Thread(() -> readLoop(c, timeoutMs), "replica-link-" + host + ":" + port);
        t.setDaemon(true);
        t.start();
    }

    /** The helper thread: connect, then hand every chunk read to the loop. Never touches state. */
    private void readLoop(Conn c, long timeoutMs) {
        try (SocketChannel ch = SocketChannel.open()) {
            c.ch = ch;
            if (c.dead) return;
            ch.socket().connect(new InetSocketAddress(host, port), (int) Math.min(timeoutMs, Integer.MAX_VALUE));
            ch.socket().setTcpNoDelay(true);
            post(c, () -> connected(c));
            ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
            while (!c.dead) {
                buf.clear();
                int n = ch.read(buf);
                if (n < 0) break;
                byte[] chunk = Arrays.copyOf(buf.array(), n);
                post(c, () -> data(c, chunk));
            }
            post(c, () -> lost(c, "Connection closed by master"));
        } catch (IOException | RuntimeException e) {
            post(c, () -> lost(c, e.getMessage()));
        }
    }

    private void post(Conn c, Runnable r) {
        if (!c.dead && server.loop().running()) server.loop().execute(r);
    }

    private void connected(Conn c) {
        if (c != conn) return;
        lastIo = server.clock.millis();
        server.log.notice("MASTER <-> REPLICA sync started");
        beginHandshake();
    }

    /** The socket is open: the first step of the handshake (syncWithMaster, REPL_STATE_CONNECTING). */
    // tag::begin-handshake[]
    @Lab(13)
    private void beginHandshake() {
        throw new LabNotDone(13, "ReplicaLink.beginHandshake");
    }
    // end::begin-handshake[]

    // ---------------------------------------------------------------- bytes from the master

    private void data(Conn c, byte[] chunk) {
        if (c != conn || c.dead) return;
        lastIo = server.clock.millis();
        if (state == State.CONNECTED) {
            stream(chunk, 0, chunk.length);
            return;
        }
        if (state == State.TRANSFER && payload != null) {
            transfer(chunk, 0, chunk.length);
            return;
        }
        in.append(chunk, 0, chunk.length);
        handshake();
    }

    /** Feed the handshake one reply line at a time; after PSYNC the transfer or the stream takes over. */
    private void handshake() {
        String line;
        while (conn != null && !conn.dead && state != State.CONNECTED && (state != State.TRANSFER || payload == null)
                && (line = in.line()) != null) {
            if (state == State.TRANSFER) transferHeader(line);
            else onHandshakeReply(line);
        }
        if (state == State.CONNECTED && in.length() > 0) {
            byte[] rest = in.take(in.length());
            stream(rest, 0, rest.length);
        } else if (state == State.TRANSFER && payload != null && in.length() > 0) {
            byte[] rest = in.take(in.length());
            transfer(rest, 0, rest.length);
        }
    }

    /**
     * The master answered the step in `state`: check the answer, send the next command, move on
     * (Redis: syncWithMaster, one call per reply). PING may be refused for want of AUTH; errors to
     * REPLCONF are not fatal (an old master); the answer to PSYNC decides full or partial sync.
     */
    // tag::handshake-reply[]
    @Lab(13)
    private void onHandshakeReply(String line) {
        throw new LabNotDone(13, "ReplicaLink.onHandshakeReply");
    }
    // end::handshake-reply[]

    private void sendPort() {
        state = State.RECEIVE_PORT;
        int announced = server.config.getInt("replica-announce-port");
        send("REPLCONF", "listening-port", Integer.toString(announced != 0 ? announced : server.port()));
    }

    /**
     * PSYNC with the history we have: our replication ID and the next byte we need, or "? -1" to
     * ask for everything (slaveTryPartialResynchronization).
     */
    // tag::send-psync[]
    @Lab(13)
    private void sendPsync() {
        throw new LabNotDone(13, "ReplicaLink.sendPsync");
    }
    // end::send-psync[]

    /**
     * +FULLRESYNC <id> <offset>: an RDB comes next, then the stream from that offset. +CONTINUE
     * [<id>]: the stream goes on from where we are; a new ID means the master was promoted, so our
     * current ID becomes the previous one (replid2) up to here.
     */
    // tag::psync-reply[]
    @Lab(13)
    private void psyncReply(String line) {
        throw new LabNotDone(13, "ReplicaLink.psyncReply");
    }
    // end::psync-reply[]

    private void transferHeader(String line) {
        if (line.isEmpty()) return;                    // "\n" keep-alives while the master prepares
        if (!line.startsWith("$")) {
            fail("Bad protocol from MASTER, the first byte is not '$' (we received '" + line + "'), are you sure the host and port are right?");
            return;
        }
        if (line.startsWith("$EOF:") && line.length() == 5 + 40) {
            eofMark = line.substring(5).getBytes(StandardCharsets.US_ASCII);
            transferSize = -1;
        } else {
            transferSize = Long.parseLong(line.substring(1));
            eofMark = null;
        }
        payload = new Bytes();
        server.log.notice("MASTER <-> REPLICA sync: receiving " + (eofMark != null ? "streamed RDB from master with EOF to disk" : transferSize + " bytes from master to disk"));
    }

    /** readSyncBulkPayload: collect the RDB, load it when complete, then the stream follows. */
    private void transfer(byte[] b, int off, int len) {
        int take = len;
        if (transferSize >= 0) take = (int) Math.min(len, transferSize - payload.length());
        payload.append(b, off, take);
        boolean done;
        if (transferSize >= 0) {
            done = payload.length() == transferSize;
        } else {
            int at = payload.indexOf(eofMark);
            done = at >= 0;
            if (done) {
                // Whatever followed the mark is the start of the stream.
                int restLen = payload.length() - at - eofMark.length;
                byte[] rest = Arrays.copyOfRange(payload.array(), at + eofMark.length, at + eofMark.length + restLen);
                payload.truncate(at);
                if (!load()) return;
                stream(rest, 0, rest.length);
                return;
            }
        }
        if (!done) return;
        if (!load()) return;
        if (take < len) stream(b, off + take, len - take);
    }

    private boolean load() {
        Bytes rdb = payload;
        payload = null;
        server.log.notice("MASTER <-> REPLICA sync: Flushing old data");
        repl.disconnectReplicas();
        server.keyspace.flushAll();
        try {
            RdbLoader.Result res = RdbLoader.load(new ByteArrayInputStream(rdb.array(), 0, rdb.length()), server.keyspace,
                    server.clock.millis(), false, true, LoadLimits.of(server));
            // The database the master's stream is in (a chained master may be mid-stream).
            String streamDb = res.aux().get("repl-stream-db");
            masterDb = streamDb == null ? 0 : Integer.parseInt(streamDb);
        } catch (IOException | RuntimeException e) {
            server.keyspace.flushAll();
            fail("Failed trying to load the MASTER synchronization DB from socket: " + e.getMessage());
            return false;
        }
        server.log.notice("MASTER <-> REPLICA sync: Finished with success");
        repl.replid = fullId;
        repl.replid2 = Replication.NO_ID;
        repl.secondReplOffset = -1;
        repl.masterReplOffset = fullOffset;
        repl.backlog = new Backlog(server.config.getLong("repl-backlog-size"), fullOffset);
        historyLost = false;
        attachMaster();
        sendAck();                                    // puts us online on a diskless master
        return true;
    }

    /** The link becomes the master client (replicationCreateMasterClient). */
    private void attachMaster() {
        try {
            master = server.adoptClient(conn.ch);
        } catch (IOException e) {
            fail("Cannot create the master client: " + e.getMessage());
            return;
        }
        master.flags |= Client.MASTER;
        master.authenticated = true;
        master.select(masterDb);
        unapplied.clear();
        readOffset = repl.masterReplOffset;
        lastAck = server.clock.millis();
        state = State.CONNECTED;
        server.log.notice("MASTER <-> REPLICA sync: Master accepted a Partial Resynchronization or finished a full one.");
    }

    // ---------------------------------------------------------------- the command stream

    /** Apply the master's commands; count, back up and pass on each one once applied. */
    private void stream(byte[] b, int off, int len) {
        if (len == 0 || master == null) return;
        Client m = master;
        m.reader.feed(b, off, len);
        unapplied.append(b, off, len);
        readOffset += len;
        m.bytesIn += len;
        try {
            while (master == m && !m.has(Client.CLOSE_ASAP) && m.reader.next()) {
                m.argv = m.reader.argv();
                m.argc = m.reader.argc();
                m.lastInteraction = server.clock.millis();
                server.keyspace.setApplyingMasterStream(true);
                try {
                    server.dispatcher.process(m);
                } finally {
                    server.keyspace.setApplyingMasterStream(false);
                }
                m.reply.discard();                   // a master never reads our replies
                applied(unapplied.length() - m.reader.pending());
            }
        } catch (ProtocolException e) {
            fail("Protocol error from MASTER: " + e.getMessage());
            return;
        }
        if (master == m && m.reader.idle()) applied(unapplied.length());
    }

    /** n more bytes of the stream are applied: offset, backlog and our own replicas (proxy). */
    private void applied(int n) {
        if (n <= 0) return;
        repl.feed(unapplied.take(n));
    }

    // ---------------------------------------------------------------- ACKs, timeouts, shutdown

    /** REPLCONF ACK <offset> (replicationSendAck): bypasses the discarded master replies. */
    void sendAck() {
        if (master == null) return;
        lastAck = server.clock.millis();
        send("REPLCONF", "ACK", Long.toString(repl.masterReplOffset));
    }

    void cron(long now) {
        if (state == State.CONNECT || state == State.CONNECTING) return;
        if (now - lastIo > server.config.getLong("repl-timeout") * 1000) {
            fail(state == State.CONNECTED ? "MASTER timeout: no data nor PING received..." : "Timeout connecting to the MASTER...");
            return;
        }
        if (state == State.CONNECTED && now - lastAck >= 1000) sendAck();
    }

    void beforeSleep() {
        if (master != null) master.reply.discard();
    }

    /** The master client was closed (CLIENT KILL TYPE master, output limit): the link is down. */
    void clientClosed(Client c) {
        if (c == master) lost(conn, "master client closed");
    }

    private void fail(String why) {
        server.log.warning(why);
        lost(conn, why);
    }

    /** The link is down: keep our history (the cached master) and retry soon. */
    private void lost(Conn c, String why) {
        if (c != conn || c == null || c.dead) return;
        c.dead = true;
        close(c);
        dropMasterClient();
        payload = null;
        // Only losing an established link starts the clock (Redis: repl_down_since, set when the
        // master client is freed): failed reconnection attempts must not reset it, Sentinel reads
        // master_link_down_since_seconds to rule out replicas that have been cut off too long.
        if (state == State.CONNECTED) {
            downSince = server.clock.millis();
            server.log.notice("Connection with master lost: " + why);
        }
        state = State.CONNECT;
        if (!stopped) server.loop().after(RETRY_MS, () -> { if (conn == c && !stopped) start(); });
    }

    /** Close the client that applies the master's stream, remembering the db it had selected. */
    private void dropMasterClient() {
        if (master == null) return;
        masterDb = master.db.id;
        Client m = master;
        master = null;
        server.loop().close(m);
    }

    /** REPLICAOF NO ONE or another master, or shutdown: close for good. */
    void stop() {
        stopped = true;
        Conn c = conn;
        conn = null;
        if (c != null) {
            c.dead = true;
            close(c);
        }
        dropMasterClient();
        state = State.CONNECT;
    }

    private static void close(Conn c) {
        SocketChannel ch = c.ch;
        if (ch == null) return;
        try {
            ch.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    private void send(String... words) {
        Conn c = conn;
        if (c == null || c.ch == null) return;
        ByteBuffer buf = ByteBuffer.wrap(Replication.encode(words));
        try {
            while (buf.hasRemaining()) c.ch.write(buf);
        } catch (IOException e) {
            server.loop().execute(() -> lost(c, e.getMessage()));
        }
    }

    // ---------------------------------------------------------------- ROLE and INFO

    /** ROLE's replica state word (replicationGetSlaveRoleName... slaveStateToString in ROLE). */
    String roleState() {
        return switch (state) {
            case CONNECT -> "connect";
            case CONNECTING -> "connecting";
            case TRANSFER -> "sync";
            case CONNECTED -> "connected";
            default -> "handshake";
        };
    }

    long roleOffset() { return master != null ? repl.masterReplOffset : -1; }

    void info(StringBuilder sb, long now) {
        Replication.field(sb, "master_host", host);
        Replication.field(sb, "master_port", port);
        Replication.field(sb, "master_link_status", connected() ? "up" : "down");
        Replication.field(sb, "master_last_io_seconds_ago", master != null ? (now - lastIo) / 1000 : -1);
        Replication.field(sb, "master_sync_in_progress", state == State.TRANSFER ? 1 : 0);
        Replication.field(sb, "slave_read_repl_offset", master != null ? readOffset : repl.masterReplOffset);
        Replication.field(sb, "slave_repl_offset", repl.masterReplOffset);
        if (state == State.TRANSFER) {
            long read = payload == null ? 0 : payload.length();
            long total = transferSize;
            Replication.field(sb, "master_sync_total_bytes", total);
            Replication.field(sb, "master_sync_read_bytes", read);
            Replication.field(sb, "master_sync_left_bytes", total - read);
            Replication.field(sb, "master_sync_perc", String.format("%.2f", total > 0 ? read * 100.0 / total : 0.0));
            Replication.field(sb, "master_sync_last_io_seconds_ago", (now - lastIo) / 1000);
        }
        if (!connected()) Replication.field(sb, "master_link_down_since_seconds", downSince == 0 ? -1 : (now - downSince) / 1000);
        Replication.field(sb, "slave_priority", server.config.get("replica-priority"));
        Replication.field(sb, "slave_read_only", server.config.getBool("replica-read-only") ? 1 : 0);
        Replication.field(sb, "replica_announced", server.config.getBool("replica-announced") ? 1 : 0);
    }

    // ---------------------------------------------------------------- a growable byte queue

    /** Bytes appended at the end and taken from the front. */
    static final class Bytes {
        private byte[] buf = new byte[256];
        private int start, end;

        void append(byte[] b, int off, int len) {
            if (end + len > buf.length) {
                int live = end - start;
                byte[] to = live + len > buf.length / 2 ? new byte[Math.max(buf.length * 2, live + len)] : buf;
                System.arraycopy(buf, start, to, 0, live);
                buf = to;
                start = 0;
                end = live;
            }
            System.arraycopy(b, off, buf, end, len);
            end += len;
        }

        int length() { return end - start; }

        void clear() { start = end = 0; }

        /** The first n bytes, removed. */
        byte[] take(int n) {
            byte[] out = Arrays.copyOfRange(buf, start, start + n);
            start += n;
            if (start == end) start = end = 0;
            return out;
        }

        /** A whole line without its "\r\n" (or "\n"), removed; null if none yet. */
        String line() {
            for (int i = start; i < end; i++) {
                if (buf[i] != '\n') continue;
                int stop = i > start && buf[i - 1] == '\r' ? i - 1 : i;
                String s = new String(buf, start, stop - start, StandardCharsets.UTF_8);
                start = i + 1;
                if (start == end) start = end = 0;
                return s;
            }
            return null;
        }

        /** Index (from the front) of needle, searching only near the end where it can newly appear. */
        int indexOf(byte[] needle) {
            int n = length();
            if (n < needle.length) return -1;
            int at = end - needle.length;
            if (Arrays.equals(buf, at, end, needle, 0, needle.length)) return at - start;
            return -1;
        }

        /** The bytes as an array from index 0 (compacts first). */
        byte[] array() {
            if (start != 0) {
                System.arraycopy(buf, start, buf, 0, end - start);
                end -= start;
                start = 0;
            }
            return buf;
        }

        void truncate(int n) { end = start + n; }
    }
}
