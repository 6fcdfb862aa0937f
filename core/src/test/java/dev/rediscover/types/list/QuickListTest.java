/*
 * QuickList against java.util.ArrayList as a model: random sequences of every operation (pushes,
 * pops, inserts, removes, range deletes, cursor walks and deletes) under every kind of fill, with
 * the structure's invariants checked after each step. Also the fill rule itself: node sizes for
 * negative (byte classes) and positive (element count) list-max-listpack-size values.
 */
package dev.rediscover.types.list;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class QuickListTest {

    private static byte[] b(String s) { return s.getBytes(StandardCharsets.UTF_8); }

    private static byte[] randomValue(SplittableRandom rnd) {
        int kind = rnd.nextInt(10);
        int len = kind == 0 ? rnd.nextInt(300) : kind == 1 ? 0 : rnd.nextInt(12);
        if (kind == 2) return Long.toString(rnd.nextLong()).getBytes(StandardCharsets.US_ASCII);
        byte[] v = new byte[len];
        for (int i = 0; i < len; i++) v[i] = (byte) rnd.nextInt(256);
        return v;
    }

    private static void assertSame(QuickList q, List<byte[]> model) {
        q.checkInvariants();
        assertThat(q.size()).isEqualTo(model.size());
        assertThat(q.toList()).containsExactlyElementsOf(model);
    }

    @Property(tries = 60)
    void behavesLikeArrayList(@ForAll long seed, @ForAll @IntRange(min = -7, max = 40) int fill) {
        SplittableRandom rnd = new SplittableRandom(seed);
        QuickList q = new QuickList(fill);
        List<byte[]> model = new ArrayList<>();
        for (int step = 0; step < 600; step++) {
            int op = rnd.nextInt(13);
            int n = model.size();
            switch (op) {
                case 0, 1 -> { byte[] v = randomValue(rnd); q.pushHead(v); model.add(0, v); }
                case 2, 3 -> { byte[] v = randomValue(rnd); q.pushTail(v); model.add(v); }
                case 4 -> assertThat(q.popHead()).isEqualTo(n == 0 ? null : model.remove(0));
                case 5 -> assertThat(q.popTail()).isEqualTo(n == 0 ? null : model.remove(n - 1));
                case 6 -> { int i = rnd.nextInt(n + 1); byte[] v = randomValue(rnd); q.insert(i, v); model.add(i, v); }
                case 7 -> { if (n > 0) { int i = rnd.nextInt(n); assertThat(q.remove(i)).isEqualTo(model.remove(i)); } }
                case 8 -> { if (n > 0) { int i = rnd.nextInt(n); byte[] v = randomValue(rnd); q.set(i, v); model.set(i, v); } }
                case 9 -> {
                    if (n > 0) {
                        int from = rnd.nextInt(n);
                        int count = rnd.nextInt(n - from + 3);
                        q.deleteRange(from, count);
                        model.subList(from, Math.min(n, from + count)).clear();
                    }
                }
                case 10 -> { if (n > 0) { int i = rnd.nextInt(n); assertThat(q.get(i)).isEqualTo(model.get(i)); } }
                case 11 -> cursorInsert(q, model, rnd);
                default -> cursorRemoveEvery(q, model, rnd);
            }
            assertSame(q, model);
        }
    }

    /** LINSERT's path: a cursor at a random element inserts before or after it. */
    private static void cursorInsert(QuickList q, List<byte[]> model, SplittableRandom rnd) {
        if (model.isEmpty()) return;
        int i = rnd.nextInt(model.size());
        byte[] v = randomValue(rnd);
        QuickList.Cursor c = q.cursorAt(i);
        if (rnd.nextBoolean()) {
            c.insertBefore(v);
            model.add(i, v);
        } else {
            c.insertAfter(v);
            model.add(i + 1, v);
        }
    }

    /** LREM's path: walk in one direction deleting every element of a chosen length parity. */
    private static void cursorRemoveEvery(QuickList q, List<byte[]> model, SplittableRandom rnd) {
        if (model.isEmpty()) return;
        boolean forward = rnd.nextBoolean();
        int parity = rnd.nextInt(2);
        QuickList.Cursor c = q.cursorAt(forward ? 0 : model.size() - 1);
        while (c.valid()) {
            if (c.value().length % 2 == parity) c.remove(forward);
            else if (forward) c.forward();
            else c.backward();
        }
        model.removeIf(v -> v.length % 2 == parity);
    }

    @Test
    void cursorWalksBothWays() {
        QuickList q = new QuickList(3);
        for (int i = 0; i < 10; i++) q.pushTail(b("e" + i));
        List<String> fwd = new ArrayList<>(), back = new ArrayList<>();
        for (QuickList.Cursor c = q.cursorAt(0); c.valid(); c.forward()) fwd.add(new String(c.value(), StandardCharsets.UTF_8));
        for (QuickList.Cursor c = q.cursorAt(9); c.valid(); c.backward()) back.add(new String(c.value(), StandardCharsets.UTF_8));
        assertThat(fwd).containsExactly("e0", "e1", "e2", "e3", "e4", "e5", "e6", "e7", "e8", "e9");
        assertThat(back).containsExactly("e9", "e8", "e7", "e6", "e5", "e4", "e3", "e2", "e1", "e0");
        assertThatThrownBy(() -> q.cursorAt(10)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void positiveFillCountsElementsPerNode() {
        QuickList q = new QuickList(5);
        for (int i = 0; i < 23; i++) q.pushTail(b("x"));
        assertThat(q.nodeCount()).isEqualTo(5);              // 5+5+5+5+3
        QuickList one = new QuickList(0);                     // 0: one element per node
        for (int i = 0; i < 7; i++) one.pushHead(b("x"));
        assertThat(one.nodeCount()).isEqualTo(7);
    }

    @Test
    void positiveFillStillStopsAtTheSafetyLimit() {
        QuickList q = new QuickList(1000);
        byte[] v = new byte[1000];
        for (int i = 0; i < 40; i++) q.pushTail(v);
        // a node may not pass 8 KB, so at most 8 elements of ~1 KB each
        assertThat(q.nodeCount()).isGreaterThanOrEqualTo(5);
        q.checkInvariants();
    }

    @Test
    void negativeFillsAreByteClasses() {
        int[] expectedBytes = {4096, 8192, 16384, 32768, 65536};
        for (int fill = -1; fill >= -5; fill--) {
            QuickList q = new QuickList(fill);
            byte[] v = new byte[100];          // 2-byte header + 100 + 1-byte backlen as a listpack
            int n = 2000;
            for (int i = 0; i < n; i++) q.pushTail(v);
            int perNode = (expectedBytes[-fill - 1] - ListPack.HEADER_BYTES) / 103;
            assertThat(q.nodeCount()).as("fill %d", fill).isEqualTo((n + perNode - 1) / perNode);
        }
    }

    @Test
    void fillIsClampedAsRedisDoes() {
        assertThat(new QuickList(-100).fill()).isEqualTo(-5);
        assertThat(new QuickList(1 << 20).fill()).isEqualTo(32767);
    }

    @Test
    void listpackEntrySizesFollowRedisEncodings() {
        assertThat(ListPack.entryBytes(b("7"))).isEqualTo(2);           // 7-bit uint + backlen
        assertThat(ListPack.entryBytes(b("-100"))).isEqualTo(3);        // 13-bit int
        assertThat(ListPack.entryBytes(b("100000"))).isEqualTo(5);      // 24-bit int
        assertThat(ListPack.entryBytes(b("9223372036854775807"))).isEqualTo(10);
        assertThat(ListPack.entryBytes(b("007"))).isEqualTo(5);         // not canonical: a string
        assertThat(ListPack.entryBytes(new byte[63])).isEqualTo(65);
        assertThat(ListPack.entryBytes(new byte[64])).isEqualTo(67);    // 2-byte header, 1-byte backlen
        assertThat(ListPack.entryBytes(new byte[200])).isEqualTo(204);  // 2-byte backlen
    }

    @Test
    void copyIsIndependent() {
        QuickList q = new QuickList(4);
        for (int i = 0; i < 30; i++) q.pushTail(b("v" + i));
        QuickList c = q.copy();
        c.popHead();
        c.pushTail(b("new"));
        c.set(3, b("changed"));
        assertThat(q.size()).isEqualTo(30);
        assertThat(q.get(0)).isEqualTo(b("v0"));
        assertThat(q.get(4)).isEqualTo(b("v4"));
        c.checkInvariants();
        assertThat(c.size()).isEqualTo(30);
        assertThat(c.get(29)).isEqualTo(b("new"));
        assertThat(q.memory()).isGreaterThan(30 * 16);
        assertThat(q.typeName()).isEqualTo("list");
        assertThat(q.encoding()).isEqualTo("quicklist");
    }

    /** The values of sameBytesAsRedis, covering every listpack encoding and its edges. */
    private static List<byte[]> edgeValues() {
        List<byte[]> vs = new ArrayList<>();
        for (String s : new String[] {"0", "127", "128", "-1", "-4096", "4095", "4096", "-4097", "32767",
                "-32768", "8388607", "-8388608", "2147483647", "-2147483648", "9223372036854775807",
                "-9223372036854775808", "-0", "007", "+1", "abc", ""}) {
            vs.add(b(s));
        }
        vs.add(b("a".repeat(63)));
        vs.add(b("b".repeat(64)));
        vs.add(b("c".repeat(200)));
        return vs;
    }

    @Test
    void nodesAreByteForByteRedisListpacks() {
        // Redis 7.0.15: RPUSH of edgeValues(), then DUMP (rdbcompression no): the one node's listpack.
        String redis = "b5010000180000017f01c08002dfff02d00002cfff02f1001003f1ffef03f1ff7f03f1008003f2ffff7f04f200008004" +
                "f3ffffff7f05f30000008005f4ffffffffffffff7f09f4000000000000008009822d30038330303704822b3103836162" +
                "63048001bf61616161616161616161616161616161616161616161616161616161616161616161616161616161616161" +
                "616161616161616161616161616161616161616140e04062626262626262626262626262626262626262626262626262" +
                "62626262626262626262626262626262626262626262626262626262626262626262626262626242e0c8636363636363" +
                "636363636363636363636363636363636363636363636363636363636363636363636363636363636363636363636363" +
                "636363636363636363636363636363636363636363636363636363636363636363636363636363636363636363636363" +
                "636363636363636363636363636363636363636363636363636363636363636363636363636363636363636363636363" +
                "636363636363636363636363636363636363636363636363636363636363636363636363636363636363636363636363" +
                "636301caff";
        QuickList q = new QuickList();
        for (byte[] v : edgeValues()) q.pushTail(v);
        List<byte[]> packs = new ArrayList<>();
        q.forEachListpack(packs::add);
        assertThat(packs).hasSize(1);
        assertThat(java.util.HexFormat.of().formatHex(packs.get(0))).isEqualTo(redis);
        // and they read back as the same bytes, forwards and backwards, whichever end they came in
        assertThat(q.toList()).containsExactlyElementsOf(edgeValues());
        QuickList h = new QuickList(3);
        List<byte[]> reversed = new ArrayList<>(edgeValues());
        java.util.Collections.reverse(reversed);
        for (byte[] v : edgeValues()) h.pushHead(v);
        assertThat(h.toList()).containsExactlyElementsOf(reversed);
        List<byte[]> walked = new ArrayList<>();
        for (QuickList.Cursor c = h.cursorAt(h.size() - 1); c.valid(); c.backward()) walked.add(c.value());
        assertThat(walked).containsExactlyElementsOf(edgeValues());
    }

    @Test
    void cursorComparesWithoutCopying() {
        QuickList q = new QuickList();
        for (byte[] v : edgeValues()) q.pushTail(v);
        QuickList.Cursor c = q.cursorAt(0);
        for (byte[] v : edgeValues()) {
            assertThat(c.valueEquals(v)).as(new String(v, StandardCharsets.UTF_8)).isTrue();
            assertThat(c.valueEquals(b("x" + new String(v, StandardCharsets.UTF_8)))).isFalse();
            c.forward();
        }
        assertThat(q.cursorAt(0).valueEquals(b("00"))).isFalse();   // integer 0 is not "00"
        assertThat(q.cursorAt(1).valueEquals(b("127 "))).isFalse();
    }

    @Test
    void hugeElementsGetFiveByteHeaders() {
        QuickList q = new QuickList();
        byte[] big = new byte[20000];
        new SplittableRandom(7).nextBytes(big);
        q.pushTail(b("1"));
        q.pushTail(big);
        q.pushHead(big);
        assertThat(q.get(1)).isEqualTo(b("1"));
        assertThat(q.popTail()).isEqualTo(big);
        assertThat(q.popHead()).isEqualTo(big);
        assertThat(ListPack.entryBytes(big)).isEqualTo(5 + 20000 + 3);   // 3-byte back-length
        q.checkInvariants();
    }
}
