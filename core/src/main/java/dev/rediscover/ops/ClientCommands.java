/*
 * CLIENT ID / SETNAME / GETNAME / INFO / LIST / KILL / NO-EVICT / NO-TOUCH / PAUSE / UNPAUSE /
 * REPLY / UNBLOCK / HELP: a connection looking at itself and at the others (Redis: networking.c,
 * clientCommand, catClientInfoString, clientKillCommand...). TRACKING, CACHING, GETREDIR and
 * TRACKINGINFO, client-side caching, are in tracking/TrackingCommands.
 *
 * CLIENT LIST prints one line per connection with Redis 7.0.15's fields, in its order:
 *
 *   id addr laddr fd name age idle flags db sub psub ssub multi qbuf qbuf-free argv-mem
 *   multi-mem rbs rbp obl oll omem tot-mem events cmd user redir resp
 *
 * (lib-name and lib-ver, and CLIENT SETINFO which sets them, arrived in Redis 7.2: 7.0.15 answers
 * CLIENT SETINFO with "unknown subcommand", and so do we — Jedis and Lettuce ignore that error.)
 *
 * The JVM does not expose socket descriptors, so "fd" is a stand-in: a small number unique among
 * the open connections. Memory fields are the sizes of our buffers (RespReader, RespWriter).
 *
 * CLIENT REPLY OFF|SKIP works as Redis's CLIENT_REPLY_OFF / CLIENT_REPLY_SKIP flags do: the
 * command still runs, and whatever it wrote is cut off the client's reply buffer afterwards.
 * CLIENT PAUSE / UNPAUSE parse here; ClientPause holds the clients back.
 * CLIENT NO-TOUCH (flag T) is Redis 7.2's, added on purpose. CLIENT SETINFO stays unknown, as in
 * 7.0.15 (see above): answering it would mean lib-name/lib-ver fields in CLIENT LIST, which 7.0.15's
 * line does not have, and the clients that send it carry on after the error.
 */
package dev.rediscover.ops;

import dev.rediscover.command.Args;
import dev.rediscover.command.CommandSpec;
import dev.rediscover.command.RedisException;
import dev.rediscover.pubsub.Subscriptions;
import dev.rediscover.server.Client;
import dev.rediscover.server.OutputBufferLimits;
import dev.rediscover.server.ClientNames;
import dev.rediscover.server.Server;
import dev.rediscover.tracking.Tracking;
import dev.rediscover.tx.TransactionState;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

public final class ClientCommands {
    private ClientCommands() {}

    private static final String FLAGS = "admin noscript loading stale";

    public static void register(Server server) {
        CommandSpec client = server.commands.container("client", -2).group("connection")
                .doc("A container for client connection commands.", "2.4.0", "Depends on subcommand.");
        client.sub("id", 2, ClientCommands::id).flags("noscript loading stale")
                .doc("Returns the unique client ID of the connection.", "5.0.0", "O(1)");
        client.sub("setname", 3, ClientCommands::setName).flags("noscript loading stale")
                .doc("Sets the connection name.", "2.6.9", "O(1)");
        client.sub("getname", 2, ClientCommands::getName).flags("noscript loading stale")
                .doc("Returns the name of the connection.", "2.6.9", "O(1)");
        client.sub("info", 2, ClientCommands::info).flags("noscript loading stale")
                .tips("nondeterministic_output")
                .doc("Returns information about the connection.", "6.2.0", "O(1)");
        client.sub("list", -2, ClientCommands::list).flags(FLAGS)
                .tips("nondeterministic_output")
                .doc("Lists open connections.", "2.4.0", "O(N) where N is the number of client connections");
        client.sub("kill", -3, ClientCommands::kill).flags(FLAGS)
                .doc("Terminates open connections.", "2.4.0", "O(N) where N is the number of client connections");
        client.sub("no-evict", 3, ClientCommands::noEvict).flags(FLAGS)
                .doc("Sets the client eviction mode of the connection.", "7.0.0", "O(1)");
        client.sub("no-touch", 3, ClientCommands::noTouch).flags("noscript loading stale")
                .doc("Controls whether commands sent by the client affect the LRU/LFU of accessed keys.", "7.2.0", "O(1)");
        client.sub("pause", -3, ClientCommands::pause).flags(FLAGS)
                .doc("Suspends commands processing.", "2.9.50", "O(1)");
        client.sub("unpause", 2, ClientCommands::unpause).flags(FLAGS)
                .doc("Resumes processing commands from paused clients.", "6.2.0", "O(N) Where N is the number of paused clients");
        client.sub("reply", 3, ClientCommands::reply).flags("noscript loading stale")
                .doc("Instructs the server whether to reply to commands.", "3.2.0", "O(1)");
        client.sub("unblock", -3, ClientCommands::unblock).flags(FLAGS)
                .doc("Unblocks a client blocked by a blocking command from a different connection.", "5.0.0", "O(log N) where N is the number of client connections");
        client.sub("help", 2, ClientCommands::help).flags("loading stale")
                .doc("Returns helpful text about the different subcommands.", "5.0.0", "O(1)");
        server.dispatcher.addGate(ClientCommands::markReplyStart);
        server.dispatcher.addObserver(ClientCommands::suppressReply);
        server.dispatcher.onReject(ClientCommands::rejectQuietly);
        server.dispatcher.addBeforeCall((c, cmd) -> c.server.keyspace.setNoTouch(
                c.has(Client.NO_TOUCH) && !cmd.name().equals("touch")));
        server.dispatcher.addObserver((c, cmd, micros) -> c.server.keyspace.setNoTouch(false));
    }

    static void id(Client c) { c.reply.integer(c.id); }

    static void setName(Client c) {
        ClientNames.validate(c.argv[2]);
        c.name = c.argv[2].length == 0 ? null : c.argv[2];
        c.reply.ok();
    }

    static void getName(Client c) {
        if (c.name == null) c.reply.nullBulk();
        else c.reply.bulk(c.name);
    }

    static void info(Client c) {
        StringBuilder sb = new StringBuilder(256);
        describe(c, sb);
        c.reply.verbatim(sb.toString());
    }

    // ---------------------------------------------------------------- CLIENT LIST

    /** CLIENT LIST [TYPE normal|master|replica|pubsub] [ID id [id ...]] */
    static void list(Client c) {
        int type = -1;
        Set<Long> ids = null;
        int i = 2;
        while (i < c.argc) {
            if (Args.equalsAscii(c.argv[i], "TYPE") && i + 1 < c.argc) {
                type = parseType(c.arg(i + 1));
                i += 2;
            } else if (Args.equalsAscii(c.argv[i], "ID") && i + 1 < c.argc) {
                ids = new HashSet<>();
                for (i++; i < c.argc; i++) {
                    long id = Args.parseLongOr(c.argv[i], 0, c.argv[i].length, Long.MIN_VALUE);
                    if (id == Long.MIN_VALUE) throw new RedisException("ERR Invalid client ID");
                    ids.add(id);
                }
            } else {
                throw new RedisException("ERR syntax error");
            }
        }
        StringBuilder sb = new StringBuilder(256 * c.server.clients().size());
        for (Client o : c.server.clients()) {
            if (type >= 0 && typeOf(o) != type) continue;
            if (ids != null && !ids.contains(o.id)) continue;
            describe(o, sb);
        }
        c.reply.verbatim(sb.toString());
    }

    private static final int NORMAL = 0, REPLICA = 1, PUBSUB = 2, MASTER = 3;

    /** Redis's getClientTypeByName: "slave" and "replica" are one class. */
    private static int parseType(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "normal" -> NORMAL;
            case "slave", "replica" -> REPLICA;
            case "pubsub" -> PUBSUB;
            case "master" -> MASTER;
            default -> throw new RedisException("ERR Unknown client type '" + name + "'");
        };
    }

    /** Redis's getClientType: master, replica (not monitors), pub/sub, else normal. */
    private static int typeOf(Client c) {
        if (c.has(Client.MASTER)) return MASTER;
        if (c.has(Client.REPLICA) && !c.has(Client.MONITOR)) return REPLICA;
        if (c.has(Client.PUBSUB)) return PUBSUB;
        return NORMAL;
    }

    /** One CLIENT LIST line, ending in "\n" (networking.c, catClientInfoString). */
    public static void describe(Client c, StringBuilder sb) {
        long now = c.server.clock.millis();
        CommandSpec cmd = c.cmd != null ? c.cmd : c.lastCmd;
        long argvMem = c.cmd != null && c.argv != null ? argvBytes(c) : 0;
        sb.append("id=").append(c.id)
                .append(" addr=").append(c.address)
                .append(" laddr=").append(c.localAddress)
                .append(" fd=").append(c.has(Client.FAKE) ? -1 : 7 + c.id % 1_000_000)
                .append(" name=").append(c.name == null ? "" : new String(c.name, StandardCharsets.UTF_8))
                .append(" age=").append((now - c.createdAt) / 1000)
                .append(" idle=").append((now - c.lastInteraction) / 1000)
                .append(" flags=").append(flags(c))
                .append(" db=").append(c.db.id)
                .append(" sub=").append(Subscriptions.channels(c))
                .append(" psub=").append(Subscriptions.patterns(c))
                .append(" ssub=").append(Subscriptions.shardChannels(c))
                .append(" multi=").append(TransactionState.queuedCount(c))
                .append(" qbuf=").append(c.reader.pending())
                .append(" qbuf-free=").append(c.reader.capacity() - c.reader.pending())
                .append(" argv-mem=").append(argvMem)
                .append(" multi-mem=").append(TransactionState.queuedMemory(c))
                .append(" rbs=").append(c.reply.capacity())
                .append(" rbp=").append(c.reply.capacity())
                .append(" obl=").append(OutputBufferLimits.staticBytes(c))
                .append(" oll=").append(OutputBufferLimits.listLength(c))
                .append(" omem=").append(OutputBufferLimits.memory(c))
                .append(" tot-mem=").append(totalMemory(c))
                .append(" events=").append(c.reply.hasPending() ? "rw" : "r")
                .append(" cmd=").append(cmd == null ? "NULL" : cmd.name())
                .append(" user=").append(c.user)
                .append(" redir=").append(Tracking.redirection(c))
                .append(" resp=").append(c.protocol())
                .append('\n');
    }

    private static long argvBytes(Client c) {
        long n = 0;
        for (int i = 0; i < c.argc; i++) n += c.argv[i].length;
        return n;
    }

    /** Our estimate of a connection's memory: its buffers plus the Client object and its fields. */
    static long totalMemory(Client c) {
        return 1024 + c.reader.capacity() + c.reply.capacity() + (c.cmd != null && c.argv != null ? argvBytes(c) : 0)
                + TransactionState.queuedMemory(c);
    }

    private static String flags(Client c) {
        StringBuilder f = new StringBuilder(4);
        if (c.has(Client.MONITOR)) f.append('O');
        else if (c.has(Client.REPLICA)) f.append('S');
        if (c.has(Client.MASTER)) f.append('M');
        if (c.has(Client.PUBSUB)) f.append('P');
        if (c.has(Client.MULTI)) f.append('x');
        if (c.has(Client.BLOCKED)) f.append('b');
        Tracking.appendFlags(c, f);   // t, R, B
        if (TransactionState.dirtyCas(c)) f.append('d');
        if (c.has(Client.CLOSE_AFTER_REPLY)) f.append('c');
        if (c.has(Client.CLOSE_ASAP)) f.append('A');
        if (c.has(Client.NO_EVICT)) f.append('e');
        if (c.has(Client.NO_TOUCH)) f.append('T');
        if (f.length() == 0) f.append('N');
        return f.toString();
    }

    // ---------------------------------------------------------------- CLIENT KILL

    /**
     * CLIENT KILL addr (the old form: +OK or "No such client"), or
     * CLIENT KILL [ID id] [ADDR addr] [LADDR addr] [TYPE type] [USER name] [SKIPME yes|no]
     * (the new form: the number of connections closed; the caller is skipped unless SKIPME no).
     */
    static void kill(Client c) {
        if (c.argc == 3) {
            String addr = c.arg(2);
            for (Client o : c.server.clients()) {
                if (o.address.equals(addr)) {
                    close(c, o);
                    c.reply.ok();
                    return;
                }
            }
            throw new RedisException("ERR No such client");
        }
        long id = 0;
        String addr = null, laddr = null, user = null;
        int type = -1;
        boolean skipMe = true;
        for (int i = 2; i < c.argc; i += 2) {
            if (i + 1 >= c.argc) throw new RedisException("ERR syntax error");
            String opt = c.arg(i).toLowerCase(Locale.ROOT);
            byte[] v = c.argv[i + 1];
            switch (opt) {
                case "id" -> {
                    id = Args.parseLongOr(v, 0, v.length, 0);
                    if (id <= 0) throw new RedisException("ERR client-id should be greater than 0");
                }
                case "addr" -> addr = c.arg(i + 1);
                case "laddr" -> laddr = c.arg(i + 1);
                case "type" -> type = parseType(c.arg(i + 1));
                case "user" -> {
                    user = c.arg(i + 1);
                    if (!c.server.acl.userExists(user)) throw new RedisException("ERR No such user '" + user + "'");
                }
                case "skipme" -> {
                    if (Args.equalsAscii(v, "yes")) skipMe = true;
                    else if (Args.equalsAscii(v, "no")) skipMe = false;
                    else throw new RedisException("ERR syntax error");
                }
                default -> throw new RedisException("ERR syntax error");
            }
        }
        List<Client> victims = new ArrayList<>();
        for (Client o : c.server.clients()) {
            if (id != 0 && o.id != id) continue;
            if (addr != null && !o.address.equals(addr)) continue;
            if (laddr != null && !o.localAddress.equals(laddr)) continue;
            if (type >= 0 && typeOf(o) != type) continue;
            if (user != null && !o.user.equals(user)) continue;
            if (o == c && skipMe) continue;
            victims.add(o);
        }
        for (Client o : victims) close(c, o);
        c.reply.integer(victims.size());
    }

    /** The caller hangs up after this reply; anyone else at once (Redis: CLIENT_CLOSE_AFTER_REPLY). */
    private static void close(Client me, Client victim) {
        if (victim == me) me.closeAfterReply();
        else victim.closeAsap();
    }

    // ---------------------------------------------------------------- small subcommands

    static void noEvict(Client c) {
        if (Args.equalsAscii(c.argv[2], "on")) c.flags |= Client.NO_EVICT;
        else if (Args.equalsAscii(c.argv[2], "off")) c.flags &= ~Client.NO_EVICT;
        else throw new RedisException("ERR syntax error");
        c.reply.ok();
    }

    /**
     * CLIENT NO-TOUCH on|off: the client's commands leave the keys' LRU/LFU as they were, except
     * TOUCH, whose whole point is to touch. A Redis 7.2 addition (7.0.15 answers "unknown
     * subcommand"): we have it because clients that help with cache analysis send it.
     * The flag is applied per command by the beforeCall hook in register() (Keyspace.setNoTouch).
     */
    static void noTouch(Client c) {
        if (Args.equalsAscii(c.argv[2], "on")) c.flags |= Client.NO_TOUCH;
        else if (Args.equalsAscii(c.argv[2], "off")) c.flags &= ~Client.NO_TOUCH;
        else throw new RedisException("ERR syntax error");
        c.reply.ok();
    }

    /**
     * CLIENT PAUSE timeout [WRITE|ALL]: the mode is checked before the timeout, as Redis does
     * (networking.c, clientCommand); the timeout is in milliseconds from now on the server clock.
     * ClientPause does the holding back.
     */
    static void pause(Client c) {
        if (c.argc > 4) {
            throw new RedisException("ERR unknown subcommand or wrong number of arguments for '"
                    + c.arg(1) + "'. Try CLIENT HELP.");
        }
        ClientPause.Mode mode = ClientPause.Mode.ALL;
        if (c.argc == 4) {
            if (Args.equalsAscii(c.argv[3], "write")) mode = ClientPause.Mode.WRITE;
            else if (!Args.equalsAscii(c.argv[3], "all")) {
                throw new RedisException("ERR CLIENT PAUSE mode must be WRITE or ALL");
            }
        }
        long timeout = Args.parseLongOr(c.argv[2], 0, c.argv[2].length, Long.MIN_VALUE);
        if (timeout == Long.MIN_VALUE) throw new RedisException("ERR timeout is not an integer or out of range");
        if (timeout < 0) throw new RedisException("ERR timeout is negative");
        // now + timeout wraps like Redis's C addition: a huge timeout ends in the past, no pause.
        ClientPause.of(c.server).pause(c.server.clock.millis() + timeout, mode);
        c.reply.ok();
    }

    static void unpause(Client c) {
        ClientPause.of(c.server).unpause();
        c.reply.ok();
    }

    /**
     * CLIENT UNBLOCK id [TIMEOUT|ERROR]: wake a client parked in a blocking command, as if it timed
     * out, or with an UNBLOCKED error (Redis: networking.c, clientCommand). The reason is checked
     * before the id, as Redis does; the blocking subsystem (dev.rediscover.blocking) does the rest.
     */
    static void unblock(Client c) {
        if (c.argc > 4) {
            throw new RedisException("ERR unknown subcommand or wrong number of arguments for '"
                    + c.arg(1) + "'. Try CLIENT HELP.");
        }
        boolean error = false;
        if (c.argc == 4) {
            if (Args.equalsAscii(c.argv[3], "error")) error = true;
            else if (!Args.equalsAscii(c.argv[3], "timeout")) {
                throw new RedisException("ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR");
            }
        }
        long id = Args.parseLong(c.argv[2]);
        c.reply.integer(c.server.blocking.unblockById(id, error) ? 1 : 0);
    }

    // ---------------------------------------------------------------- CLIENT REPLY

    /** The reply mode of a client that said CLIENT REPLY OFF or SKIP, and where its output stood. */
    private static final class ReplyMode {
        boolean off;            // OFF until ON; otherwise SKIP: only the next command is silenced
        boolean armed;          // SKIP: the command after CLIENT REPLY SKIP has started
        int mark;               // reply bytes pending before the current command
    }

    static void reply(Client c) {
        byte[] mode = c.argv[2];
        if (Args.equalsAscii(mode, "on")) {
            c.attach(ReplyMode.class, null);
            c.reply.ok();
        } else if (Args.equalsAscii(mode, "off") || Args.equalsAscii(mode, "skip")) {
            if (repliesOff(c)) return;          // SKIP while OFF changes nothing (Redis: clientCommand)
            ReplyMode m = new ReplyMode();
            m.off = Args.equalsAscii(mode, "off");
            m.mark = c.reply.pending();
            c.attach(ReplyMode.class, m);
        } else {
            throw new RedisException("ERR syntax error");
        }
    }

    /**
     * CLIENT REPLY OFF is on: replies written outside a command's own run (MULTI's QUEUED,
     * which no observer cuts and the loop may flush before EXEC) must not be written at all.
     */
    public static boolean repliesOff(Client c) {
        ReplyMode m = c.attachment(ReplyMode.class);
        return m != null && m.off;
    }

    private static boolean markReplyStart(Client c, CommandSpec cmd) {
        ReplyMode m = c.attachment(ReplyMode.class);
        if (m != null) {
            m.mark = c.reply.pending();
            if (!m.off && !cmd.name().equals("client|reply")) m.armed = true;
        }
        return false;
    }

    /**
     * (UN)SUBSCRIBE confirmations are pushes, which silencing does not hold back (Redis 7.0.15:
     * prepareClientToWrite lets CLIENT_PUSHING through); the command still uses up a SKIP.
     */
    private static final Set<String> PUSHES = Set.of("subscribe", "unsubscribe", "psubscribe", "punsubscribe",
            "ssubscribe", "sunsubscribe");

    /** After a command: cut what it wrote if this client asked for silence. */
    private static void suppressReply(Client c, CommandSpec cmd, long micros) {
        ReplyMode m = c.attachment(ReplyMode.class);
        if (m == null || TransactionState.executing(c)) return;   // EXEC's commands: EXEC's turn cuts
        if (!m.off && !m.armed) return;     // SKIP given now (maybe inside EXEC): from the next command on
        int pending = c.reply.pending();
        if (pending > m.mark && !PUSHES.contains(cmd.name())) {
            byte[] keep = Arrays.copyOf(c.reply.pendingBytes(), m.mark);
            c.reply.discard();
            c.reply.raw(keep);
        }
        if (!m.off && m.armed) c.attach(ReplyMode.class, null);
    }

    /**
     * A refused command (unknown, wrong arity, refused by a check) is silenced too, and uses up a
     * SKIP, as Redis's addReply checks the flags whatever wrote the error (prepareClientToWrite).
     */
    private static boolean rejectQuietly(Client c, CommandSpec cmd, String error) {
        ReplyMode m = c.attachment(ReplyMode.class);
        if (m == null) return false;
        if (!m.off) c.attach(ReplyMode.class, null);
        return true;
    }

    static void help(Client c) {
        Help.reply(c, "CLIENT",
                "CACHING (YES|NO)",
                "    Enable/disable tracking of the keys for next command in OPTIN/OPTOUT modes.",
                "GETREDIR",
                "    Return the client ID we are redirecting to when tracking is enabled.",
                "GETNAME",
                "    Return the name of the current connection.",
                "ID",
                "    Return the ID of the current connection.",
                "INFO",
                "    Return information about the current client connection.",
                "KILL <ip:port>",
                "    Kill connection made from <ip:port>.",
                "KILL <option> <value> [<option> <value> [...]]",
                "    Kill connections. Options are:",
                "    * ADDR (<ip:port>|<unixsocket>:0)",
                "      Kill connections made from the specified address",
                "    * LADDR (<ip:port>|<unixsocket>:0)",
                "      Kill connections made to specified local address",
                "    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)",
                "      Kill connections by type.",
                "    * USER <username>",
                "      Kill connections authenticated by <username>.",
                "    * SKIPME (YES|NO)",
                "      Skip killing current connection (default: yes).",
                "LIST [options ...]",
                "    Return information about client connections. Options:",
                "    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)",
                "      Return clients of specified type.",
                "UNPAUSE",
                "    Stop the current client pause, resuming traffic.",
                "PAUSE <timeout> [WRITE|ALL]",
                "    Suspend all, or just write, clients for <timeout> milliseconds.",
                "REPLY (ON|OFF|SKIP)",
                "    Control the replies sent to the current connection.",
                "SETNAME <name>",
                "    Assign the name <name> to the current connection.",
                "UNBLOCK <clientid> [TIMEOUT|ERROR]",
                "    Unblock the specified blocked client.",
                "TRACKING (ON|OFF) [REDIRECT <id>] [BCAST] [PREFIX <prefix> [...]]",
                "         [OPTIN] [OPTOUT] [NOLOOP]",
                "    Control server assisted client side caching.",
                "TRACKINGINFO",
                "    Report tracking status for the current connection.",
                "NO-EVICT (ON|OFF)",
                "    Protect current client connection from eviction.");
    }
}
