/*
 * The range commands of sorted sets (Redis: zrangeGenericCommand and its helpers in t_zset.c).
 *
 * Redis 6.2 folded the whole family into one parser: ZRANGE key min max [BYSCORE | BYLEX] [REV]
 * [LIMIT offset count] [WITHSCORES]. The older commands are that parser with some options fixed
 * in advance, which is how they are written here too:
 *
 *   ZRANGE            rank, forward, options free       ZREVRANGE            rank, reverse
 *   ZRANGEBYSCORE     score, forward                    ZREVRANGEBYSCORE     score, reverse
 *   ZRANGEBYLEX       lex, forward                      ZREVRANGEBYLEX       lex, reverse
 *   ZRANGESTORE dst   like ZRANGE, but stores the result instead of replying with it
 *
 * With REV the score and lex bounds are given high first ("ZRANGE z +inf -inf BYSCORE REV").
 * Also here: ZCOUNT, ZLEXCOUNT and ZREMRANGEBYRANK/SCORE/LEX, which share the range parsing.
 */
package dev.rediscover.types.zset;

import dev.rediscover.command.Args;
import dev.rediscover.command.CommandTable;
import dev.rediscover.command.Errors;
import dev.rediscover.command.RedisException;
import dev.rediscover.keyspace.NotifyFlags;
import dev.rediscover.lab.Lab;
import dev.rediscover.lab.LabNotDone;
import dev.rediscover.server.Client;
import dev.rediscover.server.Server;

final class ZRangeCommands {
    private ZRangeCommands() {}

    enum By { AUTO, RANK, SCORE, LEX }

    enum Direction { AUTO, FORWARD, REVERSE }

    static void register(Server server) {
        CommandTable t = server.commands;
        String rangeCost = "O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements returned.";
        t.add("zrange", -4, ZRangeCommands::zrange).flags("readonly").keys(1, 1, 1).group("sorted_set")
                .doc("Answers the members in a range of ranks, scores or members, optionally reversed and paged.", "1.2.0", rangeCost);
        t.add("zrangestore", -5, ZRangeCommands::zrangestore).flags("write denyoom").key(1, "OW update").key(2, "RO access").group("sorted_set")
                .doc("Stores a range of a sorted set (as ZRANGE selects it) in another key.", "6.2.0", rangeCost);
        t.add("zrevrange", -4, ZRangeCommands::zrevrange).flags("readonly").keys(1, 1, 1).group("sorted_set")
                .doc("Answers the members in a range of ranks, counted from the highest score.", "1.2.0", rangeCost);
        t.add("zrangebyscore", -4, ZRangeCommands::zrangebyscore).flags("readonly").keys(1, 1, 1).group("sorted_set")
                .doc("Answers the members whose scores fall in a range, lowest first.", "1.0.5", rangeCost);
        t.add("zrevrangebyscore", -4, ZRangeCommands::zrevrangebyscore).flags("readonly").keys(1, 1, 1).group("sorted_set")
                .doc("Answers the members whose scores fall in a range, highest first.", "2.2.0", rangeCost);
        t.add("zrangebylex", -4, ZRangeCommands::zrangebylex).flags("readonly").keys(1, 1, 1).group("sorted_set")
                .doc("Answers the members in a range of member names, for a set whose scores are all equal.", "2.8.9", rangeCost);
        t.add("zrevrangebylex", -4, ZRangeCommands::zrevrangebylex).flags("readonly").keys(1, 1, 1).group("sorted_set")
                .doc("Answers the members in a range of member names, in reverse order.", "2.8.9", rangeCost);
        t.add("zcount", 4, ZRangeCommands::zcount).flags("readonly fast").keys(1, 1, 1).group("sorted_set")
                .doc("Counts the members whose scores fall in a range.", "2.0.0", "O(log(N)) with N being the number of elements in the sorted set.");
        t.add("zlexcount", 4, ZRangeCommands::zlexcount).flags("readonly fast").keys(1, 1, 1).group("sorted_set")
                .doc("Counts the members in a range of member names.", "2.8.9", "O(log(N)) with N being the number of elements in the sorted set.");
        String remCost = "O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements removed by the operation.";
        t.add("zremrangebyrank", 4, ZRangeCommands::zremrangebyrank).flags("write").key(1, "RW delete").group("sorted_set")
                .doc("Removes the members in a range of ranks.", "2.0.0", remCost);
        t.add("zremrangebyscore", 4, ZRangeCommands::zremrangebyscore).flags("write").key(1, "RW delete").group("sorted_set")
                .doc("Removes the members whose scores fall in a range.", "1.2.0", remCost);
        t.add("zremrangebylex", 4, ZRangeCommands::zremrangebylex).flags("write").key(1, "RW delete").group("sorted_set")
                .doc("Removes the members in a range of member names.", "2.8.9", remCost);
    }

    // ------------------------------------------------------------------ the ZRANGE family

    /** ZRANGE key start stop [BYSCORE | BYLEX] [REV] [LIMIT offset count] [WITHSCORES] */
    static void zrange(Client c) { rangeGeneric(c, 1, false, By.AUTO, Direction.AUTO); }

    /** ZRANGESTORE dst src min max [BYSCORE | BYLEX] [REV] [LIMIT offset count] */
    static void zrangestore(Client c) { rangeGeneric(c, 2, true, By.AUTO, Direction.AUTO); }

    static void zrevrange(Client c) { rangeGeneric(c, 1, false, By.RANK, Direction.REVERSE); }

    static void zrangebyscore(Client c) { rangeGeneric(c, 1, false, By.SCORE, Direction.FORWARD); }

    static void zrevrangebyscore(Client c) { rangeGeneric(c, 1, false, By.SCORE, Direction.REVERSE); }

    static void zrangebylex(Client c) { rangeGeneric(c, 1, false, By.LEX, Direction.FORWARD); }

    static void zrevrangebylex(Client c) { rangeGeneric(c, 1, false, By.LEX, Direction.REVERSE); }

    /** What the options after "key min max" asked for. */
    private static final class Options {
        By by;
        Direction direction;
        boolean withScores;
        long offset = 0, limit = -1;
    }

    // tag::range-generic[]
    /**
     * Parse, look up, select, reply or store (Redis: zrangeGenericCommand). `keyIndex` is where
     * the source key is (2 for ZRANGESTORE, whose argv[1] is the destination).
     */
    @Lab(7)
    static void rangeGeneric(Client c, int keyIndex, boolean store, By by, Direction direction) {
        throw new LabNotDone(7, "ZRangeCommands.rangeGeneric");
    }
    // end::range-generic[]

    /** Negative ranks count from the end; the range is clamped to the set (Redis: genericZrangebyrankCommand). */
    static void rangeByRank(SortedSet z, long start, long end, boolean reverse, ScoredMembers out) {
        long[] r = clampRanks(start, end, z.size());
        if (r != null) z.rangeByRank(r[0], r[1], reverse, out);
    }

    /** [start, end] within 0..size-1, or null when the range is empty. */
    static long[] clampRanks(long start, long end, long size) {
        if (start < 0) start = size + start;
        if (end < 0) end = size + end;
        if (start < 0) start = 0;
        if (start > end || start >= size) return null;
        if (end >= size) end = size - 1;
        return new long[]{start, end};
    }

    /**
     * The options, in Redis's order of checks: unknown words are syntax errors, then LIMIT without
     * BYSCORE/BYLEX, then WITHSCORES with BYLEX. ZRANGESTORE has no WITHSCORES; the old commands
     * take neither REV nor BY* because theirs are fixed.
     */
    private static Options parseOptions(Client c, int from, boolean store, By by, Direction direction) {
        Options o = new Options();
        o.by = by;
        o.direction = direction;
        for (int j = from; j < c.argc; j++) {
            byte[] a = c.argv[j];
            int left = c.argc - j - 1;
            if (!store && Args.equalsAscii(a, "withscores")) {
                o.withScores = true;
            } else if (Args.equalsAscii(a, "limit") && left >= 2) {
                o.offset = Args.parseLong(c.argv[j + 1]);
                o.limit = Args.parseLong(c.argv[j + 2]);
                j += 2;
            } else if (o.direction == Direction.AUTO && Args.equalsAscii(a, "rev")) {
                o.direction = Direction.REVERSE;
            } else if (o.by == By.AUTO && Args.equalsAscii(a, "bylex")) {
                o.by = By.LEX;
            } else if (o.by == By.AUTO && Args.equalsAscii(a, "byscore")) {
                o.by = By.SCORE;
            } else {
                throw Errors.syntax();
            }
        }
        if (o.direction == Direction.AUTO) o.direction = Direction.FORWARD;
        if (o.by == By.AUTO) o.by = By.RANK;
        if (o.limit != -1 && o.by == By.RANK) {
            throw new RedisException("ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX");
        }
        if (o.withScores && o.by == By.LEX) {
            throw new RedisException("ERR syntax error, WITHSCORES not supported in combination with BYLEX");
        }
        return o;
    }

    /**
     * ZRANGESTORE's ending (Redis: zrangeResultFinalizeStore): a non-empty result replaces the
     * destination (dropping its TTL); an empty one deletes it. Like Redis 7.0, the new set starts
     * compact and converts while it is filled if the results do not fit.
     */
    private static void storeResult(Client c, byte[] dst, ScoredMembers result) {
        int n = result.size();
        if (n == 0) {
            c.reply.integer(0);
            if (c.db.delete(dst)) c.server.keyspace.notify(NotifyFlags.GENERIC, "del", dst, c.db.id);
            return;
        }
        ZSetLimits limits = ZSetLimits.of(c.server);
        SortedSet z = SortedSet.newListpack(Math.min(n, 128));
        for (int i = 0; i < n; i++) z.insert(result.member(i), result.score(i), limits);
        c.db.setCollection(dst, z);
        c.reply.integer(n);
        SortedSetCommands.notify(c, "zrangestore", dst);
    }

    // ------------------------------------------------------------------ counting

    /** ZCOUNT key min max */
    static void zcount(Client c) {
        ScoreRange range = ScoreRange.parse(c.argv[2], c.argv[3]);
        SortedSet z = SortedSetCommands.lookupRead(c, c.argv[1]);
        c.reply.integer(z == null ? 0 : z.count(range));
    }

    /** ZLEXCOUNT key min max */
    static void zlexcount(Client c) {
        LexRange range = LexRange.parse(c.argv[2], c.argv[3]);
        SortedSet z = SortedSetCommands.lookupRead(c, c.argv[1]);
        c.reply.integer(z == null ? 0 : z.lexCount(range));
    }

    // ------------------------------------------------------------------ removing ranges

    /** ZREMRANGEBYRANK key start stop */
    static void zremrangebyrank(Client c) {
        long start = Args.parseLong(c.argv[2]), end = Args.parseLong(c.argv[3]);
        SortedSet z = SortedSetCommands.lookupWrite(c, c.argv[1]);
        if (z == null) {
            c.reply.integer(0);
            return;
        }
        long[] r = clampRanks(start, end, z.size());
        removed(c, "zremrangebyrank", z, r == null ? 0 : z.removeRangeByRank(r[0], r[1]));
    }

    /** ZREMRANGEBYSCORE key min max */
    static void zremrangebyscore(Client c) {
        ScoreRange range = ScoreRange.parse(c.argv[2], c.argv[3]);
        SortedSet z = SortedSetCommands.lookupWrite(c, c.argv[1]);
        if (z == null) {
            c.reply.integer(0);
            return;
        }
        removed(c, "zremrangebyscore", z, z.removeRangeByScore(range));
    }

    /** ZREMRANGEBYLEX key min max */
    static void zremrangebylex(Client c) {
        LexRange range = LexRange.parse(c.argv[2], c.argv[3]);
        SortedSet z = SortedSetCommands.lookupWrite(c, c.argv[1]);
        if (z == null) {
            c.reply.integer(0);
            return;
        }
        removed(c, "zremrangebylex", z, z.removeRangeByLex(range));
    }

    private static void removed(Client c, String event, SortedSet z, long n) {
        c.reply.integer(n);
        if (n == 0) return;
        SortedSetCommands.notify(c, event, c.argv[1]);
        SortedSetCommands.changed(c, c.argv[1], z);
    }
}
