/*
 * Lab 05, task 6: blocking pops. Several connections: clients wait on empty lists, are served
 * first come first served when a push arrives, time out on the server's (manual) clock, and
 * simply stop waiting when they hang up.
 */
package dev.rediscover.lessons.lab05;

import dev.rediscover.testing.RawClient;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class BlockingPopTest extends ListLab {

    @Test
    @DisplayName("BLPOP on a non-empty list answers at once, from the first non-empty key")
    void immediate() {
        String empty = randomKey(), full = randomKey();
        rpush(full, List.of("a", "b"), 2);
        x("with data there is nothing to wait for: pop like LPOP, reply [key, element] (blockingPop)")
                .send("BLPOP", empty, full, "0").expect(arr(full, "a"))
                .send("BRPOP", full, "1").expect(arr(full, "b"))
                .send("EXISTS", full).expect(num(0));
    }

    @Test
    @DisplayName("a push wakes the waiter, which gets [key, element]; the list is then empty")
    void wakeOnPush() throws Exception {
        String key = randomKey(), value = randomValue();
        RawClient waiter = connect();
        var w = on(waiter, "the waiter is served when RPUSH makes its key non-empty (signalReady, serveKey, tryServe)")
                .send("BLPOP", key, "0");
        awaitBlocked(1, waiter, "BLPOP " + key + " 0");
        x("RPUSH still answers the length it made (1), before the waiter pops").send("RPUSH", key, value).expect(num(1));
        w.expect(arr(key, value));
        x("the served waiter popped the element").send("EXISTS", key).expect(num(0));
        assertThat(blockedClients()).as("a served client is unblocked").isZero();
    }

    @Test
    @DisplayName("waiters on one key are served first come, first served")
    void fifo() throws Exception {
        String key = randomKey();
        RawClient a = connect(), b = connect(), c = connect();
        var wa = on(a, "the first to block is served first: keep waiters in a FIFO per key (block, serveKey)").send("BLPOP", key, "0");
        awaitBlocked(1, a, String.join(" ", "BLPOP", key, "0"));
        var wb = on(b, "the second gets the second element").send("BLPOP", key, "0");
        awaitBlocked(2, b, String.join(" ", "BLPOP", key, "0"));
        var wc = on(c, "BRPOP pops the tail of what is left").send("BRPOP", key, "0");
        awaitBlocked(3, c, String.join(" ", "BRPOP", key, "0"));
        x("one push of three elements").send("RPUSH", key, "one", "two", "three").expect(num(3));
        wa.expect(arr(key, "one"));
        wb.expect(arr(key, "two"));
        wc.expect(arr(key, "three"));
        assertThat(blockedClients()).isZero();
    }

    @Test
    @DisplayName("a push of one element serves one waiter; the others keep waiting")
    void oneElementOneWaiter() throws Exception {
        String key = randomKey();
        RawClient a = connect(), b = connect();
        var wa = on(a, "first waiter").send("BRPOP", key, "0");
        awaitBlocked(1, a, String.join(" ", "BRPOP", key, "0"));
        on(b, "second waiter").send("BRPOP", key, "0");
        awaitBlocked(2, b, String.join(" ", "BRPOP", key, "0"));
        x("LPUSH one").send("LPUSH", key, "only").expect(num(1));
        wa.expect(arr(key, "only"));
        assertThat(blockedClients())
                .as("tryServe answers false for an empty (deleted) list: the second waiter must stay blocked")
                .isEqualTo(1);
    }

    @Test
    @DisplayName("BLPOP on several keys is woken by whichever key gets data, and names it")
    void severalKeys() throws Exception {
        String k1 = randomKey(), k2 = randomKey(), value = randomValue();
        RawClient waiter = connect();
        var w = on(waiter, "a client waits on every key it named; the reply names the key that served it")
                .send("BLPOP", k1, k2, "0");
        awaitBlocked(1, waiter, String.join(" ", "BLPOP", k1, k2, "0"));
        x("push to the second key").send("RPUSH", k2, value).expect(num(1));
        w.expect(arr(k2, value));
        x("a later push to the first key stays in the list: the client is no longer waiting there (unblock)")
                .send("RPUSH", k1, "later").expect(num(1))
                .send("LRANGE", k1, "0", "-1").expect(arr("later"));
    }

    @Test
    @DisplayName("a timeout fires only once the clock is past the deadline, with a null array")
    void timeout() throws Exception {
        String key = randomKey();
        RawClient waiter = connect();
        var w = on(waiter, "on timeout BLPOP answers *-1 (Wakeup.timedOut)").send("BLPOP", key, "0.25");
        awaitBlocked(1, waiter, String.join(" ", "BLPOP", key, "0.25"));
        clock.advanceMillis(250);
        checkTimeouts();
        assertThat(blockedClients()).as("at exactly the deadline (now == deadline) the client still waits: time out when now > deadline").isEqualTo(1);
        clock.advanceMillis(1);
        checkTimeouts();
        w.expect(NIL_ARRAY);
        assertThat(blockedClients()).as("a timed-out client is unblocked").isZero();
        on(waiter, "after a timeout the connection works normally").send("PING").expect("+PONG\r\n");
        x("a push after the timeout stays in the list").send("RPUSH", key, "v").expect(num(1)).send("LLEN", key).expect(num(1));
    }

    @Test
    @DisplayName("the cron times blocked clients out by itself, earliest deadline first")
    void cronTimeouts() throws Exception {
        String key = randomKey();
        RawClient a = connect(), b = connect();
        var wa = on(a, "1 s timeout").send("BLPOP", key, "1");
        awaitBlocked(1, a, String.join(" ", "BLPOP", key, "1"));
        on(b, "10 s timeout").send("BRPOP", key, "10");
        awaitBlocked(2, b, String.join(" ", "BRPOP", key, "10"));
        clock.advanceMillis(1_001);
        wa.expect(NIL_ARRAY);            // the cron runs every 100 ms of real time
        assertThat(blockedClients()).as("the 10 s waiter is not due yet").isEqualTo(1);
    }

    @Test
    @DisplayName("timeout 0 waits forever; a negative or non-numeric timeout is an error")
    void zeroAndBadTimeouts() throws Exception {
        String key = randomKey();
        RawClient waiter = connect();
        var w = on(waiter, "0 means no deadline").send("BLPOP", key, "0");
        awaitBlocked(1, waiter, String.join(" ", "BLPOP", key, "0"));
        clock.advanceMillis(10L * 365 * 24 * 3600 * 1000);
        checkTimeouts();
        assertThat(blockedClients()).as("ten years later a timeout-0 client still waits").isEqualTo(1);
        x("a push still serves it").send("RPUSH", key, "late").expect(num(1));
        w.expect(arr(key, "late"));
        x("the timeout is checked before anything else")
                .send("BLPOP", key, "-1").expect(err("ERR timeout is negative"))
                .send("BLPOP", key, "soon").expect(err("ERR timeout is not a float or out of range"));
    }

    @Test
    @DisplayName("a client that disconnects while blocked is forgotten; the next waiter is served")
    void disconnectWhileBlocked() throws Exception {
        String key = randomKey(), value = randomValue();
        RawClient gone = connect(), next = connect();
        on(gone, "first waiter").send("BLPOP", key, "0");
        awaitBlocked(1, gone, String.join(" ", "BLPOP", key, "0"));
        var wn = on(next, "the waiter after a closed connection is served").send("BLPOP", key, "0");
        awaitBlocked(2, next, String.join(" ", "BLPOP", key, "0"));
        gone.close();
        long until = System.nanoTime() + 2_000_000_000L;
        while (blockedClients() != 1 && System.nanoTime() < until) Thread.sleep(1);
        assertThat(blockedClients()).as("a closed connection stops waiting").isEqualTo(1);
        x("push after the first waiter left").send("RPUSH", key, value).expect(num(1));
        wn.expect(arr(key, value));
        x("the element went to the live client, not lost to the closed one").send("EXISTS", key).expect(num(0));
    }

    @Test
    @DisplayName("BLMOVE waits for its source; serving it pushes to the target and wakes that target's waiter")
    void blmoveChain() throws Exception {
        String s1 = randomKey(), s2 = randomKey(), value = randomValue();
        RawClient mover = connect(), popper = connect();
        var wm = on(mover, "a served BLMOVE answers the element it moved").send("BLMOVE", s1, s2, "LEFT", "RIGHT", "0");
        awaitBlocked(1, mover, String.join(" ", "BLMOVE", s1, s2, "LEFT", "RIGHT", "0"));
        var wp = on(popper, "the element BLMOVE pushed onto s2 must wake s2's waiter in the same round")
                .send("BLPOP", s2, "0");
        awaitBlocked(2, popper, String.join(" ", "BLPOP", s2, "0"));
        x("push to s1").send("LPUSH", s1, value).expect(num(1));
        wm.expect(bulk(value));
        wp.expect(arr(s2, value));
        x("both lists are empty again").send("EXISTS", s1, s2).expect(num(0));
    }

    @Test
    @DisplayName("BLMPOP pops up to COUNT elements for a served waiter")
    void blmpop() throws Exception {
        String key = randomKey();
        RawClient waiter = connect();
        var w = on(waiter, "BLMPOP's reply is [key, [elements]] (servePop with a count)")
                .send("BLMPOP", "0", "1", key, "RIGHT", "COUNT", "2");
        awaitBlocked(1, waiter, String.join(" ", "BLMPOP", "0", "1", key, "RIGHT", "COUNT", "2"));
        x("push three").send("RPUSH", key, "a", "b", "c").expect(num(3));
        w.expect("*2\r\n" + bulk(key) + arr("c", "b"));
        x("one left").send("LRANGE", key, "0", "-1").expect(arr("a"));
    }

    @Test
    @DisplayName("a blocked client runs the commands it pipelined after being served")
    void pipelinedAfterServe() throws Exception {
        String key = randomKey(), value = randomValue();
        RawClient waiter = connect();
        var w = on(waiter, "commands queued behind a blocking one wait for it, then run (unblock)")
                .sendRaw(concat(RawClient.encode("BLPOP", key, "0"), RawClient.encode("LLEN", key)));
        awaitBlocked(1, waiter, "BLPOP " + key + " 0, then LLEN " + key + " (pipelined)");
        x("push two").send("RPUSH", key, value, "rest").expect(num(2));
        w.expect(arr(key, value)).expect(num(1));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
