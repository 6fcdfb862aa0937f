/*
 * ZRANGE start stop [REV] [WITHSCORES] against the model: negative indexes, clamping, empty
 * ranges. On a skip list the first element is found by rank (SkipList.byRank, spans again) and
 * the rest by walking the level-0 links (SortedSet.rangeByRank).
 */
package dev.rediscover.lessons.lab07;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

class RangeByRankTest extends ZSetLab {

    /** What ZRANGE start stop selects, by Redis's rules: negatives from the end, then clamp. */
    static List<Elem> select(List<Elem> l, long start, long stop) {
        int n = l.size();
        if (start < 0) start += n;
        if (stop < 0) stop += n;
        if (start < 0) start = 0;
        if (start > stop || start >= n) return List.of();
        if (stop >= n) stop = n - 1;
        return l.subList((int) start, (int) stop + 1);
    }

    @ParameterizedTest(name = "skip list forced: {0}")
    @ValueSource(booleans = {false, true})
    void randomRankRangesMatchTheModel(boolean skipList) {
        if (skipList) forceSkipList();
        String key = randomKey();
        List<Elem> sorted = fill(key, 100, 30).list();
        for (int t = 0; t < 60; t++) {
            long start = rnd.nextInt(240) - 120, stop = rnd.nextInt(240) - 120;
            boolean withScores = rnd.nextBoolean();
            String[] cmd = withScores
                    ? new String[]{"ZRANGE", key, "" + start, "" + stop, "WITHSCORES"}
                    : new String[]{"ZRANGE", key, "" + start, "" + stop};
            x("ZRANGE start stop: negative indexes count from the end (-1 is the last), then the range is "
                    + "clamped to the set; start > stop is empty. SkipList.byRank(start + 1) finds the first node")
                    .send(cmd).expect(array(select(sorted, start, stop), withScores));
        }
    }

    @ParameterizedTest(name = "skip list forced: {0}")
    @ValueSource(booleans = {false, true})
    void revWalksFromTheHighestScore(boolean skipList) {
        if (skipList) forceSkipList();
        String key = randomKey();
        List<Elem> rev = reversed(fill(key, 80, 30).list());
        for (int t = 0; t < 40; t++) {
            long start = rnd.nextInt(100) - 50, stop = rnd.nextInt(100) - 50;
            x("ZRANGE ... REV (and ZREVRANGE) count ranks from the highest score and walk backward links")
                    .send("ZRANGE", key, "" + start, "" + stop, "REV", "WITHSCORES")
                    .expect(array(select(rev, start, stop), true));
            x("ZREVRANGE is ZRANGE ... REV").send("ZREVRANGE", key, "" + start, "" + stop)
                    .expect(array(select(rev, start, stop), false));
        }
    }

    @Test
    void wholeSetAndMissingKey() {
        forceSkipList();
        String key = randomKey();
        List<Elem> sorted = fill(key, 7, 2).list();
        x("ZRANGE key 0 -1 is the whole set in order").send("ZRANGE", key, "0", "-1", "WITHSCORES").expect(array(sorted, true));
        x("ZRANGE of a missing key is an empty array").send("ZRANGE", randomKey(), "0", "-1").expect("*0\r\n");
        x("a range that starts past the end is empty").send("ZRANGE", key, "7", "100").expect("*0\r\n");
    }
}
