/*
 * Task 4: MGET and MSET, several keys in one command.
 */
package dev.rediscover.lessons.lab03;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

@Order(4)   // LabRunner runs the classes in task order
class MultiKeyTest extends Lab03Support {

    @Test
    @DisplayName("MSET stores every pair; MGET answers them in order, with nil for the missing keys")
    void msetThenMget() {
        int n = 2 + rnd().nextInt(8);
        List<byte[]> mset = new ArrayList<>(List.of(bytes("MSET")));
        List<byte[]> mget = new ArrayList<>(List.of(bytes("MGET")));
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        int asked = 0;
        for (int i = 0; i < n; i++) {
            byte[] k = binaryKey(), v = randomBytes(rnd().nextInt(50));
            mset.add(k);
            mset.add(v);
            if (rnd().nextBoolean()) {              // a key nobody set, between real ones
                mget.add(bytes(key()));
                expected.writeBytes(bytes(NIL));
                asked++;
            }
            mget.add(k);
            expected.writeBytes(bulk(v));
            asked++;
        }
        byte[] reply = concat(bytes("*" + asked + "\r\n"), expected.toByteArray());
        talk("MGET answers an array with one element per key asked: the value, or $-1 where there is none")
                .send(mset.toArray(byte[][]::new)).expect(OK)
                .send(mget.toArray(byte[][]::new)).expect(reply);
    }

    @Test
    @DisplayName("MSET with a key named twice keeps the last value")
    void msetSameKeyTwice() {
        String k = key();
        String v1 = word(8), v2 = word(8);
        talk("store the pairs left to right")
                .send("MSET", k, v1, k, v2).expect(OK)
                .send("MGET", k, k).expect("*2\r\n" + bulk(v2) + bulk(v2));
    }

    @Test
    @DisplayName("MSET with a key but no value is an arity error, and stores nothing")
    void msetOddArguments() {
        String a = key(), b = key();
        talk("the table's arity (-3) lets MSET a 1 b through; MSET must check the pairs itself, before writing anything")
                .send("MSET", a, "1", b).expect("-ERR wrong number of arguments for 'mset' command\r\n")
                .send("MGET", a, b).expect("*2\r\n" + NIL + NIL);
    }

    @Test
    @DisplayName("MSETNX sets all the keys only if none exists (1), else none of them (0)")
    void msetnx() {
        String a = key(), b = key(), c = key();
        talk("MSETNX is given, but it runs on your lookup and set")
                .send("MSETNX", a, "1", b, "2").expect(integer(1))
                .send("MSETNX", c, "3", b, "4").expect(integer(0))
                .send("MGET", a, b, c).expect("*3\r\n" + bulk("1") + bulk("2") + NIL);
    }

    @Test
    @DisplayName("MGET of only missing keys is an array of nils, not an empty array")
    void mgetAllMissing() {
        talk("one element per key, even when no key exists")
                .send("MGET", key(), key(), key()).expect("*3\r\n" + NIL + NIL + NIL);
    }
}
