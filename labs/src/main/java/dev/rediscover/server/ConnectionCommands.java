/*
 * Commands about the connection itself: PING, ECHO, HELLO, SELECT, QUIT, RESET
 * (Redis: server.c pingCommand/echoCommand, networking.c helloCommand/resetCommand, db.c selectCommand).
 */
package dev.rediscover.server;

import dev.rediscover.command.Args;
import dev.rediscover.command.CommandTable;
import dev.rediscover.command.Errors;
import dev.rediscover.command.RedisException;
import dev.rediscover.lab.Lab;
import dev.rediscover.lab.LabNotDone;

public final class ConnectionCommands {
    private ConnectionCommands() {}

    public static void register(Server server) {
        CommandTable t = server.commands;
        t.add("ping", -1, ConnectionCommands::ping).flags("fast").group("connection")
                .tips("request_policy:all_shards", "response_policy:all_succeeded")
                .doc("Returns the server's liveliness response.", "1.0.0", "O(1)");
        t.add("echo", 2, ConnectionCommands::echo).flags("loading stale fast").group("connection")
                .doc("Returns the given string.", "1.0.0", "O(1)");
        t.add("hello", -1, ConnectionCommands::hello).flags("noscript loading stale fast no_auth allow_busy")
                .group("connection").doc("Handshakes with the Redis server.", "6.0.0", "O(1)");
        t.add("select", 2, ConnectionCommands::select).flags("loading stale fast").group("connection")
                .doc("Changes the selected database.", "1.0.0", "O(1)");
        t.add("quit", -1, ConnectionCommands::quit).flags("noscript loading stale fast no_auth allow_busy")
                .group("connection").doc("Closes the connection.", "1.0.0", "O(1)");
        t.add("auth", -2, ConnectionCommands::auth).flags("noscript loading stale fast no_auth allow_busy")
                .group("connection").doc("Authenticates the connection.", "1.0.0", "O(N) where N is the number of passwords defined for the user");
        t.add("reset", 1, ConnectionCommands::reset).flags("noscript loading stale fast no_auth allow_busy")
                .group("connection").doc("Resets the connection.", "6.2.0", "O(1)");
    }

    // tag::ping[]
    /** PING [message]: +PONG, or the message as a bulk string. */
    @Lab(2)
    static void ping(Client c) {
        throw new LabNotDone(2, "ConnectionCommands.ping");
    }
    // end::ping[]

    // tag::echo[]
    /** ECHO message. */
    @Lab(2)
    static void echo(Client c) {
        throw new LabNotDone(2, "ConnectionCommands.echo");
    }
    // end::echo[]

    /** SELECT index: switch this connection to another database. */
    static void select(Client c) {
        long id = Args.parseLong(c.argv[1], "ERR value is not an integer or out of range");
        if (id < 0 || id >= c.server.keyspace.count()) throw new RedisException(Errors.INVALID_DB);
        c.select((int) id);
        c.reply.ok();
    }

    /** AUTH [username] password (Redis: acl.c, authCommand). */
    static void auth(Client c) {
        if (c.argc > 3) throw Errors.syntax();
        String user = c.argc == 3 ? c.arg(1) : "default";
        byte[] pass = c.argv[c.argc - 1];   // binary-safe: hashed as sent
        if (c.argc == 2 && !c.server.authRequired()) {
            throw new RedisException("ERR AUTH <password> called without any password configured for the default user. Are you sure your configuration is correct?");
        }
        if (!c.server.authenticate(c, user, pass)) {
            throw new RedisException("WRONGPASS invalid username-password pair or user is disabled.");
        }
        c.reply.ok();
    }

    /** QUIT: reply +OK, then close once the reply is written. */
    static void quit(Client c) {
        c.reply.ok();
        c.closeAfterReply();
    }

    /** RESET: back to a fresh connection's state (RESP2, db 0, no name), reply +RESET. */
    static void reset(Client c) {
        c.reply.setProtocol(2);
        c.select(0);
        c.name = null;
        c.server.resetClientHooks(c);
        c.reply.simple("RESET");
    }

    /**
     * HELLO [protover [AUTH username password] [SETNAME clientname]]: choose RESP2 or RESP3 and
     * answer with a map describing the server (networking.c, helloCommand).
     */
    static void hello(Client c) {
        int proto = c.protocol();
        int i = 1;
        if (c.argc >= 2) {
            long ver = Args.parseLongOr(c.argv[1], 0, c.argv[1].length, Long.MIN_VALUE);
            if (ver == Long.MIN_VALUE) throw new RedisException("ERR Protocol version is not an integer or out of range");
            if (ver < 2 || ver > 3) throw new RedisException("NOPROTO unsupported protocol version");
            proto = (int) ver;
            i = 2;
        }
        byte[] setName = null;
        String user = null;
        byte[] pass = null;
        for (; i < c.argc; i++) {
            boolean more = i + 1 < c.argc;
            if (Args.equalsAscii(c.argv[i], "AUTH") && i + 2 < c.argc) {
                user = c.arg(i + 1);
                pass = c.argv[i + 2];
                i += 2;
            } else if (Args.equalsAscii(c.argv[i], "SETNAME") && more) {
                setName = c.argv[i + 1];
                i++;
            } else {
                throw new RedisException("ERR Syntax error in HELLO option '" + c.arg(i) + "'");
            }
        }
        if (user != null && !c.server.authenticate(c, user, pass)) {
            throw new RedisException("WRONGPASS invalid username-password pair or user is disabled.");
        }
        if (!c.authenticated) {
            throw new RedisException("NOAUTH HELLO must be called with the client already authenticated, otherwise the HELLO <proto> AUTH <user> <pass> option can be used to authenticate the client and select the RESP protocol version at the same time");
        }
        if (setName != null) {
            ClientNames.validate(setName);
            c.name = setName.length == 0 ? null : setName;
        }
        c.reply.setProtocol(proto);
        c.reply.mapHeader(7);
        c.reply.bulk("server");
        c.reply.bulk("redis");
        c.reply.bulk("version");
        c.reply.bulk(Server.VERSION);
        c.reply.bulk("proto");
        c.reply.integer(proto);
        c.reply.bulk("id");
        c.reply.integer(c.id);
        c.reply.bulk("mode");
        c.reply.bulk("standalone");
        c.reply.bulk("role");
        c.reply.bulk(c.server.role());
        c.reply.bulk("modules");
        c.reply.arrayHeader(0);
    }
}
