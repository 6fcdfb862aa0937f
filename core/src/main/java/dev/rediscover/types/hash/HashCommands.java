/*
 * The hash commands: HSET, HGET, HINCRBY and friends (Redis: t_hash.c).
 *
 * A hash is stored as a HashValue, which picks its encoding (listpack or hashtable) by itself
 * from the thresholds in EncodingLimits; the commands here only parse, look up, call the value
 * and reply. Like Redis, a hash never exists empty: the command that removes the last field
 * deletes the key.
 */
package dev.rediscover.types.hash;

import dev.rediscover.propagation.Propagation;
import dev.rediscover.command.Args;
import dev.rediscover.command.CommandTable;
import dev.rediscover.command.Errors;
import dev.rediscover.command.RedisException;
import dev.rediscover.keyspace.Dict;
import dev.rediscover.keyspace.Glob;
import dev.rediscover.keyspace.KeyCommands;
import dev.rediscover.keyspace.NotifyFlags;
import dev.rediscover.keyspace.RedisObject;
import dev.rediscover.lab.Lab;
import dev.rediscover.resp.RespWriter;
import dev.rediscover.server.Client;
import dev.rediscover.server.Server;
import dev.rediscover.keyspace.ScanArgs;
import dev.rediscover.types.EncodingLimits;
import dev.rediscover.types.string.LongDouble;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.random.RandomGenerator;

public final class HashCommands {
    private HashCommands() {}

    static final String NOT_INTEGER_VALUE = "ERR hash value is not an integer";
    static final String NOT_FLOAT_VALUE = "ERR hash value is not a float";
    static final String INCR_NAN_OR_INF = "ERR value is NaN or Infinity";
    static final String COUNT_RANGE = "ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807";
    static final String OUT_OF_RANGE = "ERR value is out of range";

    public static void register(Server server) {
        CommandTable t = server.commands;
        t.add("hset", -4, HashCommands::hset).flags("write denyoom fast").keys(1, 1, 1).group("hash")
                .doc("Sets one or more fields of a hash, creating the hash if needed.", "2.0.0", "O(1) for each field/value pair added, so O(N) to add N field/value pairs when the command is called with multiple field/value pairs.");
        t.add("hsetnx", 4, HashCommands::hsetnx).flags("write denyoom fast").key(1, "RW insert").group("hash")
                .doc("Sets a hash field only if the field does not exist yet.", "2.0.0", "O(1)");
        t.add("hget", 3, HashCommands::hget).flags("readonly fast").keys(1, 1, 1).group("hash")
                .doc("Answers the value of one hash field.", "2.0.0", "O(1)");
        t.add("hmget", -3, HashCommands::hmget).flags("readonly fast").keys(1, 1, 1).group("hash")
                .doc("Answers the values of several hash fields, nil for missing ones.", "2.0.0", "O(N) where N is the number of fields being requested.");
        t.add("hmset", -4, HashCommands::hmset).flags("write denyoom fast").keys(1, 1, 1).group("hash")
                .doc("Sets several hash fields (the older form of HSET, answering OK).", "2.0.0", "O(N) where N is the number of fields being set.");
        t.add("hdel", -3, HashCommands::hdel).flags("write fast").key(1, "RW delete").group("hash")
                .doc("Removes fields from a hash, deleting the key when none remain.", "2.0.0", "O(N) where N is the number of fields to be removed.");
        t.add("hlen", 2, HashCommands::hlen).flags("readonly fast").key(1, "RO").group("hash")
                .doc("Answers how many fields a hash has.", "2.0.0", "O(1)");
        t.add("hstrlen", 3, HashCommands::hstrlen).flags("readonly fast").key(1, "RO").group("hash")
                .doc("Answers the length in bytes of a hash field's value.", "3.2.0", "O(1)");
        t.add("hexists", 3, HashCommands::hexists).flags("readonly fast").key(1, "RO").group("hash")
                .doc("Tells whether a hash has a field.", "2.0.0", "O(1)");
        t.add("hkeys", 2, HashCommands::hkeys).flags("readonly").keys(1, 1, 1).group("hash")
                .tips("nondeterministic_output_order")
                .doc("Answers every field name of a hash.", "2.0.0", "O(N) where N is the size of the hash.");
        t.add("hvals", 2, HashCommands::hvals).flags("readonly").keys(1, 1, 1).group("hash")
                .tips("nondeterministic_output_order")
                .doc("Answers every value of a hash.", "2.0.0", "O(N) where N is the size of the hash.");
        t.add("hgetall", 2, HashCommands::hgetall).flags("readonly").keys(1, 1, 1).group("hash")
                .tips("nondeterministic_output_order")
                .doc("Answers every field and value of a hash.", "2.0.0", "O(N) where N is the size of the hash.");
        t.add("hincrby", 4, HashCommands::hincrby).flags("write denyoom fast").key(1, "RW access update").group("hash")
                .doc("Adds an integer to the integer stored in a hash field, starting from 0.", "2.0.0", "O(1)");
        t.add("hincrbyfloat", 4, HashCommands::hincrbyfloat).flags("write denyoom fast").key(1, "RW access update").group("hash")
                .doc("Adds a floating point number to the number stored in a hash field, starting from 0.", "2.6.0", "O(1)");
        t.add("hrandfield", -2, HashCommands::hrandfield).flags("readonly").keys(1, 1, 1).group("hash")
                .tips("nondeterministic_output")
                .doc("Answers one or more random fields of a hash, optionally with their values.", "6.2.0", "O(N) where N is the number of fields returned");
        t.add("hscan", -3, HashCommands::hscan).flags("readonly").keys(1, 1, 1).group("hash")
                .tips("nondeterministic_output")
                .doc("Walks the fields and values of a hash a few at a time with a cursor.", "2.8.0", "O(1) for every call. O(N) for a complete iteration, including enough command calls for the cursor to return back to 0. N is the size of the collection.");
    }

    // ------------------------------------------------------------------ lookups

    /** The hash at key, null if missing, WRONGTYPE if the key holds something else. */
    static HashValue hashOf(RedisObject o) {
        if (o == null) return null;
        if (o.value instanceof HashValue h) return h;
        throw Errors.wrongType();
    }

    static HashValue readHash(Client c, byte[] key) { return hashOf(c.db.lookupRead(key)); }

    /** The hash to write to, created empty (and added to the keyspace) if the key is missing. */
    static HashValue writeHashOrCreate(Client c, byte[] key) {
        HashValue h = hashOf(c.db.lookupWrite(key));
        if (h == null) {
            h = new HashValue();
            c.db.add(key, new RedisObject(h));
        }
        return h;
    }

    private static EncodingLimits limits(Client c) { return EncodingLimits.of(c.server); }

    private static void notify(Client c, String event, byte[] key) {
        c.server.keyspace.notify(NotifyFlags.HASH, event, key, c.db.id);
    }

    private static void modified(Client c, byte[] key) { c.server.keyspace.keyModified(c.db, key); }

    // ------------------------------------------------------------------ writes

    /** HSET key field value [field value ...]: the number of fields that were new. */
    static void hset(Client c) {
        c.reply.integer(setPairs(c));
    }

    /** HMSET key field value [field value ...]: HSET answering OK (deprecated but kept). */
    static void hmset(Client c) {
        setPairs(c);
        c.reply.ok();
    }

    /**
     * The body of HSET and HMSET (Redis: hsetCommand): refuse a field without a value before
     * writing, convert up front if any argument is too long to pack, set every pair. Returns
     * how many fields were added.
     */
    @Lab(6)
    static int setPairs(Client c) {
        if (c.argc % 2 == 1) throw Errors.arity(c.cmd.name());
        byte[] key = c.argv[1];
        HashValue h = writeHashOrCreate(c, key);
        EncodingLimits limits = limits(c);
        h.convertIfAnyTooLong(c.argv, 2, c.argc, limits);
        int added = 0;
        for (int i = 2; i < c.argc; i += 2) {
            if (h.set(c.argv[i], c.argv[i + 1], limits)) added++;
        }
        modified(c, key);
        notify(c, "hset", key);
        return added;
    }

    /** HSETNX key field value: 1 if the field was set, 0 if it existed. */
    static void hsetnx(Client c) {
        byte[] key = c.argv[1];
        HashValue h = writeHashOrCreate(c, key);
        if (h.contains(c.argv[2])) {
            c.reply.integer(0);
            return;
        }
        EncodingLimits limits = limits(c);
        h.convertIfAnyTooLong(c.argv, 2, 4, limits);
        h.set(c.argv[2], c.argv[3], limits);
        modified(c, key);
        notify(c, "hset", key);
        c.reply.integer(1);
    }

    // tag::hdel[]
    /** HDEL key field [field ...]: how many fields were removed; the last one takes the key. */
    @Lab(6)
    static void hdel(Client c) {
        byte[] key = c.argv[1];
        HashValue h = hashOf(c.db.lookupWrite(key));
        if (h == null) {
            c.reply.integer(0);
            return;
        }
        int deleted = 0;
        boolean keyRemoved = false;
        for (int i = 2; i < c.argc; i++) {
            if (h.delete(c.argv[i])) {
                deleted++;
                if (h.size() == 0) {
                    c.db.delete(key);
                    keyRemoved = true;
                    break;
                }
            }
        }
        if (deleted > 0) {
            if (!keyRemoved) modified(c, key);
            notify(c, "hdel", key);
            if (keyRemoved) c.server.keyspace.notify(NotifyFlags.GENERIC, "del", key, c.db.id);
        }
        c.reply.integer(deleted);
    }
    // end::hdel[]

    /**
     * HINCRBY key field increment (Redis: hincrbyCommand). A missing key or field counts from
     * 0; the increment and the stored value must be integers (each with its own error text);
     * an overflow is refused before anything is written. Answers the new value.
     */
    @Lab(6)
    static void hincrby(Client c) {
        byte[] key = c.argv[1], field = c.argv[2];
        long incr = Args.parseLong(c.argv[3]);
        HashValue h = hashOf(c.db.lookupWrite(key));
        long old = 0;
        byte[] current = h == null ? null : h.get(field);
        if (current != null) old = Args.parseLong(current, NOT_INTEGER_VALUE);
        if ((incr < 0 && old < 0 && incr < Long.MIN_VALUE - old)
                || (incr > 0 && old > 0 && incr > Long.MAX_VALUE - old)) {
            throw new RedisException(Errors.OVERFLOW);
        }
        long result = old + incr;
        if (h == null) h = writeHashOrCreate(c, key);
        h.set(field, Args.bytes(result), limits(c));
        modified(c, key);
        notify(c, "hincrby", key);
        c.reply.integer(result);
    }

    /**
     * HINCRBYFLOAT key field increment. Redis adds in long double and stores the result's
     * %.17Lf text with trailing zeros removed; LongDouble reproduces both exactly.
     */
    private static final byte[] HSET = Propagation.bytes("HSET");

    static void hincrbyfloat(Client c) {
        byte[] key = c.argv[1], field = c.argv[2];
        LongDouble incr = LongDouble.parse(c.argv[3]);
        if (incr == LongDouble.INVALID) throw Errors.notFloat();
        if (incr.isInfinite()) throw new RedisException(INCR_NAN_OR_INF);
        HashValue h = hashOf(c.db.lookupWrite(key));
        byte[] current = h == null ? null : h.get(field);
        LongDouble old = LongDouble.of(0);
        if (current != null) {
            old = LongDouble.parse(current);
            if (old == LongDouble.INVALID) throw new RedisException(NOT_FLOAT_VALUE);
        }
        LongDouble sum = old.add(incr);
        if (sum == null || sum.isInfinite()) throw new RedisException(Errors.NAN_OR_INF);
        byte[] result = sum.toHumanString().getBytes(StandardCharsets.US_ASCII);
        if (h == null) h = writeHashOrCreate(c, key);
        h.set(field, result, limits(c));
        modified(c, key);
        notify(c, "hincrbyfloat", key);
        // Replayed float arithmetic could round differently: propagate the result (t_hash.c).
        Propagation.rewrite(c, HSET, key, field, result);
        c.reply.bulk(result);
    }

    // ------------------------------------------------------------------ reads

    /** HGET key field */
    @Lab(6)
    static void hget(Client c) {
        HashValue h = readHash(c, c.argv[1]);
        if (h == null) c.reply.nullBulk();
        else h.replyValue(c.argv[2], c.reply);
    }

    /** HMGET key field [field ...]: nil for each missing field (or all of them, no key). */
    static void hmget(Client c) {
        HashValue h = readHash(c, c.argv[1]);
        c.reply.arrayHeader(c.argc - 2);
        for (int i = 2; i < c.argc; i++) {
            if (h == null) c.reply.nullBulk();
            else h.replyValue(c.argv[i], c.reply);
        }
    }

    /** HLEN key */
    static void hlen(Client c) {
        HashValue h = readHash(c, c.argv[1]);
        c.reply.integer(h == null ? 0 : h.size());
    }

    /** HSTRLEN key field: 0 for a missing key or field. */
    static void hstrlen(Client c) {
        HashValue h = readHash(c, c.argv[1]);
        c.reply.integer(h == null ? 0 : h.valueLength(c.argv[2]));
    }

    /** HEXISTS key field */
    static void hexists(Client c) {
        HashValue h = readHash(c, c.argv[1]);
        c.reply.integer(h != null && h.contains(c.argv[2]) ? 1 : 0);
    }

    /** HKEYS key */
    static void hkeys(Client c) { replyAll(c, true, false); }

    /** HVALS key */
    static void hvals(Client c) { replyAll(c, false, true); }

    /** HGETALL key: a map in RESP3, a flat field/value array in RESP2. */
    static void hgetall(Client c) { replyAll(c, true, true); }

    /**
     * The body of HKEYS/HVALS/HGETALL (Redis: genericHgetallCommand): a map header for fields
     * and values (a flat array of 2n in RESP2), an array header otherwise, then the slices
     * straight from the value. A missing key is an empty reply.
     */
    @Lab(6)
    private static void replyAll(Client c, boolean fields, boolean values) {
        HashValue h = readHash(c, c.argv[1]);
        int n = h == null ? 0 : h.size();
        RespWriter w = c.reply;
        if (fields && values) w.mapHeader(n);
        else w.arrayHeader(n);
        if (h == null) return;
        h.forEach((f, fo, fl, v, vo, vl) -> {
            if (fields) w.bulk(f, fo, fl);
            if (values) w.bulk(v, vo, vl);
        });
    }

    // ------------------------------------------------------------------ HRANDFIELD

    /** HRANDFIELD key [count [WITHVALUES]] (Redis: hrandfieldCommand). */
    static void hrandfield(Client c) {
        if (c.argc >= 3) {
            long count = parseCount(c.argv[2]);
            boolean withValues = false;
            if (c.argc > 4 || (c.argc == 4 && !Args.equalsAscii(c.argv[3], "withvalues"))) throw Errors.syntax();
            if (c.argc == 4) {
                withValues = true;
                // count pairs become 2*count replies, which must not overflow
                if (count < -Long.MAX_VALUE / 2 || count > Long.MAX_VALUE / 2) throw new RedisException(OUT_OF_RANGE);
            }
            randomFields(c, count, withValues);
            return;
        }
        HashValue h = readHash(c, c.argv[1]);
        if (h == null) {
            c.reply.nullBulk();
            return;
        }
        c.reply.bulk(h.randomPair(c.server.keyspace.random())[0]);
    }

    /** A count in [-LONG_MAX, LONG_MAX] (Redis: getRangeLongFromObjectOrReply). */
    static long parseCount(byte[] arg) {
        long v = Args.parseLong(arg);
        if (v == Long.MIN_VALUE) throw new RedisException(COUNT_RANGE);
        return v;
    }

    /**
     * HRANDFIELD with a count (Redis: hrandfieldWithCountCommand). A negative count may repeat
     * fields and always answers |count| of them; a positive one answers distinct fields, the
     * whole hash when count >= size. With WITHVALUES, RESP3 gets [field, value] pairs and
     * RESP2 a flat list.
     */
    static void randomFields(Client c, long count, boolean withValues) {
        HashValue h = readHash(c, c.argv[1]);
        if (h == null || count == 0) {
            c.reply.arrayHeader(0);
            return;
        }
        RandomGenerator rnd = c.server.keyspace.random();
        if (count < 0) {
            long n = -count;
            pairsHeader(c, n, withValues);
            for (long i = 0; i < n; i++) replyPair(c, h.randomPair(rnd), withValues);
            return;
        }
        int size = h.size();
        List<byte[][]> picked;
        if (count >= size) {
            picked = h.pairs();
        } else if (count * 3 > size || h.isListpack()) {
            // Many of the fields (or a small hash): shuffle a copy and take a prefix.
            picked = h.pairs();
            for (int i = 0; i < count; i++) {
                int j = i + rnd.nextInt(size - i);
                byte[][] tmp = picked.get(i);
                picked.set(i, picked.get(j));
                picked.set(j, tmp);
            }
            picked = picked.subList(0, (int) count);
        } else {
            // Few fields of a big hash: draw at random until count distinct ones turned up.
            Dict<byte[][]> seen = new Dict<>();
            while (seen.size() < count) {
                byte[][] p = h.randomPair(rnd);
                if (!seen.containsKey(p[0])) seen.insertNew(p[0], p);
            }
            picked = new ArrayList<>(seen.size());
            List<byte[][]> out = picked;
            seen.forEach(e -> out.add(e.value()));
        }
        pairsHeader(c, picked.size(), withValues);
        for (byte[][] p : picked) replyPair(c, p, withValues);
    }

    private static void pairsHeader(Client c, long n, boolean withValues) {
        c.reply.arrayHeader(withValues && !c.resp3() ? n * 2 : n);
    }

    private static void replyPair(Client c, byte[][] p, boolean withValues) {
        if (!withValues) {
            c.reply.bulk(p[0]);
            return;
        }
        if (c.resp3()) c.reply.arrayHeader(2);
        c.reply.bulk(p[0]);
        c.reply.bulk(p[1]);
    }

    // ------------------------------------------------------------------ HSCAN

    /** HSCAN key cursor [MATCH pattern] [COUNT count] */
    static void hscan(Client c) {
        long cursor = KeyCommands.parseCursor(c.argv[2]);
        HashValue h = readHash(c, c.argv[1]);
        if (h == null) {
            replyEmptyScan(c);
            return;
        }
        ScanArgs opt = ScanArgs.parse(c, 3, false);
        List<byte[]> out = new ArrayList<>();
        long next = h.scan(cursor, opt.count, (f, fo, fl, v, vo, vl) -> {
            if (opt.pattern != null && !Glob.matches(opt.pattern, 0, opt.pattern.length, f, fo, fo + fl, false)) return;
            out.add(Arrays.copyOfRange(f, fo, fo + fl));
            out.add(Arrays.copyOfRange(v, vo, vo + vl));
        });
        ScanArgs.reply(c, next, out);
    }

    static void replyEmptyScan(Client c) { ScanArgs.reply(c, 0, List.of()); }
}
