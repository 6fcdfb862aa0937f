/*
 * Lab 04, task 5: the expiry options of the string commands, SET EX/PX/EXAT/PXAT/KEEPTTL,
 * SETEX, PSETEX and GETEX. They all go through SetOptions.absoluteExpire (relative or absolute,
 * seconds or ms, to one absolute time in ms) and Database.setExpire / removeExpire.
 */
package dev.rediscover.lessons.lab04;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@Order(3)   // LabRunner runs the classes in task order
class SetExpiryTest extends TtlLab {

    @Test
    @DisplayName("SET EX, PX, EXAT and PXAT all store one absolute expiry time")
    void setWithEachUnit() {
        String[][] cases = {
                {"EX", "30", "30000"},
                {"PX", "4321", "4321"},
                {"EXAT", String.valueOf(START / 1000 + 7), "7000"},
                {"PXAT", String.valueOf(START + 99), "99"},
        };
        for (String[] cs : cases) {
            String key = randomKey();
            x("SET ... " + cs[0] + " " + cs[1] + ": EX/PX are delays from now, EXAT/PXAT Unix times; a PTTL of -1"
                    + " means your setGeneric (lab 03) skips opt.expireAt(c, \"set\") or c.db.setExpire")
                    .send("SET", key, randomValue(), cs[0], cs[1]).expect(OK)
                    .send("PTTL", key).expect(num(Long.parseLong(cs[2])));
        }
    }

    @Test
    @DisplayName("SET EX with a bad time: zero, negative, not a number, overflowing")
    void setWithBadTimes() {
        String key = randomKey();
        String invalid = err("ERR invalid expire time in 'set' command");
        x("a time must be a positive number (unlike EXPIRE, SET refuses 0 and negatives)")
                .send("SET", key, "v", "EX", "0").expect(invalid)
                .send("SET", key, "v", "PX", "-1").expect(invalid)
                .send("SET", key, "v", "PXAT", "0").expect(invalid);
        x("seconds * 1000, or now + ms, must not overflow")
                .send("SET", key, "v", "EX", String.valueOf(Long.MAX_VALUE)).expect(invalid)
                .send("SET", key, "v", "PX", String.valueOf(Long.MAX_VALUE)).expect(invalid);
        x("a time that is not a number").send("SET", key, "v", "EX", "ten")
                .expect(err("ERR value is not an integer or out of range"));
        x("a refused SET writes nothing").send("EXISTS", key).expect(num(0));
    }

    @Test
    @DisplayName("SET drops the TTL, SET KEEPTTL keeps it, and an EXAT in the past expires on the next read")
    void keepTtl() {
        String key = randomKey();
        x("set up").send("SET", key, "a", "EX", "100").expect(OK);
        x("KEEPTTL: the new value keeps the old expiry").send("SET", key, "b", "KEEPTTL").expect(OK)
                .send("TTL", key).expect(num(100))
                .send("GET", key).expect(bulk("b"));
        x("a plain SET replaces the value and forgets the TTL").send("SET", key, "c").expect(OK)
                .send("TTL", key).expect(num(-1));
        x("SET with an EXAT already past is accepted, and the key is gone when read")
                .send("SET", key, "d", "EXAT", "1").expect(OK)
                .send("GET", key).expect(NIL)
                .send("EXISTS", key).expect(num(0));
    }

    @Test
    @DisplayName("SETEX and PSETEX set a value and a TTL in one go")
    void setexAndPsetex() {
        String a = randomKey(), b = randomKey();
        String va = randomValue();
        x("SETEX key seconds value").send("SETEX", a, "12", va).expect(OK)
                .send("PTTL", a).expect(num(12_000))
                .send("GET", a).expect(bulk(va));
        x("PSETEX key milliseconds value").send("PSETEX", b, "345", "x").expect(OK)
                .send("PTTL", b).expect(num(345));
        x("the error names the command that was called")
                .send("SETEX", a, "0", "v").expect(err("ERR invalid expire time in 'setex' command"))
                .send("PSETEX", a, "-5", "v").expect(err("ERR invalid expire time in 'psetex' command"));
        x("a refused SETEX leaves the key as it was").send("GET", a).expect(bulk(va));
    }

    @Test
    @DisplayName("GETEX reads a value and sets, keeps or removes its TTL")
    void getex() {
        String key = randomKey(), value = randomValue();
        set(key, value);
        x("GETEX without options is a GET that leaves the TTL alone").send("GETEX", key).expect(bulk(value))
                .send("TTL", key).expect(num(-1));
        x("GETEX PX sets a TTL").send("GETEX", key, "PX", "800").expect(bulk(value))
                .send("PTTL", key).expect(num(800));
        x("GETEX PERSIST removes it").send("GETEX", key, "PERSIST").expect(bulk(value))
                .send("PTTL", key).expect(num(-1));
        x("GETEX EX 0 is refused, naming getex").send("GETEX", key, "EX", "0")
                .expect(err("ERR invalid expire time in 'getex' command"));
        x("GETEX PXAT in the past answers the value and deletes the key")
                .send("GETEX", key, "PXAT", String.valueOf(START - 1)).expect(bulk(value))
                .send("EXISTS", key).expect(num(0));
        x("GETEX on a missing key is nil").send("GETEX", key, "EX", "10").expect(NIL);
    }
}
