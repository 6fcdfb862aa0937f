/*
 * Lab 10, task 3: expiry and WATCH. A TTL set or passed between WATCH and EXEC is a change; a key
 * that was already past its TTL when WATCH ran is logically absent, so its deletion is not
 * (Redis 7.0: isWatchedKeyExpired, watchedKey.expired). Time is a ManualClock: nothing sleeps.
 */
package dev.rediscover.lessons.lab10;

import dev.rediscover.testing.RawClient;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

@Order(5)   // LabRunner runs the classes in task order
class WatchExpiryTest extends TxLab {

    @Test
    @DisplayName("PEXPIREAT in the past by another client deletes the key: the watcher fails")
    void pexpireatInThePast() throws Exception {
        String key = randomKey();
        set(key, "v");
        x("WATCH").send("WATCH", key).expect(OK);
        on(connect(), "PEXPIREAT with a time long past deletes the key at once")
                .send("PEXPIREAT", key, "1").expect(num(1));
        multiPingExec("the deletion is a write to the watched key (touch)", NIL_ARRAY);
    }

    @Test
    @DisplayName("setting a TTL in the future is a modification too")
    void expireInTheFuture() throws Exception {
        String key = randomKey();
        set(key, "v");
        x("WATCH").send("WATCH", key).expect(OK);
        on(connect(), "EXPIRE 100").send("EXPIRE", key, "100").expect(num(1));
        multiPingExec("EXPIRE changes the key (its TTL): EXEC fails", NIL_ARRAY);
    }

    @Test
    @DisplayName("a key whose TTL passes between WATCH and EXEC fails the EXEC, deleted or not")
    void ttlPassesAfterWatch() {
        String key = randomKey();
        x("a key that lives 100 ms").send("PSETEX", key, "100", "v").expect(OK);
        x("WATCH while it is alive").send("WATCH", key).expect(OK);
        clock.advanceMillis(101);
        x("MULTI, PING").send("MULTI").expect(OK).send("PING").expect(QUEUED);
        x("the key expired after WATCH: even if nothing deleted it yet, EXEC must see it "
                + "(exec asks watches.anyExpired before running)")
                .send("EXEC").expect(NIL_ARRAY);
    }

    @Test
    @DisplayName("at exactly its expiry time the key is still alive: EXEC runs")
    void notYetExpired() {
        String key = randomKey();
        x("a key that lives 100 ms").send("PSETEX", key, "100", "v").expect(OK);
        x("WATCH").send("WATCH", key).expect(OK);
        clock.advanceMillis(100);
        multiPingExec("a key expires when now > its expiry time, not at it (anyExpired uses Keyspace.isExpired)", RAN);
    }

    @Test
    @DisplayName("a key already expired at WATCH: its lazy deletion by another read is no change")
    void alreadyExpiredAtWatch() throws Exception {
        String key = randomKey();
        x("a key that lives 100 ms").send("PSETEX", key, "100", "v").expect(OK);
        clock.advanceMillis(500);
        x("WATCH a key that is past its TTL (logically gone)").send("WATCH", key).expect(OK);
        on(connect(), "another client reads it, which deletes it lazily")
                .send("GET", key).expect(NIL);
        multiPingExec("the key was absent at WATCH and is absent now: nothing changed. Remember "
                + "expired=true at WATCH and let touch skip that watcher when the key is gone", RAN);
    }

    @Test
    @DisplayName("a key already expired at WATCH, then written: that is a change")
    void alreadyExpiredThenWritten() throws Exception {
        String key = randomKey();
        x("a key that lives 100 ms").send("PSETEX", key, "100", "v").expect(OK);
        clock.advanceMillis(500);
        x("WATCH the expired key").send("WATCH", key).expect(OK);
        on(connect(), "another client creates it anew").send("SET", key, "new").expect(OK);
        multiPingExec("absent at WATCH, present now: EXEC must fail", NIL_ARRAY);
    }

    @Test
    @DisplayName("PERSIST by another client touches; PERSIST of a key without TTL does not")
    void persist() throws Exception {
        String key = randomKey();
        RawClient other = connect();
        set(key, "v");
        x("WATCH").send("WATCH", key).expect(OK);
        on(other, "PERSIST on a key with no TTL changes nothing (answers 0)").send("PERSIST", key).expect(num(0));
        multiPingExec("no change: EXEC runs", RAN);
        x("give it a TTL, then WATCH").send("EXPIRE", key, "100").expect(num(1)).send("WATCH", key).expect(OK);
        on(other, "PERSIST removes the TTL").send("PERSIST", key).expect(num(1));
        multiPingExec("removing a TTL is a change", NIL_ARRAY);
    }
}
