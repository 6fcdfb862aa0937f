/*
 * Lab 10, task 2: WATCH and UNWATCH themselves: where WATCH is allowed, and that watching keys
 * nobody writes never stops a transaction. Invalidation is task 3 (WatchTest and after).
 */
package dev.rediscover.lessons.lab10;

import dev.rediscover.testing.RawClient;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

@Order(3)   // LabRunner runs the classes in task order
class WatchBasicsTest extends TxLab {

    int watchedPairs() { return server.onLoop(s -> s.watches.size()); }

    @Test
    @DisplayName("WATCH answers OK and an untouched watched key lets EXEC run")
    void untouchedRuns() {
        String key = randomKey();
        set(key, randomValue());
        x("WATCH one or more keys answers +OK (watch)").send("WATCH", key, randomKey()).expect(OK);
        multiPingExec("nobody wrote the watched keys: EXEC runs the queue", RAN);
    }

    @Test
    @DisplayName("WATCH inside MULTI is an error that does not doom the transaction")
    void watchInsideMulti() {
        String key = randomKey();
        x("MULTI").send("MULTI").expect(OK);
        x("WATCH runs at once inside MULTI (queue returns false for it) and refuses")
                .send("WATCH", key).expect(err("ERR WATCH inside MULTI is not allowed"));
        x("the transaction goes on").send("SET", key, "1").expect(QUEUED).send("EXEC").expect(replies(OK));
    }

    @Test
    @DisplayName("WATCH needs at least one key; UNWATCH answers OK even with nothing watched")
    void arityAndUnwatch() {
        x("WATCH alone is an arity error").send("WATCH").expect(err("ERR wrong number of arguments for 'watch' command"));
        x("UNWATCH with nothing watched is fine").send("UNWATCH").expect(OK);
        multiPingExec("neither the failed WATCH nor UNWATCH leaves anything behind: EXEC runs", RAN);
    }

    @Test
    @DisplayName("the index counts each (client, key) once and forgets it on UNWATCH")
    void indexBookkeeping() {
        String k1 = randomKey(), k2 = randomKey();
        x("WATCH k1 k2 k1: the repeat is skipped (watch looks in st.watched first)")
                .send("WATCH", k1, k2, k1).expect(OK).send("WATCH", k2).expect(OK);
        assertThat(watchedPairs()).as("Watches.size() after WATCH k1 k2 k1 and WATCH k2").isEqualTo(2);
        x("UNWATCH").send("UNWATCH").expect(OK);
        assertThat(watchedPairs()).as("unwatchAll must remove every WatchedKey from the index").isZero();
    }

    @Test
    @DisplayName("EXEC and DISCARD forget the watches; so does a client hanging up")
    void execDiscardCloseUnwatch() throws Exception {
        String key = randomKey();
        x("WATCH then a transaction").send("WATCH", key).expect(OK);
        multiPingExec("EXEC runs", RAN);
        assertThat(watchedPairs()).as("after EXEC nothing is watched (exec unwatches before running)").isZero();
        x("WATCH then DISCARD").send("WATCH", key).expect(OK).send("MULTI").expect(OK).send("DISCARD").expect(OK);
        assertThat(watchedPairs()).as("after DISCARD nothing is watched").isZero();
        RawClient other = connect();
        on(other, "another client watches").send("WATCH", key, randomKey()).expect(OK);
        assertThat(watchedPairs()).isEqualTo(2);
        other.close();
        long until = System.nanoTime() + 2_000_000_000L;
        while (watchedPairs() != 0 && System.nanoTime() < until) Thread.sleep(1);
        assertThat(watchedPairs()).as("a closed client's watches are removed (unwatchAll on close)").isZero();
    }

    @Test
    @DisplayName("reads by another client never break a WATCH")
    void readsDoNotTouch() throws Exception {
        String key = randomKey();
        set(key, "v");
        x("WATCH").send("WATCH", key).expect(OK);
        RawClient other = connect();
        on(other, "reads of every kind: only writes touch a watched key")
                .send("GET", key).expect(bulk("v"))
                .send("EXISTS", key).expect(num(1))
                .send("STRLEN", key).expect(num(1))
                .send("TTL", key).expect(num(-1))
                .send("TYPE", key).expect("+string\r\n");
        multiPingExec("nothing wrote the key: EXEC runs", RAN);
    }

    @Test
    @DisplayName("keys are binary: a watched key with zero bytes and CRLF is tracked as itself")
    void binaryKey() {
        byte[] key = {'w', 0, '\r', '\n', (byte) 0xff};
        x("WATCH a binary key").send("WATCH".getBytes(StandardCharsets.UTF_8), key).expect(OK);
        assertThat(watchedPairs()).isEqualTo(1);
        x("UNWATCH").send("UNWATCH").expect(OK);
        assertThat(watchedPairs()).isZero();
    }
}
