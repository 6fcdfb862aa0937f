/*
 * Lab 05, task 1 seen from outside: a list is a chain of nodes, and list-max-listpack-size
 * decides how full a node gets. With a small fill (CONFIG SET list-max-listpack-size 4) every
 * command has to cross node boundaries, split nodes and drop empty ones; the tests compare the
 * result with a plain Java list and look at the node count on the server.
 */
package dev.rediscover.lessons.lab05;

import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;

class LongListTest extends ListLab {

    @BeforeEach
    void smallNodes() {
        x("CONFIG SET is given code: it must work already")
                .send("CONFIG", "SET", "list-max-listpack-size", "4").expect(OK);
    }

    @Test
    @DisplayName("with fill 4, 100 pushes make 25 full nodes; pops free the emptied nodes")
    void nodesFillUp() {
        String key = randomKey();
        List<String> v = randomValues(100);
        rpush(key, v, 100);
        assertThat(nodeCount(key))
                .as("RPUSH of 100 elements with list-max-listpack-size 4: each node holds 4 (allowInsert)")
                .isEqualTo(25);
        for (int i = 0; i < 6; i++) x("LPOP").send("LPOP", key).expect(bulk(v.get(i)));
        assertThat(nodeCount(key))
                .as("6 pops from the head empty one node and leave 2 in the next: an empty node must be unlinked")
                .isEqualTo(24);
        x("LINDEX crosses nodes from either end (cursorAt)")
                .send("LINDEX", key, "0").expect(bulk(v.get(6)))
                .send("LINDEX", key, "50").expect(bulk(v.get(56)))
                .send("LINDEX", key, "-1").expect(bulk(v.get(99)))
                .send("LINDEX", key, "-37").expect(bulk(v.get(63)))
                .send("LRANGE", key, "47", "52").expect(arr(v.subList(53, 59)));
    }

    @Test
    @DisplayName("LPUSH fills new head nodes; LRANGE and LINDEX see every element in order")
    void lpushManyNodes() {
        String key = randomKey();
        List<String> v = randomValues(37);
        x("LPUSH").send(withArgs("LPUSH", key, v)).expect(num(37));
        List<String> expected = new ArrayList<>(v);
        Collections.reverse(expected);
        x("the list reads back reversed, across 10 nodes")
                .send("LRANGE", key, "0", "-1").expect(arr(expected));
        assertThat(nodeCount(key)).as("37 elements, 4 per node").isEqualTo(10);
        for (int i = 0; i < 37; i += 5) {
            x("LINDEX " + i + " over many nodes").send("LINDEX", key, String.valueOf(i)).expect(bulk(expected.get(i)));
        }
    }

    @Test
    @DisplayName("LINSERT into a full node splits it, and no node ever holds more than 4")
    void insertSplits() {
        String key = randomKey();
        rpush(key, List.of("a", "b", "c", "d", "e", "f", "g", "h"), 8);
        assertThat(nodeCount(key)).as("two full nodes").isEqualTo(2);
        x("inserting in the middle of a full node must split it (insertInto)")
                .send("LINSERT", key, "AFTER", "b", "X").expect(num(9))
                .send("LRANGE", key, "0", "-1").expect(arr("a", "b", "X", "c", "d", "e", "f", "g", "h"));
        int nodes = nodeCount(key);
        assertThat(nodes).as("9 elements in nodes of at most 4 need at least 3 nodes; the split made %d", nodes)
                .isBetween(3, 4);
        x("at a node boundary an element may go into the neighbour or a new node; the order must hold")
                .send("LINSERT", key, "BEFORE", "e", "Y").expect(num(10))
                .send("LINSERT", key, "AFTER", "d", "Z").expect(num(11))
                .send("LRANGE", key, "0", "-1").expect(arr("a", "b", "X", "c", "d", "Z", "Y", "e", "f", "g", "h"));
        assertThat(nodeCount(key)).as("11 elements: between 3 and 11 nodes").isBetween(3, 11);
    }

    @Test
    @DisplayName("LTRIM drops whole nodes in the middle of a long list")
    void ltrimWholeNodes() {
        String key = randomKey();
        List<String> v = randomValues(200);
        rpush(key, v, 200);
        x("LTRIM 3 -5 deletes across node boundaries at both ends (deleteRange)")
                .send("LTRIM", key, "3", "-5").expect(OK)
                .send("LLEN", key).expect(num(193))
                .send("LRANGE", key, "0", "-1").expect(arr(v.subList(3, 196)));
        x("LTRIM 90 93 keeps one node's worth")
                .send("LTRIM", key, "90", "93").expect(OK)
                .send("LRANGE", key, "0", "-1").expect(arr(v.subList(93, 97)));
        Assertions.assertThat(nodeCount(key)).as("4 elements left: the emptied nodes must be unlinked").isBetween(1, 2);
    }

    @Test
    @DisplayName("a byte-size fill (-1: 4 KB nodes) splits lists of big elements")
    void byteSizedNodes() {
        x("a negative fill limits a node's bytes").send("CONFIG", "SET", "list-max-listpack-size", "-1").expect(OK);
        String key = randomKey();
        String big = "x".repeat(1000);
        List<String> v = new ArrayList<>();
        for (int i = 0; i < 12; i++) v.add(i + big);
        rpush(key, v, 12);
        assertThat(nodeCount(key))
                .as("12 elements of ~1 KB (1005 bytes as listpack entries) with 4 KB nodes: 4 fit in a node, so 3 nodes (allowInsert, fill < 0)")
                .isEqualTo(3);
        x("and they read back").send("LINDEX", key, "7").expect(bulk(v.get(7)));
    }

    @Test
    @DisplayName("random pushes and pops at both ends of a long list match a deque")
    void randomDeque() {
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        String key = randomKey();
        List<String> model = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            String v = "r" + i;
            switch (rnd.nextInt(5)) {
                case 0, 1 -> { model.add(0, v); x("LPUSH").send("LPUSH", key, v).expect(num(model.size())); }
                case 2, 3 -> { model.add(v); x("RPUSH").send("RPUSH", key, v).expect(num(model.size())); }
                default -> {
                    boolean left = rnd.nextBoolean();
                    String want = model.isEmpty() ? NIL : bulk(left ? model.remove(0) : model.remove(model.size() - 1));
                    x(left ? "LPOP" : "RPOP").send(left ? "LPOP" : "RPOP", key).expect(want);
                }
            }
        }
        x("the whole list after 600 random operations").send("LRANGE", key, "0", "-1")
                .expect(model.isEmpty() ? "*0\r\n" : arr(model));
        int nodes = nodeCount(key);
        assertThat((long) nodes).as("%d elements in nodes of at most 4, none empty", model.size())
                .isBetween((model.size() + 3) / 4L, (long) model.size());
    }
}
