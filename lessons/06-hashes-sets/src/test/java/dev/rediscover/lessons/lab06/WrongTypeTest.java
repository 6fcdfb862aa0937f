/*
 * WRONGTYPE: every hash and set command you write checks the key's type before it reads or
 * writes anything (hashOf / setOf throw it), against strings (lab 03) and lists (lab 05).
 */
package dev.rediscover.lessons.lab06;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class WrongTypeTest extends HashSetLab {

    @Test
    @DisplayName("hash commands on a string or a list answer WRONGTYPE and change nothing")
    void hashCommandsOnOtherTypes() {
        String s = key(), l = key(), v = word(6);
        x("SET (lab 03) and RPUSH (lab 05) must already work").send("SET", s, v).expect(OK)
                .send("RPUSH", l, "a", "b").expect(num(2));
        for (String k : new String[]{s, l}) {
            x("look the key up and check its type (hashOf) before anything else, including creating the hash")
                    .send("HSET", k, "f", "v").expect(WRONGTYPE)
                    .send("HGET", k, "f").expect(WRONGTYPE)
                    .send("HDEL", k, "f").expect(WRONGTYPE)
                    .send("HGETALL", k).expect(WRONGTYPE)
                    .send("HINCRBY", k, "f", "1").expect(WRONGTYPE);
        }
        x("the string and the list are untouched").send("GET", s).expect(bulk(v))
                .send("LRANGE", l, "0", "-1").expect(array("a", "b"));
    }

    @Test
    @DisplayName("set commands on a string, a list or a hash answer WRONGTYPE")
    void setCommandsOnOtherTypes() {
        String s = key(), l = key(), h = key();
        x("SET, RPUSH and HSET must already work").send("SET", s, "1").expect(OK)
                .send("RPUSH", l, "a").expect(num(1))
                .send("HSET", h, "f", "v").expect(num(1));
        for (String k : new String[]{s, l, h}) {
            x("check the type (setOf) before reading or writing")
                    .send("SADD", k, "1").expect(WRONGTYPE)
                    .send("SREM", k, "1").expect(WRONGTYPE)
                    .send("SISMEMBER", k, "1").expect(WRONGTYPE);
        }
        x("a set command on a set is fine, and SET still reads as a string")
                .send("GET", s).expect(bulk("1"))
                .send("HGET", h, "f").expect(bulk("v"));
    }

    @Test
    @DisplayName("SINTER, SUNION, SDIFF answer WRONGTYPE if any key is not a set, even after a missing one")
    void algebraOnOtherTypes() {
        String set = key(), str = key(), missing = key(), dst = key();
        x("setup").send("SADD", set, "a", "b").expect(num(2))
                .send("SET", str, "x").expect(OK);
        x("every key is type-checked first: a missing key does not end the check early")
                .send("SINTER", set, missing, str).expect(WRONGTYPE)
                .send("SUNION", set, str).expect(WRONGTYPE)
                .send("SDIFF", set, str).expect(WRONGTYPE)
                .send("SDIFF", missing, str).expect(WRONGTYPE)
                .send("SUNIONSTORE", dst, set, str).expect(WRONGTYPE)
                .send("EXISTS", dst).expect(num(0));
    }
}
