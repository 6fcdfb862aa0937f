/*
 * Lab 04, tasks 1-4: EXPIRE, PEXPIRE, EXPIREAT, PEXPIREAT with NX/XX/GT/LT, the TTL readers
 * (TTL, PTTL, EXPIRETIME, PEXPIRETIME) and PERSIST, replies and error texts byte for byte as
 * Redis 7.0 gives them. Time is a ManualClock starting at START; nothing sleeps.
 */
package dev.rediscover.lessons.lab04;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

@Order(1)   // LabRunner runs the classes in task order
class ExpireCommandsTest extends TtlLab {

    @Test
    @DisplayName("TTL and PTTL answer -2 for a missing key and -1 for a key without a TTL")
    void ttlOfMissingAndPersistentKeys() {
        String key = randomKey();
        x("a key that does not exist has no TTL to report: the answer is -2")
                .send("TTL", key).expect(num(-2))
                .send("PTTL", key).expect(num(-2))
                .send("EXPIRETIME", key).expect(num(-2))
                .send("PEXPIRETIME", key).expect(num(-2));
        set(key, randomValue());
        x("a key that exists but never expires answers -1 (check hasExpiry() before doing arithmetic)")
                .send("TTL", key).expect(num(-1))
                .send("PTTL", key).expect(num(-1))
                .send("EXPIRETIME", key).expect(num(-1))
                .send("PEXPIRETIME", key).expect(num(-1));
    }

    @Test
    @DisplayName("EXPIRE sets a TTL in seconds that TTL and PTTL count down with the clock")
    void expireThenCountDown() {
        String key = randomKey();
        set(key, randomValue());
        x("EXPIRE answers 1 when it set the TTL").send("EXPIRE", key, "100").expect(num(1));
        x("EXPIRE takes seconds: store now + seconds * 1000 as the expiry time in ms")
                .send("PTTL", key).expect(num(100_000))
                .send("TTL", key).expect(num(100));
        clock.advanceMillis(1_500);
        x("PTTL is expireAt - now in ms; TTL rounds that to the nearest second (98.5 s -> 99)")
                .send("PTTL", key).expect(num(98_500))
                .send("TTL", key).expect(num(99));
        clock.advanceMillis(101);
        x("98.399 s left rounds down to 98: TTL is (ms + 500) / 1000")
                .send("TTL", key).expect(num(98));
    }

    @Test
    @DisplayName("PEXPIRE, EXPIREAT and PEXPIREAT: the same expiry, from other units and origins")
    void otherUnitsAndAbsoluteTimes() {
        String a = randomKey(), b = randomKey(), c = randomKey();
        set(a, randomValue());
        set(b, randomValue());
        set(c, randomValue());
        x("PEXPIRE takes milliseconds from now").send("PEXPIRE", a, "2500").expect(num(1))
                .send("PTTL", a).expect(num(2_500));
        x("EXPIREAT takes a Unix time in seconds, not a delay")
                .send("EXPIREAT", b, String.valueOf(START / 1000 + 50)).expect(num(1))
                .send("TTL", b).expect(num(50));
        x("PEXPIREAT takes a Unix time in milliseconds")
                .send("PEXPIREAT", c, String.valueOf(START + 1234)).expect(num(1))
                .send("PTTL", c).expect(num(1234));
    }

    @Test
    @DisplayName("EXPIRETIME and PEXPIRETIME report the absolute expiry, which does not move with the clock")
    void expiretime() {
        String key = randomKey();
        set(key, randomValue());
        x("set up").send("PEXPIRE", key, "2500").expect(num(1));
        clock.advanceMillis(1_000);
        x("PEXPIRETIME is the stored Unix time in ms; EXPIRETIME the same in seconds, rounded")
                .send("PEXPIRETIME", key).expect(num(START + 2_500))
                .send("EXPIRETIME", key).expect(num(START / 1000 + 3));
    }

    @Test
    @DisplayName("EXPIRE on a missing key answers 0 and creates nothing")
    void expireMissingKey() {
        String key = randomKey();
        x("no key, nothing to expire: answer 0 and do not create the key")
                .send("EXPIRE", key, "10").expect(num(0))
                .send("PEXPIREAT", key, String.valueOf(START + 10)).expect(num(0))
                .send("EXISTS", key).expect(num(0))
                .send("TTL", key).expect(num(-2));
    }

    @Test
    @DisplayName("an expiry time that is not in the future deletes the key at once")
    void expiryInThePastDeletes() {
        String[][] cases = {
                {"EXPIRE", "0"}, {"EXPIRE", "-5"}, {"PEXPIRE", "-1"}, {"PEXPIREAT", "1"},
                {"EXPIREAT", String.valueOf(START / 1000 - 1)},
                {"PEXPIREAT", String.valueOf(START)},          // exactly now is not the future
        };
        for (String[] cs : cases) {
            String key = randomKey();
            set(key, randomValue());
            x(cs[0] + " " + cs[1] + " names a time <= now: delete the key right away and answer 1")
                    .send(cs[0], key, cs[1]).expect(num(1))
                    .send("EXISTS", key).expect(num(0))
                    .send("DBSIZE").expect(num(0));
        }
    }

    @Test
    @DisplayName("NX sets a TTL only where there is none; XX only where there is one")
    void nxAndXx() {
        String key = randomKey();
        set(key, randomValue());
        x("XX: only if the key already has a TTL. It has none, so 0 and nothing changes")
                .send("EXPIRE", key, "100", "XX").expect(num(0))
                .send("TTL", key).expect(num(-1));
        x("NX: only if the key has no TTL yet").send("EXPIRE", key, "100", "NX").expect(num(1))
                .send("TTL", key).expect(num(100));
        x("NX on a key that has a TTL: 0, and the TTL stays 100")
                .send("EXPIRE", key, "5", "NX").expect(num(0))
                .send("TTL", key).expect(num(100));
        x("XX on a key that has a TTL replaces it").send("EXPIRE", key, "5", "XX").expect(num(1))
                .send("TTL", key).expect(num(5));
    }

    @Test
    @DisplayName("GT and LT compare with the current TTL; no TTL counts as infinitely long")
    void gtAndLt() {
        String key = randomKey();
        set(key, randomValue());
        x("GT on a key without a TTL: no time is greater than 'never', so 0")
                .send("EXPIRE", key, "100", "GT").expect(num(0))
                .send("TTL", key).expect(num(-1));
        x("LT on a key without a TTL: any time is less than 'never', so 1")
                .send("EXPIRE", key, "100", "LT").expect(num(1))
                .send("TTL", key).expect(num(100));
        x("GT with a smaller time: 0").send("EXPIRE", key, "50", "GT").expect(num(0));
        x("GT with an equal time: 0 (strictly greater)").send("EXPIRE", key, "100", "GT").expect(num(0));
        x("GT with a greater time: 1").send("EXPIRE", key, "200", "GT").expect(num(1))
                .send("TTL", key).expect(num(200));
        x("LT with a greater time: 0").send("EXPIRE", key, "300", "LT").expect(num(0));
        x("LT with an equal time: 0 (strictly less)").send("EXPIRE", key, "200", "LT").expect(num(0));
        x("LT with a smaller time: 1").send("PEXPIRE", key, "1500", "LT").expect(num(1))
                .send("PTTL", key).expect(num(1500));
    }

    @Test
    @DisplayName("options are case-insensitive, and XX may go with GT or LT")
    void optionCaseAndCombinations() {
        String key = randomKey();
        set(key, randomValue());
        x("'nx' in any case is NX").send("EXPIRE", key, "100", "nX").expect(num(1));
        x("XX GT: has a TTL and the new one is greater").send("EXPIRE", key, "200", "xx", "Gt").expect(num(1))
                .send("TTL", key).expect(num(200));
        x("GT XX in the other order means the same").send("EXPIRE", key, "150", "gt", "XX").expect(num(0))
                .send("TTL", key).expect(num(200));
    }

    @Test
    @DisplayName("option errors, word for word")
    void optionErrors() {
        String key = randomKey();
        set(key, randomValue());
        String nxConflict = err("ERR NX and XX, GT or LT options at the same time are not compatible");
        x("NX cannot go with XX, GT or LT")
                .send("EXPIRE", key, "10", "NX", "XX").expect(nxConflict)
                .send("EXPIRE", key, "10", "GT", "nx").expect(nxConflict)
                .send("PEXPIRE", key, "10", "NX", "LT").expect(nxConflict);
        x("GT and LT contradict each other")
                .send("EXPIRE", key, "10", "GT", "LT").expect(err("ERR GT and LT options at the same time are not compatible"));
        x("an unknown option is named as the client wrote it")
                .send("EXPIRE", key, "10", "FoO").expect(err("ERR Unsupported option FoO"))
                .send("EXPIRE", key, "10", "NX", "NX", "bar").expect(err("ERR Unsupported option bar"));
        x("the options are checked before the number: this time is not even a number")
                .send("EXPIRE", key, "soon", "maybe").expect(err("ERR Unsupported option maybe"));
        x("a time that is not an integer")
                .send("EXPIRE", key, "soon").expect(err("ERR value is not an integer or out of range"))
                .send("PEXPIRE", key, "1.5").expect(err("ERR value is not an integer or out of range"));
        x("nothing was changed by the failed commands").send("TTL", key).expect(num(-1));
    }

    @Test
    @DisplayName("times that overflow 64 bits once in ms are refused, naming the command")
    void overflowingTimes() {
        String key = randomKey();
        set(key, randomValue());
        String max = String.valueOf(Long.MAX_VALUE);
        x("seconds * 1000 overflows a long: refuse instead of wrapping around to the past")
                .send("EXPIRE", key, max).expect(err("ERR invalid expire time in 'expire' command"))
                .send("EXPIREAT", key, max).expect(err("ERR invalid expire time in 'expireat' command"))
                .send("EXPIRE", key, String.valueOf(Long.MIN_VALUE)).expect(err("ERR invalid expire time in 'expire' command"));
        x("now + ms overflows a long").send("PEXPIRE", key, max).expect(err("ERR invalid expire time in 'pexpire' command"));
        x("the key survived every refusal, without a TTL").send("TTL", key).expect(num(-1));
        x("PEXPIREAT with the largest long is fine: nothing is added to it")
                .send("PEXPIREAT", key, max).expect(num(1))
                .send("PEXPIRETIME", key).expect(num(Long.MAX_VALUE))
                .send("PTTL", key).expect(num(Long.MAX_VALUE - START));
    }

    @Test
    @DisplayName("PERSIST removes a TTL: 1 if there was one, 0 otherwise")
    void persist() {
        String key = randomKey();
        x("PERSIST on a missing key: 0").send("PERSIST", key).expect(num(0));
        set(key, randomValue());
        x("PERSIST on a key without a TTL: 0").send("PERSIST", key).expect(num(0));
        x("set up").send("EXPIRE", key, "10").expect(num(1));
        x("PERSIST removes the TTL and answers 1").send("PERSIST", key).expect(num(1))
                .send("TTL", key).expect(num(-1));
        clock.advanceMillis(60_000);
        x("a persisted key does not expire, however much time passes (remove it from the expires dict too)")
                .send("EXISTS", key).expect(num(1))
                .send("PERSIST", key).expect(num(0));
    }

    @Test
    @DisplayName("binary key names work with every TTL command")
    void binaryKeys() {
        byte[] key = {'k', 0, (byte) 0xff, '\r', '\n'};
        byte[] value = {1, 2, 3};
        x("SET of a binary key").send(b("SET"), key, value).expect(OK);
        x("the key is bytes, never a String")
                .send(b("PEXPIRE"), key, b("700")).expect(num(1))
                .send(b("PTTL"), key).expect(num(700))
                .send(b("PERSIST"), key).expect(num(1))
                .send(b("TTL"), key).expect(num(-1));
    }

    static byte[] b(String s) { return s.getBytes(StandardCharsets.UTF_8); }
}
