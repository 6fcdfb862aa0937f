/*
 * One connected client: its socket, its query buffer (RespReader) and reply buffer (RespWriter),
 * and the state commands read and change: the selected database, the protocol version, the name.
 * Redis's `client` struct (server.h) is the model; commands receive a Client just as Redis's
 * command functions receive a `client *c`.
 *
 * The fields a command uses are public and short on purpose, mirroring Redis (c->argv, c->db):
 *
 *   c.argv / c.argc   the command's words; argv[0] is the command name
 *   c.db              the selected database
 *   c.reply           where the reply goes
 *   c.server          everything else
 */
package dev.rediscover.server;

import dev.rediscover.keyspace.Database;
import dev.rediscover.resp.RespReader;
import dev.rediscover.resp.RespWriter;

import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

public final class Client {
    // Flags, as in Redis's CLIENT_* (CLIENT LIST shows some of them).
    public static final int CLOSE_AFTER_REPLY = 1;   // answer, then hang up (QUIT, protocol error)
    public static final int CLOSE_ASAP = 1 << 1;     // hang up now (CLIENT KILL, output limit)
    public static final int BLOCKED = 1 << 2;        // waiting in a blocking command (lab 05)
    public static final int MULTI = 1 << 3;          // inside MULTI (lab 10)
    public static final int PUBSUB = 1 << 4;         // subscribed to something (lab 08)
    public static final int MASTER = 1 << 5;         // the link to our master (lab 13)
    public static final int REPLICA = 1 << 6;        // a replica of ours (lab 13)
    public static final int MONITOR = 1 << 7;        // MONITOR (lab 15)
    public static final int NO_EVICT = 1 << 8;       // CLIENT NO-EVICT on
    public static final int FAKE = 1 << 9;           // no socket: AOF loading, embedded use
    public static final int NO_TOUCH = 1 << 16;      // CLIENT NO-TOUCH on (a Redis 7.2 addition)

    public final long id;
    public final Server server;
    final SocketChannel channel;
    SelectionKey key;
    boolean pendingWrite;                     // queued in the loop's pending-writes list
    public final RespReader reader;
    public final RespWriter reply = new RespWriter();

    public byte[][] argv;
    public int argc;
    public Database db;
    public int flags;
    /** The command being executed (Redis: c->cmd), and the last one (c->lastcmd). */
    public dev.rediscover.command.CommandSpec cmd, lastCmd;

    public byte[] name;                       // CLIENT SETNAME
    public String libName = "", libVersion = "";  // CLIENT SETINFO
    public String user = "default";
    /** The ACL user this client runs as; null means the default user (Redis: c->user). */
    public dev.rediscover.acl.User aclUser;
    public boolean authenticated = true;
    public final String address;              // "127.0.0.1:53412"
    public final String localAddress;
    public final long createdAt;              // ms
    public long lastInteraction;              // ms, for idle and timeout
    public long commandsProcessed;
    public long bytesIn;
    /** When the output first went over its soft limit, 0 if under (Redis: obuf_soft_limit_reached_time). */
    long outputSoftLimitSince;
    /** Extra state attached by later labs (transactions, pub/sub, blocking), keyed by class. */
    private final java.util.Map<Class<?>, Object> attachments = new java.util.HashMap<>(2);

    Client(long id, Server server, SocketChannel channel, String address, String localAddress) {
        this.id = id;
        this.server = server;
        this.channel = channel;
        this.address = address;
        this.localAddress = localAddress;
        this.reader = new RespReader(server.protoMaxBulkLen);
        this.db = server.keyspace.db(0);
        this.createdAt = server.clock.millis();
        this.lastInteraction = createdAt;
    }

    /** A client with no connection, for running commands from inside the server (AOF replay). */
    public static Client fake(Server server) {
        Client c = new Client(-1, server, null, "", "");
        c.flags |= FAKE;
        return c;
    }

    public boolean has(int flag) { return (flags & flag) != 0; }

    public int protocol() { return reply.protocol(); }

    public boolean resp3() { return reply.resp3(); }

    public void select(int dbIndex) { this.db = server.keyspace.db(dbIndex); }

    /** Hang up once the pending reply has been written. */
    public void closeAfterReply() { flags |= CLOSE_AFTER_REPLY; }

    /** Hang up as soon as the event loop gets to it (CLIENT KILL from another client). */
    public void closeAsap() {
        flags |= CLOSE_ASAP;
        server.loop().wakeupClient(this);
    }

    @SuppressWarnings("unchecked")
    public <T> T attachment(Class<T> type) { return (T) attachments.get(type); }

    public <T> void attach(Class<T> type, T value) {
        if (value == null) attachments.remove(type);
        else attachments.put(type, value);
    }

    /** The argument at i as text (for error messages; keys and values stay bytes). */
    public String arg(int i) { return new String(argv[i], java.nio.charset.StandardCharsets.UTF_8); }
}
