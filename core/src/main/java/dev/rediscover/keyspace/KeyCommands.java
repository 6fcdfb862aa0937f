/*
 * The generic key commands, which work on a key whatever type its value has: DEL, EXISTS, TYPE,
 * KEYS, SCAN, RENAME, COPY, MOVE, OBJECT, and the whole-database DBSIZE, FLUSHDB, FLUSHALL and
 * SWAPDB (Redis: db.c for most, object.c for OBJECT, keysCommand and scanGenericCommand in db.c).
 *
 * How keys are looked up matters as much as what is done with them, because a lookup is also
 * where a key expires lazily, where keyspace_hits/misses are counted and where the LRU stamp is
 * refreshed. Redis picks a lookup flavour per command; so do we:
 *
 *   lookupRead        counts a hit/miss and refreshes the access time (TOUCH, COPY's source)
 *   lookupWrite       no statistics (DEL, RENAME, MOVE: about to change the key)
 *   lookupNoTouch     counts a hit/miss but leaves the access time alone (EXISTS, TYPE, OBJECT:
 *                     asking about a key is not using it; Redis: LOOKUP_NOTOUCH)
 *
 * Keys that move (RENAME, MOVE) keep their object, so their TTL and idle time go with them; COPY
 * makes a new object with the same TTL. Every change is announced as a keyspace event with
 * Redis's event name (del, rename_from, rename_to, move_from, move_to, copy_to).
 */
package dev.rediscover.keyspace;

import dev.rediscover.command.Args;
import dev.rediscover.command.CommandSpec;
import dev.rediscover.command.CommandTable;
import dev.rediscover.command.Errors;
import dev.rediscover.command.RedisException;
import dev.rediscover.lab.Lab;
import dev.rediscover.server.Client;
import dev.rediscover.server.Server;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

public final class KeyCommands {
    private KeyCommands() {}

    static final String SAME_OBJECT = "ERR source and destination objects are the same";
    static final String INT_RANGE = "ERR value is out of range, value must between -2147483648 and 2147483647";
    static final String INVALID_CURSOR = "ERR invalid cursor";
    static final String LFU_NOT_SELECTED = "ERR An LFU maxmemory policy is not selected, access frequency not tracked."
            + " Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust.";
    static final String LFU_SELECTED = "ERR An LFU maxmemory policy is selected, idle time not tracked."
            + " Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust.";
    /** Integers below this are shared objects in Redis, so OBJECT REFCOUNT shows them as immortal. */
    static final long SHARED_INTEGERS = 10000;
    static final int SHARED_REFCOUNT = Integer.MAX_VALUE;

    public static void register(Server server) {
        CommandTable t = server.commands;
        t.add("del", -2, KeyCommands::del).flags("write").keys(1, -1, 1, "RM delete").group("generic")
                .tips("request_policy:multi_shard", "response_policy:agg_sum")
                .doc("Deletes one or more keys.", "1.0.0", "O(N) where N is the number of keys to delete.");
        t.add("unlink", -2, KeyCommands::unlink).flags("write fast").keys(1, -1, 1, "RM delete").group("generic")
                .tips("request_policy:multi_shard", "response_policy:agg_sum")
                .doc("Deletes keys, freeing their memory away from the command path.", "4.0.0", "O(1) for each key removed.");
        t.add("exists", -2, KeyCommands::exists).flags("readonly fast").keys(1, -1, 1, "RO").group("generic")
                .tips("request_policy:multi_shard", "response_policy:agg_sum")
                .doc("Counts how many of the given keys exist.", "1.0.0", "O(N) where N is the number of keys to check.");
        t.add("type", 2, KeyCommands::type).flags("readonly fast").key(1, "RO").group("generic")
                .doc("Tells the type of the value stored at a key.", "1.0.0", "O(1)");
        t.add("keys", 2, KeyCommands::keys).flags("readonly").group("generic").acl("@dangerous")
                .tips("request_policy:all_shards", "nondeterministic_output_order")
                .doc("Lists every key matching a glob pattern.", "1.0.0", "O(N) with N the number of keys in the database.");
        t.add("scan", -2, KeyCommands::scan).flags("readonly").group("generic")
                .tips("nondeterministic_output", "request_policy:special")
                .doc("Walks the key space a few keys at a time with a cursor.", "2.8.0", "O(1) for every call, O(N) for a complete iteration.");
        t.add("randomkey", 1, KeyCommands::randomkey).flags("readonly").group("generic")
                .tips("request_policy:all_shards", "nondeterministic_output")
                .doc("Returns a key picked at random.", "1.0.0", "O(1)");
        t.add("rename", 3, KeyCommands::rename).flags("write").key(1, "RW access delete").key(2, "OW update").group("generic")
                .doc("Gives a key a new name, replacing any key with that name.", "1.0.0", "O(1)");
        t.add("renamenx", 3, KeyCommands::renamenx).flags("write fast").key(1, "RW access delete").key(2, "OW insert").group("generic")
                .doc("Gives a key a new name only if that name is free.", "1.0.0", "O(1)");
        t.add("copy", -3, KeyCommands::copy).flags("write denyoom").key(1, "RO access").key(2, "OW update").group("generic")
                .doc("Copies a key's value, and its TTL, to another key.", "6.2.0", "O(N) worst case for collections, where N is the number of nested items.");
        t.add("move", 3, KeyCommands::move).flags("write fast").key(1, "RW access update").group("generic")
                .doc("Moves a key to another database.", "1.0.0", "O(1)");
        t.add("touch", -2, KeyCommands::touch).flags("readonly fast").keys(1, -1, 1, "RO").group("generic")
                .tips("request_policy:multi_shard", "response_policy:agg_sum")
                .doc("Marks keys as just accessed and counts the ones that exist.", "3.2.1", "O(N) where N is the number of keys that will be touched.");
        t.add("dbsize", 1, KeyCommands::dbsize).flags("readonly fast").group("server").acl("@keyspace")
                .tips("request_policy:all_shards", "response_policy:agg_sum")
                .doc("Counts the keys in the selected database.", "1.0.0", "O(1)");
        t.add("flushdb", -1, KeyCommands::flushdb).flags("write").group("server").acl("@keyspace @dangerous")
                .tips("request_policy:all_shards", "response_policy:all_succeeded")
                .doc("Removes every key of the selected database.", "1.0.0", "O(N) where N is the number of keys in the selected database");
        t.add("flushall", -1, KeyCommands::flushall).flags("write").group("server").acl("@keyspace @dangerous")
                .tips("request_policy:all_shards", "response_policy:all_succeeded")
                .doc("Removes every key of every database.", "1.0.0", "O(N) where N is the total number of keys in all databases");
        t.add("swapdb", 3, KeyCommands::swapdb).flags("write fast").group("server").acl("@keyspace @dangerous")
                .doc("Exchanges the contents of two databases.", "4.0.0", "O(N) where N is the count of clients watching or blocking on keys from both databases.");

        CommandSpec object = t.container("object", -2).group("generic")
                .doc("A container for commands that look inside a key's object.", "2.2.3", "Depends on subcommand.");
        object.sub("encoding", 3, KeyCommands::objectEncoding).flags("readonly").key(2, "RO")
                .tips("nondeterministic_output")
                .doc("Tells how the value of a key is represented in memory.", "2.2.3", "O(1)");
        object.sub("freq", 3, KeyCommands::objectFreq).flags("readonly").key(2, "RO")
                .tips("nondeterministic_output")
                .doc("Returns the logarithmic access counter of a key (LFU policies only).", "4.0.0", "O(1)");
        object.sub("idletime", 3, KeyCommands::objectIdletime).flags("readonly").key(2, "RO")
                .tips("nondeterministic_output")
                .doc("Returns the seconds since a key was last accessed.", "2.2.3", "O(1)");
        object.sub("refcount", 3, KeyCommands::objectRefcount).flags("readonly").key(2, "RO")
                .tips("nondeterministic_output")
                .doc("Returns how many references the value of a key has.", "2.2.3", "O(1)");
        object.sub("help", 2, KeyCommands::objectHelp).flags("loading stale")
                .doc("Lists the OBJECT subcommands.", "6.2.0", "O(1)");
    }

    // ---------------------------------------------------------------- lookups

    /**
     * Find a key, expiring it if due, counting a hit or miss, without refreshing its access time
     * (Redis: lookupKeyReadWithFlags with LOOKUP_NOTOUCH). The expiry check only runs for keys
     * that have a TTL, so this works before the TTL lab is done.
     */
    public static RedisObject lookupNoTouch(Client c, byte[] key) {
        return lookupNoTouch(c, key, true);
    }

    /** As lookupNoTouch; OBJECT passes notify=false, as Redis adds LOOKUP_NONOTIFY (no keymiss event). */
    static RedisObject lookupNoTouch(Client c, byte[] key, boolean notify) {
        RedisObject o = c.db.peek(key);
        if (o != null && o.hasExpiry() && c.db.expireIfNeeded(key, o)) o = null;
        if (o == null) {
            c.server.keyspace.stats.keyspaceMisses++;
            if (notify) c.server.keyspace.notify(NotifyFlags.KEY_MISS, "keymiss", key, c.db.id);
        } else {
            c.server.keyspace.stats.keyspaceHits++;
        }
        return o;
    }

    /** A database number argument, checked against the configured count. */
    private static Database targetDb(Client c, byte[] arg) {
        long id = Args.parseLong(arg);
        // Redis: getIntFromObjectOrReply, whose range error differs from the parse error.
        if (id < Integer.MIN_VALUE || id > Integer.MAX_VALUE) throw new RedisException(INT_RANGE);
        if (id < 0 || id >= c.server.keyspace.count()) throw new RedisException(Errors.INVALID_DB);
        return c.server.keyspace.db((int) id);
    }

    private static void notifyGeneric(Client c, String event, byte[] key, int dbId) {
        c.server.keyspace.notify(NotifyFlags.GENERIC, event, key, dbId);
    }

    // ---------------------------------------------------------------- DEL EXISTS TYPE

    // tag::del[]
    /** DEL key [key ...] */
    @Lab(3)
    static void del(Client c) {
        long deleted = 0;
        for (int i = 1; i < c.argc; i++) {
            byte[] key = c.argv[i];
            // Look first so a key past its TTL expires (counted as expired) instead of being deleted.
            if (c.db.lookupWrite(key) != null && c.db.delete(key)) {
                deleted++;
                notifyGeneric(c, "del", key, c.db.id);
            }
        }
        c.reply.integer(deleted);
    }
    // end::del[]

    /** UNLINK key [key ...]: DEL whose freeing Redis does in a background thread. */
    static void unlink(Client c) {
        // Java's garbage collector already frees memory away from the command path.
        del(c);
    }

    // tag::exists[]
    /** EXISTS key [key ...]: a key named twice is counted twice. */
    @Lab(3)
    static void exists(Client c) {
        long n = 0;
        for (int i = 1; i < c.argc; i++) {
            if (lookupNoTouch(c, c.argv[i]) != null) n++;
        }
        c.reply.integer(n);
    }
    // end::exists[]

    // tag::type[]
    /** TYPE key */
    @Lab(3)
    static void type(Client c) {
        RedisObject o = lookupNoTouch(c, c.argv[1]);
        c.reply.simple(o == null ? "none" : o.typeName());
    }
    // end::type[]

    /** TOUCH key [key ...]: a read that returns nothing but refreshes the access time. */
    static void touch(Client c) {
        long n = 0;
        for (int i = 1; i < c.argc; i++) {
            if (c.db.lookupRead(c.argv[i]) != null) n++;
        }
        c.reply.integer(n);
    }

    // ---------------------------------------------------------------- KEYS SCAN RANDOMKEY

    /** KEYS pattern: every matching key that is not expired (expired ones are left in place). */
    static void keys(Client c) {
        byte[] pattern = c.argv[1];
        boolean all = Glob.matchesEverything(pattern);
        Keyspace ks = c.server.keyspace;
        List<byte[]> found = new ArrayList<>();
        c.db.forEach(e -> {
            if ((all || Glob.matches(pattern, e.key)) && !ks.isExpired(e.value)) found.add(e.key);
        });
        c.reply.arrayHeader(found.size());
        for (byte[] k : found) c.reply.bulk(k);
    }

    /** SCAN cursor [MATCH pattern] [COUNT count] [TYPE type] */
    static void scan(Client c) {
        long cursor = parseCursor(c.argv[1]);
        ScanArgs opt = ScanArgs.parse(c, 2, true);
        List<byte[]> keys = new ArrayList<>();
        // Redis's loop: stop at the end, after COUNT keys, or after 10*COUNT buckets (a sparse
        // table must not make one call walk forever).
        long maxIterations = opt.maxIterations();
        do {
            cursor = c.db.scan(cursor, e -> keys.add(e.key));
        } while (cursor != 0 && maxIterations-- > 0 && keys.size() < opt.count);
        // Filter after the walk: expiring a key removes it from the dict being walked.
        List<byte[]> kept = new ArrayList<>(keys.size());
        for (byte[] key : keys) {
            if (!opt.matches(key)) continue;
            if (opt.type != null && !Args.equalsAscii(opt.type, typeOf(c, key))) continue;
            RedisObject o = c.db.peek(key);
            if (o == null || (o.hasExpiry() && c.db.expireIfNeeded(key, o))) continue;
            kept.add(key);
        }
        ScanArgs.reply(c, cursor, kept);
    }

    private static String typeOf(Client c, byte[] key) {
        RedisObject o = lookupNoTouch(c, key);
        return o == null ? "none" : o.typeName();
    }

    /**
     * A SCAN cursor: an unsigned 64-bit decimal, read as C's strtoul reads it (Redis:
     * parseScanCursorOrReply). So "" is 0, a '+' or '-' sign is allowed ("-1" is 2^64-1),
     * but a leading space, trailing junk or a value past 2^64-1 is "invalid cursor".
     */
    public static long parseCursor(byte[] s) {
        int i = 0, n = s.length;
        if (n == 0) return 0;
        boolean neg = false;
        if (s[0] == '+' || s[0] == '-') {
            neg = s[0] == '-';
            i++;
        }
        if (i == n) throw new RedisException(INVALID_CURSOR);
        final long maxDiv10 = Long.divideUnsigned(-1L, 10);   // 1844674407370955161
        long v = 0;
        for (; i < n; i++) {
            int d = s[i] - '0';
            if (d < 0 || d > 9) throw new RedisException(INVALID_CURSOR);
            if (Long.compareUnsigned(v, maxDiv10) > 0 || (v == maxDiv10 && d > 5)) {
                throw new RedisException(INVALID_CURSOR);
            }
            v = v * 10 + d;
        }
        return neg ? -v : v;
    }

    /** RANDOMKEY */
    static void randomkey(Client c) {
        c.reply.bulk(c.db.randomKey());   // null -> nil
    }

    // ---------------------------------------------------------------- RENAME COPY MOVE

    /** RENAME key newkey */
    static void rename(Client c) { renameGeneric(c, false); }

    /** RENAMENX key newkey */
    static void renamenx(Client c) { renameGeneric(c, true); }

    /**
     * Move the object to the new name, TTL and all (Redis: renameGenericCommand). Renaming a key
     * onto itself is a no-op that still demands the key exist.
     */
    private static void renameGeneric(Client c, boolean nx) {
        byte[] src = c.argv[1], dst = c.argv[2];
        RedisObject o = c.db.lookupWrite(src);
        if (o == null) throw new RedisException(Errors.NO_SUCH_KEY);
        if (Arrays.equals(src, dst)) {
            if (nx) c.reply.integer(0);
            else c.reply.ok();
            return;
        }
        if (c.db.lookupWrite(dst) != null) {
            if (nx) {
                c.reply.integer(0);
                return;
            }
            c.db.delete(dst);
        }
        // Delete first: the object's memory charge leaves src before it is charged under dst.
        c.db.delete(src);
        c.db.put(dst, o);
        notifyGeneric(c, "rename_from", src, c.db.id);
        notifyGeneric(c, "rename_to", dst, c.db.id);
        if (nx) c.reply.integer(1);
        else c.reply.ok();
    }

    /** COPY source destination [DB destination-db] [REPLACE] */
    static void copy(Client c) {
        Database dst = c.db;
        boolean replace = false;
        for (int i = 3; i < c.argc; i++) {
            if (Args.equalsAscii(c.argv[i], "replace")) {
                replace = true;
            } else if (Args.equalsAscii(c.argv[i], "db") && i + 1 < c.argc) {
                dst = targetDb(c, c.argv[++i]);
            } else {
                throw Errors.syntax();
            }
        }
        byte[] key = c.argv[1], newKey = c.argv[2];
        if (dst == c.db && Arrays.equals(key, newKey)) throw new RedisException(SAME_OBJECT);
        RedisObject o = c.db.lookupRead(key);
        if (o == null) {
            c.reply.integer(0);
            return;
        }
        if (dst.lookupWrite(newKey) != null) {
            if (!replace) {
                c.reply.integer(0);
                return;
            }
            dst.delete(newKey);
        }
        RedisObject copy = new RedisObject(duplicate(o.value));
        copy.expireAt = o.expireAt;
        copy.notIntEncoded = o.notIntEncoded;
        dst.add(newKey, copy);
        c.server.keyspace.keyModified(dst, newKey);
        notifyGeneric(c, "copy_to", newKey, dst.id);
        c.reply.integer(1);
    }

    /** A value the copy can own: immutable byte[] strings are shared, anything mutable is copied. */
    static Object duplicate(Object value) {
        if (value instanceof byte[]) return value;
        if (value instanceof MutableString m) return new MutableString(m.toBytes());
        if (value instanceof TypedValue t) return t.copy();
        throw new IllegalStateException("cannot copy " + value.getClass());
    }

    /** MOVE key db: only when the key is absent from the target; the TTL goes along. */
    static void move(Client c) {
        byte[] key = c.argv[1];
        Database dst = targetDb(c, c.argv[2]);
        Database src = c.db;
        if (dst == src) throw new RedisException(SAME_OBJECT);
        RedisObject o = src.lookupWrite(key);
        if (o == null || dst.lookupWrite(key) != null) {
            c.reply.integer(0);
            return;
        }
        src.delete(key);        // first, so the memory charge moves with it (see renameGeneric)
        dst.put(key, o);
        notifyGeneric(c, "move_from", key, src.id);
        notifyGeneric(c, "move_to", key, dst.id);
        c.reply.integer(1);
    }

    // ---------------------------------------------------------------- OBJECT

    /** The key for an OBJECT subcommand, or null after replying nil. */
    private static RedisObject objectLookup(Client c) {
        RedisObject o = lookupNoTouch(c, c.argv[2], false);
        if (o == null) c.reply.nullBulk();
        return o;
    }

    /** OBJECT ENCODING key */
    static void objectEncoding(Client c) {
        RedisObject o = objectLookup(c);
        if (o != null) c.reply.bulk(o.encoding());
    }

    /** OBJECT FREQ key: only meaningful when an LFU policy keeps the counter in o.lru. */
    static void objectFreq(Client c) {
        RedisObject o = objectLookup(c);
        if (o == null) return;
        if (!lfuPolicy(c.server)) throw new RedisException(LFU_NOT_SELECTED);
        // The low 8 bits hold the logarithmic counter (Redis: LFU layout of robj.lru), shown
        // with the decay owed since its last access (Redis: LFUDecrAndReturn).
        c.reply.integer(dev.rediscover.evict.Eviction.of(c.server).frequency(o));
    }

    /** OBJECT IDLETIME key: seconds since the last access, by the LRU clock. */
    static void objectIdletime(Client c) {
        RedisObject o = objectLookup(c);
        if (o == null) return;
        if (lfuPolicy(c.server)) throw new RedisException(LFU_SELECTED);
        c.reply.integer(SecondsLruClock.idleMillis(o, c.server.clock.millis()) / 1000);
    }

    /**
     * OBJECT REFCOUNT key. We have no reference counts; what Redis shows is 1, except for small
     * integers, which it stores as shared immortal objects (OBJ_SHARED_INTEGERS) unless an
     * LRU/LFU maxmemory policy needs a private access stamp per key.
     */
    static void objectRefcount(Client c) {
        RedisObject o = objectLookup(c);
        if (o == null) return;
        c.reply.integer(isSharedInteger(c.server, o) ? SHARED_REFCOUNT : 1);
    }

    private static boolean isSharedInteger(Server server, RedisObject o) {
        if (!(o.value instanceof byte[] b) || !"int".equals(ValueTypes.stringEncoding(b))) return false;
        long v = Args.parseLong(b);
        if (v < 0 || v >= SHARED_INTEGERS) return false;
        String policy = server.config.get("maxmemory-policy");
        boolean perKeyStamp = policy.endsWith("-lru") || policy.endsWith("-lfu");
        return server.config.getLong("maxmemory") == 0 || !perKeyStamp;
    }

    static boolean lfuPolicy(Server server) {
        return server.config.get("maxmemory-policy").endsWith("-lfu");
    }

    private static final String[] OBJECT_HELP = {
            "OBJECT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
            "ENCODING <key>",
            "    Return the kind of internal representation used in order to store the value",
            "    associated with a <key>.",
            "FREQ <key>",
            "    Return the access frequency index of the <key>. The returned integer is",
            "    proportional to the logarithm of the recent access frequency of the key.",
            "IDLETIME <key>",
            "    Return the idle time of the <key>, that is the approximated number of",
            "    seconds elapsed since the last access to the key.",
            "REFCOUNT <key>",
            "    Return the number of references of the value associated with the specified",
            "    <key>.",
            "HELP",
            "    Prints this help.",
    };

    /** OBJECT HELP */
    static void objectHelp(Client c) {
        c.reply.arrayHeader(OBJECT_HELP.length);
        for (String line : OBJECT_HELP) c.reply.simple(line);
    }

    // ---------------------------------------------------------------- whole databases

    /** DBSIZE: keys in the dict, including expired ones nobody has touched yet (as Redis). */
    static void dbsize(Client c) { c.reply.integer(c.db.size()); }

    /** FLUSHDB [ASYNC | SYNC] */
    static void flushdb(Client c) {
        parseFlushMode(c);
        c.server.keyspace.flush(c.db.id);
        c.reply.ok();
    }

    /** FLUSHALL [ASYNC | SYNC] */
    static void flushall(Client c) {
        parseFlushMode(c);
        c.server.keyspace.flushAll();
        c.reply.ok();
    }

    /**
     * Accept SYNC or ASYNC (Redis: getFlushCommandFlags). Both free at once here: dropping the
     * tables is O(1) for us and the garbage collector does the freeing in the background anyway.
     */
    private static void parseFlushMode(Client c) {
        if (c.argc > 2) throw Errors.syntax();
        if (c.argc == 2 && !Args.equalsAscii(c.argv[1], "sync") && !Args.equalsAscii(c.argv[1], "async")) {
            throw Errors.syntax();
        }
    }

    /** SWAPDB index1 index2 */
    static void swapdb(Client c) {
        int a = dbIndex(c.argv[1], "ERR invalid first DB index");
        int b = dbIndex(c.argv[2], "ERR invalid second DB index");
        int n = c.server.keyspace.count();
        if (a < 0 || a >= n || b < 0 || b >= n) throw new RedisException(Errors.INVALID_DB);
        if (a != b) c.server.keyspace.swap(a, b);
        c.reply.ok();
    }

    private static int dbIndex(byte[] arg, String error) {
        long v = Args.parseLong(arg, error);
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) throw new RedisException(error);
        return (int) v;
    }
}
