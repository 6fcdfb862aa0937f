/*
 * Lab 05, task 3: reading by position. LRANGE (replyRange) and LINDEX with Redis's inclusive
 * indexes, where -1 is the last element, out-of-range ends are clamped, and an empty range is an
 * empty array, never an error.
 */
package dev.rediscover.lessons.lab05;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

class RangeIndexTest extends ListLab {

    /** What LRANGE must answer, computed the plain way. */
    static List<String> model(List<String> list, long start, long end) {
        long len = list.size();
        if (start < 0) start += len;
        if (end < 0) end += len;
        if (start < 0) start = 0;
        if (end >= len) end = len - 1;
        if (start > end || start >= len) return List.of();
        return list.subList((int) start, (int) end + 1);
    }

    @Test
    @DisplayName("LRANGE with negative, clamped and crossed indexes")
    void lrangeEdges() {
        String key = randomKey();
        List<String> v = randomValues(5);
        rpush(key, v, 5);
        x("negative indexes count from the end: -1 is the last element")
                .send("LRANGE", key, "-2", "-1").expect(arr(v.subList(3, 5)))
                .send("LRANGE", key, "0", "-1").expect(arr(v))
                .send("LRANGE", key, "-100", "1").expect(arr(v.subList(0, 2)));
        x("an end past the list is clamped to the last element")
                .send("LRANGE", key, "3", "1000").expect(arr(v.subList(3, 5)));
        x("start after end, or start past the list, is an empty array")
                .send("LRANGE", key, "3", "2").expect("*0\r\n")
                .send("LRANGE", key, "5", "10").expect("*0\r\n")
                .send("LRANGE", key, "-1", "-2").expect("*0\r\n")
                .send("LRANGE", key, "0", "-6").expect("*0\r\n");
        x("a missing key is an empty list")
                .send("LRANGE", randomKey(), "0", "-1").expect("*0\r\n");
        x("indexes must be integers")
                .send("LRANGE", key, "a", "1").expect(err("ERR value is not an integer or out of range"));
    }

    @Test
    @DisplayName("LRANGE matches a model for random ranges of a random list")
    void lrangeRandom() {
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        String key = randomKey();
        List<String> v = randomValues(1 + rnd.nextInt(40));
        rpush(key, v, v.size());
        for (int i = 0; i < 100; i++) {
            long s = rnd.nextLong(-60, 60), e = rnd.nextLong(-60, 60);
            x("LRANGE " + s + " " + e + " on a list of " + v.size() + ": normalise negatives, clamp, then walk")
                    .send("LRANGE", key, String.valueOf(s), String.valueOf(e)).expect(arr(model(v, s, e)));
        }
    }

    @Test
    @DisplayName("LINDEX: every index from -len to len-1, and nil outside")
    void lindex() {
        String key = randomKey();
        List<String> v = randomValues(7);
        rpush(key, v, 7);
        for (int i = 0; i < 7; i++) {
            x("LINDEX " + i + " and " + (i - 7) + " name the same element")
                    .send("LINDEX", key, String.valueOf(i)).expect(bulk(v.get(i)))
                    .send("LINDEX", key, String.valueOf(i - 7)).expect(bulk(v.get(i)));
        }
        x("outside the list LINDEX answers nil, not an error")
                .send("LINDEX", key, "7").expect(NIL)
                .send("LINDEX", key, "-8").expect(NIL)
                .send("LINDEX", key, "9223372036854775807").expect(NIL)
                .send("LINDEX", key, "-9223372036854775808").expect(NIL)
                .send("LINDEX", randomKey(), "0").expect(NIL);
    }

    @Test
    @DisplayName("LSET replaces by index, negative too; out of range and missing keys are errors")
    void lset() {
        String key = randomKey(), a = randomValue(), b = randomValue();
        List<String> v = new ArrayList<>(randomValues(4));
        rpush(key, v, 4);
        v.set(1, a);
        v.set(3, b);
        x("LSET uses the same index rules as LINDEX")
                .send("LSET", key, "1", a).expect(OK)
                .send("LSET", key, "-1", b).expect(OK)
                .send("LRANGE", key, "0", "-1").expect(arr(v))
                .send("LSET", key, "4", a).expect(err("ERR index out of range"))
                .send("LSET", randomKey(), "0", a).expect(err("ERR no such key"));
    }
}
