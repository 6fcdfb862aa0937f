/*
 * Score ranges against the model: ZRANGEBYSCORE, ZREVRANGEBYSCORE, ZRANGE ... BYSCORE, ZCOUNT,
 * with inclusive and exclusive ("(") bounds, -inf and +inf, and LIMIT. On a skip list the first
 * (or last) node in range is found top-down (SkipList.firstInRange / lastInRange) and ZCOUNT is
 * a difference of two ranks.
 */
package dev.rediscover.lessons.lab07;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;

class RangeByScoreTest extends ZSetLab {

    /** A random bound: a score near the set's (often equal to one of them), maybe exclusive, maybe infinite. */
    String bound() {
        int k = rnd.nextInt(10);
        if (k == 0) return "-inf";
        if (k == 1) return "+inf";
        String s = fmt(randomScore(12));
        return rnd.nextBoolean() ? "(" + s : s;
    }

    static double value(String bound) {
        String s = bound.startsWith("(") ? bound.substring(1) : bound;
        return s.equals("-inf") ? Double.NEGATIVE_INFINITY : s.equals("+inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(s);
    }

    static List<Elem> inRange(List<Elem> l, String min, String max) {
        double lo = value(min), hi = value(max);
        boolean loEx = min.startsWith("("), hiEx = max.startsWith("(");
        List<Elem> r = new ArrayList<>();
        for (Elem e : l) {
            boolean okLo = loEx ? e.score() > lo : e.score() >= lo;
            boolean okHi = hiEx ? e.score() < hi : e.score() <= hi;
            if (okLo && okHi) r.add(e);
        }
        return r;
    }

    static List<Elem> limit(List<Elem> l, int offset, int count) {
        if (offset >= l.size()) return List.of();
        int end = count < 0 ? l.size() : Math.min(l.size(), offset + count);
        return l.subList(offset, end);
    }

    @ParameterizedTest(name = "skip list forced: {0}")
    @ValueSource(booleans = {false, true})
    void randomScoreRangesMatchTheModel(boolean skipList) {
        if (skipList) forceSkipList();
        String key = randomKey();
        List<Elem> sorted = fill(key, 100, 12).list();      // scores -3..3 in quarters: many ties
        for (int t = 0; t < 80; t++) {
            String min = bound(), max = bound();
            List<Elem> want = inRange(sorted, min, max);
            x("ZRANGEBYSCORE min max: '(' makes a bound exclusive, -inf/+inf are open ends. "
                    + "SkipList.firstInRange must stop on the FIRST node >= min (or > min), even among equal scores")
                    .send("ZRANGEBYSCORE", key, min, max, "WITHSCORES").expect(array(want, true));
            x("ZCOUNT is the size of the same range: rank(last) - rank(first) + 1 on the skip list")
                    .send("ZCOUNT", key, min, max).expect(num(want.size()));
            x("ZREVRANGEBYSCORE takes max first and answers from the highest score; SkipList.lastInRange finds the start")
                    .send("ZREVRANGEBYSCORE", key, max, min).expect(array(reversed(want), false));
        }
    }

    @ParameterizedTest(name = "skip list forced: {0}")
    @ValueSource(booleans = {false, true})
    void limitSkipsAndCounts(boolean skipList) {
        if (skipList) forceSkipList();
        String key = randomKey();
        List<Elem> sorted = fill(key, 60, 12).list();
        for (int t = 0; t < 40; t++) {
            String min = bound(), max = bound();
            int offset = rnd.nextInt(30), count = rnd.nextInt(20) - 2;
            List<Elem> want = inRange(sorted, min, max);
            x("ZRANGE ... BYSCORE LIMIT offset count: skip offset elements of the range, then give at most "
                    + "count (a negative count means all the rest)")
                    .send("ZRANGE", key, min, max, "BYSCORE", "LIMIT", "" + offset, "" + count)
                    .expect(array(limit(want, offset, count), false));
            x("with REV the bounds are written max first and LIMIT counts from the top")
                    .send("ZRANGE", key, max, min, "BYSCORE", "REV", "LIMIT", "" + offset, "" + count)
                    .expect(array(limit(reversed(want), offset, count), false));
        }
    }

    @Test
    void infiniteScoresAreOrderedAtTheEnds() {
        forceSkipList();
        String key = randomKey();
        x("ZADD accepts inf and -inf as scores").send("ZADD", key, "inf", "top", "-inf", "bottom", "0", "mid").expect(num(3));
        x("-inf +inf covers everything, the infinities included")
                .send("ZRANGEBYSCORE", key, "-inf", "+inf", "WITHSCORES")
                .expect("*6\r\n$6\r\nbottom\r\n$4\r\n-inf\r\n$3\r\nmid\r\n$1\r\n0\r\n$3\r\ntop\r\n$3\r\ninf\r\n");
        x("(-inf (+inf excludes the infinite scores").send("ZRANGEBYSCORE", key, "(-inf", "(+inf").expect("*1\r\n$3\r\nmid\r\n");
        x("ZCOUNT of an empty range (min > max) is 0").send("ZCOUNT", key, "5", "1").expect(num(0));
        x("a min that is not a float is an error, checked before the key")
                .send("ZRANGEBYSCORE", key, "abc", "1").expect("-ERR min or max is not a float\r\n");
    }
}
