/*
 * Union, intersection and difference of sorted sets: ZUNION, ZINTER, ZDIFF, their STORE forms,
 * and ZINTERCARD (Redis: zunionInterDiffGenericCommand in t_zset.c).
 *
 *   ZUNIONSTORE dst numkeys key [key ...] [WEIGHTS w ...] [AGGREGATE SUM | MIN | MAX]
 *   ZINTER numkeys key [key ...] [WEIGHTS w ...] [AGGREGATE ...] [WITHSCORES]
 *   ZDIFF numkeys key [key ...] [WITHSCORES]
 *   ZINTERCARD numkeys key [key ...] [LIMIT limit]
 *
 * Each input's scores are multiplied by its weight (default 1), and a member present in several
 * inputs gets the SUM (default), MIN or MAX of its weighted scores. Plain sets (types.set's
 * SetValue, read directly) are accepted as inputs too, every member scoring 1, as in Redis. A weighted score that is NaN (0 * inf) counts as 0, and so
 * does a sum of +inf and -inf, as in Redis.
 *
 * As Redis does, union and intersection visit the inputs from the smallest to the largest
 * (a stable sort by size): it makes the intersection cheap, and since it fixes the order in which
 * scores are added it also decides the result where +inf and -inf meet. The result is built in
 * a skip list, and a stored result goes compact if it turns out small.
 */
package dev.rediscover.types.zset;

import dev.rediscover.command.Args;
import dev.rediscover.command.CommandTable;
import dev.rediscover.command.Errors;
import dev.rediscover.command.KeySpec;
import dev.rediscover.command.RedisException;
import dev.rediscover.keyspace.Dict;
import dev.rediscover.keyspace.NotifyFlags;
import dev.rediscover.keyspace.RedisObject;
import dev.rediscover.server.Client;
import dev.rediscover.server.Server;
import dev.rediscover.types.set.SetValue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

public final class ZSetAlgebra {
    private ZSetAlgebra() {}

    enum Op { UNION, INTER, DIFF }

    static final int SUM = 0, MIN = 1, MAX = 2;

    static void register(Server server) {
        CommandTable t = server.commands;
        String cost = "O(N)+O(M*log(M)) with N being the sum of the sizes of the input sorted sets, and M being the number of elements in the resulting sorted set.";
        t.add("zunion", -3, ZSetAlgebra::zunion).flags("readonly").keySpec(KeySpec.at(1).keynum(0, 1, 1).flags("RO access")).group("sorted_set")
                .doc("Answers the union of sorted sets, with scores combined by weight and aggregate.", "6.2.0", cost);
        t.add("zunionstore", -4, ZSetAlgebra::zunionstore).flags("write denyoom").key(1, "OW update").keySpec(KeySpec.at(2).keynum(0, 1, 1).flags("RO access")).group("sorted_set")
                .doc("Stores the union of sorted sets in a key.", "2.0.0", cost);
        String interCost = "O(N*K)+O(M*log(M)) worst case with N being the smallest input sorted set, K being the number of input sorted sets and M being the number of elements in the resulting sorted set.";
        t.add("zinter", -3, ZSetAlgebra::zinter).flags("readonly").keySpec(KeySpec.at(1).keynum(0, 1, 1).flags("RO access")).group("sorted_set")
                .doc("Answers the members present in every input sorted set.", "6.2.0", interCost);
        t.add("zinterstore", -4, ZSetAlgebra::zinterstore).flags("write denyoom").key(1, "OW update").keySpec(KeySpec.at(2).keynum(0, 1, 1).flags("RO access")).group("sorted_set")
                .doc("Stores the intersection of sorted sets in a key.", "2.0.0", interCost);
        t.add("zintercard", -3, ZSetAlgebra::zintercard).flags("readonly").keySpec(KeySpec.at(1).keynum(0, 1, 1).flags("RO access")).group("sorted_set")
                .doc("Counts the members of the intersection of sorted sets, optionally stopping at a limit.", "7.0.0", "O(N*K) worst case with N being the smallest input sorted set, K being the number of input sorted sets.");
        String diffCost = "O(L + (N-K)log(N)) worst case where L is the total number of elements in all the sets, N is the size of the first set, and K is the size of the result set.";
        t.add("zdiff", -3, ZSetAlgebra::zdiff).flags("readonly").keySpec(KeySpec.at(1).keynum(0, 1, 1).flags("RO access")).group("sorted_set")
                .doc("Answers the members of the first sorted set that are in none of the others.", "6.2.0", diffCost);
        t.add("zdiffstore", -4, ZSetAlgebra::zdiffstore).flags("write denyoom").key(1, "OW update").keySpec(KeySpec.at(2).keynum(0, 1, 1).flags("RO access")).group("sorted_set")
                .doc("Stores the difference of sorted sets in a key.", "6.2.0", diffCost);
    }

    static void zunion(Client c) { generic(c, null, 1, Op.UNION, false); }

    static void zunionstore(Client c) { generic(c, c.argv[1], 2, Op.UNION, false); }

    static void zinter(Client c) { generic(c, null, 1, Op.INTER, false); }

    static void zinterstore(Client c) { generic(c, c.argv[1], 2, Op.INTER, false); }

    static void zintercard(Client c) { generic(c, null, 1, Op.INTER, true); }

    static void zdiff(Client c) { generic(c, null, 1, Op.DIFF, false); }

    static void zdiffstore(Client c) { generic(c, c.argv[1], 2, Op.DIFF, false); }

    // ------------------------------------------------------------------ inputs

    /** One input: a sorted set, a plain set, or nothing (a missing key), with its weight. */
    static final class Input {
        final SortedSet zset;
        final SetValue set;
        double weight = 1;

        Input(SortedSet zset, SetValue set) {
            this.zset = zset;
            this.set = set;
        }

        int size() { return zset != null ? zset.size() : set != null ? set.size() : 0; }

        /** The member's score in this input (unweighted), or NaN when absent. */
        double score(byte[] member) {
            if (zset != null) return zset.score(member);
            if (set != null) return set.contains(member) ? 1 : Double.NaN;
            return Double.NaN;
        }

        void forEach(SortedSet.Visitor v) {
            if (zset != null) zset.forEach(v);
            else if (set != null) set.forEach(m -> v.visit(m, 1));
        }
    }

    private static Input input(RedisObject o) {
        if (o == null) return new Input(null, null);
        if (o.value instanceof SortedSet z) return new Input(z, null);
        if (o.value instanceof SetValue s) return new Input(null, s);   // every member scores 1
        throw Errors.wrongType();
    }

    // ------------------------------------------------------------------ the command

    /**
     * Parse, compute, then reply or store. Type errors come before option errors, as in Redis,
     * because the keys are looked up before the options are read.
     */
    static void generic(Client c, byte[] dst, int numKeysIndex, Op op, boolean cardinalityOnly) {
        long setnum = Args.parseLong(c.argv[numKeysIndex]);
        if (setnum < 1) {
            throw new RedisException("ERR at least 1 input key is needed for '" + c.cmd.name() + "' command");
        }
        if (setnum > c.argc - (numKeysIndex + 1)) throw Errors.syntax();
        int n = (int) setnum;
        List<Input> inputs = new ArrayList<>(n);
        for (int i = 0; i < n; i++) inputs.add(input(c.db.lookupRead(c.argv[numKeysIndex + 1 + i])));

        int aggregate = SUM;
        boolean withScores = false;
        long limit = 0;
        int j = numKeysIndex + 1 + n;
        while (j < c.argc) {
            int remaining = c.argc - j;
            byte[] a = c.argv[j];
            if (op != Op.DIFF && !cardinalityOnly && remaining >= n + 1 && Args.equalsAscii(a, "weights")) {
                j++;
                for (int i = 0; i < n; i++, j++) {
                    double w = Strtod.score(c.argv[j]);
                    if (Double.isNaN(w)) throw new RedisException("ERR weight value is not a float");
                    inputs.get(i).weight = w;
                }
            } else if (op != Op.DIFF && !cardinalityOnly && remaining >= 2 && Args.equalsAscii(a, "aggregate")) {
                byte[] how = c.argv[j + 1];
                if (Args.equalsAscii(how, "sum")) aggregate = SUM;
                else if (Args.equalsAscii(how, "min")) aggregate = MIN;
                else if (Args.equalsAscii(how, "max")) aggregate = MAX;
                else throw Errors.syntax();
                j += 2;
            } else if (dst == null && !cardinalityOnly && Args.equalsAscii(a, "withscores")) {
                withScores = true;
                j++;
            } else if (cardinalityOnly && remaining >= 2 && Args.equalsAscii(a, "limit")) {
                limit = Args.parseLongOr(c.argv[j + 1], 0, c.argv[j + 1].length, -1);
                if (limit < 0) throw new RedisException("ERR LIMIT can't be negative");
                j += 2;
            } else {
                throw Errors.syntax();
            }
        }

        if (cardinalityOnly) {
            c.reply.integer(interCard(sortedBySize(inputs), limit));
            return;
        }
        SortedSet result = switch (op) {
            case UNION -> union(sortedBySize(inputs), aggregate);
            case INTER -> inter(sortedBySize(inputs), aggregate);
            case DIFF -> diff(inputs);
        };
        if (dst != null) store(c, dst, result, op);
        else reply(c, result, withScores);
    }

    /** Smallest input first; a stable sort keeps equal sizes in the order given. */
    private static List<Input> sortedBySize(List<Input> inputs) {
        List<Input> sorted = new ArrayList<>(inputs);
        sorted.sort(Comparator.comparingInt(Input::size));
        return sorted;
    }

    // ------------------------------------------------------------------ the three operations

    /** Combine a weighted score into an accumulated one (Redis: zunionInterAggregate). */
    static double aggregate(double target, double value, int how) {
        return switch (how) {
            case MIN -> value < target ? value : target;
            case MAX -> value > target ? value : target;
            default -> {
                double sum = target + value;
                yield Double.isNaN(sum) ? 0 : sum;     // inf + -inf: Redis's convention is 0
            }
        };
    }

    private static double weighted(Input in, double score) {
        double s = in.weight * score;
        return Double.isNaN(s) ? 0 : s;
    }

    /** Every member of any input, its weighted scores aggregated in input order. */
    static SortedSet union(List<Input> inputs, int how) {
        Dict<double[]> acc = new Dict<>();
        for (Input in : inputs) {
            in.forEach((m, s) -> {
                double score = weighted(in, s);
                double[] cur = acc.get(m);
                if (cur == null) acc.insertNew(m, new double[]{score});
                else cur[0] = aggregate(cur[0], score, how);
            });
        }
        SortedSet result = SortedSet.newSkipList();
        acc.forEach(e -> result.insert(e.key(), e.value()[0], ZSetLimits.DEFAULTS));
        return result;
    }

    /** The members of the smallest input found in all the others. */
    static SortedSet inter(List<Input> inputs, int how) {
        SortedSet result = SortedSet.newSkipList();
        Input first = inputs.get(0);
        if (first.size() == 0) return result;
        first.forEach((m, s) -> {
            double score = weighted(first, s);
            for (int k = 1; k < inputs.size(); k++) {
                Input other = inputs.get(k);
                double v = other.score(m);
                if (Double.isNaN(v)) return;
                score = aggregate(score, other.weight * v, how);
            }
            result.insert(m, score, ZSetLimits.DEFAULTS);
        });
        return result;
    }

    /** How many members the intersection has, stopping at limit (0: no limit). */
    static long interCard(List<Input> inputs, long limit) {
        Input first = inputs.get(0);
        if (first.size() == 0) return 0;
        long[] count = {0};
        first.forEach((m, s) -> {
            if (limit != 0 && count[0] >= limit) return;
            for (int k = 1; k < inputs.size(); k++) {
                if (Double.isNaN(inputs.get(k).score(m))) return;
            }
            count[0]++;
        });
        return count[0];
    }

    /** The members of the first input that no other input has, with their scores. */
    static SortedSet diff(List<Input> inputs) {
        SortedSet result = SortedSet.newSkipList();
        Input first = inputs.get(0);
        first.forEach((m, s) -> {
            for (int k = 1; k < inputs.size(); k++) {
                if (!Double.isNaN(inputs.get(k).score(m))) return;
            }
            result.insert(m, s, ZSetLimits.DEFAULTS);
        });
        return result;
    }

    // ------------------------------------------------------------------ results

    private static void reply(Client c, SortedSet result, boolean withScores) {
        ScoredMembers all = new ScoredMembers(Math.max(1, result.size()));
        result.forEach(all::add);
        SortedSetCommands.replyPairs(c, all, withScores);
    }

    /** Replace dst with a non-empty result (compact if small enough), or delete it. */
    private static void store(Client c, byte[] dst, SortedSet result, Op op) {
        if (result.size() == 0) {
            c.reply.integer(0);
            if (c.db.delete(dst)) c.server.keyspace.notify(NotifyFlags.GENERIC, "del", dst, c.db.id);
            return;
        }
        result.convertToListpackIfFits(ZSetLimits.of(c.server));
        c.db.setCollection(dst, result);
        c.reply.integer(result.size());
        String event = switch (op) {
            case UNION -> "zunionstore";
            case INTER -> "zinterstore";
            case DIFF -> "zdiffstore";
        };
        SortedSetCommands.notify(c, event, dst);
    }
}
