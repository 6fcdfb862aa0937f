/*
 * The string commands: GET, SET and friends (Redis: t_string.c).
 *
 * A string value is a byte[] (or a MutableString after APPEND/SETRANGE); Redis strings are
 * binary-safe, so nothing here ever turns a value into a Java String.
 */
package dev.rediscover.types.string;

import dev.rediscover.command.Args;
import dev.rediscover.command.CommandTable;
import dev.rediscover.command.Errors;
import dev.rediscover.keyspace.MutableString;
import dev.rediscover.keyspace.NotifyFlags;
import dev.rediscover.keyspace.RedisObject;
import dev.rediscover.lab.Lab;
import dev.rediscover.server.Client;
import dev.rediscover.server.Server;

public final class StringCommands {
    private StringCommands() {}

    public static void register(Server server) {
        CommandTable t = server.commands;
        t.add("get", 2, StringCommands::get).flags("readonly fast").keys(1, 1, 1).group("string")
                .doc("Returns the string value of a key.", "1.0.0", "O(1)");
        t.add("set", -3, StringCommands::set).flags("write denyoom").keys(1, 1, 1).group("string")
                .doc("Sets the string value of a key, ignoring its type. The key is created if it doesn't exist.", "1.0.0", "O(1)");
    }

    /** The bytes of a string value, or WRONGTYPE if the key holds something else. */
    public static byte[] stringValue(RedisObject o) {
        if (o.value instanceof byte[] b) return b;
        if (o.value instanceof MutableString m) return m.toBytes();
        throw Errors.wrongType();
    }

    /** GET key */
    @Lab(3)
    static void get(Client c) {
        RedisObject o = c.db.lookupRead(c.argv[1]);
        if (o == null) {
            c.reply.nullBulk();
            return;
        }
        if (o.value instanceof byte[] b) c.reply.bulk(b);
        else if (o.value instanceof MutableString m) c.reply.bulk(m.array(), 0, m.length());
        else throw Errors.wrongType();
    }

    /** SET key value [NX | XX] [GET] [EX s | PX ms | EXAT ts | PXAT ms-ts | KEEPTTL] */
    @Lab(3)
    static void set(Client c) {
        SetOptions opt = SetOptions.parse(c, 3);
        byte[] key = c.argv[1];
        RedisObject old = c.db.lookupWrite(key);
        if (opt.get) {
            if (old != null && !old.isString()) throw Errors.wrongType();
        }
        boolean exists = old != null;
        if ((opt.nx && exists) || (opt.xx && !exists)) {
            if (opt.get) replyOld(c, old);
            else c.reply.nullBulk();
            return;
        }
        if (opt.get) replyOld(c, old);
        RedisObject o = c.db.set(key, c.argv[2], opt.keepTtl);
        c.server.keyspace.notify(NotifyFlags.STRING, "set", key, c.db.id);
        if (opt.expireAt != RedisObject.NO_EXPIRY) {
            c.db.setExpire(key, o, opt.expireAt);
            c.server.keyspace.notify(NotifyFlags.GENERIC, "expire", key, c.db.id);
        }
        if (!opt.get) c.reply.ok();
    }

    private static void replyOld(Client c, RedisObject old) {
        if (old == null) c.reply.nullBulk();
        else c.reply.bulk(stringValue(old));
    }

    /** Parse a string argument as an integer value stored under a key (INCR and friends). */
    static long parseStoredLong(byte[] v) {
        return Args.parseLong(v);
    }
}
