/*
 * Lab 09, tasks 1-3: stream IDs and XADD. Explicit IDs, `ms-*`, `*` on the manual clock, and the
 * errors for IDs that are malformed or not above the stream's last one, word for word.
 */
package dev.rediscover.lessons.lab09;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

@Order(1)
class IdTest extends StreamLab {

    @Test
    @DisplayName("XADD with explicit IDs answers each ID; XLEN counts the entries")
    void explicitIds() {
        String key = randomKey();
        xadd(key, "1-1", "f", "a");
        xadd(key, "1-2", "f", "b");
        xadd(key, "10-0", "f", "c");
        x("XLEN is the number of entries appended (StreamLog.append)").send("XLEN", key).expect(num(3));
    }

    @Test
    @DisplayName("IDs compare as numbers: 10-0 comes after 9-5")
    void numericOrder() {
        String key = randomKey();
        xadd(key, "9-5", "f", "a");
        x("compare ms first, then seq, as numbers, not as text (StreamId.compareTo)")
                .send("XADD", key, "10-0", "f", "b").expect(bulk("10-0"));
    }

    @Test
    @DisplayName("an ID equal to or smaller than the last is refused, and the stream is unchanged")
    void smallerRefused() {
        String key = randomKey();
        xadd(key, "5-5", "f", "a");
        x("nextId must refuse an ID <= lastId with this exact error")
                .send("XADD", key, "5-5", "f", "b").expect(SMALLER)
                .send("XADD", key, "5-4", "f", "b").expect(SMALLER)
                .send("XADD", key, "4", "f", "b").expect(SMALLER)
                .send("XLEN", key).expect(num(1));
    }

    @Test
    @DisplayName("0-0 is never a valid XADD ID")
    void zeroRefused() {
        x("XADD 0-0 on an empty stream (nextId)").send("XADD", randomKey(), "0-0", "f", "v")
                .expect(err("ERR The ID specified in XADD must be greater than 0-0"));
    }

    @Test
    @DisplayName("malformed IDs: the 'Invalid stream ID' error, word for word")
    void malformed() {
        String key = randomKey();
        for (String bad : new String[]{"abc", "1-", "-1", "1-2-3", "1-x", "18446744073709551616-0", "1-18446744073709551616", "1.5-0"}) {
            x("StreamId.parseForAdd must reject '" + bad + "'").send("XADD", key, bad, "f", "v").expect(INVALID_ID);
        }
        x("no key was created by the failed XADDs").send("EXISTS", key).expect(num(0));
    }

    @Test
    @DisplayName("ms alone means ms-0; ms-* picks the next sequence in that millisecond")
    void partialIds() {
        String key = randomKey();
        x("XADD 7 is 7-0 (parseForAdd: missing seq is 0)").send("XADD", key, "7", "f", "a").expect(bulk("7-0"));
        x("XADD 7-* after 7-0 is 7-1 (nextId: same ms, seq + 1)").send("XADD", key, "7-*", "f", "b").expect(bulk("7-1"));
        x("XADD 8-* in a new millisecond starts at 8-0").send("XADD", key, "8-*", "f", "c").expect(bulk("8-0"));
        x("XADD 6-* below the last ms is refused").send("XADD", key, "6-*", "f", "d").expect(SMALLER);
    }

    @Test
    @DisplayName("* takes the clock's millisecond, with sequence 0, 1, 2 inside it")
    void starUsesClock() {
        String key = randomKey();
        x("XADD * is now-0 (nextId uses the time it is given, the server clock)")
                .send("XADD", key, "*", "f", "a").expect(bulk(now(0)))
                .send("XADD", key, "*", "f", "b").expect(bulk(now(1)));
        clock.advanceMillis(5);
        x("a later millisecond starts again at sequence 0").send("XADD", key, "*", "f", "c").expect(bulk(now(0)));
    }

    @Test
    @DisplayName("* after a clock step back keeps IDs growing: last ms, seq + 1")
    void clockBack() {
        String key = randomKey();
        long future = clock.millis() + 1000;
        xadd(key, future + "-3", "f", "a");
        x("the clock is behind the last ID: * must give lastMs-(lastSeq+1), never a smaller ID")
                .send("XADD", key, "*", "f", "b").expect(bulk(future + "-4"));
    }

    @Test
    @DisplayName("the largest ID is accepted; after it nothing can be added")
    void maxId() {
        String key = randomKey();
        String max = "18446744073709551615-18446744073709551615";
        x("IDs are unsigned 64-bit halves (parseForAdd)").send("XADD", key, max, "f", "v").expect(bulk(max));
        x("* has no ID left to pick: nextId reports the exhausted stream")
                .send("XADD", key, "*", "f", "v")
                .expect(err("ERR The stream has exhausted the last possible ID, unable to add more items"));
    }

    @Test
    @DisplayName("XADD on a key holding another type answers WRONGTYPE")
    void wrongType() {
        String key = randomKey();
        x("setup").send("SET", key, "x").expect(OK);
        x("a stream command on a string").send("XADD", key, "1-1", "f", "v")
                .expect("-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
    }
}
