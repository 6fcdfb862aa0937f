/*
 * DUMP and RESTORE: a key's value as an opaque payload and back (Redis: dumpCommand,
 * restoreCommand, createDumpPayload and verifyDumpPayload in cluster.c). The payload is the
 * value exactly as an RDB file holds it (type byte, then the value), followed by the RDB version
 * in two bytes and a CRC64 of everything before it, so a DUMP taken from redis-server restores
 * here and the other way round.
 *
 * RESTORE key ttl payload [REPLACE] [ABSTTL] [IDLETIME seconds] [FREQ frequency]
 *   ttl        milliseconds to live, 0 for none; with ABSTTL an absolute Unix time in ms.
 *              A TTL already in the past restores nothing (but REPLACE still deletes).
 *   IDLETIME   sets the LRU idle time; FREQ the LFU counter (only under an LFU policy).
 */
package dev.rediscover.rdb;

import dev.rediscover.command.Args;
import dev.rediscover.command.CommandTable;
import dev.rediscover.command.Errors;
import dev.rediscover.command.RedisException;
import dev.rediscover.keyspace.NotifyFlags;
import dev.rediscover.keyspace.RedisObject;
import dev.rediscover.keyspace.SecondsLruClock;
import dev.rediscover.propagation.Propagation;
import dev.rediscover.server.Client;
import dev.rediscover.server.Server;

import java.nio.charset.StandardCharsets;

public final class DumpRestoreCommands {
    private DumpRestoreCommands() {}

    static final String BUSYKEY = "BUSYKEY Target key name already exists.";
    static final String BAD_IDLE = "ERR Invalid IDLETIME value, must be >= 0";
    static final String BAD_FREQ = "ERR Invalid FREQ value, must be >= 0 and <= 255";
    static final String BAD_TTL = "ERR Invalid TTL value, must be >= 0";

    public static void register(Server server) {
        CommandTable t = server.commands;
        t.add("dump", 2, DumpRestoreCommands::dump).flags("readonly").key(1, "RO access").group("generic")
                .acl("@keyspace").tips("nondeterministic_output")
                .doc("Serializes a key's value into Redis's opaque DUMP format.", "2.6.0",
                        "O(1) to access the key and additional O(N*M) to serialize it, where N is the number of Redis objects composing the value and M their average size. For small string values the time complexity is thus O(1)+O(1*M) where M is small, so simply O(1).");
        t.add("restore", -4, DumpRestoreCommands::restore).flags("write denyoom").key(1, "OW update").group("generic")
                .acl("@keyspace @dangerous")
                .doc("Creates a key from a payload that DUMP produced.", "2.6.0",
                        "O(1) to create the new key and additional O(N*M) to reconstruct the serialized value, where N is the number of Redis objects composing the value and M their average size. For small string values the time complexity is thus O(1)+O(1*M) where M is small, so simply O(1). However for sorted set values the complexity is O(N*M*log(N)) because inserting values into sorted sets is O(log(N)).");
    }

    static void dump(Client c) {
        RedisObject o = c.db.lookupRead(c.argv[1]);
        if (o == null) {
            c.reply.nullBulk();
            return;
        }
        c.reply.bulk(RdbEncoder.dump(o, c.server.config.getBool("rdbcompression")));
    }

    static void restore(Client c) {
        boolean replace = false, absTtl = false;
        long idle = -1, freq = -1;
        for (int j = 4; j < c.argc; j++) {
            boolean more = j + 1 < c.argc;
            if (Args.equalsAscii(c.argv[j], "replace")) {
                replace = true;
            } else if (Args.equalsAscii(c.argv[j], "absttl")) {
                absTtl = true;
            } else if (Args.equalsAscii(c.argv[j], "idletime") && more && freq == -1) {
                idle = Args.parseLong(c.argv[++j]);
                if (idle < 0) throw new RedisException(BAD_IDLE);
            } else if (Args.equalsAscii(c.argv[j], "freq") && more && idle == -1) {
                freq = Args.parseLong(c.argv[++j]);
                if (freq < 0 || freq > 255) throw new RedisException(BAD_FREQ);
            } else {
                throw Errors.syntax();
            }
        }
        byte[] key = c.argv[1];
        if (!replace && c.db.lookupWrite(key) != null) throw new RedisException(BUSYKEY);
        long ttl = Args.parseLong(c.argv[2]);
        if (ttl < 0) throw new RedisException(BAD_TTL);
        RedisObject o;
        try {
            o = RdbLoader.restore(c.argv[3], LoadLimits.of(c.server));
        } catch (RdbLoader.BadPayload e) {
            throw new RedisException("ERR " + e.getMessage());
        }
        boolean deleted = replace && c.db.delete(key);
        long now = c.server.clock.millis();
        if (ttl != 0 && !absTtl) ttl += now;
        if (ttl != 0 && ttl <= now) {
            // Already expired: nothing is created; a replaced key is simply gone (Redis propagates DEL).
            if (deleted) {
                c.server.keyspace.notify(NotifyFlags.GENERIC, "del", key, c.db.id);
                Propagation.rewrite(c, "DEL".getBytes(StandardCharsets.US_ASCII), key);
            }
            c.reply.ok();
            return;
        }
        if (ttl != 0) o.expireAt = ttl;
        if (ttl != 0 && !absTtl) propagateAbsoluteTtl(c, ttl);
        c.db.add(key, o);
        setLruOrLfu(c, o, idle, freq, now);
        c.server.keyspace.keyModified(c.db, key);
        c.server.keyspace.notify(NotifyFlags.GENERIC, "restore", key, c.db.id);
        c.reply.ok();
    }

    /**
     * A relative TTL would mean a later time when the AOF is replayed or a replica applies it, so
     * the command is propagated with the absolute time and ABSTTL (Redis: restoreCommand rewrites
     * its ttl argument and appends ABSTTL).
     */
    private static void propagateAbsoluteTtl(Client c, long when) {
        byte[][] argv = java.util.Arrays.copyOf(c.argv, c.argc + 1);
        argv[2] = Long.toString(when).getBytes(StandardCharsets.US_ASCII);
        argv[c.argc] = "ABSTTL".getBytes(StandardCharsets.US_ASCII);
        Propagation.rewrite(c, argv);
    }

    /** Redis's objectSetLRUOrLFU: FREQ counts under an LFU policy, IDLETIME otherwise. */
    private static void setLruOrLfu(Client c, RedisObject o, long idle, long freq, long now) {
        boolean lfu = c.server.config.get("maxmemory-policy").endsWith("-lfu");
        if (lfu) {
            if (freq >= 0) o.lru = dev.rediscover.evict.Lfu.stamp((int) freq, now);
        } else if (idle >= 0) {
            long clock = SecondsLruClock.now(now);
            long abs = clock - idle;
            if (abs < 0) abs = (clock + SecondsLruClock.LRU_CLOCK_MAX / 2) % SecondsLruClock.LRU_CLOCK_MAX;
            o.lru = (int) abs;
        }
    }
}
