/*
 * Tasks 4-6: IntSet.search/add, SetValue.contains/add/remove, and SADD, SREM, SISMEMBER, on
 * both encodings.
 */
package dev.rediscover.lessons.lab06;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class SetCommandsTest extends HashSetLab {

    @Test
    @DisplayName("SADD counts only new members, also when one is named twice in the same call")
    void saddCounts() {
        String k = key(), a = word(8) + "a", b = word(8) + "b";
        x("SADD answers how many members were new").send("SADD", k, a, b, a).expect(num(2))
                .send("SADD", k, b, "c").expect(num(1))
                .send("SCARD", k).expect(num(3));
        String n = key();
        x("the same with integers (the intset's search must find the duplicate)")
                .send("SADD", n, "5", "-3", "5", "0").expect(num(3))
                .send("SADD", n, "0", "-3").expect(num(0))
                .send("SMEMBERS", n).expect(array("-3", "0", "5"));
    }

    @Test
    @DisplayName("SISMEMBER answers 1 or 0 for both encodings, and 0 for a missing key")
    void sismember() {
        String ints = key(), words = key(), w = word(10);
        x("an intset: members found by binary search")
                .send("SADD", ints, "10", "20", "30").expect(num(3))
                .send("SISMEMBER", ints, "20").expect(num(1))
                .send("SISMEMBER", ints, "25").expect(num(0))
                .send("SISMEMBER", ints, "5").expect(num(0))
                .send("SISMEMBER", ints, "31").expect(num(0));
        x("asking an intset about a non-integer is 0, not an error (check isInteger before toLong)")
                .send("SISMEMBER", ints, "twenty").expect(num(0))
                .send("SISMEMBER", ints, "020").expect(num(0));
        x("a hashtable set").send("SADD", words, w).expect(num(1))
                .send("SISMEMBER", words, w).expect(num(1))
                .send("SISMEMBER", words, w + "x").expect(num(0))
                .send("SISMEMBER", key(), w).expect(num(0));
    }

    @Test
    @DisplayName("binary members are kept byte for byte")
    void binaryMembers() {
        String k = key();
        byte[] m = concat(new byte[]{0, '\r', '\n', (byte) 0x80}, randomBytes(20));
        x("members are byte[]; never turn them into a String")
                .send(bytes("SADD"), bytes(k), m).expect(num(1))
                .send(bytes("SISMEMBER"), bytes(k), m).expect(num(1))
                .send(bytes("SMEMBERS"), bytes(k)).expect(concat(bytes("*1\r\n"), bulk(m)));
    }

    @Test
    @DisplayName("SREM counts what it removed, and removing the last member deletes the key")
    void srem() {
        String k = key(), n = key();
        x("SREM from a hashtable set").send("SADD", k, "x", "y", "z").expect(num(3))
                .send("SREM", k, "y", "nope", "y").expect(num(1))
                .send("SISMEMBER", k, "y").expect(num(0))
                .send("SCARD", k).expect(num(2));
        x("SREM from an intset: the array closes the gap")
                .send("SADD", n, "1", "2", "3", "4").expect(num(4))
                .send("SREM", n, "2", "9", "word").expect(num(1))
                .send("SMEMBERS", n).expect(array("1", "3", "4"));
        x("a set never exists empty: the last SREM deletes the key")
                .send("SREM", k, "x", "z").expect(num(2))
                .send("EXISTS", k).expect(num(0))
                .send("SREM", n, "1", "3", "4").expect(num(3))
                .send("TYPE", n).expect("+none\r\n")
                .send("SREM", n, "1").expect(num(0));
    }

    @Test
    @DisplayName("random SADD/SREM on mixed members agree with a HashSet")
    void againstModel() {
        String k = key();
        Set<String> model = new HashSet<>();
        for (int i = 0; i < 800; i++) {
            String m = rnd().nextBoolean() ? Integer.toString(rnd().nextInt(-300, 300)) : word(2);
            if (rnd().nextInt(3) == 0) {
                boolean had = model.remove(m);
                x("SREM answers 1 only for a member that was there").send("SREM", k, m).expect(num(had ? 1 : 0));
            } else {
                boolean isNew = model.add(m);
                x("SADD answers 1 only for a new member").send("SADD", k, m).expect(num(isNew ? 1 : 0));
            }
        }
        Set<String> got = call("SMEMBERS " + k, model.size() + " members", "SMEMBERS lists the table", () -> jedis.smembers(k));
        assertThat(got).as("SMEMBERS %s against a HashSet that saw the same SADDs and SREMs", k).isEqualTo(model);
        List<String> probes = new ArrayList<>(model);
        for (int i = 0; i < 20; i++) probes.add(word(3));
        for (String p : probes) {
            x("SISMEMBER agrees with the model").send("SISMEMBER", k, p).expect(num(model.contains(p) ? 1 : 0));
        }
    }
}
