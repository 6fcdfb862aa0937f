/*
 * The sorted set commands (Redis: t_zset.c). This file has the command table rows for the whole
 * family and the commands that work on single elements: ZADD, ZINCRBY, ZREM, ZCARD, ZSCORE,
 * ZMSCORE, ZRANK, ZREVRANK, the pops (ZPOPMIN, ZPOPMAX, ZMPOP), ZRANDMEMBER and ZSCAN. The
 * range commands are in ZRangeCommands, ZUNION/ZINTER/ZDIFF in ZSetAlgebra, the blocking pops in
 * BlockingZPop. The value itself is a SortedSet.
 *
 * Replies follow Redis 7.0 in both protocols: scores are doubles (RESP3 ',' type, RESP2 bulk
 * strings in %.17g form, so 1.1 reads "1.1000000000000001"), and a list of member/score pairs is
 * flat in RESP2 but an array of [member, score] pairs in RESP3 (see replyPairs).
 *
 * Every change is announced as a keyspace event of class 'z' ("zadd", "zincr", "zrem", ...), and
 * a set that becomes empty is deleted, announced as a generic "del": Redis never keeps an empty
 * sorted set.
 */
package dev.rediscover.types.zset;

import dev.rediscover.propagation.Propagation;
import dev.rediscover.command.Args;
import dev.rediscover.command.CommandTable;
import dev.rediscover.command.Errors;
import dev.rediscover.command.KeySpec;
import dev.rediscover.command.RedisException;
import dev.rediscover.keyspace.KeyCommands;
import dev.rediscover.keyspace.ScanArgs;
import dev.rediscover.keyspace.NotifyFlags;
import dev.rediscover.keyspace.RedisObject;
import dev.rediscover.lab.Lab;
import dev.rediscover.lab.LabNotDone;
import dev.rediscover.server.Client;
import dev.rediscover.server.Server;

import java.util.ArrayList;
import java.util.List;

public final class SortedSetCommands {
    private SortedSetCommands() {}

    static final String POSITIVE = "ERR value is out of range, must be positive";

    public static void register(Server server) {
        CommandTable t = server.commands;
        t.add("zadd", -4, SortedSetCommands::zadd).flags("write denyoom fast").keys(1, 1, 1).group("sorted_set")
                .doc("Adds members with scores to a sorted set, or changes their scores; creates the key if needed.", "1.2.0", "O(log(N)) for each item added, where N is the number of elements in the sorted set.");
        t.add("zincrby", 4, SortedSetCommands::zincrby).flags("write denyoom fast").key(1, "RW access update").group("sorted_set")
                .doc("Adds a number to a member's score, starting from 0 for a new member.", "1.2.0", "O(log(N)) where N is the number of elements in the sorted set.");
        t.add("zrem", -3, SortedSetCommands::zrem).flags("write fast").key(1, "RW delete").group("sorted_set")
                .doc("Removes members from a sorted set, deleting the key when none are left.", "1.2.0", "O(M*log(N)) with N being the number of elements in the sorted set and M the number of elements to be removed.");
        t.add("zcard", 2, SortedSetCommands::zcard).flags("readonly fast").key(1, "RO").group("sorted_set")
                .doc("Answers how many members a sorted set has.", "1.2.0", "O(1)");
        t.add("zscore", 3, SortedSetCommands::zscore).flags("readonly fast").keys(1, 1, 1).group("sorted_set")
                .doc("Answers the score of one member.", "1.2.0", "O(1)");
        t.add("zmscore", -3, SortedSetCommands::zmscore).flags("readonly fast").keys(1, 1, 1).group("sorted_set")
                .doc("Answers the scores of several members, nil for the missing ones.", "6.2.0", "O(N) where N is the number of members being requested.");
        t.add("zrank", 3, SortedSetCommands::zrank).flags("readonly fast").keys(1, 1, 1).group("sorted_set")
                .doc("Answers a member's position counting from the lowest score.", "2.0.0", "O(log(N))");
        t.add("zrevrank", 3, SortedSetCommands::zrevrank).flags("readonly fast").keys(1, 1, 1).group("sorted_set")
                .doc("Answers a member's position counting from the highest score.", "2.0.0", "O(log(N))");
        t.add("zpopmin", -2, SortedSetCommands::zpopmin).flags("write fast").key(1, "RW access delete").group("sorted_set")
                .doc("Removes and answers the members with the lowest scores.", "5.0.0", "O(log(N)*M) with N being the number of elements in the sorted set, and M being the number of elements popped.");
        t.add("zpopmax", -2, SortedSetCommands::zpopmax).flags("write fast").key(1, "RW access delete").group("sorted_set")
                .doc("Removes and answers the members with the highest scores.", "5.0.0", "O(log(N)*M) with N being the number of elements in the sorted set, and M being the number of elements popped.");
        t.add("zmpop", -4, SortedSetCommands::zmpop).flags("write").keySpec(KeySpec.at(1).keynum(0, 1, 1).flags("RW access delete")).group("sorted_set")
                .doc("Pops the lowest or highest scoring members from the first non-empty sorted set of several keys.", "7.0.0", "O(K) + O(M*log(N)) where K is the number of provided keys, N being the number of elements in the sorted set, and M being the number of elements popped.");
        t.add("zrandmember", -2, SortedSetCommands::zrandmember).flags("readonly").keys(1, 1, 1).group("sorted_set")
                .tips("nondeterministic_output")
                .doc("Answers random members, distinct for a positive count, possibly repeated for a negative one.", "6.2.0", "O(N) where N is the number of members returned");
        t.add("zscan", -3, SortedSetCommands::zscan).flags("readonly").keys(1, 1, 1).group("sorted_set")
                .tips("nondeterministic_output")
                .doc("Walks a sorted set's members and scores a few at a time with a cursor.", "2.8.0", "O(1) for every call. O(N) for a complete iteration, including enough command calls for the cursor to return back to 0. N is the number of elements inside the collection.");
        ZRangeCommands.register(server);
        ZSetAlgebra.register(server);
        BlockingZPop.register(server);
    }

    // ------------------------------------------------------------------ shared helpers

    /** The sorted set in o, or WRONGTYPE. */
    static SortedSet cast(RedisObject o) {
        if (o.value instanceof SortedSet z) return z;
        throw Errors.wrongType();
    }

    /** The sorted set at key for reading, null when missing, WRONGTYPE for another type. */
    static SortedSet lookupRead(Client c, byte[] key) {
        RedisObject o = c.db.lookupRead(key);
        return o == null ? null : cast(o);
    }

    /** The sorted set at key for writing, null when missing, WRONGTYPE for another type. */
    static SortedSet lookupWrite(Client c, byte[] key) {
        RedisObject o = c.db.lookupWrite(key);
        return o == null ? null : cast(o);
    }

    static void notify(Client c, String event, byte[] key) {
        c.server.keyspace.notify(NotifyFlags.ZSET, event, key, c.db.id);
    }

    /** After a change: wake WATCH and friends, and drop the key if the set is now empty. */
    static void changed(Client c, byte[] key, SortedSet z) {
        if (z.size() == 0) {
            c.db.delete(key);
            c.server.keyspace.notify(NotifyFlags.GENERIC, "del", key, c.db.id);
        } else {
            c.server.keyspace.keyModified(c.db, key);
        }
    }

    /**
     * Member/score pairs: flat in RESP2 (m1 s1 m2 s2), an array of [member, score] pairs in RESP3
     * (Redis 7 nests them so clients keep the order; a map would lose it). Without scores, just
     * the members.
     */
    static void replyPairs(Client c, ScoredMembers r, boolean withScores) {
        int n = r.size();
        boolean nested = withScores && c.resp3();
        c.reply.arrayHeader(withScores && !nested ? 2L * n : n);
        for (int i = 0; i < n; i++) {
            if (nested) c.reply.arrayHeader(2);
            c.reply.bulk(r.member(i));
            if (withScores) c.reply.doubleReply(r.score(i));
        }
    }

    /** Member/score pairs as one flat array in both protocols (ZPOPMIN without a count). */
    static void replyFlat(Client c, ScoredMembers r) {
        c.reply.arrayHeader(2L * r.size());
        for (int i = 0; i < r.size(); i++) {
            c.reply.bulk(r.member(i));
            c.reply.doubleReply(r.score(i));
        }
    }

    // ------------------------------------------------------------------ ZADD ZINCRBY

    /** ZADD key [NX | XX] [GT | LT] [CH] [INCR] score member [score member ...] */
    static void zadd(Client c) {
        ZAddOptions opt = ZAddOptions.parse(c, 2);
        zaddGeneric(c, opt);
    }

    /** ZINCRBY key increment member: ZADD INCR with exactly one pair (Redis does the same). */
    static void zincrby(Client c) {
        ZAddOptions opt = new ZAddOptions();
        opt.flags = SortedSet.IN_INCR;
        opt.firstScore = 2;
        opt.parseScores(c);
        zaddGeneric(c, opt);
    }

    // tag::zadd-generic[]
    /**
     * The body of ZADD and ZINCRBY (Redis: zaddGenericCommand): scores were validated before the
     * key is looked at, so a bad float never leaves a half-done change. Replies with the number
     * of added members (plus changed ones with CH), or the new score for INCR (nil if NX/XX/GT/LT
     * stopped it).
     */
    @Lab(7)
    static void zaddGeneric(Client c, ZAddOptions opt) {
        throw new LabNotDone(7, "SortedSetCommands.zaddGeneric");
    }
    // end::zadd-generic[]

    // ------------------------------------------------------------------ ZREM ZCARD ZSCORE ZRANK

    // tag::zrem[]
    /** ZREM key member [member ...] */
    @Lab(7)
    static void zrem(Client c) {
        throw new LabNotDone(7, "SortedSetCommands.zrem");
    }
    // end::zrem[]

    /** ZCARD key */
    static void zcard(Client c) {
        SortedSet z = lookupRead(c, c.argv[1]);
        c.reply.integer(z == null ? 0 : z.size());
    }

    // tag::zscore[]
    /** ZSCORE key member: a double, or nil. */
    @Lab(7)
    static void zscore(Client c) {
        throw new LabNotDone(7, "SortedSetCommands.zscore");
    }
    // end::zscore[]

    /** ZMSCORE key member [member ...]: one double or nil per member. */
    static void zmscore(Client c) {
        SortedSet z = lookupRead(c, c.argv[1]);
        c.reply.arrayHeader(c.argc - 2);
        for (int i = 2; i < c.argc; i++) {
            double s = z == null ? Double.NaN : z.score(c.argv[i]);
            if (Double.isNaN(s)) c.reply.nullBulk();
            else c.reply.doubleReply(s);
        }
    }

    /** ZRANK key member */
    static void zrank(Client c) { rankGeneric(c, false); }

    /** ZREVRANK key member */
    static void zrevrank(Client c) { rankGeneric(c, true); }

    // tag::rank-generic[]
    @Lab(7)
    private static void rankGeneric(Client c, boolean reverse) {
        throw new LabNotDone(7, "SortedSetCommands.rankGeneric");
    }
    // end::rank-generic[]

    // ------------------------------------------------------------------ pops

    /** ZPOPMIN key [count] */
    static void zpopmin(Client c) { zpop(c, false); }

    /** ZPOPMAX key [count] */
    static void zpopmax(Client c) { zpop(c, true); }

    // tag::zpop[]
    /**
     * ZPOPMIN/ZPOPMAX (Redis: genericZpopCommand). Without a count: one flat [member, score]
     * (empty array when there is nothing). With a count: pairs, nested in RESP3.
     */
    @Lab(7)
    private static void zpop(Client c, boolean max) {
        throw new LabNotDone(7, "SortedSetCommands.zpop");
    }
    // end::zpop[]

    /** Pop up to count elements, announce it, delete the key if emptied. Shared with BZPOP*. */
    static ScoredMembers popAndNotify(Client c, byte[] key, SortedSet z, boolean max, long count) {
        ScoredMembers popped = new ScoredMembers((int) Math.min(count, z.size()));
        z.pop(max, count, popped);
        notify(c, max ? "zpopmax" : "zpopmin", key);
        changed(c, key, z);
        return popped;
    }

    /** ZMPOP numkeys key [key ...] MIN | MAX [COUNT count] */
    static final byte[] ZPOPMIN = Propagation.bytes("ZPOPMIN"), ZPOPMAX = Propagation.bytes("ZPOPMAX");

    static void zmpop(Client c) {
        MPopArgs a = MPopArgs.parse(c, 1);
        for (int i = 0; i < a.numKeys; i++) {
            byte[] key = c.argv[a.firstKey + i];
            SortedSet z = lookupWrite(c, key);
            if (z == null) continue;
            ScoredMembers popped = popAndNotify(c, key, z, a.max, a.count);
            Propagation.rewrite(c, a.max ? ZPOPMAX : ZPOPMIN, key, Propagation.bytes(popped.size()));
            replyMPop(c, key, popped);
            return;
        }
        c.reply.nullArray();
    }

    /** [key, [[member, score], ...]]: pairs as replyPairs shapes them. */
    static void replyMPop(Client c, byte[] key, ScoredMembers popped) {
        c.reply.arrayHeader(2);
        c.reply.bulk(key);
        int n = popped.size();
        c.reply.arrayHeader(n);
        for (int i = 0; i < n; i++) {
            c.reply.arrayHeader(2);
            c.reply.bulk(popped.member(i));
            c.reply.doubleReply(popped.score(i));
        }
    }

    /** The arguments of ZMPOP and BZMPOP after the numkeys position (Redis: zmpopGenericCommand). */
    static final class MPopArgs {
        int numKeys, firstKey;
        boolean max;
        long count = 1;

        static MPopArgs parse(Client c, int numKeysIndex) {
            MPopArgs a = new MPopArgs();
            long n = Args.parseLongOr(c.argv[numKeysIndex], 0, c.argv[numKeysIndex].length, 0);
            if (n < 1) throw new RedisException("ERR numkeys should be greater than 0");
            int where = numKeysIndex + 1;
            if (n >= c.argc - where) throw Errors.syntax();
            a.numKeys = (int) n;
            a.firstKey = where;
            where += a.numKeys;
            if (Args.equalsAscii(c.argv[where], "min")) a.max = false;
            else if (Args.equalsAscii(c.argv[where], "max")) a.max = true;
            else throw Errors.syntax();
            boolean counted = false;
            for (int j = where + 1; j < c.argc; j++) {
                if (!counted && Args.equalsAscii(c.argv[j], "count") && j + 1 < c.argc) {
                    a.count = Args.parseLongOr(c.argv[++j], 0, c.argv[j].length, 0);
                    if (a.count < 1) throw new RedisException("ERR count should be greater than 0");
                    counted = true;
                } else {
                    throw Errors.syntax();
                }
            }
            return a;
        }
    }

    // ------------------------------------------------------------------ ZRANDMEMBER

    /** ZRANDMEMBER key [count [WITHSCORES]] */
    static void zrandmember(Client c) {
        if (c.argc == 2) {
            SortedSet z = lookupRead(c, c.argv[1]);
            if (z == null) c.reply.nullBulk();
            else z.randomElement(c.server.keyspace.random(), (m, s) -> c.reply.bulk(m));
            return;
        }
        long count = Args.parseLongOr(c.argv[2], 0, c.argv[2].length, Long.MIN_VALUE);
        if (count == Long.MIN_VALUE) {
            if (!Args.isLong(c.argv[2])) throw Errors.notInteger();
            throw new RedisException("ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807");
        }
        boolean withScores = false;
        if (c.argc > 4 || (c.argc == 4 && !Args.equalsAscii(c.argv[3], "withscores"))) throw Errors.syntax();
        if (c.argc == 4) {
            withScores = true;
            if (count < -Long.MAX_VALUE / 2 || count > Long.MAX_VALUE / 2) throw new RedisException("ERR value is out of range");
        }
        SortedSet z = lookupRead(c, c.argv[1]);
        if (z == null || count == 0) {
            c.reply.arrayHeader(0);
            return;
        }
        if (count < 0 || count == 1) {
            replyRandomWithRepeats(c, z, count < 0 ? -count : 1, withScores);
            return;
        }
        replyPairs(c, RandomMembers.pick(z, count, c.server.keyspace.random()), withScores);
    }

    /** Independent picks, written as they are drawn: a count of -10^8 needs no 10^8-entry list. */
    private static void replyRandomWithRepeats(Client c, SortedSet z, long count, boolean withScores) {
        boolean nested = withScores && c.resp3();
        c.reply.arrayHeader(withScores && !nested ? 2 * count : count);
        SortedSet.Visitor write = (m, s) -> {
            if (nested) c.reply.arrayHeader(2);
            c.reply.bulk(m);
            if (withScores) c.reply.doubleReply(s);
        };
        for (long i = 0; i < count; i++) z.randomElement(c.server.keyspace.random(), write);
    }

    // ------------------------------------------------------------------ ZSCAN

    /** ZSCAN key cursor [MATCH pattern] [COUNT count] */
    static void zscan(Client c) {
        long cursor = KeyCommands.parseCursor(c.argv[2]);
        SortedSet z = lookupRead(c, c.argv[1]);
        if (z == null) {                       // Redis answers before looking at the options
            ScanArgs.reply(c, 0, List.of());
            return;
        }
        ScanArgs opt = ScanArgs.parse(c, 3, false);
        ScoredMembers found = new ScoredMembers();
        long maxIterations = opt.maxIterations();
        do {
            cursor = z.scan(cursor, found::add);
        } while (cursor != 0 && maxIterations-- > 0 && found.size() < opt.count);
        List<Integer> kept = new ArrayList<>(found.size());
        for (int i = 0; i < found.size(); i++) {
            if (opt.matches(found.member(i))) kept.add(i);
        }
        ScanArgs.replyHeader(c, cursor, 2L * kept.size());
        for (int i : kept) {
            c.reply.bulk(found.member(i));
            // ZSCAN sends scores as plain strings even in RESP3, as Redis does.
            c.reply.bulk(Args.bytes(dev.rediscover.resp.NumberFormat.formatDouble(found.score(i))));
        }
    }
}
