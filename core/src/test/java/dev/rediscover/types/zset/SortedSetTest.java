/*
 * The two encodings of SortedSet must be indistinguishable: the same random operations on a set
 * kept compact (listpack, with limits too high to ever convert) and on one built as a skip list
 * must give the same answers to every query, and the same set as a plain sorted-list model.
 * Also: conversion at the thresholds, ZADD's flag rules, and copy() independence.
 */
package dev.rediscover.types.zset;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SortedSetTest {
    private static final ZSetLimits NEVER_CONVERT = new ZSetLimits(Long.MAX_VALUE, Long.MAX_VALUE);

    @Property(tries = 150)
    void listpackAndSkipListAgree(@ForAll long seed, @ForAll @IntRange(min = 1, max = 300) int steps) {
        Random rnd = new Random(seed);
        SortedSet small = SortedSet.newListpack(4);
        SortedSet big = SortedSet.newSkipList();
        for (int step = 0; step < steps; step++) {
            byte[] m = SkipListTest.member(rnd, 40);
            switch (rnd.nextInt(9)) {
                case 0, 1, 2 -> {
                    double s = SkipListTest.score(rnd);
                    int incr = rnd.nextInt(4) == 0 ? SortedSet.IN_INCR : 0;
                    int flags = incr | (rnd.nextInt(5) != 0 ? 0 : rnd.nextBoolean() ? SortedSet.IN_GT : SortedSet.IN_LT);
                    double[] a = new double[1], b = new double[1];
                    Object ra = outcome(() -> small.add(m, s, flags, a, NEVER_CONVERT));
                    Object rb = outcome(() -> big.add(m, s, flags, b, NEVER_CONVERT));
                    assertThat(ra).isEqualTo(rb);
                }
                case 3 -> assertThat(small.remove(m)).isEqualTo(big.remove(m));
                case 4 -> {
                    ScoreRange r = SkipListTest.scoreRange(rnd);
                    assertThat(small.count(r)).isEqualTo(big.count(r));
                    long off = rnd.nextInt(4) - 1, lim = rnd.nextInt(6) - 1;
                    boolean rev = rnd.nextBoolean();
                    assertThat(range((z, out) -> z.rangeByScore(r, rev, off, lim, out), small))
                            .isEqualTo(range((z, out) -> z.rangeByScore(r, rev, off, lim, out), big));
                    if (rnd.nextInt(4) == 0) assertThat(small.removeRangeByScore(r)).isEqualTo(big.removeRangeByScore(r));
                }
                case 5 -> {
                    long[] ranks = ZRangeCommands.clampRanks(rnd.nextInt(20) - 10, rnd.nextInt(20) - 10, small.size());
                    if (ranks != null) {
                        boolean rev = rnd.nextBoolean();
                        assertThat(range((z, out) -> z.rangeByRank(ranks[0], ranks[1], rev, out), small))
                                .isEqualTo(range((z, out) -> z.rangeByRank(ranks[0], ranks[1], rev, out), big));
                        if (rnd.nextInt(4) == 0) {
                            assertThat(small.removeRangeByRank(ranks[0], ranks[1])).isEqualTo(big.removeRangeByRank(ranks[0], ranks[1]));
                        }
                    }
                }
                case 6 -> {
                    boolean max = rnd.nextBoolean();
                    long count = rnd.nextInt(3);
                    ScoredMembers a = new ScoredMembers(), b = new ScoredMembers();
                    small.pop(max, count, a);
                    big.pop(max, count, b);
                    assertThat(list(a)).isEqualTo(list(b));
                }
                case 7 -> {
                    assertThat(small.rank(m, false)).isEqualTo(big.rank(m, false));
                    assertThat(small.rank(m, true)).isEqualTo(big.rank(m, true));
                }
                default -> assertThat(Double.doubleToLongBits(small.score(m) + 0.0))
                        .isEqualTo(Double.doubleToLongBits(big.score(m) + 0.0));
            }
            small.verify();
            big.verify();
            assertThat(small.size()).isEqualTo(big.size());
        }
        assertThat(small.encoding()).isEqualTo("listpack");
        assertThat(big.encoding()).isEqualTo("skiplist");
        assertThat(all(small)).isEqualTo(all(big));
    }

    @Test
    void convertsAtTheThresholds() {
        ZSetLimits limits = new ZSetLimits(3, 4);
        SortedSet z = SortedSet.createForAdd(1, limits);
        assertThat(z.encoding()).isEqualTo("listpack");
        for (int i = 0; i < 3; i++) z.insert(bytes("m" + i), i, limits);
        assertThat(z.encoding()).isEqualTo("listpack");
        z.insert(bytes("m3"), 3, limits);
        assertThat(z.encoding()).isEqualTo("skiplist");
        z.verify();
        assertThat(all(z)).containsExactly("m0=0.0", "m1=1.0", "m2=2.0", "m3=3.0");

        SortedSet longMember = SortedSet.createForAdd(1, limits);
        longMember.insert(bytes("abcd"), 1, limits);
        assertThat(longMember.encoding()).isEqualTo("listpack");
        longMember.insert(bytes("abcde"), 2, limits);
        assertThat(longMember.encoding()).isEqualTo("skiplist");

        assertThat(SortedSet.createForAdd(5, limits).encoding()).isEqualTo("skiplist");
        assertThat(SortedSet.createForAdd(1, new ZSetLimits(0, 64)).encoding()).isEqualTo("skiplist");
    }

    @Test
    void storedResultsGoCompactWhenSmall() {
        SortedSet z = SortedSet.newSkipList();
        z.insert(bytes("a"), -0.0, ZSetLimits.DEFAULTS);
        z.insert(bytes("b"), 2, ZSetLimits.DEFAULTS);
        assertThat(1 / z.score(bytes("a"))).isNegative();    // the skip list keeps -0
        z.convertToListpackIfFits(new ZSetLimits(1, 64));
        assertThat(z.encoding()).isEqualTo("skiplist");
        z.convertToListpackIfFits(ZSetLimits.DEFAULTS);
        assertThat(z.encoding()).isEqualTo("listpack");
        assertThat(1 / z.score(bytes("a"))).isPositive();    // a listpack stores -0 as 0, as Redis's does
    }

    @Test
    void zaddFlagRules() {
        SortedSet z = SortedSet.newListpack(4);
        double[] out = new double[1];
        assertThat(z.add(bytes("a"), 5, SortedSet.IN_XX, out, ZSetLimits.DEFAULTS)).isEqualTo(SortedSet.OUT_NOP);
        assertThat(z.add(bytes("a"), 5, 0, out, ZSetLimits.DEFAULTS)).isEqualTo(SortedSet.OUT_ADDED);
        assertThat(z.add(bytes("a"), 9, SortedSet.IN_NX, out, ZSetLimits.DEFAULTS)).isEqualTo(SortedSet.OUT_NOP);
        assertThat(z.add(bytes("a"), 4, SortedSet.IN_GT, out, ZSetLimits.DEFAULTS)).isEqualTo(SortedSet.OUT_NOP);
        assertThat(z.add(bytes("a"), 6, SortedSet.IN_GT, out, ZSetLimits.DEFAULTS)).isEqualTo(SortedSet.OUT_UPDATED);
        assertThat(z.add(bytes("a"), 7, SortedSet.IN_LT, out, ZSetLimits.DEFAULTS)).isEqualTo(SortedSet.OUT_NOP);
        assertThat(z.add(bytes("a"), 6, 0, out, ZSetLimits.DEFAULTS)).isZero();             // same score: neither
        assertThat(z.add(bytes("a"), 1.5, SortedSet.IN_INCR, out, ZSetLimits.DEFAULTS)).isEqualTo(SortedSet.OUT_UPDATED);
        assertThat(out[0]).isEqualTo(7.5);
        z.add(bytes("i"), Double.POSITIVE_INFINITY, 0, out, ZSetLimits.DEFAULTS);
        assertThatThrownBy(() -> z.add(bytes("i"), Double.NEGATIVE_INFINITY, SortedSet.IN_INCR, out, ZSetLimits.DEFAULTS))
                .hasMessage("ERR resulting score is not a number (NaN)");
    }

    @Test
    void copiesAreIndependent() {
        for (SortedSet z : new SortedSet[]{SortedSet.newListpack(2), SortedSet.newSkipList()}) {
            z.insert(bytes("a"), 1, ZSetLimits.DEFAULTS);
            z.insert(bytes("b"), 2, ZSetLimits.DEFAULTS);
            SortedSet copy = z.copy();
            copy.remove(bytes("a"));
            copy.add(bytes("b"), 10, 0, null, ZSetLimits.DEFAULTS);
            assertThat(all(z)).containsExactly("a=1.0", "b=2.0");
            assertThat(all(copy)).containsExactly("b=10.0");
            assertThat(copy.encoding()).isEqualTo(z.encoding());
            copy.verify();
        }
    }

    // ------------------------------------------------------------------ helpers

    private static List<String> range(java.util.function.BiConsumer<SortedSet, ScoredMembers> q, SortedSet z) {
        ScoredMembers out = new ScoredMembers();
        q.accept(z, out);
        return list(out);
    }

    private static Object outcome(java.util.function.IntSupplier op) {
        try {
            return op.getAsInt();
        } catch (RuntimeException e) {
            return e.getMessage();
        }
    }

    private static List<String> list(ScoredMembers r) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < r.size(); i++) out.add(SkipListTest.key(r.member(i)) + "=" + (r.score(i) + 0.0));
        return out;
    }

    private static List<String> all(SortedSet z) {
        List<String> out = new ArrayList<>();
        z.forEach((m, s) -> out.add(SkipListTest.key(m) + "=" + (s + 0.0)));
        return out;
    }

    private static byte[] bytes(String s) { return s.getBytes(StandardCharsets.UTF_8); }
}
