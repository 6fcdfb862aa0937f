/*
 * The skip list against a model: a TreeSet of (score, member) pairs in the same order, plus a map
 * from member to score. Random sequences of inserts, deletes, score updates and range deletes
 * (jqwik picks the seed and sizes) must leave both with the same elements, and every query —
 * rank, element by rank, first/last in a score or lex range — must agree. After every step
 * SkipList.verify() checks order, back links, the tail, the length and that every span equals
 * the number of level-0 steps it jumps.
 */
package dev.rediscover.types.zset;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

class SkipListTest {
    /** One element of the model. */
    record Pair(double score, byte[] member) {}

    static final java.util.Comparator<Pair> ORDER =
            (a, b) -> SkipList.compare(a.score, a.member, b.score, b.member);

    /** The model: ordered pairs plus member -> score. */
    static final class Model {
        final TreeSet<Pair> ordered = new TreeSet<>(ORDER);
        final Map<String, Double> scores = new HashMap<>();

        List<Pair> list() { return new ArrayList<>(ordered); }
    }

    @Property(tries = 200)
    void randomOperationsMatchTheModel(@ForAll long seed, @ForAll @IntRange(min = 1, max = 400) int steps,
                                       @ForAll @IntRange(min = 1, max = 60) int memberSpace) {
        Random rnd = new Random(seed);
        SkipList list = new SkipList();
        Model model = new Model();
        for (int step = 0; step < steps; step++) {
            byte[] member = member(rnd, memberSpace);
            String key = key(member);
            Double current = model.scores.get(key);
            int op = rnd.nextInt(10);
            if (op < 5) {
                double score = score(rnd);
                if (current == null) {
                    list.insert(score, member);
                    model.ordered.add(new Pair(score, member));
                    model.scores.put(key, score);
                } else {
                    SkipList.Node n = find(list, current, member);
                    list.updateScore(n, score);
                    model.ordered.remove(new Pair(current, member));
                    model.ordered.add(new Pair(score, member));
                    model.scores.put(key, score);
                }
            } else if (op < 8) {
                SkipList.Node removed = list.delete(current == null ? score(rnd) : current, member);
                assertThat(removed != null).isEqualTo(current != null);
                if (current != null) {
                    model.ordered.remove(new Pair(current, member));
                    model.scores.remove(key);
                }
            } else if (op == 8) {
                ScoreRange r = scoreRange(rnd);
                List<Pair> gone = model.list().stream().filter(p -> r.contains(p.score)).toList();
                List<byte[]> seen = new ArrayList<>();
                long n = list.deleteRangeByScore(r, x -> seen.add(x.member()));
                assertThat(n).isEqualTo(gone.size());
                assertThat(seen).containsExactlyElementsOf(gone.stream().map(Pair::member).toList());
                gone.forEach(p -> { model.ordered.remove(p); model.scores.remove(key(p.member)); });
            } else {
                int size = model.ordered.size();
                if (size == 0) continue;
                long start = 1 + rnd.nextInt(size), end = start + rnd.nextInt(3);
                List<Pair> all = model.list();
                long n = list.deleteRangeByRank(start, end, x -> {});
                List<Pair> gone = all.subList((int) start - 1, (int) Math.min(end, size));
                assertThat(n).isEqualTo(gone.size());
                new ArrayList<>(gone).forEach(p -> { model.ordered.remove(p); model.scores.remove(key(p.member)); });
            }
            list.verify();
            assertThat(list.length()).isEqualTo(model.ordered.size());
            if (step % 7 == 0) checkQueries(list, model, rnd);
        }
        checkQueries(list, model, rnd);
    }

    /** Ranks, elements by rank, score ranges and lex ranges agree with the model. */
    private static void checkQueries(SkipList list, Model model, Random rnd) {
        List<Pair> all = model.list();
        List<Pair> walked = new ArrayList<>();
        for (SkipList.Node x = list.first(); x != null; x = x.next()) walked.add(new Pair(x.score(), x.member()));
        assertThat(walked).usingElementComparator(ORDER).containsExactlyElementsOf(all);
        List<Pair> back = new ArrayList<>();
        for (SkipList.Node x = list.last(); x != null; x = x.prev()) back.add(0, new Pair(x.score(), x.member()));
        assertThat(back).usingElementComparator(ORDER).containsExactlyElementsOf(all);
        for (int i = 0; i < all.size(); i++) {
            Pair p = all.get(i);
            assertThat(list.rank(p.score, p.member)).isEqualTo(i + 1);
            SkipList.Node byRank = list.byRank(i + 1);
            assertThat(byRank.member()).isEqualTo(p.member);
        }
        assertThat(list.byRank(0)).isNull();
        assertThat(list.byRank(all.size() + 1)).isNull();
        assertThat(list.rank(12345.5, "absent".getBytes(StandardCharsets.UTF_8))).isZero();
        for (int k = 0; k < 5; k++) {
            ScoreRange r = scoreRange(rnd);
            List<Pair> in = all.stream().filter(p -> r.contains(p.score)).toList();
            SkipList.Node first = list.firstInRange(r), last = list.lastInRange(r);
            if (in.isEmpty()) {
                assertThat(first).isNull();
                assertThat(last).isNull();
            } else {
                assertThat(first.member()).isEqualTo(in.get(0).member);
                assertThat(last.member()).isEqualTo(in.get(in.size() - 1).member);
            }
        }
    }

    @Property(tries = 100)
    void lexRangesOnEqualScores(@ForAll long seed, @ForAll @IntRange(min = 0, max = 300) int n) {
        Random rnd = new Random(seed);
        SkipList list = new SkipList();
        TreeSet<byte[]> model = new TreeSet<>(Arrays::compareUnsigned);
        for (int i = 0; i < n; i++) {
            byte[] m = member(rnd, 500);
            if (model.add(m)) list.insert(0, m);
        }
        list.verify();
        for (int k = 0; k < 20; k++) {
            LexRange r = lexRange(rnd);
            List<byte[]> in = model.stream().filter(r::contains).toList();
            SkipList.Node first = list.firstInLexRange(r), last = list.lastInLexRange(r);
            if (in.isEmpty()) {
                assertThat(first).isNull();
                assertThat(last).isNull();
            } else {
                assertThat(first.member()).isEqualTo(in.get(0));
                assertThat(last.member()).isEqualTo(in.get(in.size() - 1));
            }
        }
        LexRange r = lexRange(rnd);
        long expected = model.stream().filter(r::contains).count();
        assertThat(list.deleteRangeByLex(r, x -> assertThat(r.contains(x.member())).isTrue())).isEqualTo(expected);
        list.verify();
        assertThat(list.length()).isEqualTo(model.size() - expected);
    }

    @Test
    void spansAreRanksInThePictureOfTheClassComment() {
        SkipList list = new SkipList();
        String[] names = {"a", "b", "c", "d", "e"};
        double[] scores = {1.0, 2.0, 2.0, 5.0, 7.5};
        for (int i = names.length - 1; i >= 0; i--) list.insert(scores[i], names[i].getBytes(StandardCharsets.UTF_8));
        list.verify();
        for (int i = 0; i < names.length; i++) {
            assertThat(list.rank(scores[i], names[i].getBytes(StandardCharsets.UTF_8))).isEqualTo(i + 1);
            assertThat(new String(list.byRank(i + 1).member(), StandardCharsets.UTF_8)).isEqualTo(names[i]);
        }
    }

    @Test
    void updateScoreKeepsTheNodeAndMovesIt() {
        SkipList list = new SkipList();
        SkipList.Node a = list.insert(1, bytes("a"));
        list.insert(2, bytes("b"));
        list.insert(3, bytes("c"));
        list.updateScore(a, 2.5);      // moves between b and c
        list.verify();
        assertThat(list.byRank(2)).isSameAs(a);
        list.updateScore(a, 2.6);      // stays in place
        list.verify();
        assertThat(list.byRank(2)).isSameAs(a);
        list.updateScore(a, -1);
        list.verify();
        assertThat(list.first()).isSameAs(a);
    }

    @Test
    void manyInsertsStayConsistent() {
        SkipList list = new SkipList();
        Random rnd = new Random(7);
        for (int i = 0; i < 20_000; i++) list.insert(rnd.nextInt(1000), bytes("m" + i));
        list.verify();
        assertThat(list.length()).isEqualTo(20_000);
        // ranks are found without walking: byRank and rank agree for a sample
        for (int i = 0; i < 200; i++) {
            long r = 1 + rnd.nextInt(20_000);
            SkipList.Node n = list.byRank(r);
            assertThat(list.rank(n.score(), n.member())).isEqualTo(r);
        }
    }

    // ------------------------------------------------------------------ generators

    private static SkipList.Node find(SkipList list, double score, byte[] member) {
        return list.byRank(list.rank(score, member));
    }

    static byte[] member(Random rnd, int space) {
        int n = rnd.nextInt(space);
        if (n % 7 == 0) return new byte[]{(byte) (n * 31), 0, (byte) 0xff};   // binary members
        return ("m" + n).getBytes(StandardCharsets.UTF_8);
    }

    static double score(Random rnd) {
        return switch (rnd.nextInt(10)) {
            case 0 -> Double.POSITIVE_INFINITY;
            case 1 -> Double.NEGATIVE_INFINITY;
            case 2, 3 -> rnd.nextInt(5);                 // many equal scores: order by member
            default -> (rnd.nextDouble() - 0.5) * 100;
        };
    }

    static ScoreRange scoreRange(Random rnd) {
        double a = rnd.nextInt(4) == 0 ? Double.NEGATIVE_INFINITY : rnd.nextInt(120) - 60;
        double b = rnd.nextInt(4) == 0 ? Double.POSITIVE_INFINITY : a + rnd.nextInt(60) - 5;
        return new ScoreRange(a, rnd.nextBoolean(), b, rnd.nextBoolean());
    }

    static LexRange lexRange(Random rnd) {
        return LexRange.parse(lexBound(rnd), lexBound(rnd));
    }

    private static byte[] lexBound(Random rnd) {
        return switch (rnd.nextInt(6)) {
            case 0 -> bytes("-");
            case 1 -> bytes("+");
            default -> {
                byte[] m = member(rnd, 500);
                byte[] b = new byte[m.length + 1];
                b[0] = (byte) (rnd.nextBoolean() ? '[' : '(');
                System.arraycopy(m, 0, b, 1, m.length);
                yield b;
            }
        };
    }

    static String key(byte[] b) { return new String(b, StandardCharsets.ISO_8859_1); }

    static byte[] bytes(String s) { return s.getBytes(StandardCharsets.UTF_8); }
}
