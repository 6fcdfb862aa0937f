/*
 * The string commands: GET, SET and friends (Redis: t_string.c).
 *
 * A string value is a byte[] (or a MutableString after APPEND/SETRANGE); Redis strings are
 * binary-safe, so nothing here ever turns a value into a Java String. A byte[] value is never
 * changed in place (it may be a client's argument array, shared with nobody else but still ours
 * only by convention), so APPEND and SETRANGE first turn it into a MutableString, which is what
 * Redis's dbUnshareStringValue does before it edits an sds.
 *
 * The numeric commands (INCR family, INCRBYFLOAT) are in this file too, as in Redis; INCRBYFLOAT
 * computes in emulated long double (LongDouble) because Redis does. LCS lives in LcsCommand.
 */
package dev.rediscover.types.string;

import dev.rediscover.propagation.Propagation;
import dev.rediscover.command.Args;
import dev.rediscover.command.KeySpec;
import dev.rediscover.command.CommandTable;
import dev.rediscover.command.Errors;
import dev.rediscover.command.RedisException;
import dev.rediscover.keyspace.MutableString;
import dev.rediscover.keyspace.NotifyFlags;
import dev.rediscover.keyspace.RedisObject;
import dev.rediscover.lab.Lab;
import dev.rediscover.lab.LabNotDone;
import dev.rediscover.server.Client;
import dev.rediscover.server.Server;

import java.nio.charset.StandardCharsets;

public final class StringCommands {
    private StringCommands() {}

    public static void register(Server server) {
        CommandTable t = server.commands;
        t.add("get", 2, StringCommands::get).flags("readonly fast").key(1, "RO access").group("string")
                .doc("Returns the string value of a key.", "1.0.0", "O(1)");
        t.add("set", -3, StringCommands::set).flags("write denyoom").keySpec(KeySpec.at(1).flags("RW access update variable_flags")
                        .notes("RW and ACCESS due to the optional `GET` argument"))
                .keyFinder(StringCommands::setKeys).group("string")
                .doc("Sets the string value of a key, ignoring its type. The key is created if it doesn't exist.", "1.0.0", "O(1)");
        t.add("setnx", 3, StringCommands::setnx).flags("write denyoom fast").key(1, "OW insert").group("string")
                .doc("Sets a key's string value only when the key does not exist yet.", "1.0.0", "O(1)");
        t.add("setex", 4, StringCommands::setex).flags("write denyoom").key(1, "OW update").group("string")
                .doc("Sets a key's string value together with a time to live in seconds.", "2.0.0", "O(1)");
        t.add("psetex", 4, StringCommands::psetex).flags("write denyoom").key(1, "OW update").group("string")
                .doc("Sets a key's string value together with a time to live in milliseconds.", "2.6.0", "O(1)");
        t.add("getset", 3, StringCommands::getset).flags("write denyoom fast").key(1, "RW access update").group("string")
                .doc("Stores a new string value and answers the one it replaced.", "1.0.0", "O(1)")
                .deprecated("6.2.0", "`SET` with the `!GET` argument");
        t.add("getdel", 2, StringCommands::getdel).flags("write fast").key(1, "RW access delete").group("string")
                .doc("Answers a key's string value and deletes the key.", "6.2.0", "O(1)");
        t.add("getex", -2, StringCommands::getex).flags("write fast").keySpec(KeySpec.at(1).flags("RW access update").notes("RW and UPDATE because it changes the TTL")).group("string")
                .doc("Answers a key's string value, optionally changing or removing its time to live.", "6.2.0", "O(1)");
        t.add("mget", -2, StringCommands::mget).flags("readonly fast").keys(1, -1, 1, "RO access").group("string")
                .tips("request_policy:multi_shard")
                .doc("Answers the string values of several keys at once.", "1.0.0", "O(N) where N is the number of keys to retrieve.");
        t.add("mset", -3, StringCommands::mset).flags("write denyoom").keys(1, -1, 2, "OW update").group("string")
                .tips("request_policy:multi_shard", "response_policy:all_succeeded")
                .doc("Sets several keys to string values in one step.", "1.0.1", "O(N) where N is the number of keys to set.");
        t.add("msetnx", -3, StringCommands::msetnx).flags("write denyoom").keys(1, -1, 2, "OW insert").group("string")
                .tips("request_policy:multi_shard", "response_policy:agg_min")
                .doc("Sets several keys to string values, but only if none of them exists yet.", "1.0.1", "O(N) where N is the number of keys to set.");
        t.add("append", 3, StringCommands::append).flags("write denyoom fast").key(1, "RW insert").group("string")
                .doc("Adds bytes to the end of a string value, creating the key if needed.", "2.0.0", "O(1). The amortized time complexity is O(1) assuming the appended value is small and the already present value is of any size, since the dynamic string library used by Redis will double the free space available on every reallocation.");
        t.add("strlen", 2, StringCommands::strlen).flags("readonly fast").key(1, "RO").group("string")
                .doc("Answers the length in bytes of a string value.", "2.2.0", "O(1)");
        t.add("getrange", 4, StringCommands::getrange).flags("readonly").key(1, "RO access").group("string")
                .doc("Answers a slice of a string value, negative indexes counting from the end.", "2.4.0", "O(N) where N is the length of the returned string. The complexity is ultimately determined by the returned length, but because creating a substring from an existing string is very cheap, it can be considered O(1) for small strings.");
        t.add("substr", 4, StringCommands::getrange).flags("readonly").key(1, "RO access").group("string")
                .doc("Answers a slice of a string value (the old name of GETRANGE).", "1.0.0", "O(N) where N is the length of the returned string. The complexity is ultimately determined by the returned length, but because creating a substring from an existing string is very cheap, it can be considered O(1) for small strings.")
                .deprecated("2.0.0", "`GETRANGE`");
        t.add("setrange", 4, StringCommands::setrange).flags("write denyoom").key(1, "RW update").group("string")
                .doc("Overwrites part of a string value at an offset, padding with zero bytes.", "2.2.0", "O(1), not counting the time taken to copy the new string in place. Usually, this string is very small so the amortized complexity is O(1). Otherwise, complexity is O(M) with M being the length of the value argument.");
        t.add("incr", 2, StringCommands::incr).flags("write denyoom fast").key(1, "RW access update").group("string")
                .doc("Adds one to the integer stored in a key, starting from 0.", "1.0.0", "O(1)");
        t.add("decr", 2, StringCommands::decr).flags("write denyoom fast").key(1, "RW access update").group("string")
                .doc("Subtracts one from the integer stored in a key, starting from 0.", "1.0.0", "O(1)");
        t.add("incrby", 3, StringCommands::incrby).flags("write denyoom fast").key(1, "RW access update").group("string")
                .doc("Adds an integer to the integer stored in a key, starting from 0.", "1.0.0", "O(1)");
        t.add("decrby", 3, StringCommands::decrby).flags("write denyoom fast").key(1, "RW access update").group("string")
                .doc("Subtracts an integer from the integer stored in a key, starting from 0.", "1.0.0", "O(1)");
        t.add("incrbyfloat", 3, StringCommands::incrbyfloat).flags("write denyoom fast").key(1, "RW access update").group("string")
                .doc("Adds a floating point number to the number stored in a key, starting from 0.", "2.6.0", "O(1)");
        LcsCommand.register(server);
    }

    private static void notify(Client c, String event, byte[] key) {
        c.server.keyspace.notify(NotifyFlags.STRING, event, key, c.db.id);
    }

    // ------------------------------------------------------------------ GET / SET family

    // tag::get[]
    /** GET key */
    @Lab(3)
    static void get(Client c) {
        throw new LabNotDone(3, "StringCommands.get");
    }
    // end::get[]

    /** SET key value [NX | XX] [GET] [EX s | PX ms | EXAT ts | PXAT ms-ts | KEEPTTL] */
    static void set(Client c) {
        SetOptions opt = SetOptions.parseSet(c, 3);
        boolean written = setGeneric(c, opt);
        if (written) propagateSet(c, opt);
        if (opt.get) return;                    // the old value was the reply
        if (written) c.reply.ok();
        else c.reply.nullBulk();
    }

    /**
     * What a SET propagates (t_string.c, setGenericCommand): a relative or second-based expiry
     * becomes SET key value PXAT <ms>, so a replay later sets the same moment; GET is dropped,
     * since replaying it would only produce an unread reply.
     */
    private static void propagateSet(Client c, SetOptions opt) {
        if (opt.hasExpire() && opt.unit != SetOptions.PXAT) {
            RedisObject o = c.db.peek(c.argv[1]);
            if (o != null) Propagation.rewrite(c, SET, c.argv[1], c.argv[2], PXAT, Propagation.bytes(o.expireAt));
        } else if (opt.get) {
            byte[][] argv = new byte[c.argc - 1][];
            int n = 0;
            for (int i = 0; i < c.argc; i++) {
                if (i < 3 || !Args.equalsAscii(c.argv[i], "GET")) argv[n++] = c.argv[i];
            }
            // GET may be given twice ("SET k v GET GET"): no null slots at the end
            Propagation.rewrite(c, n == argv.length ? argv : java.util.Arrays.copyOf(argv, n));
        }
    }

    private static final byte[] SET = Propagation.bytes("SET"), PXAT = Propagation.bytes("PXAT"),
            KEEPTTL = Propagation.bytes("KEEPTTL"), PEXPIREAT = Propagation.bytes("PEXPIREAT"),
            DEL = Propagation.bytes("DEL"), PERSIST = Propagation.bytes("PERSIST");

    // tag::set-generic[]
    /**
     * The body of SET (Redis: setGenericCommand): validate the expiry,
     * reply the old value for GET, honour NX/XX, store, then apply the TTL. Returns whether the
     * value was written; the caller sends the OK or nil (GET has already answered).
     */
    @Lab(3)
    static boolean setGeneric(Client c, SetOptions opt) {
        throw new LabNotDone(3, "StringCommands.setGeneric");
    }
    // end::set-generic[]

    /** SETNX key value: 1 if set, 0 if the key existed. */
    static void setnx(Client c) {
        byte[] key = c.argv[1];
        if (c.db.lookupWrite(key) != null) {
            c.reply.integer(0);
            return;
        }
        c.db.set(key, c.argv[2], false);
        notify(c, "set", key);
        c.reply.integer(1);
    }

    /** SETEX key seconds value */
    static void setex(Client c) { setWithTtl(c, SetOptions.EX); }

    /** PSETEX key milliseconds value */
    static void psetex(Client c) { setWithTtl(c, SetOptions.PX); }

    /** SETEX and PSETEX are SET key value EX/PX t with the arguments in another order. */
    private static void setWithTtl(Client c, int unit) {
        byte[] key = c.argv[1];
        long expireAt = SetOptions.absoluteExpire(c, unit, c.argv[2], c.cmd.name());
        RedisObject o = c.db.set(key, c.argv[3], false);
        notify(c, "set", key);
        c.db.setExpire(key, o, expireAt);
        c.server.keyspace.notify(NotifyFlags.GENERIC, "expire", key, c.db.id);
        Propagation.rewrite(c, SET, key, c.argv[3], PXAT, Propagation.bytes(expireAt));
        c.reply.ok();
    }

    /** GETSET key value: SET that answers the previous value (and drops the TTL). */
    static void getset(Client c) {
        byte[] key = c.argv[1];
        RedisObject old = c.db.lookupRead(key);
        if (old == null) c.reply.nullBulk();
        else StringValues.reply(c, old);
        c.db.set(key, c.argv[2], false);
        notify(c, "set", key);
        Propagation.rewrite(c, SET, key, c.argv[2]);      // t_string.c: GETSET propagates as SET
    }

    /** GETDEL key */
    static void getdel(Client c) {
        byte[] key = c.argv[1];
        RedisObject o = c.db.lookupRead(key);
        if (o == null) {
            c.reply.nullBulk();
            return;
        }
        StringValues.reply(c, o);
        c.db.delete(key);
        c.server.keyspace.notify(NotifyFlags.GENERIC, "del", key, c.db.id);
        Propagation.rewrite(c, DEL, key);
    }

    /** GETEX key [EX s | PX ms | EXAT ts | PXAT ms-ts | PERSIST] */
    static void getex(Client c) {
        SetOptions opt = SetOptions.parseGetex(c, 2);
        byte[] key = c.argv[1];
        RedisObject o = c.db.lookupRead(key);
        if (o == null) {
            c.reply.nullBulk();
            return;
        }
        if (!o.isString()) throw Errors.wrongType();
        long expireAt = opt.hasExpire() ? opt.expireAt(c, "getex") : RedisObject.NO_EXPIRY;
        StringValues.reply(c, o);
        if (opt.hasExpire()) {
            applyGetexExpire(c, key, o, expireAt, opt.isAbsolute());
        } else if (opt.persist && c.db.removeExpire(key, o)) {
            c.db.keyspace().keyModified(c.db, key);
            Propagation.rewrite(c, PERSIST, key);
            c.server.keyspace.notify(NotifyFlags.GENERIC, "persist", key, c.db.id);
        }
    }

    /** An EXAT/PXAT already in the past deletes the key now, as Redis's checkAlreadyExpired. */
    private static void applyGetexExpire(Client c, byte[] key, RedisObject o, long expireAt, boolean absolute) {
        if (absolute && expireAt <= c.server.clock.millis()) {
            c.db.delete(key);
            c.server.keyspace.notify(NotifyFlags.GENERIC, "del", key, c.db.id);
            Propagation.rewrite(c, DEL, key);
        } else {
            c.db.setExpire(key, o, expireAt);
            c.server.keyspace.notify(NotifyFlags.GENERIC, "expire", key, c.db.id);
            Propagation.rewrite(c, PEXPIREAT, key, Propagation.bytes(expireAt));
        }
    }

    private static final KeySpec SET_KEY = KeySpec.at(1).flags("OW update");
    private static final KeySpec SET_GET_KEY = KeySpec.at(1).flags("RW access update");

    /**
     * SET's key for COMMAND GETKEYSANDFLAGS: only with GET does it read the old value, else it
     * just overwrites (Redis: db.c, setGetKeys, which also looks for a bare word GET).
     */
    static boolean setKeys(byte[][] argv, int argc, KeySpec.Positions out) {
        boolean get = false;
        for (int i = 3; i < argc && !get; i++) get = Args.equalsAscii(argv[i], "get");
        out.key(1, get ? SET_GET_KEY : SET_KEY);
        return true;
    }

    // ------------------------------------------------------------------ several keys

    // tag::mget[]
    /** MGET key [key ...]: nil for missing keys and for keys of another type. */
    @Lab(3)
    static void mget(Client c) {
        throw new LabNotDone(3, "StringCommands.mget");
    }
    // end::mget[]

    // tag::mset[]
    /** MSET key value [key value ...] */
    @Lab(3)
    static void mset(Client c) {
        throw new LabNotDone(3, "StringCommands.mset");
    }
    // end::mset[]

    /** MSETNX key value [key value ...]: all or nothing, 1 if all were set. */
    static void msetnx(Client c) {
        if (c.argc % 2 == 0) throw Errors.arity("msetnx");
        for (int i = 1; i < c.argc; i += 2) {
            if (c.db.lookupWrite(c.argv[i]) != null) {
                c.reply.integer(0);
                return;
            }
        }
        setPairs(c);
        c.reply.integer(1);
    }

    static void setPairs(Client c) {
        for (int i = 1; i < c.argc; i += 2) {
            c.db.set(c.argv[i], c.argv[i + 1], false);
            notify(c, "set", c.argv[i]);
        }
    }

    // ------------------------------------------------------------------ editing in place

    // tag::append[]
    /** APPEND key value: the new length. */
    @Lab(3)
    static void append(Client c) {
        throw new LabNotDone(3, "StringCommands.append");
    }
    // end::append[]

    // tag::strlen[]
    /** STRLEN key: 0 for a missing key. */
    @Lab(3)
    static void strlen(Client c) {
        throw new LabNotDone(3, "StringCommands.strlen");
    }
    // end::strlen[]

    // tag::getrange[]
    /** GETRANGE key start end (and SUBSTR): both ends inclusive, negative counts from the end. */
    @Lab(3)
    static void getrange(Client c) {
        throw new LabNotDone(3, "StringCommands.getrange");
    }
    // end::getrange[]

    private static final byte[] EMPTY = new byte[0];

    // tag::setrange[]
    /** SETRANGE key offset value: the new length; the gap past the old end is zero bytes. */
    @Lab(3)
    static void setrange(Client c) {
        throw new LabNotDone(3, "StringCommands.setrange");
    }
    // end::setrange[]

    /**
     * Refuse to grow a string past proto-max-bulk-len (Redis: checkStringLength), or past what a
     * Java array can hold, whichever is smaller.
     */
    static void checkStringLength(Client c, long size, long append) {
        long total = size + append;
        long max = Math.min(c.server.protoMaxBulkLen(), Integer.MAX_VALUE - 16);
        if (total > max || total < size) throw new RedisException(Errors.MAX_STRING);
    }

    // ------------------------------------------------------------------ counters

    /** INCR key */
    static void incr(Client c) { incrBy(c, 1); }

    /** DECR key */
    static void decr(Client c) { incrBy(c, -1); }

    /** INCRBY key increment */
    static void incrby(Client c) { incrBy(c, Args.parseLong(c.argv[2])); }

    /** DECRBY key decrement */
    static void decrby(Client c) {
        long n = Args.parseLong(c.argv[2]);
        if (n == Long.MIN_VALUE) throw new RedisException("ERR decrement would overflow");
        incrBy(c, -n);
    }

    // tag::incrby[]
    /**
     * Add to the integer stored at key (Redis: incrDecrCommand). The stored value must be a
     * canonical 64-bit integer ("01", " 1" and "1.0" are not), the sum must not overflow, and
     * the result is stored as canonical digits, which OBJECT ENCODING reports as "int".
     */
    @Lab(3)
    static void incrBy(Client c, long delta) {
        throw new LabNotDone(3, "StringCommands.incrBy");
    }
    // end::incrby[]

    /** The integer in a string value, or WRONGTYPE / "not an integer". */
    static long parseStoredLong(RedisObject o) {
        if (o.value instanceof byte[] b) return Args.parseLong(b);
        if (o.value instanceof MutableString m) {
            long v = Args.parseLongOr(m.array(), 0, m.length(), Long.MIN_VALUE);
            if (v == Long.MIN_VALUE) return Args.parseLong(m.toBytes());   // error, or exactly MIN
            return v;
        }
        throw Errors.wrongType();
    }

    /**
     * INCRBYFLOAT key increment. Computed in long double and stored as the printed result, as
     * Redis does (so a replica or AOF replay gets the same digits).
     */
    static void incrbyfloat(Client c) {
        byte[] key = c.argv[1];
        RedisObject o = c.db.lookupWrite(key);
        LongDouble value = o == null ? LongDouble.of(0) : LongDouble.parse(StringValues.bytes(o));
        LongDouble incr = LongDouble.parse(c.argv[2]);
        if (value == LongDouble.INVALID || incr == LongDouble.INVALID) throw Errors.notFloat();
        LongDouble sum = value.add(incr);
        if (sum == null || sum.isInfinite()) throw new RedisException(Errors.NAN_OR_INF);
        byte[] result = sum.toHumanString().getBytes(StandardCharsets.US_ASCII);
        c.db.set(key, result, true).notIntEncoded = true;
        notify(c, "incrbyfloat", key);
        // Replayed float arithmetic could round differently: propagate the result (t_string.c).
        Propagation.rewrite(c, SET, key, result, KEEPTTL);
        c.reply.bulk(result);
    }
}
