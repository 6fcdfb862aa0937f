/*
 * The packed hash encoding against java.util.LinkedHashMap (which, like a listpack, keeps
 * insertion order and keeps an updated field in its place): random sequences of set and
 * delete must leave both with the same pairs in the same order.
 */
package dev.rediscover.types.hash;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ListpackTest {
    /** One step: op 0-2 set, 3 delete; field from a small alphabet so steps collide. */
    record Step(int op, byte[] field, byte[] value) {}

    @Provide
    Arbitrary<List<Step>> steps() {
        Arbitrary<byte[]> fields = Arbitraries.bytes().array(byte[].class).ofMaxSize(3)
                .map(b -> { for (int i = 0; i < b.length; i++) b[i] &= 3; return b; });
        // values up to 300 bytes so multi-byte length prefixes are exercised
        Arbitrary<byte[]> values = Arbitraries.bytes().array(byte[].class).ofMaxSize(300);
        return Arbitraries.integers().between(0, 3).flatMap(op -> fields.flatMap(f -> values.map(v -> new Step(op, f, v))))
                .list().ofMaxSize(200);
    }

    @Property(tries = 300)
    void behavesLikeAnInsertionOrderedMap(@ForAll("steps") List<Step> steps) {
        Listpack lp = new Listpack();
        Map<ByteBuffer, byte[]> model = new LinkedHashMap<>();
        for (Step s : steps) {
            ByteBuffer k = ByteBuffer.wrap(s.field());
            if (s.op() < 3) {
                boolean added = lp.set(s.field(), s.value());
                assertThat(added).isEqualTo(model.put(k, s.value()) == null);
            } else {
                assertThat(lp.delete(s.field())).isEqualTo(model.remove(k) != null);
            }
            assertThat(lp.size()).isEqualTo(model.size());
        }
        List<byte[]> actual = new ArrayList<>();
        for (int f = lp.first(); f >= 0; f = lp.nextPair(f)) {
            actual.add(lp.copyOf(f));
            actual.add(lp.copyOf(lp.valueOffset(f)));
        }
        List<byte[]> expected = new ArrayList<>();
        model.forEach((k, v) -> { expected.add(k.array()); expected.add(v); });
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < actual.size(); i++) assertThat(actual.get(i)).isEqualTo(expected.get(i));
        for (Map.Entry<ByteBuffer, byte[]> e : model.entrySet()) {
            int off = lp.find(e.getKey().array());
            assertThat(off).isGreaterThanOrEqualTo(0);
            assertThat(lp.copyOf(lp.valueOffset(off))).isEqualTo(e.getValue());
        }
    }

    @Test
    void lengthPrefixIsOneByteUpTo127() {
        assertThat(Listpack.varintSize(0)).isEqualTo(1);
        assertThat(Listpack.varintSize(127)).isEqualTo(1);
        assertThat(Listpack.varintSize(128)).isEqualTo(2);
        assertThat(Listpack.varintSize(16384)).isEqualTo(3);
        Listpack lp = new Listpack();
        lp.set(new byte[]{'a'}, new byte[]{'1'});
        assertThat(lp.bytes()).isEqualTo(4);     // 1+1 for the field, 1+1 for the value
    }

    @Test
    void replacingAValueWithALongerOneKeepsTheFollowingPairs() {
        Listpack lp = new Listpack();
        lp.set(b("a"), b("1"));
        lp.set(b("b"), b("2"));
        byte[] big = new byte[1000];
        Arrays.fill(big, (byte) 'x');
        lp.set(b("a"), big);
        assertThat(lp.copyOf(lp.valueOffset(lp.find(b("a"))))).isEqualTo(big);
        assertThat(lp.copyOf(lp.valueOffset(lp.find(b("b"))))).isEqualTo(b("2"));
        lp.set(b("a"), b(""));
        assertThat(lp.copyOf(lp.valueOffset(lp.find(b("a"))))).isEmpty();
        assertThat(lp.copyOf(lp.valueOffset(lp.find(b("b"))))).isEqualTo(b("2"));
        assertThat(lp.bytes()).isEqualTo(2 + 1 + 2 + 2);
    }

    private static byte[] b(String s) { return s.getBytes(java.nio.charset.StandardCharsets.UTF_8); }
}
