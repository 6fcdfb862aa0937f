/*
 * Lab 09, task 5: XREAD. What comes after an ID on one or several streams, COUNT, and BLOCK:
 * a waiting reader is woken by an XADD from another connection, `$` means "only new entries",
 * and a timeout (on the manual clock) answers a null array.
 */
package dev.rediscover.lessons.lab09;

import dev.rediscover.testing.RawClient;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

@Order(3)
class XReadTest extends StreamLab {

    @Test
    @DisplayName("XREAD answers the entries after the given ID, per stream")
    void after() {
        String a = randomKey(), b = randomKey();
        xadd(a, "1-0", "f", "a1");
        xadd(a, "2-0", "f", "a2");
        xadd(b, "5-0", "f", "b5");
        x("XREAD STREAMS a b 1-0 0: entries strictly after each ID (StreamRead.read)")
                .send("XREAD", "STREAMS", a, b, "1-0", "0")
                .expect(raw(stream(a, entry("2-0", "f", "a2")), stream(b, entry("5-0", "f", "b5"))));
    }

    @Test
    @DisplayName("XREAD leaves out streams with nothing new, and is null when none has anything")
    void nothing() {
        String a = randomKey(), b = randomKey();
        xadd(a, "1-0", "f", "a1");
        xadd(b, "1-0", "f", "b1");
        x("only b has something after 0").send("XREAD", "STREAMS", a, b, "1-0", "0")
                .expect(raw(stream(b, entry("1-0", "f", "b1"))));
        x("nothing new anywhere, no BLOCK: a null array").send("XREAD", "STREAMS", a, b, "1-0", "1-0").expect(NIL_ARRAY);
    }

    @Test
    @DisplayName("XREAD COUNT limits the entries per stream")
    void count() {
        String a = randomKey();
        for (int i = 1; i <= 5; i++) xadd(a, i + "-0", "f", "v" + i);
        x("COUNT 2").send("XREAD", "COUNT", "2", "STREAMS", a, "0")
                .expect(raw(stream(a, entry("1-0", "f", "v1"), entry("2-0", "f", "v2"))));
    }

    @Test
    @DisplayName("XREAD syntax errors, word for word")
    void errors() {
        String a = randomKey();
        x("keys and IDs must pair up").send("XREAD", "STREAMS", a, "0", "extra")
                .expect(err("ERR Unbalanced XREAD list of streams: for each stream key an ID or '$' must be specified."));
        x("a bad ID").send("XREAD", "STREAMS", a, "nope").expect(INVALID_ID);
        x("> is only for XREADGROUP").send("XREAD", "STREAMS", a, ">")
                .expect(err("ERR The > ID can be specified only when calling XREADGROUP using the GROUP <group> <consumer> option."));
        x("a negative BLOCK").send("XREAD", "BLOCK", "-1", "STREAMS", a, "0")
                .expect(err("ERR timeout is negative"));
    }

    @Test
    @DisplayName("XREAD BLOCK 0 with $ waits, and an XADD from another connection wakes it")
    void blockWokenByXadd() throws Exception {
        String key = randomKey();
        xadd(key, "1-0", "f", "old");
        RawClient reader = connect();
        var r = on(reader, "the reader gets only the entry added after it blocked ($ = the last ID when it asked)")
                .send("XREAD", "BLOCK", "0", "STREAMS", key, "$");
        awaitBlocked(1, reader, "XREAD BLOCK 0 STREAMS " + key + " $");
        xadd(key, "2-0", "f", "new");
        r.expect(raw(stream(key, entry("2-0", "f", "new"))));
        assertThat(blockedClients()).as("a served reader is unblocked").isZero();
    }

    @Test
    @DisplayName("one XADD wakes every reader blocked on the stream")
    void severalReaders() throws Exception {
        String key = randomKey();
        RawClient a = connect(), b = connect();
        var ra = on(a, "first reader").send("XREAD", "BLOCK", "0", "STREAMS", key, "$");
        awaitBlocked(1, a, "XREAD BLOCK 0 STREAMS " + key + " $");
        var rb = on(b, "second reader: a stream is not a queue, both see the entry").send("XREAD", "BLOCK", "0", "STREAMS", key, "0");
        awaitBlocked(2, b, "XREAD BLOCK 0 STREAMS " + key + " 0");
        String v = randomValue();
        xadd(key, "3-0", "f", v);
        ra.expect(raw(stream(key, entry("3-0", "f", v))));
        rb.expect(raw(stream(key, entry("3-0", "f", v))));
    }

    @Test
    @DisplayName("XREAD BLOCK times out on the server's clock with a null array")
    void timeout() throws Exception {
        String key = randomKey();
        RawClient reader = connect();
        var r = on(reader, "after 100 ms with nothing new: *-1 (the blocking timeout)")
                .send("XREAD", "BLOCK", "100", "STREAMS", key, "$");
        awaitBlocked(1, reader, "XREAD BLOCK 100 STREAMS " + key + " $");
        clock.advanceMillis(50);
        checkTimeouts();
        assertThat(blockedClients()).as("50 ms of 100: still waiting").isEqualTo(1);
        clock.advanceMillis(51);
        checkTimeouts();
        r.expect(NIL_ARRAY);
        assertThat(blockedClients()).isZero();
    }

    @Test
    @DisplayName("an XADD to another key does not wake the reader")
    void otherKey() throws Exception {
        String key = randomKey(), other = randomKey();
        RawClient reader = connect();
        var r = on(reader, "woken only by its own stream").send("XREAD", "BLOCK", "0", "STREAMS", key, "$");
        awaitBlocked(1, reader, "XREAD BLOCK 0 STREAMS " + key + " $");
        xadd(other, "1-0", "f", "v");
        assertThat(blockedClients()).as("XADD on another key leaves the reader blocked").isEqualTo(1);
        xadd(key, "9-0", "f", "mine");
        r.expect(raw(stream(key, entry("9-0", "f", "mine"))));
    }
}
