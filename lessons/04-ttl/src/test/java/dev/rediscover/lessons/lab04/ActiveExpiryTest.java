/*
 * Lab 04, task 4: the active expire cycle, ActiveExpire.runCycle and expireSample. Keys that
 * nobody reads must still leave memory. The server's own timer-driven cycle is switched off, and
 * each test runs one cycle itself on the event loop, so what happens is the test's doing alone.
 * DBSIZE does not look keys up, so it shows what the cycle deleted without expiring anything.
 */
package dev.rediscover.lessons.lab04;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;

@Order(4)   // LabRunner runs the classes in task order
class ActiveExpiryTest extends TtlLab {

    @BeforeEach
    void cycleOnlyWhenAsked() { disableActiveExpire(); }

    /** Create n keys with a TTL of ttlMillis (or none if ttlMillis < 0); returns their names. */
    List<String> keys(int n, long ttlMillis, String tag) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String key = tag + ":" + i + ":" + randomKey();
            if (ttlMillis < 0) set(key, "v");
            else x("set up").send("SET", key, "v", "PX", String.valueOf(ttlMillis)).expect(OK);
            names.add(key);
        }
        return names;
    }

    @Test
    @DisplayName("one cycle deletes every expired key that nobody touches, and no other")
    void cycleDeletesUntouchedKeys() throws IOException {
        keys(150, 100, "short");
        keys(40, -1, "forever");
        clock.advanceMillis(101);
        x("before the cycle the expired keys are still there").send("DBSIZE").expect(num(190));
        long before = expiredKeys();
        runCycle();
        x("all 150 sampled keys were expired, so the cycle keeps sampling until none is left; "
                + "keys without a TTL are not in the expires dict and are never sampled")
                .send("DBSIZE").expect(num(40));
        assertThat(expiredKeys() - before)
                .as("each key the cycle deletes counts in expired_keys (use Database.deleteExpired)")
                .isEqualTo(150);
    }

    @Test
    @DisplayName("the cycle leaves keys alone until they are past their time, the boundary included")
    void cycleRespectsTheBoundary() {
        keys(30, 1_000, "ttl");
        runCycle();
        x("nothing is expired yet: the cycle must delete nothing").send("DBSIZE").expect(num(30));
        clock.advanceMillis(1_000);
        runCycle();
        x("now == expiry time: still alive for the cycle too (expired means now > expireAt)")
                .send("DBSIZE").expect(num(30));
        clock.advanceMillis(1);
        runCycle();
        x("one ms later the cycle deletes them all").send("DBSIZE").expect(num(0));
    }

    @Test
    @DisplayName("one cycle visits every database")
    void cycleVisitsEveryDatabase() {
        keys(25, 10, "db0");
        x("SELECT 5").send("SELECT", "5").expect(OK);
        keys(25, 10, "db5");
        x("set up").send("SELECT", "15").expect(OK);
        keys(25, 10, "db15");
        clock.advanceMillis(11);
        runCycle();
        x("db 15 emptied by the cycle").send("DBSIZE").expect(num(0));
        x("db 5 too").send("SELECT", "5").expect(OK).send("DBSIZE").expect(num(0));
        x("and db 0: runCycle goes round all of them").send("SELECT", "0").expect(OK).send("DBSIZE").expect(num(0));
    }

    @Test
    @DisplayName("with live and dead keys mixed, the cycle deletes most dead ones and no live one")
    void mixedKeys() throws IOException {
        List<String> dead = keys(600, 1 + ThreadLocalRandom.current().nextInt(50), "dead");
        List<String> live = keys(100, 60_000, "live");
        List<String> forever = keys(50, -1, "forever");
        clock.advanceMillis(100);
        runCycle();
        byte[] reply = client.call("DBSIZE");
        long size = Long.parseLong(new String(reply, 1, reply.length - 3));
        long deleted = 750 - size;
        assertThat(deleted)
                .as("of 600 expired keys among 700 with a TTL, the cycle must delete at least 90%%: it keeps sampling while "
                        + "more than 10%% of a sample is expired. A sample taken at a random spot each time often lands "
                        + "where the cycle already cleaned and stops early: continue from a cursor. DBSIZE went from 750 to %d",
                        size)
                .isGreaterThanOrEqualTo(540);
        assertThat(expiredKeys()).as("expired_keys counts the keys the cycle deleted").isEqualTo(deleted);
        for (String key : live) {
            x("a key with time left must survive the cycle").send("TTL", key).expect(num(60));
        }
        for (String key : forever) {
            x("a key without a TTL must survive the cycle").send("TTL", key).expect(num(-1));
        }
        for (String key : dead) {
            x("whatever the cycle left behind, a read expires").send("GET", key).expect(NIL);
        }
        x("only the live keys remain").send("DBSIZE").expect(num(150));
    }
}
