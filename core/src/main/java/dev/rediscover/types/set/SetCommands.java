/*
 * The set commands: SADD, SINTER and friends (Redis: t_set.c).
 *
 * A set is stored as a SetValue, which picks its encoding (intset or hashtable) itself from
 * set-max-intset-entries; the commands parse, look up, call the value and reply. As in Redis a
 * set never exists empty, and the *STORE commands build their result as a fresh set with the
 * ordinary add, so a result of few integers comes out as an intset.
 */
package dev.rediscover.types.set;

import dev.rediscover.propagation.Propagation;
import dev.rediscover.command.Args;
import dev.rediscover.command.CommandTable;
import dev.rediscover.command.Errors;
import dev.rediscover.command.KeySpec;
import dev.rediscover.command.RedisException;
import dev.rediscover.keyspace.Dict;
import dev.rediscover.keyspace.Glob;
import dev.rediscover.keyspace.KeyCommands;
import dev.rediscover.keyspace.NotifyFlags;
import dev.rediscover.keyspace.RedisObject;
import dev.rediscover.lab.Lab;
import dev.rediscover.server.Client;
import dev.rediscover.server.Server;
import dev.rediscover.keyspace.ScanArgs;
import dev.rediscover.types.EncodingLimits;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.random.RandomGenerator;

public final class SetCommands {
    private SetCommands() {}

    static final String POSITIVE = "ERR value is out of range, must be positive";
    static final String COUNT_RANGE = "ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807";
    static final String NUMKEYS = "ERR numkeys should be greater than 0";
    static final String TOO_MANY_KEYS = "ERR Number of keys can't be greater than number of args";
    static final String LIMIT_NEGATIVE = "ERR LIMIT can't be negative";
    /** SPOP rebuilds the set from the survivors when fewer than count/5 remain (SPOP_MOVE_STRATEGY_MUL). */
    static final int SPOP_MOVE_STRATEGY_MUL = 5;

    public static void register(Server server) {
        CommandTable t = server.commands;
        t.add("sadd", -3, SetCommands::sadd).flags("write denyoom fast").key(1, "RW insert").group("set")
                .doc("Adds members to a set, creating it if needed.", "1.0.0", "O(1) for each element added, so O(N) to add N elements when the command is called with multiple arguments.");
        t.add("srem", -3, SetCommands::srem).flags("write fast").key(1, "RW delete").group("set")
                .doc("Removes members from a set, deleting the key when none remain.", "1.0.0", "O(N) where N is the number of members to be removed.");
        t.add("smembers", 2, SetCommands::smembers).flags("readonly").keys(1, 1, 1).group("set")
                .tips("nondeterministic_output_order")
                .doc("Answers every member of a set.", "1.0.0", "O(N) where N is the set cardinality.");
        t.add("sismember", 3, SetCommands::sismember).flags("readonly fast").key(1, "RO").group("set")
                .doc("Tells whether a value is a member of a set.", "1.0.0", "O(1)");
        t.add("smismember", -3, SetCommands::smismember).flags("readonly fast").keys(1, 1, 1).group("set")
                .doc("Tells, for each of several values, whether it is a member of a set.", "6.2.0", "O(N) where N is the number of elements being checked for membership");
        t.add("scard", 2, SetCommands::scard).flags("readonly fast").key(1, "RO").group("set")
                .doc("Answers how many members a set has.", "1.0.0", "O(1)");
        t.add("spop", -2, SetCommands::spop).flags("write fast").key(1, "RW access delete").group("set")
                .tips("nondeterministic_output")
                .doc("Removes and answers one or more random members of a set.", "1.0.0", "Without the count argument O(1), otherwise O(N) where N is the value of the passed count.");
        t.add("srandmember", -2, SetCommands::srandmember).flags("readonly").keys(1, 1, 1).group("set")
                .tips("nondeterministic_output")
                .doc("Answers one or more random members of a set without removing them.", "1.0.0", "Without the count argument O(1), otherwise O(N) where N is the absolute value of the passed count.");
        t.add("smove", 4, SetCommands::smove).flags("write fast").key(1, "RW access delete").key(2, "RW insert").group("set")
                .doc("Moves a member from one set to another.", "1.0.0", "O(1)");
        t.add("sinter", -2, SetCommands::sinter).flags("readonly").keys(1, -1, 1).group("set")
                .tips("nondeterministic_output_order")
                .doc("Answers the members common to all the given sets.", "1.0.0", "O(N*M) worst case where N is the cardinality of the smallest set and M is the number of sets.");
        t.add("sintercard", -3, SetCommands::sintercard).flags("readonly").keySpec(KeySpec.at(1).keynum(0, 1, 1).flags("RO access")).group("set")
                .doc("Counts the members common to all the given sets, optionally stopping at a limit.", "7.0.0", "O(N*M) worst case where N is the cardinality of the smallest set and M is the number of sets.");
        t.add("sinterstore", -3, SetCommands::sinterstore).flags("write denyoom").key(1, "RW update").keySpec(KeySpec.at(2).range(-1, 1, 0).flags("RO access")).group("set")
                .doc("Stores the intersection of the given sets under a key.", "1.0.0", "O(N*M) worst case where N is the cardinality of the smallest set and M is the number of sets.");
        t.add("sunion", -2, SetCommands::sunion).flags("readonly").keys(1, -1, 1).group("set")
                .tips("nondeterministic_output_order")
                .doc("Answers the members of any of the given sets.", "1.0.0", "O(N) where N is the total number of elements in all given sets.");
        t.add("sunionstore", -3, SetCommands::sunionstore).flags("write denyoom").key(1, "OW update").keySpec(KeySpec.at(2).range(-1, 1, 0).flags("RO access")).group("set")
                .doc("Stores the union of the given sets under a key.", "1.0.0", "O(N) where N is the total number of elements in all given sets.");
        t.add("sdiff", -2, SetCommands::sdiff).flags("readonly").keys(1, -1, 1).group("set")
                .tips("nondeterministic_output_order")
                .doc("Answers the members of the first set that are in none of the others.", "1.0.0", "O(N) where N is the total number of elements in all given sets.");
        t.add("sdiffstore", -3, SetCommands::sdiffstore).flags("write denyoom").key(1, "OW update").keySpec(KeySpec.at(2).range(-1, 1, 0).flags("RO access")).group("set")
                .doc("Stores the difference of the first set and the others under a key.", "1.0.0", "O(N) where N is the total number of elements in all given sets.");
        t.add("sscan", -3, SetCommands::sscan).flags("readonly").keys(1, 1, 1).group("set")
                .tips("nondeterministic_output")
                .doc("Walks the members of a set a few at a time with a cursor.", "2.8.0", "O(1) for every call. O(N) for a complete iteration, including enough command calls for the cursor to return back to 0. N is the size of the collection.");
    }

    // ------------------------------------------------------------------ lookups

    /** The set in o, null if o is null, WRONGTYPE for another type. */
    static SetValue setOf(RedisObject o) {
        if (o == null) return null;
        if (o.value instanceof SetValue s) return s;
        throw Errors.wrongType();
    }

    static SetValue readSet(Client c, byte[] key) { return setOf(c.db.lookupRead(key)); }

    private static EncodingLimits limits(Client c) { return EncodingLimits.of(c.server); }

    private static void notify(Client c, String event, byte[] key) {
        c.server.keyspace.notify(NotifyFlags.SET, event, key, c.db.id);
    }

    private static void notifyDel(Client c, byte[] key) {
        c.server.keyspace.notify(NotifyFlags.GENERIC, "del", key, c.db.id);
    }

    private static void modified(Client c, byte[] key) { c.server.keyspace.keyModified(c.db, key); }

    // ------------------------------------------------------------------ single-set commands

    /** SADD key member [member ...]: how many members were new. */
    @Lab(6)
    static void sadd(Client c) {
        byte[] key = c.argv[1];
        SetValue s = setOf(c.db.lookupWrite(key));
        if (s == null) {
            s = SetValue.createFor(c.argv[2]);
            c.db.add(key, new RedisObject(s));
        }
        EncodingLimits limits = limits(c);
        int added = 0;
        for (int i = 2; i < c.argc; i++) {
            if (s.add(c.argv[i], limits)) added++;
        }
        if (added > 0) {
            modified(c, key);
            notify(c, "sadd", key);
        }
        c.reply.integer(added);
    }

    /** SREM key member [member ...]: how many were removed; the last one takes the key. */
    @Lab(6)
    static void srem(Client c) {
        byte[] key = c.argv[1];
        SetValue s = setOf(c.db.lookupWrite(key));
        if (s == null) {
            c.reply.integer(0);
            return;
        }
        int removed = 0;
        boolean keyRemoved = false;
        for (int i = 2; i < c.argc; i++) {
            if (s.remove(c.argv[i])) {
                removed++;
                if (s.size() == 0) {
                    c.db.delete(key);
                    keyRemoved = true;
                    break;
                }
            }
        }
        if (removed > 0) {
            if (!keyRemoved) modified(c, key);
            notify(c, "srem", key);
            if (keyRemoved) notifyDel(c, key);
        }
        c.reply.integer(removed);
    }

    /** SMEMBERS key: a set reply (RESP3 '~'); an intset answers in ascending order. */
    static void smembers(Client c) {
        SetValue s = readSet(c, c.argv[1]);
        if (s == null) {
            c.reply.setHeader(0);
            return;
        }
        c.reply.setHeader(s.size());
        s.replyMembers(c.reply);
    }

    /** SISMEMBER key member */
    @Lab(6)
    static void sismember(Client c) {
        SetValue s = readSet(c, c.argv[1]);
        c.reply.integer(s != null && s.contains(c.argv[2]) ? 1 : 0);
    }

    /** SMISMEMBER key member [member ...]: 1 or 0 for each. */
    static void smismember(Client c) {
        SetValue s = readSet(c, c.argv[1]);
        c.reply.arrayHeader(c.argc - 2);
        for (int i = 2; i < c.argc; i++) c.reply.integer(s != null && s.contains(c.argv[i]) ? 1 : 0);
    }

    /** SCARD key */
    static void scard(Client c) {
        SetValue s = readSet(c, c.argv[1]);
        c.reply.integer(s == null ? 0 : s.size());
    }

    /** SMOVE source destination member (Redis: smoveCommand). */
    static void smove(Client c) {
        byte[] srcKey = c.argv[1], dstKey = c.argv[2], member = c.argv[3];
        RedisObject srcObj = c.db.lookupWrite(srcKey);
        RedisObject dstObj = c.db.lookupWrite(dstKey);
        if (srcObj == null) {
            c.reply.integer(0);
            return;
        }
        SetValue src = setOf(srcObj);
        SetValue dst = setOf(dstObj);
        if (src == dst) {
            // Moving within one set changes nothing, but still answers whether it is a member.
            c.reply.integer(src.contains(member) ? 1 : 0);
            return;
        }
        if (!src.remove(member)) {
            c.reply.integer(0);
            return;
        }
        notify(c, "srem", srcKey);
        if (src.size() == 0) {
            c.db.delete(srcKey);
            notifyDel(c, srcKey);
        }
        if (dst == null) {
            dst = SetValue.createFor(member);
            c.db.add(dstKey, new RedisObject(dst));
        }
        modified(c, srcKey);
        modified(c, dstKey);
        if (dst.add(member, limits(c))) notify(c, "sadd", dstKey);
        c.reply.integer(1);
    }

    // ------------------------------------------------------------------ random members

    /** SPOP key [count] */
    static void spop(Client c) {
        if (c.argc == 3) {
            spopWithCount(c);
            return;
        }
        if (c.argc > 3) throw Errors.syntax();
        byte[] key = c.argv[1];
        SetValue s = setOf(c.db.lookupWrite(key));
        if (s == null) {
            c.reply.nullBulk();
            return;
        }
        byte[] m = s.pop(c.server.keyspace.random());
        Propagation.rewrite(c, SREM, key, m);      // the chosen member, not the dice (t_set.c)
        notify(c, "spop", key);
        if (s.size() == 0) {
            c.db.delete(key);
            notifyDel(c, key);
        } else {
            modified(c, key);
        }
        c.reply.bulk(m);
    }

    /**
     * SPOP key count (Redis: spopWithCountCommand): distinct members as a set reply. Asking for
     * the whole set (or more) answers it all and deletes the key; when only a few members would
     * remain, the survivors are moved into a new set instead of popping many one by one, which
     * is also how a hashtable set can come back as an intset.
     */
    static void spopWithCount(Client c) {
        long count = Args.parseLong(c.argv[2], POSITIVE);
        if (count < 0) throw new RedisException(POSITIVE);
        byte[] key = c.argv[1];
        SetValue s = setOf(c.db.lookupWrite(key));
        if (s == null || count == 0) {
            c.reply.setHeader(0);
            return;
        }
        int size = s.size();
        RandomGenerator rnd = c.server.keyspace.random();
        if (count >= size) {
            c.reply.setHeader(size);
            s.replyMembers(c.reply);
            c.db.delete(key);
            notify(c, "spop", key);
            notifyDel(c, key);
            Propagation.rewrite(c, DEL, key);
            return;
        }
        notify(c, "spop", key);
        long remaining = size - count;
        c.reply.setHeader(count);
        if (remaining * SPOP_MOVE_STRATEGY_MUL > count) {
            for (long i = 0; i < count; i++) {
                byte[] m = s.pop(rnd);
                c.reply.bulk(m);
                Propagation.also(c, SREM, key, m);
            }
        } else {
            SetValue survivors = null;
            EncodingLimits limits = limits(c);
            for (long i = 0; i < remaining; i++) {
                byte[] m = s.pop(rnd);
                if (survivors == null) survivors = SetValue.createFor(m);
                survivors.add(m, limits);
            }
            s.replyMembers(c.reply);        // what is left in the old set is what was popped
            s.forEach(m -> Propagation.also(c, SREM, key, m));
            c.db.lookupWrite(key).value = survivors;
        }
        modified(c, key);
        Propagation.prevent(c);                 // each popped member went out as its own SREM
    }

    private static final byte[] SREM = Propagation.bytes("SREM"), DEL = Propagation.bytes("DEL");

    /** SRANDMEMBER key [count] */
    static void srandmember(Client c) {
        if (c.argc == 3) {
            srandmemberWithCount(c);
            return;
        }
        if (c.argc > 3) throw Errors.syntax();
        SetValue s = readSet(c, c.argv[1]);
        c.reply.bulk(s == null ? null : s.random(c.server.keyspace.random()));
    }

    /**
     * SRANDMEMBER key count (Redis: srandmemberWithCountCommand): a negative count may repeat
     * members and answers exactly |count|; a positive one answers distinct members, all of
     * them when count >= size.
     */
    static void srandmemberWithCount(Client c) {
        long count = Args.parseLong(c.argv[2]);
        if (count == Long.MIN_VALUE) throw new RedisException(COUNT_RANGE);
        SetValue s = readSet(c, c.argv[1]);
        if (s == null || count == 0) {
            c.reply.arrayHeader(0);
            return;
        }
        RandomGenerator rnd = c.server.keyspace.random();
        if (count < 0) {
            c.reply.arrayHeader(-count);
            for (long i = 0; i < -count; i++) c.reply.bulk(s.random(rnd));
            return;
        }
        int size = s.size();
        if (count >= size) {
            c.reply.arrayHeader(size);
            s.replyMembers(c.reply);
            return;
        }
        List<byte[]> picked;
        if (count * 3 > size) {
            // A large share of the set: shuffle all members and keep a prefix.
            List<byte[]> all = new ArrayList<>(size);
            s.forEach(all::add);
            for (int i = 0; i < count; i++) {
                int j = i + rnd.nextInt(size - i);
                byte[] tmp = all.get(i);
                all.set(i, all.get(j));
                all.set(j, tmp);
            }
            picked = all.subList(0, (int) count);
        } else {
            // A small share: draw until count distinct members turned up.
            Dict<Boolean> seen = new Dict<>();
            picked = new ArrayList<>((int) count);
            while (picked.size() < count) {
                byte[] m = s.random(rnd);
                if (seen.containsKey(m)) continue;
                seen.insertNew(m, Boolean.TRUE);
                picked.add(m);
            }
        }
        c.reply.arrayHeader(picked.size());
        for (byte[] m : picked) c.reply.bulk(m);
    }

    // ------------------------------------------------------------------ set algebra

    /** Look up every key as a set; null for missing ones, WRONGTYPE as soon as one is not a set. */
    private static SetValue[] lookupSets(Client c, int from, int to, boolean forWrite) {
        SetValue[] sets = new SetValue[to - from];
        for (int i = from; i < to; i++) {
            RedisObject o = forWrite ? c.db.lookupWrite(c.argv[i]) : c.db.lookupRead(c.argv[i]);
            sets[i - from] = setOf(o);
        }
        return sets;
    }

    /** SINTER key [key ...] */
    static void sinter(Client c) { interGeneric(c, 1, c.argc, null, false, 0); }

    /** SINTERSTORE destination key [key ...] */
    static void sinterstore(Client c) { interGeneric(c, 2, c.argc, c.argv[1], false, 0); }

    /** SINTERCARD numkeys key [key ...] [LIMIT limit] */
    static void sintercard(Client c) {
        long numkeys = Args.parseLongOr(c.argv[1], 0, c.argv[1].length, -1);
        if (numkeys < 1) throw new RedisException(NUMKEYS);
        if (numkeys > c.argc - 2) throw new RedisException(TOO_MANY_KEYS);
        long limit = 0;
        for (int j = 2 + (int) numkeys; j < c.argc; j++) {
            if (Args.equalsAscii(c.argv[j], "limit") && j + 1 < c.argc) {
                j++;
                limit = Args.parseLongOr(c.argv[j], 0, c.argv[j].length, -1);
                if (limit < 0) throw new RedisException(LIMIT_NEGATIVE);
            } else {
                throw Errors.syntax();
            }
        }
        interGeneric(c, 2, 2 + (int) numkeys, null, true, limit);
    }

    // tag::sinter[]
    /**
     * The body of SINTER, SINTERSTORE and SINTERCARD (Redis: sinterGenericCommand): sort the
     * sets smallest first, walk the smallest and keep the members every other set contains,
     * so the work is bounded by the smallest set. A missing key is an empty set, which makes
     * the intersection empty (every key is still type-checked first).
     */
    @Lab(6)
    static void interGeneric(Client c, int from, int to, byte[] dstKey, boolean cardinalityOnly, long limit) {
        SetValue[] sets = lookupSets(c, from, to, dstKey != null);
        boolean empty = false;
        for (SetValue s : sets) if (s == null) empty = true;
        if (empty) {
            if (dstKey != null) {
                if (c.db.delete(dstKey)) notifyDel(c, dstKey);
                c.reply.integer(0);
            } else if (cardinalityOnly) {
                c.reply.integer(0);
            } else {
                c.reply.setHeader(0);
            }
            return;
        }
        Arrays.sort(sets, Comparator.comparingInt(SetValue::size));
        List<byte[]> result = new ArrayList<>();
        long[] card = {0};
        final SetValue[] all = sets;
        try {
            sets[0].forEach(m -> {
                if (cardinalityOnly && limit > 0 && card[0] >= limit) throw StopWalk.INSTANCE;
                for (int j = 1; j < all.length; j++) {
                    if (all[j] != all[0] && !all[j].contains(m)) return;
                }
                card[0]++;
                if (!cardinalityOnly) result.add(m);
            });
        } catch (StopWalk stop) {
            // the LIMIT was reached
        }
        if (cardinalityOnly) {
            c.reply.integer(card[0]);
        } else if (dstKey != null) {
            store(c, dstKey, result, "sinterstore");
        } else {
            c.reply.setHeader(result.size());
            for (byte[] m : result) c.reply.bulk(m);
        }
    }
    // end::sinter[]

    /** Thrown to leave a forEach early (SINTERCARD's LIMIT); preallocated, no stack trace. */
    private static final class StopWalk extends RuntimeException {
        static final StopWalk INSTANCE = new StopWalk();

        private StopWalk() { super(null, null, false, false); }
    }

    /**
     * Store a result set under dstKey, replacing whatever was there and its TTL, or delete
     * dstKey when the result is empty; reply the result's size.
     */
    private static void store(Client c, byte[] dstKey, List<byte[]> members, String event) {
        if (members.isEmpty()) {
            if (c.db.delete(dstKey)) notifyDel(c, dstKey);
            c.reply.integer(0);
            return;
        }
        SetValue dst = SetValue.createFor(members.get(0));
        EncodingLimits limits = limits(c);
        for (byte[] m : members) dst.add(m, limits);
        storeSet(c, dstKey, dst, event);
    }

    private static void storeSet(Client c, byte[] dstKey, SetValue dst, String event) {
        if (dst.size() == 0) {
            if (c.db.delete(dstKey)) notifyDel(c, dstKey);
            c.reply.integer(0);
            return;
        }
        c.db.setCollection(dstKey, dst);
        notify(c, event, dstKey);
        c.reply.integer(dst.size());
    }

    /** SUNION key [key ...] */
    static void sunion(Client c) { unionDiffGeneric(c, 1, null, false); }

    /** SUNIONSTORE destination key [key ...] */
    static void sunionstore(Client c) { unionDiffGeneric(c, 2, c.argv[1], false); }

    /** SDIFF key [key ...] */
    static void sdiff(Client c) { unionDiffGeneric(c, 1, null, true); }

    /** SDIFFSTORE destination key [key ...] */
    static void sdiffstore(Client c) { unionDiffGeneric(c, 2, c.argv[1], true); }

    // tag::sunion-sdiff[]
    /**
     * The body of SUNION/SDIFF and their STORE forms (Redis: sunionDiffGenericCommand). The
     * result is built as a new set with the ordinary add (so all-integer results are
     * intsets), then replied or stored. The difference keeps the members of the first set
     * that no later set contains.
     */
    @Lab(6)
    static void unionDiffGeneric(Client c, int from, byte[] dstKey, boolean diff) {
        SetValue[] sets = lookupSets(c, from, c.argc, dstKey != null);
        EncodingLimits limits = limits(c);
        SetValue[] result = {null};
        if (!diff) {
            for (SetValue s : sets) {
                if (s == null) continue;
                s.forEach(m -> result[0] = addTo(result[0], m, limits));
            }
        } else if (sets[0] != null) {
            sets[0].forEach(m -> {
                for (int j = 1; j < sets.length; j++) {
                    if (sets[j] == null) continue;
                    if (sets[j] == sets[0] || sets[j].contains(m)) return;
                }
                result[0] = addTo(result[0], m, limits);
            });
        }
        SetValue r = result[0];
        if (dstKey != null) {
            if (r == null) {
                if (c.db.delete(dstKey)) notifyDel(c, dstKey);
                c.reply.integer(0);
            } else {
                storeSet(c, dstKey, r, diff ? "sdiffstore" : "sunionstore");
            }
            return;
        }
        if (r == null) {
            c.reply.setHeader(0);
            return;
        }
        c.reply.setHeader(r.size());
        r.replyMembers(c.reply);
    }
    // end::sunion-sdiff[]

    private static SetValue addTo(SetValue s, byte[] m, EncodingLimits limits) {
        if (s == null) s = SetValue.createFor(m);
        s.add(m, limits);
        return s;
    }

    // ------------------------------------------------------------------ SSCAN

    /** SSCAN key cursor [MATCH pattern] [COUNT count] */
    static void sscan(Client c) {
        long cursor = KeyCommands.parseCursor(c.argv[2]);
        SetValue s = readSet(c, c.argv[1]);
        if (s == null) {
            ScanArgs.reply(c, 0, List.of());
            return;
        }
        ScanArgs opt = ScanArgs.parse(c, 3, false);
        List<byte[]> out = new ArrayList<>();
        long next = s.scan(cursor, opt.count, m -> {
            if (opt.pattern == null || Glob.matches(opt.pattern, m)) out.add(m);
        });
        ScanArgs.reply(c, next, out);
    }
}
