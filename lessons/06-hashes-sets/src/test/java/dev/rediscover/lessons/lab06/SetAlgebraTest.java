/*
 * Task 8: SINTER, SUNION, SDIFF and their STORE forms (SetCommands.interGeneric and
 * unionDiffGeneric), each checked against the same operation on java.util.Sets.
 */
package dev.rediscover.lessons.lab06;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class SetAlgebraTest extends HashSetLab {

    /** Three random sets over a small universe, so they overlap: some all-integer, some mixed. */
    List<Set<String>> threeSets(String... keys) {
        List<Set<String>> models = new ArrayList<>();
        for (int s = 0; s < keys.length; s++) {
            Set<String> m = new HashSet<>();
            boolean integers = s != 1 || rnd().nextBoolean();
            int n = 5 + rnd().nextInt(60);
            while (m.size() < n) m.add(integers ? Integer.toString(rnd().nextInt(-40, 80)) : word(1) + rnd().nextInt(9));
            List<String> args = new ArrayList<>(List.of("SADD", keys[s]));
            args.addAll(m);
            x("SADD of distinct members answers their number").send(args.toArray(String[]::new)).expect(num(m.size()));
            models.add(m);
        }
        return models;
    }

    Set<String> smembers(String k) { return call("SMEMBERS " + k, "a set", "SMEMBERS is given", () -> jedis.smembers(k)); }

    @Test
    @DisplayName("SINTER of random sets equals the intersection of java.util sets")
    void sinter() {
        String a = key(), b = key(), c = key();
        List<Set<String>> m = threeSets(a, b, c);
        Set<String> expected = new HashSet<>(m.get(0));
        expected.retainAll(m.get(1));
        expected.retainAll(m.get(2));
        Set<String> got = call("SINTER " + a + " " + b + " " + c, expected.toString(),
                "walk the smallest set and keep the members every other set contains", () -> jedis.sinter(a, b, c));
        assertThat(got).as("SINTER of %s, %s, %s", m.get(0), m.get(1), m.get(2)).isEqualTo(expected);
        Set<String> two = new HashSet<>(m.get(0));
        two.retainAll(m.get(2));
        assertThat(call("SINTER " + a + " " + c, two.toString(), "intersection of two", () -> jedis.sinter(a, c)))
                .as("SINTER %s %s", m.get(0), m.get(2)).isEqualTo(two);
        assertThat(call("SINTER " + a + " " + a, m.get(0).toString(), "a set intersected with itself is itself",
                () -> jedis.sinter(a, a))).as("SINTER k k").isEqualTo(m.get(0));
    }

    @Test
    @DisplayName("SUNION and SDIFF of random sets equal the union and difference of java.util sets")
    void sunionSdiff() {
        String a = key(), b = key(), c = key();
        List<Set<String>> m = threeSets(a, b, c);
        Set<String> union = new HashSet<>(m.get(0));
        union.addAll(m.get(1));
        union.addAll(m.get(2));
        Set<String> diff = new HashSet<>(m.get(0));
        diff.removeAll(m.get(1));
        diff.removeAll(m.get(2));
        assertThat(call("SUNION " + a + " " + b + " " + c, union.toString(), "add every member of every set to one result set",
                () -> jedis.sunion(a, b, c))).as("SUNION of %s", m).isEqualTo(union);
        assertThat(call("SDIFF " + a + " " + b + " " + c, diff.toString(), "keep the members of the FIRST set that no other set has",
                () -> jedis.sdiff(a, b, c))).as("SDIFF of %s", m).isEqualTo(diff);
        assertThat(call("SDIFF " + a + " " + a, "[]", "a set minus itself is empty", () -> jedis.sdiff(a, a)))
                .as("SDIFF k k").isEmpty();
    }

    @Test
    @DisplayName("a missing key is an empty set: it empties SINTER, and SUNION/SDIFF ignore it")
    void missingKeys() {
        String a = key(), missing = key();
        x("setup").send("SADD", a, "1", "2").expect(num(2));
        x("one missing key makes the intersection empty (an empty array, not nil)")
                .send("SINTER", a, missing).expect("*0\r\n")
                .send("SINTER", missing).expect("*0\r\n");
        x("a missing key adds nothing to a union and removes nothing from a difference")
                .send("SUNION", missing, a).expect(array("1", "2"))
                .send("SDIFF", a, missing).expect(array("1", "2"))
                .send("SDIFF", missing, a).expect("*0\r\n");
    }

    @Test
    @DisplayName("the STORE forms write the result, answer its size, and replace what the key held")
    void storeForms() {
        String a = key(), b = key(), dst = key();
        List<Set<String>> m = threeSets(a, b);
        Set<String> inter = new HashSet<>(m.get(0));
        inter.retainAll(m.get(1));
        Set<String> union = new HashSet<>(m.get(0));
        union.addAll(m.get(1));
        Set<String> diff = new HashSet<>(m.get(0));
        diff.removeAll(m.get(1));
        x("the destination held a string: a STORE replaces it whatever its type")
                .send("SET", dst, "old").expect(OK)
                .send("SUNIONSTORE", dst, a, b).expect(num(union.size()));
        assertThat(smembers(dst)).as("SUNIONSTORE result").isEqualTo(union);
        x("SINTERSTORE answers the size of what it stored").send("SINTERSTORE", dst, a, b).expect(num(inter.size()));
        if (inter.isEmpty()) x("an empty result deletes the destination").send("EXISTS", dst).expect(num(0));
        else assertThat(smembers(dst)).as("SINTERSTORE result").isEqualTo(inter);
        x("SDIFFSTORE answers the size of what it stored").send("SDIFFSTORE", dst, a, b).expect(num(diff.size()));
        if (diff.isEmpty()) x("an empty result deletes the destination").send("EXISTS", dst).expect(num(0));
        else assertThat(smembers(dst)).as("SDIFFSTORE result").isEqualTo(diff);
        x("a STORE whose result is empty deletes the destination and answers 0")
                .send("SINTERSTORE", dst, a, key()).expect(num(0))
                .send("EXISTS", dst).expect(num(0));
    }

    @Test
    @DisplayName("a stored result of few integers is an intset, built with the ordinary add")
    void storedEncoding() {
        String a = key(), b = key(), w = key(), dst = key();
        x("setup").send("SADD", a, "3", "1", "2").expect(num(3))
                .send("SADD", b, "2", "3", "4", "word").expect(num(4))
                .send("SUNIONSTORE", dst, a, b).expect(num(5));
        expectEncoding(dst, "hashtable", "the union holds a word, so it cannot be an intset");
        x("the intersection is {2, 3}").send("SINTERSTORE", dst, b, a).expect(num(2))
                .send("SMEMBERS", dst).expect(array("2", "3"));
        expectEncoding(dst, "intset", "build the result as a new set with SetValue.createFor and add: integers make an intset");
        x("SINTER to a client answers the members too").send("SINTER", b, a)
                .expectThat(r -> new String(r).startsWith("*2\r\n"), "*2\\r\\n followed by 2 and 3");
        x("SDIFFSTORE of words").send("SADD", w, "x", "y").expect(num(2))
                .send("SDIFFSTORE", dst, w, b).expect(num(2));
        expectEncoding(dst, "hashtable", "words make a hashtable set");
    }

    @Test
    @DisplayName("SINTERCARD counts the intersection and stops at LIMIT")
    void sintercard() {
        String a = key(), b = key();
        List<Set<String>> m = threeSets(a, b);
        Set<String> inter = new HashSet<>(m.get(0));
        inter.retainAll(m.get(1));
        x("SINTERCARD (given) calls your interGeneric with cardinalityOnly: answer the count only")
                .send("SINTERCARD", "2", a, b).expect(num(inter.size()))
                .send("SINTERCARD", "2", a, key()).expect(num(0));
        x("with LIMIT n, stop counting at n (a LIMIT of 0 means no limit)")
                .send("SINTERCARD", "2", a, b, "LIMIT", "1").expect(num(Math.min(1, inter.size())))
                .send("SINTERCARD", "2", a, b, "LIMIT", "0").expect(num(inter.size()));
    }
}
