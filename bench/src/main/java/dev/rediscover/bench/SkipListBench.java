/*
 * JMH: the sorted set's big encoding (our SkipList with spans + Dict, as SortedSet uses it)
 * against the obvious Java alternative, a TreeSet<ScoreMember> for the order plus a
 * HashMap<ByteKey, Double> for member -> score, on the three shapes of work that matter:
 *
 *   zadd    ZADD of an existing member with a new score (lookup, unlink, relink)
 *   zrank   ZRANK of a random member
 *   zrange  ZRANGE of 10 elements from a random rank
 *
 * at 1k, 100k and 1M members. A red-black tree orders just as well, but it does not know ranks:
 * ZRANK and ZRANGE-by-rank must count their way along (headSet(...).size() and skipping an
 * iterator are O(n)), which is exactly what the skip list's spans avoid. That is the reason
 * Redis (t_zset.c) and this engine use a skip list.
 *
 *   java -jar bench/target/benchmarks.jar SkipListBench -f 1 -wi 2 -w 1s -i 3 -r 1s
 *   (add -p size=1000,100000 to leave out the slow 1M setup on a small machine)
 */
package dev.rediscover.bench;

import dev.rediscover.types.zset.ScoredMembers;
import dev.rediscover.types.zset.SortedSet;
import dev.rediscover.types.zset.ZSetLimits;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SkipListBench {
    /** The alternative's ordered element. */
    record ScoreMember(double score, byte[] member) implements Comparable<ScoreMember> {
        @Override
        public int compareTo(ScoreMember o) {
            int c = Double.compare(score, o.score);
            return c != 0 ? c : Arrays.compareUnsigned(member, o.member);
        }
    }

    /** A HashMap key for byte[] (the wrapper our Dict does without). */
    record ByteKey(byte[] b) {
        @Override
        public boolean equals(Object o) { return o instanceof ByteKey k && Arrays.equals(b, k.b); }

        @Override
        public int hashCode() { return Arrays.hashCode(b); }
    }

    @Param({"1000", "100000", "1000000"})
    int size;

    byte[][] members;
    SortedSet zset;
    TreeSet<ScoreMember> tree;
    HashMap<ByteKey, Double> scores;
    SplittableRandom rnd;
    static final ZSetLimits BIG = new ZSetLimits(0, 0);   // always the skip list encoding

    @Setup(Level.Trial)
    public void setUp() {
        rnd = new SplittableRandom(42);
        members = new byte[size][];
        zset = SortedSet.newSkipList();
        tree = new TreeSet<>();
        scores = new HashMap<>(size * 2);
        for (int i = 0; i < size; i++) {
            members[i] = ("member:" + i).getBytes(StandardCharsets.UTF_8);
            double s = rnd.nextInt(1_000_000);
            zset.add(members[i], s, 0, null, BIG);
            tree.add(new ScoreMember(s, members[i]));
            scores.put(new ByteKey(members[i]), s);
        }
    }

    // ------------------------------------------------------------------ ZADD (update a score)

    @Benchmark
    public int zaddSkipList() {
        byte[] m = members[rnd.nextInt(size)];
        return zset.add(m, rnd.nextInt(1_000_000), 0, null, BIG);
    }

    @Benchmark
    public boolean zaddTreeMap() {
        byte[] m = members[rnd.nextInt(size)];
        double s = rnd.nextInt(1_000_000);
        ByteKey k = new ByteKey(m);
        Double old = scores.put(k, s);
        if (old != null) tree.remove(new ScoreMember(old, m));
        return tree.add(new ScoreMember(s, m));
    }

    // ------------------------------------------------------------------ ZRANK

    @Benchmark
    public long zrankSkipList() {
        return zset.rank(members[rnd.nextInt(size)], false);
    }

    @Benchmark
    public long zrankTreeMap() {
        byte[] m = members[rnd.nextInt(size)];
        Double s = scores.get(new ByteKey(m));
        return tree.headSet(new ScoreMember(s, m)).size();     // walks: a TreeSet has no ranks
    }

    // ------------------------------------------------------------------ ZRANGE start start+9

    @Benchmark
    public int zrangeSkipList() {
        long start = rnd.nextInt(size - 10);
        ScoredMembers out = new ScoredMembers(10);
        zset.rangeByRank(start, start + 9, false, out);
        return out.size();
    }

    @Benchmark
    public int zrangeTreeMap() {
        int start = rnd.nextInt(size - 10);
        ScoredMembers out = new ScoredMembers(10);
        Iterator<ScoreMember> it = tree.iterator();
        for (int i = 0; i < start; i++) it.next();             // no rank index: skip one by one
        for (int i = 0; i < 10; i++) {
            ScoreMember x = it.next();
            out.add(x.member(), x.score());
        }
        return out.size();
    }
}
