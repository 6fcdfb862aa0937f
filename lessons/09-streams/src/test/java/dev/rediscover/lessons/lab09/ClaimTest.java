/*
 * Lab 09, task 7: taking over a crashed consumer's work. XCLAIM moves pending entries idle for at
 * least min-idle-time to another consumer; XAUTOCLAIM scans the PEL from a cursor. Idle time is
 * driven by the manual clock: no test waits.
 */
package dev.rediscover.lessons.lab09;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

@Order(5)
class ClaimTest extends StreamLab {

    /** n entries 1-0..n-0, group g, all read by "dead" at the current time. */
    String readByDead(int n) {
        String key = randomKey();
        for (int i = 1; i <= n; i++) xadd(key, i + "-0", "f", "v" + i);
        x("setup").send("XGROUP", "CREATE", key, "g", "0").expect(OK);
        String[] all = new String[n];
        for (int i = 0; i < n; i++) all[i] = e(i + 1);
        x("dead reads everything").send("XREADGROUP", "GROUP", "g", "dead", "STREAMS", key, ">").expect(raw(stream(key, all)));
        return key;
    }

    static String e(int i) { return entry(i + "-0", "f", "v" + i); }

    @Test
    @DisplayName("XCLAIM takes entries idle long enough, and leaves the others")
    void claimIdle() {
        String key = readByDead(2);
        clock.advanceMillis(999);
        x("999 ms idle < 1000: nothing is claimed (xclaim checks idle >= min-idle-time)")
                .send("XCLAIM", key, "g", "alive", "1000", "1-0").expect(EMPTY);
        clock.advanceMillis(1);
        x("1000 ms idle: claimed, the entry is returned")
                .send("XCLAIM", key, "g", "alive", "1000", "1-0", "2-0").expect(raw(e(1), e(2)));
        x("the PEL now names alive, idle 0, delivered twice")
                .send("XPENDING", key, "g", "-", "+", "10")
                .expect(raw(raw(bulk("1-0"), bulk("alive"), num(0), num(2)), raw(bulk("2-0"), bulk("alive"), num(0), num(2))));
        x("a second claim right after finds them busy again").send("XCLAIM", key, "g", "other", "1000", "1-0").expect(EMPTY);
    }

    @Test
    @DisplayName("XCLAIM JUSTID answers IDs only and does not count a delivery")
    void justId() {
        String key = readByDead(1);
        clock.advanceMillis(10);
        x("JUSTID").send("XCLAIM", key, "g", "alive", "0", "1-0", "JUSTID").expect(arr("1-0"));
        x("delivery count unchanged (1), idle reset").send("XPENDING", key, "g", "-", "+", "10")
                .expect(raw(raw(bulk("1-0"), bulk("alive"), num(0), num(1))));
    }

    @Test
    @DisplayName("XCLAIM ignores IDs that are not pending; errors for a missing group and a bad ID")
    void claimErrors() {
        String key = readByDead(1);
        x("an ID that is not in the PEL is skipped").send("XCLAIM", key, "g", "alive", "0", "5-0").expect(EMPTY);
        x("missing group").send("XCLAIM", key, "nope", "alive", "0", "1-0")
                .expect(err("NOGROUP No such key '" + key + "' or consumer group 'nope'"));
        x("IDs end at the first word that is not one; then come options")
                .send("XCLAIM", key, "g", "alive", "0", "1-0", "bad").expect(err("ERR Unrecognized XCLAIM option 'bad'"));
        x("bad min-idle-time").send("XCLAIM", key, "g", "alive", "x", "1-0")
                .expect(err("ERR Invalid min-idle-time argument for XCLAIM"));
    }

    @Test
    @DisplayName("an acknowledged entry cannot be claimed")
    void ackedNotClaimed() {
        String key = readByDead(2);
        x("ack 1-0").send("XACK", key, "g", "1-0").expect(num(1));
        clock.advanceMillis(5000);
        x("only 2-0 is still pending").send("XCLAIM", key, "g", "alive", "1000", "1-0", "2-0").expect(raw(e(2)));
    }

    @Test
    @DisplayName("XAUTOCLAIM scans the PEL from a cursor, COUNT at a time")
    void autoclaim() {
        String key = readByDead(5);
        clock.advanceMillis(60_000);
        x("first page of 2: cursor is the next ID to scan (xautoclaim)")
                .send("XAUTOCLAIM", key, "g", "alive", "30000", "0", "COUNT", "2")
                .expect(raw(bulk("3-0"), raw(e(1), e(2)), EMPTY));
        x("from 3-0, COUNT 10: the rest, and the cursor 0-0 says the scan is done")
                .send("XAUTOCLAIM", key, "g", "alive", "30000", "3-0", "COUNT", "10")
                .expect(raw(bulk("0-0"), raw(e(3), e(4), e(5)), EMPTY));
        x("everything belongs to alive now").send("XPENDING", key, "g")
                .expect(raw(num(5), bulk("1-0"), bulk("5-0"), raw(raw(bulk("alive"), bulk("5")))));
    }

    @Test
    @DisplayName("XAUTOCLAIM skips entries not idle long enough; JUSTID answers IDs")
    void autoclaimIdleAndJustId() {
        String key = readByDead(2);
        clock.advanceMillis(100);
        x("nothing idle for 1 s yet").send("XAUTOCLAIM", key, "g", "alive", "1000", "-")
                .expect(raw(bulk("0-0"), EMPTY, EMPTY));
        clock.advanceMillis(900);
        x("JUSTID").send("XAUTOCLAIM", key, "g", "alive", "1000", "-", "JUSTID")
                .expect(raw(bulk("0-0"), arr("1-0", "2-0"), EMPTY));
    }

    @Test
    @DisplayName("XAUTOCLAIM drops pending entries that were deleted from the stream, and reports them")
    void autoclaimDeleted() {
        String key = readByDead(2);
        x("XDEL 1-0 while it is pending").send("XDEL", key, "1-0").expect(num(1));
        clock.advanceMillis(10);
        x("the deleted ID is listed third, and leaves the PEL")
                .send("XAUTOCLAIM", key, "g", "alive", "0", "0")
                .expect(raw(bulk("0-0"), raw(e(2)), arr("1-0")));
        x("one pending left").send("XPENDING", key, "g")
                .expect(raw(num(1), bulk("2-0"), bulk("2-0"), raw(raw(bulk("alive"), bulk("1")))));
    }
}
