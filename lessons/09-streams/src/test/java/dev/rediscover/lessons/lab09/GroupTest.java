/*
 * Lab 09, task 6: consumer groups. XGROUP CREATE, XREADGROUP `>` handing each entry to one
 * consumer, the pending entries list seen through XPENDING, XACK, and XREADGROUP with an ID
 * replaying a consumer's own pending entries.
 */
package dev.rediscover.lessons.lab09;

import dev.rediscover.testing.RawClient;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

@Order(4)
class GroupTest extends StreamLab {

    /** A stream with entries 1-0..n-0 (f = vi) and a group "g" at 0. */
    String withGroup(int n) {
        String key = randomKey();
        xadd(key, "0-1", "f", "seed");
        x("XDEL the seed: an empty stream that exists").send("XDEL", key, "0-1").expect(num(1));
        for (int i = 1; i <= n; i++) xadd(key, i + "-0", "f", "v" + i);
        x("XGROUP CREATE key g 0: a group that will read from the start (StreamGroupCommands.create)")
                .send("XGROUP", "CREATE", key, "g", "0").expect(OK);
        return key;
    }

    static String e(int i) { return entry(i + "-0", "f", "v" + i); }

    static String consumerCount(String name, long n) { return raw(bulk(name), bulk(Long.toString(n))); }

    @Test
    @DisplayName("XGROUP CREATE: BUSYGROUP for a second create, an error for a missing key, MKSTREAM creates it")
    void create() {
        String key = withGroup(1);
        x("a group name is unique per stream").send("XGROUP", "CREATE", key, "g", "0")
                .expect(err("BUSYGROUP Consumer Group name already exists"));
        String missing = randomKey();
        x("no key, no MKSTREAM").send("XGROUP", "CREATE", missing, "g", "$")
                .expect(err("ERR The XGROUP subcommand requires the key to exist. Note that for CREATE you may want to use the MKSTREAM option to create an empty stream automatically."));
        x("MKSTREAM creates an empty stream").send("XGROUP", "CREATE", missing, "g", "$", "MKSTREAM").expect(OK)
                .send("XLEN", missing).expect(num(0))
                .send("TYPE", missing).expect("+stream\r\n");
        x("a bad ID").send("XGROUP", "CREATE", key, "g2", "zz").expect(INVALID_ID);
    }

    @Test
    @DisplayName("XREADGROUP > delivers each entry once across the group's consumers")
    void deliverNew() {
        String key = withGroup(3);
        x("alice asks for 2 new entries (Groups.deliverNew)")
                .send("XREADGROUP", "GROUP", "g", "alice", "COUNT", "2", "STREAMS", key, ">")
                .expect(raw(stream(key, e(1), e(2))));
        x("bob gets what alice did not: the group's last ID moved to 2-0")
                .send("XREADGROUP", "GROUP", "g", "bob", "STREAMS", key, ">")
                .expect(raw(stream(key, e(3))));
        x("nothing left for anyone").send("XREADGROUP", "GROUP", "g", "carol", "STREAMS", key, ">").expect(NIL_ARRAY);
    }

    @Test
    @DisplayName("a group created at $ sees only entries added later")
    void createAtDollar() {
        String key = randomKey();
        xadd(key, "1-0", "f", "old");
        x("setup").send("XGROUP", "CREATE", key, "g", "$").expect(OK);
        x("nothing new yet").send("XREADGROUP", "GROUP", "g", "c", "STREAMS", key, ">").expect(NIL_ARRAY);
        xadd(key, "2-0", "f", "new");
        x("the new entry only").send("XREADGROUP", "GROUP", "g", "c", "STREAMS", key, ">")
                .expect(raw(stream(key, entry("2-0", "f", "new"))));
    }

    @Test
    @DisplayName("XREADGROUP on a missing group answers NOGROUP")
    void noGroup() {
        String key = withGroup(1);
        x("the group must exist").send("XREADGROUP", "GROUP", "nope", "c", "STREAMS", key, ">")
                .expect(err("NOGROUP No such key '" + key + "' or consumer group 'nope' in XREADGROUP with GROUP option"));
    }

    @Test
    @DisplayName("XPENDING's summary: count, smallest and largest ID, entries per consumer")
    void pendingSummary() {
        String key = withGroup(3);
        x("an empty PEL: 0, nil, nil, nil").send("XPENDING", key, "g").expect(raw(num(0), "$-1\r\n", "$-1\r\n", NIL_ARRAY));
        x("alice reads 2").send("XREADGROUP", "GROUP", "g", "alice", "COUNT", "2", "STREAMS", key, ">")
                .expect(raw(stream(key, e(1), e(2))));
        x("bob reads 1").send("XREADGROUP", "GROUP", "g", "bob", "STREAMS", key, ">").expect(raw(stream(key, e(3))));
        x("delivered entries are pending until acknowledged (deliverNew adds them to both PELs; xpending)")
                .send("XPENDING", key, "g")
                .expect(raw(num(3), bulk("1-0"), bulk("3-0"), raw(consumerCount("alice", 2), consumerCount("bob", 1))));
    }

    @Test
    @DisplayName("XPENDING's extended form: ID, owner, idle time on the clock, delivery count")
    void pendingExtended() {
        String key = withGroup(2);
        x("alice reads both").send("XREADGROUP", "GROUP", "g", "alice", "STREAMS", key, ">").expect(raw(stream(key, e(1), e(2))));
        clock.advanceMillis(1500);
        x("idle = now - delivery time (1500 ms on the manual clock)")
                .send("XPENDING", key, "g", "-", "+", "10")
                .expect(raw(raw(bulk("1-0"), bulk("alice"), num(1500), num(1)),
                        raw(bulk("2-0"), bulk("alice"), num(1500), num(1))));
        x("IDLE 2000 filters out entries idle less than 2 s").send("XPENDING", key, "g", "IDLE", "2000", "-", "+", "10").expect(EMPTY);
        x("a consumer filter and COUNT 1").send("XPENDING", key, "g", "-", "+", "1", "alice")
                .expect(raw(raw(bulk("1-0"), bulk("alice"), num(1500), num(1))));
        x("another consumer owns nothing").send("XPENDING", key, "g", "-", "+", "10", "bob").expect(EMPTY);
    }

    @Test
    @DisplayName("XACK removes pending entries and counts only those that were pending")
    void ack() {
        String key = withGroup(3);
        x("read all").send("XREADGROUP", "GROUP", "g", "alice", "STREAMS", key, ">").expect(raw(stream(key, e(1), e(2), e(3))));
        x("XACK two pending, one never delivered, one twice: 2 (xack)")
                .send("XACK", key, "g", "1-0", "3-0", "9-0", "1-0").expect(num(2))
                .send("XACK", key, "g", "1-0").expect(num(0));
        x("only 2-0 stays pending").send("XPENDING", key, "g")
                .expect(raw(num(1), bulk("2-0"), bulk("2-0"), raw(consumerCount("alice", 1))));
        x("XACK on a missing group or key is 0").send("XACK", key, "nope", "2-0").expect(num(0))
                .send("XACK", randomKey(), "g", "2-0").expect(num(0));
        x("XACK with a bad ID").send("XACK", key, "g", "bad").expect(INVALID_ID);
    }

    @Test
    @DisplayName("XREADGROUP with an ID replays the consumer's own pending entries")
    void history() {
        String key = withGroup(3);
        x("alice reads 2, bob 1").send("XREADGROUP", "GROUP", "g", "alice", "COUNT", "2", "STREAMS", key, ">")
                .expect(raw(stream(key, e(1), e(2))))
                .send("XREADGROUP", "GROUP", "g", "bob", "STREAMS", key, ">").expect(raw(stream(key, e(3))));
        x("after a restart alice asks from 0: her pending entries, not bob's (Groups.deliverHistory)")
                .send("XREADGROUP", "GROUP", "g", "alice", "STREAMS", key, "0").expect(raw(stream(key, e(1), e(2))));
        x("from 1-0: only what is after it").send("XREADGROUP", "GROUP", "g", "alice", "STREAMS", key, "1-0")
                .expect(raw(stream(key, e(2))));
        x("the replay counted a delivery").send("XPENDING", key, "g", "1-0", "1-0", "1")
                .expect(raw(raw(bulk("1-0"), bulk("alice"), num(0), num(2))));
        x("after XACK nothing to replay: an empty list, not nil").send("XACK", key, "g", "1-0", "2-0").expect(num(2))
                .send("XREADGROUP", "GROUP", "g", "alice", "STREAMS", key, "0").expect(raw(stream(key)));
    }

    @Test
    @DisplayName("XREADGROUP NOACK delivers without making entries pending")
    void noack() {
        String key = withGroup(2);
        x("NOACK").send("XREADGROUP", "GROUP", "g", "c", "NOACK", "STREAMS", key, ">").expect(raw(stream(key, e(1), e(2))));
        x("nothing pending").send("XPENDING", key, "g").expect(raw(num(0), "$-1\r\n", "$-1\r\n", NIL_ARRAY));
    }

    @Test
    @DisplayName("XREADGROUP BLOCK is woken by XADD, and the entry becomes pending")
    void blockingGroupRead() throws Exception {
        String key = withGroup(0);
        RawClient worker = connect();
        var w = on(worker, "a blocked XREADGROUP > is served by the next XADD").send("XREADGROUP", "GROUP", "g", "w", "BLOCK", "0", "STREAMS", key, ">");
        awaitBlocked(1, worker, "XREADGROUP GROUP g w BLOCK 0 STREAMS " + key + " >");
        xadd(key, "7-0", "job", "1");
        w.expect(raw(stream(key, entry("7-0", "job", "1"))));
        x("the entry is pending for w").send("XPENDING", key, "g")
                .expect(raw(num(1), bulk("7-0"), bulk("7-0"), raw(consumerCount("w", 1))));
    }
}
