/*
 * Task 4: lists, as Redis 7.0 writes them (RDB_TYPE_LIST_QUICKLIST_2): a node count, then per
 * node its container (2 = a listpack) and the listpack as one string. ListpackWriter and
 * ListpackReader are given; the tests compare with redis-server's payloads.
 */
package dev.rediscover.lessons.lab11;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@Order(4)   // LabRunner runs the classes in task order
class ListsTest extends RdbLab {
    /** LRANGE's reply for these elements, as bytes. */
    static byte[] lrange(List<byte[]> items) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.writeBytes(("*" + items.size() + "\r\n").getBytes(StandardCharsets.US_ASCII));
        for (byte[] b : items) out.writeBytes(bulk(b));
        return out.toByteArray();
    }

    void expectList(String key, List<byte[]> items, String hint) {
        expectBig(hint, lrange(items), bytes("LRANGE"), bytes(key), bytes("0"), bytes("-1"));
    }

    static List<byte[]> smallList() {
        List<byte[]> l = new ArrayList<>();
        for (String s : new String[]{"a", "b", "1", "-1", "300", "70000", "5000000000", ""}) l.add(bytes(s));
        return l;
    }

    static List<byte[]> list1000() {
        List<byte[]> l = new ArrayList<>();
        for (int i = 0; i < 1000; i++) l.add(bytes("item-" + i));
        return l;
    }

    void rpush(String k, List<byte[]> items) {
        byte[][] args = new byte[items.size() + 2][];
        args[0] = bytes("RPUSH");
        args[1] = bytes(k);
        for (int i = 0; i < items.size(); i++) args[i + 2] = items.get(i);
        x("RPUSH must work (lab 05)").send(args).expect(":" + items.size() + "\r\n");
    }

    @Test
    @DisplayName("DUMP of a small list is redis-server's payload, byte for byte")
    void dumpOfASmallListIsRedisPayloadByteForByte() {
        String k = randomKey();
        rpush(k, smallList());
        x("type 18, 1 node, container 2, then the node's listpack as a string (ListpackWriter.add per element)")
                .send("DUMP", k).expect(bulk(RedisFixtures.dump("smallList")));
    }

    @Test
    @DisplayName("redis-server's small list RESTOREs with its elements in order")
    void redisSmallListRestores() {
        String k = randomKey();
        restore(k, RedisFixtures.dump("smallList"), "ValueReader.quicklist: node count, container, listpack");
        expectList(k, smallList(), "the elements in order (integers in the listpack come back as their digits)");
    }

    @Test
    @DisplayName("redis-server's 1000-element list (two LZF-compressed nodes) RESTOREs")
    void redisListOfSeveralCompressedNodesRestores() {
        String k = randomKey();
        restore(k, RedisFixtures.dump("list1000"), "a 1000-element list has two nodes, each an LZF-compressed listpack");
        expectList(k, list1000(), "all 1000 elements, in order");
    }

    @Test
    @DisplayName("a node holding one 20000-byte element RESTOREs")
    void aNodeWithOneBigElementRestores() {
        String k = randomKey();
        restore(k, RedisFixtures.dump("bigElementList"), "a 20000-byte element gets a node of its own");
        List<byte[]> expected = List.of(bytes("x"), noise(20000, 5), bytes("z"));
        expectList(k, expected, "three elements, the middle one 20000 bytes");
    }

    @Test
    @DisplayName("a long list is written as several nodes and restores whole")
    void aLongListIsWrittenAsSeveralNodesAndRoundTrips() {
        String k = randomKey();
        rpush(k, list1000());
        byte[] p = dump(k, "DUMP of a list");
        assertThat(p[0] & 0xff).as("the type byte of a list is 18 (RDB_TYPE_LIST_QUICKLIST_2)").isEqualTo(18);
        assertThat(p[1] & 0xff).as("the node count: about 11 KB of elements do not fit one 8 KB node "
                + "(start a new listpack when nodeFull says so)").isGreaterThan(1);
        restore(k + ":copy", p, "what DUMP writes, RESTORE must read");
        expectList(k + ":copy", list1000(), "all 1000 elements, in order");
    }

    @Test
    @DisplayName("random lists of up to 3000 elements survive DUMP and RESTORE")
    void randomListsRoundTrip() {
        java.util.concurrent.ThreadLocalRandom rnd = java.util.concurrent.ThreadLocalRandom.current();
        for (int round = 0; round < 10; round++) {
            List<byte[]> items = new ArrayList<>();
            int n = rnd.nextInt(1, 3000);
            for (int i = 0; i < n; i++) {
                items.add(rnd.nextBoolean() ? bytes(Long.toString(rnd.nextLong())) : noise(rnd.nextInt(0, 200), rnd.nextLong()));
            }
            String k = randomKey();
            rpush(k, items);
            restore(k + ":copy", dump(k, "DUMP of a list"), "what DUMP writes, RESTORE must read");
            expectList(k + ":copy", items, "a random list of " + n + " elements must come back the same");
        }
    }

    @Test
    @DisplayName("a list with no nodes is Bad data format")
    void anEmptyListIsNotAKey() {
        // type 18, zero nodes
        x("a quicklist with no elements is refused: quicklist() answers null and RESTORE says Bad data format")
                .send(bytes("RESTORE"), bytes(randomKey()), bytes("0"), payload(new byte[]{18, 0}))
                .expect(BAD_FORMAT);
    }

    @Test
    @DisplayName("a node container other than 1 or 2 is Bad data format")
    void anUnknownNodeContainerIsBadData() {
        x("a node container other than 1 (plain) or 2 (packed) is corrupt")
                .send(bytes("RESTORE"), bytes(randomKey()), bytes("0"), payload(new byte[]{18, 1, 7, 1, 'a'}))
                .expect(BAD_FORMAT);
    }
}
