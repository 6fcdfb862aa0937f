/*
 * The TTL commands: EXPIRE, PEXPIRE, EXPIREAT, PEXPIREAT set a key's time to live, TTL, PTTL,
 * EXPIRETIME, PEXPIRETIME read it, PERSIST removes it (Redis: expire.c, expireGenericCommand,
 * ttlGenericCommand, persistCommand).
 *
 * Every variant turns its argument into one absolute Unix time in milliseconds, which is all the
 * keyspace stores (RedisObject.expireAt, plus membership in the database's expires dict). What
 * happens once that time passes is not here: Database.expireIfNeeded deletes a key lazily when it
 * is touched, and ActiveExpire samples the expires dict to delete the keys nobody touches.
 *
 * A time that is already past deletes the key on the spot (announced as "del", not "expired",
 * and not counted in expired_keys: the client asked for it). Note the boundary differs from
 * lookups: EXPIRE treats "when <= now" as past, a lookup only expires a key when now > when.
 */
package dev.rediscover.expire;

import dev.rediscover.propagation.Propagation;
import dev.rediscover.command.Args;
import dev.rediscover.command.CommandTable;
import dev.rediscover.command.RedisException;
import dev.rediscover.keyspace.KeyCommands;
import dev.rediscover.keyspace.NotifyFlags;
import dev.rediscover.keyspace.RedisObject;
import dev.rediscover.lab.Lab;
import dev.rediscover.lab.LabNotDone;
import dev.rediscover.server.Client;
import dev.rediscover.server.Server;

public final class ExpireCommands {
    private ExpireCommands() {}

    // Option bits of EXPIRE and friends (Redis: EXPIRE_NX, EXPIRE_XX, EXPIRE_GT, EXPIRE_LT).
    static final int NX = 1, XX = 1 << 1, GT = 1 << 2, LT = 1 << 3;

    public static void register(Server server) {
        CommandTable t = server.commands;
        String setComplexity = "O(1)";
        t.add("expire", -3, ExpireCommands::expire).flags("write fast").key(1, "RW update").group("generic")
                .doc("Sets a key's time to live in seconds.", "1.0.0", setComplexity);
        t.add("pexpire", -3, ExpireCommands::pexpire).flags("write fast").key(1, "RW update").group("generic")
                .doc("Sets a key's time to live in milliseconds.", "2.6.0", setComplexity);
        t.add("expireat", -3, ExpireCommands::expireat).flags("write fast").key(1, "RW update").group("generic")
                .doc("Makes a key expire at a Unix time in seconds.", "1.2.0", setComplexity);
        t.add("pexpireat", -3, ExpireCommands::pexpireat).flags("write fast").key(1, "RW update").group("generic")
                .doc("Makes a key expire at a Unix time in milliseconds.", "2.6.0", setComplexity);
        t.add("ttl", 2, ExpireCommands::ttl).flags("readonly fast").key(1, "RO access").group("generic")
                .tips("nondeterministic_output")
                .doc("Returns a key's remaining time to live in seconds.", "1.0.0", "O(1)");
        t.add("pttl", 2, ExpireCommands::pttl).flags("readonly fast").key(1, "RO access").group("generic")
                .tips("nondeterministic_output")
                .doc("Returns a key's remaining time to live in milliseconds.", "2.6.0", "O(1)");
        t.add("expiretime", 2, ExpireCommands::expiretime).flags("readonly fast").key(1, "RO access").group("generic")
                .doc("Returns the Unix time in seconds at which a key will expire.", "7.0.0", "O(1)");
        t.add("pexpiretime", 2, ExpireCommands::pexpiretime).flags("readonly fast").key(1, "RO access").group("generic")
                .doc("Returns the Unix time in milliseconds at which a key will expire.", "7.0.0", "O(1)");
        t.add("persist", 2, ExpireCommands::persist).flags("write fast").key(1, "RW update").group("generic")
                .doc("Removes a key's time to live, so it is kept until deleted.", "2.2.0", "O(1)");
    }

    static void expire(Client c) {
        expireGeneric(c, c.server.keyspace.now(), true);
        propagateExpire(c, true);
    }

    static void pexpire(Client c) {
        expireGeneric(c, c.server.keyspace.now(), false);
        propagateExpire(c, true);
    }

    static void expireat(Client c) {
        expireGeneric(c, 0, true);
        propagateExpire(c, true);
    }

    static void pexpireat(Client c) {
        expireGeneric(c, 0, false);
        propagateExpire(c, false);
    }

    private static final byte[] PEXPIREAT = Propagation.bytes("PEXPIREAT"), DEL = Propagation.bytes("DEL");

    /**
     * What the expire family propagates, should it have changed the key (expire.c,
     * expireGenericCommand): PEXPIREAT with the absolute time, so a replay later expires the key
     * at the same moment; a time already past deleted the key, which propagates as DEL.
     */
    private static void propagateExpire(Client c, boolean toPexpireat) {
        RedisObject o = c.db.peek(c.argv[1]);
        if (o == null) Propagation.rewrite(c, DEL, c.argv[1]);
        else if (toPexpireat && o.hasExpiry()) Propagation.rewrite(c, PEXPIREAT, c.argv[1], Propagation.bytes(o.expireAt));
    }

    /**
     * EXPIRE key time [NX | XX | GT | LT], and its three siblings: time is relative to basetime
     * (now for EXPIRE/PEXPIRE, 0 for the *AT forms), in seconds or milliseconds.
     *
     * Order matters for which error a bad command gets: options first, then the number, then
     * overflow, then the key. A key without a TTL counts as "never expires" for GT and LT.
     */
    // tag::expire-generic[]
    @Lab(4)
    static void expireGeneric(Client c, long basetime, boolean seconds) {
        throw new LabNotDone(4, "ExpireCommands.expireGeneric");
    }
    // end::expire-generic[]

    /**
     * NX XX GT LT, any case, any order (Redis: parseExtendedExpireArgumentsOrReply). An unknown
     * word is reported before any conflict between known ones.
     */
    // tag::parse-options[]
    @Lab(4)
    static int parseOptions(Client c, int from) {
        throw new LabNotDone(4, "ExpireCommands.parseOptions");
    }
    // end::parse-options[]

    private static RedisException invalidTime(Client c) {
        return new RedisException("ERR invalid expire time in '" + c.cmd.name() + "' command");
    }

    static void ttl(Client c) { ttlGeneric(c, false, false); }

    static void pttl(Client c) { ttlGeneric(c, true, false); }

    static void expiretime(Client c) { ttlGeneric(c, false, true); }

    static void pexpiretime(Client c) { ttlGeneric(c, true, true); }

    /**
     * TTL, PTTL, EXPIRETIME, PEXPIRETIME: -2 for a missing key, -1 for a key without a TTL,
     * otherwise the remaining time (or the absolute time), seconds rounded to nearest.
     * Reading a TTL is not an access: the key's idle time is left alone.
     */
    // tag::ttl-generic[]
    @Lab(4)
    static void ttlGeneric(Client c, boolean millis, boolean absolute) {
        throw new LabNotDone(4, "ExpireCommands.ttlGeneric");
    }
    // end::ttl-generic[]

    /** PERSIST key: 1 if a TTL was removed, 0 if the key is missing or had none. */
    // tag::persist[]
    @Lab(4)
    static void persist(Client c) {
        throw new LabNotDone(4, "ExpireCommands.persist");
    }
    // end::persist[]
}
