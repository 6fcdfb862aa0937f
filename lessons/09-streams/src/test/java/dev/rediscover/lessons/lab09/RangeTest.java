/*
 * Lab 09, tasks 2 and 4: walking the log. XRANGE and XREVRANGE with `-`/`+`, partial IDs,
 * exclusive `(` bounds and COUNT, over a stream long enough to span several chunks.
 */
package dev.rediscover.lessons.lab09;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

@Order(2)
class RangeTest extends StreamLab {

    /** Entries 1-0, 1-1, 2-0, 2-1, 3-0, 3-1 with f = the ID. */
    String six() {
        String key = randomKey();
        for (int ms = 1; ms <= 3; ms++)
            for (int seq = 0; seq <= 1; seq++) xadd(key, ms + "-" + seq, "f", ms + "-" + seq);
        return key;
    }

    static String e(String id) { return entry(id, "f", id); }

    @Test
    @DisplayName("XRANGE - + answers every entry, in order, with its fields")
    void all() {
        String key = randomKey();
        x("setup").send("XADD", key, "1-1", "name", "ada", "lang", "en").expect(bulk("1-1"));
        xadd(key, "2-1", "name", "linus");
        x("XRANGE - + lists [id, [field, value, ...]] for each entry (StreamCommands.range, StreamLog.range)")
                .send("XRANGE", key, "-", "+")
                .expect(raw(entry("1-1", "name", "ada", "lang", "en"), entry("2-1", "name", "linus")));
    }

    @Test
    @DisplayName("XRANGE on a missing key is an empty array")
    void missing() {
        x("no stream, no entries").send("XRANGE", randomKey(), "-", "+").expect(EMPTY);
    }

    @Test
    @DisplayName("partial IDs: a start ms means ms-0, an end ms means the whole millisecond")
    void partialBounds() {
        String key = six();
        x("XRANGE k 2 2 is 2-0 .. 2-18446744073709551615 (parse with missingSeq 0 / max)")
                .send("XRANGE", key, "2", "2").expect(raw(e("2-0"), e("2-1")));
        x("XRANGE k 2-1 3-0").send("XRANGE", key, "2-1", "3-0").expect(raw(e("2-1"), e("3-0")));
    }

    @Test
    @DisplayName("( makes a bound exclusive, on either side")
    void exclusive() {
        String key = six();
        x("XRANGE k (1-1 (3-0: after 1-1, before 3-0").send("XRANGE", key, "(1-1", "(3-0")
                .expect(raw(e("2-0"), e("2-1")));
        x("XREVRANGE k (3-0 (1-1: the same, newest first").send("XREVRANGE", key, "(3-0", "(1-1")
                .expect(raw(e("2-1"), e("2-0")));
    }

    @Test
    @DisplayName("an exclusive bound past the largest ID is an error")
    void exclusiveOverflow() {
        String key = six();
        x("there is no ID after the maximum: StreamId.next overflows")
                .send("XRANGE", key, "(18446744073709551615-18446744073709551615", "+")
                .expect(err("ERR invalid start ID for the interval"));
        x("( with - is not allowed").send("XRANGE", key, "(-", "+").expect(INVALID_ID);
    }

    @Test
    @DisplayName("COUNT stops early; COUNT 0 is a null array, start > end an empty one")
    void count() {
        String key = six();
        x("COUNT 2 answers the first two").send("XRANGE", key, "-", "+", "COUNT", "2").expect(raw(e("1-0"), e("1-1")));
        x("XREVRANGE COUNT 2 answers the last two").send("XREVRANGE", key, "+", "-", "COUNT", "2")
                .expect(raw(e("3-1"), e("3-0")));
        x("COUNT 0: Redis 7.0 answers a null array").send("XRANGE", key, "-", "+", "COUNT", "0").expect(NIL_ARRAY);
        x("start after end").send("XRANGE", key, "3", "1").expect(EMPTY);
    }

    @Test
    @DisplayName("XRANGE validates its IDs and options word for word")
    void errors() {
        String key = six();
        x("a malformed ID").send("XRANGE", key, "x", "+").expect(INVALID_ID);
        x("an unknown option").send("XRANGE", key, "-", "+", "LIMIT", "2").expect(err("ERR syntax error"));
    }

    @Test
    @DisplayName("a stream of 1000 entries spans chunks; ranges cross chunk borders")
    void manyChunks() {
        String key = randomKey();
        for (int i = 1; i <= 1000; i++) xadd(key, i + "-0", "n", Integer.toString(i));
        x("XLEN").send("XLEN", key).expect(num(1000));
        List<String> want = new ArrayList<>();
        for (int i = 95; i <= 305; i++) want.add(entry(i + "-0", "n", Integer.toString(i)));
        x("XRANGE 95 305 crosses chunks of 100 (StreamLog.range: find the chunk by its first ID, then move on)")
                .send("XRANGE", key, "95", "305").expect(raw(want));
        List<String> rev = new ArrayList<>();
        for (int i = 1000; i >= 998; i--) rev.add(entry(i + "-0", "n", Integer.toString(i)));
        x("XREVRANGE + - COUNT 3: the backward iterator").send("XREVRANGE", key, "+", "-", "COUNT", "3").expect(raw(rev));
        x("XRANGE (999-0 +: one entry").send("XRANGE", key, "(999-0", "+").expect(raw(entry("1000-0", "n", "1000")));
    }
}
