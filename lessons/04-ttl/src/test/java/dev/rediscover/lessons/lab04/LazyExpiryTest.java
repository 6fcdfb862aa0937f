/*
 * Lab 04, task 3: lazy expiry. With the background cycle switched off, an expired key stays in
 * memory (DBSIZE still counts it) until a command touches it; then Database.expireIfNeeded
 * deletes it, counts it in INFO's expired_keys, and the command sees no key at all.
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

@Order(2)   // LabRunner runs the classes in task order
class LazyExpiryTest extends TtlLab {

    @BeforeEach
    void onlyLazy() { disableActiveExpire(); }

    @Test
    @DisplayName("a key still lives at exactly its expiry millisecond, and is gone one ms later")
    void boundary() {
        String key = randomKey(), value = randomValue();
        set(key, value);
        x("set up").send("PEXPIRE", key, "1000").expect(num(1));
        clock.advanceMillis(1_000);
        x("now == expiry time: the key is still alive (expired means now > expireAt)")
                .send("GET", key).expect(bulk(value))
                .send("PTTL", key).expect(num(0))
                .send("TTL", key).expect(num(0));
        clock.advanceMillis(1);
        x("one ms past its time the key is gone for every command")
                .send("GET", key).expect(NIL)
                .send("TTL", key).expect(num(-2))
                .send("EXISTS", key).expect(num(0));
    }

    @Test
    @DisplayName("an expired key stays in memory until touched, then is deleted and counted")
    void deletedOnTouch() throws IOException {
        String key = randomKey();
        set(key, randomValue());
        x("set up").send("PEXPIRE", key, "100").expect(num(1));
        clock.advanceMillis(101);
        x("nobody touched the key and the cycle is off: DBSIZE still counts it")
                .send("DBSIZE").expect(num(1));
        long before = expiredKeys();
        x("EXISTS looks the key up, finds it past its time, and deletes it")
                .send("EXISTS", key).expect(num(0))
                .send("DBSIZE").expect(num(0));
        assertThat(expiredKeys() - before)
                .as("INFO stats expired_keys must grow by 1 when a key is deleted lazily (deleteExpired counts it)")
                .isEqualTo(1);
    }

    @Test
    @DisplayName("a key deleted by EXPIRE 0 is a plain delete: not counted in expired_keys")
    void explicitPastExpiryIsNotCounted() throws IOException {
        String key = randomKey();
        set(key, randomValue());
        long before = expiredKeys();
        x("EXPIRE with a past time deletes at once").send("EXPIRE", key, "-1").expect(num(1))
                .send("DBSIZE").expect(num(0));
        assertThat(expiredKeys() - before)
                .as("the client asked for the deletion: call delete, not deleteExpired, so expired_keys stays the same")
                .isZero();
    }

    @Test
    @DisplayName("writes see an expired key as missing: SETNX, INCR and APPEND start afresh")
    void writesSeeExpiredKeysAsMissing() {
        String a = randomKey(), b = randomKey(), c = randomKey();
        set(a, "old");
        set(b, "41");
        set(c, "abc");
        x("set up").send("PEXPIRE", a, "10").expect(num(1))
                .send("PEXPIRE", b, "10").expect(num(1))
                .send("PEXPIRE", c, "10").expect(num(1));
        clock.advanceMillis(11);
        x("lookupWrite expires too: a write must never build on a dead value")
                .send("SETNX", a, "new").expect(num(1))
                .send("GET", a).expect(bulk("new"))
                .send("TTL", a).expect(num(-1))
                .send("INCR", b).expect(num(1))
                .send("APPEND", c, "xy").expect(num(2));
    }

    @Test
    @DisplayName("a TTL survives value changes that keep the key (INCR, APPEND)")
    void ttlSurvivesInPlaceChanges() {
        String key = randomKey();
        set(key, "10");
        x("set up").send("EXPIRE", key, "50").expect(num(1));
        x("INCR and APPEND modify the value but not its expiry")
                .send("INCR", key).expect(num(11))
                .send("APPEND", key, "0").expect(num(3))
                .send("TTL", key).expect(num(50));
        clock.advanceMillis(50_001);
        x("and the key still expires on time").send("GET", key).expect(NIL);
    }

    @Test
    @DisplayName("a random mix of keys: exactly the ones past their time are gone, at any moment")
    void randomMix() {
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        List<String> keys = new ArrayList<>();
        List<Long> ttls = new ArrayList<>();          // -1: no TTL
        for (int i = 0; i < 60; i++) {
            String key = randomKey() + ":" + i;
            long ttl = rnd.nextInt(3) == 0 ? -1 : 1 + rnd.nextInt(3_000);
            set(key, "v" + i);
            if (ttl >= 0) x("set up").send("PEXPIRE", key, String.valueOf(ttl)).expect(num(1));
            keys.add(key);
            ttls.add(ttl);
        }
        long elapsed = 0;
        for (int step = 0; step < 4; step++) {
            long jump = rnd.nextInt(1_200);
            clock.advanceMillis(jump);
            elapsed += jump;
            for (int i = 0; i < keys.size(); i++) {
                long ttl = ttls.get(i);
                boolean alive = ttl < 0 || elapsed <= ttl;
                x("key with TTL " + (ttl < 0 ? "none" : ttl + " ms") + ", " + elapsed + " ms later: "
                        + (alive ? "still alive" : "expired"))
                        .send("GET", keys.get(i)).expect(alive ? bulk("v" + i) : NIL)
                        .send("PTTL", keys.get(i)).expect(num(ttl < 0 ? -1 : alive ? ttl - elapsed : -2));
            }
        }
    }
}
