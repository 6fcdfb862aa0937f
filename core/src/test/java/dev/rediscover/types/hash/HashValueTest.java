/*
 * HashValue against a java.util.HashMap model, with tiny thresholds so random sequences cross
 * the listpack -> hashtable conversion often; also checks that conversion is one way and that
 * copy() is deep.
 */
package dev.rediscover.types.hash;

import dev.rediscover.types.EncodingLimits;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class HashValueTest {
    private static final EncodingLimits SMALL = new EncodingLimits(8, 6, 4);

    record Step(int op, String field, String value) {}

    @Provide
    Arbitrary<List<Step>> steps() {
        Arbitrary<String> fields = Arbitraries.strings().withChars("abcdefghijkl").ofMinLength(1).ofMaxLength(2);
        Arbitrary<String> values = Arbitraries.strings().withChars("xyz").ofMaxLength(8);
        return Arbitraries.integers().between(0, 4).flatMap(op -> fields.flatMap(f -> values.map(v -> new Step(op, f, v))))
                .list().ofMaxSize(120);
    }

    @Property(tries = 300)
    void behavesLikeAMapAcrossTheConversion(@ForAll("steps") List<Step> steps) {
        HashValue h = new HashValue();
        Map<String, String> model = new HashMap<>();
        boolean converted = false;
        for (Step s : steps) {
            switch (s.op()) {
                case 0, 1, 2 -> assertThat(h.set(b(s.field()), b(s.value()), SMALL))
                        .isEqualTo(model.put(s.field(), s.value()) == null);
                case 3 -> assertThat(h.delete(b(s.field()))).isEqualTo(model.remove(s.field()) != null);
                default -> {
                    byte[] v = h.get(b(s.field()));
                    String expected = model.get(s.field());
                    assertThat(v == null ? null : new String(v, StandardCharsets.UTF_8)).isEqualTo(expected);
                    assertThat(h.valueLength(b(s.field()))).isEqualTo(expected == null ? 0 : expected.length());
                }
            }
            assertThat(h.size()).isEqualTo(model.size());
            if (!h.isListpack()) converted = true;
            // one way: once a table, always a table
            assertThat(h.isListpack()).isEqualTo(!converted);
            if (h.isListpack()) assertThat(h.size()).isLessThanOrEqualTo(8);
        }
        Map<String, String> seen = new HashMap<>();
        h.forEach((f, fo, fl, v, vo, vl) -> seen.put(new String(f, fo, fl, StandardCharsets.UTF_8), new String(v, vo, vl, StandardCharsets.UTF_8)));
        assertThat(seen).isEqualTo(model);
    }

    @Test
    void convertsOnTooManyFieldsOrTooLongStrings() {
        HashValue h = new HashValue();
        for (int i = 0; i < 8; i++) h.set(b("f" + i), b("v"), SMALL);
        assertThat(h.encoding()).isEqualTo("listpack");
        h.set(b("f8"), b("v"), SMALL);
        assertThat(h.encoding()).isEqualTo("hashtable");

        HashValue v = new HashValue();
        v.set(b("f"), b("123456"), SMALL);
        assertThat(v.encoding()).isEqualTo("listpack");
        v.set(b("f"), b("1234567"), SMALL);
        assertThat(v.encoding()).isEqualTo("hashtable");
        assertThat(v.get(b("f"))).isEqualTo(b("1234567"));
    }

    @Test
    void copyIsIndependentInBothEncodings() {
        for (int n : new int[]{3, 20}) {
            HashValue h = new HashValue();
            for (int i = 0; i < n; i++) h.set(b("f" + i), b("v" + i), SMALL);
            HashValue c = h.copy();
            assertThat(c.encoding()).isEqualTo(h.encoding());
            c.set(b("f0"), b("changed"), SMALL);
            c.delete(b("f1"));
            assertThat(h.get(b("f0"))).isEqualTo(b("v0"));
            assertThat(h.get(b("f1"))).isEqualTo(b("v1"));
            assertThat(c.size()).isEqualTo(n - 1);
        }
    }

    @Test
    void hashtableScanVisitsEveryFieldOnce() {
        HashValue h = new HashValue();
        for (int i = 0; i < 1000; i++) h.set(b("f" + i), b("v" + i), SMALL);
        Map<ByteBuffer, Integer> seen = new HashMap<>();
        long cursor = 0;
        int calls = 0;
        do {
            cursor = h.scan(cursor, 10, (f, fo, fl, v, vo, vl) -> seen.merge(ByteBuffer.wrap(f, fo, fl), 1, Integer::sum));
            calls++;
        } while (cursor != 0);
        assertThat(seen).hasSize(1000);
        assertThat(seen.values()).containsOnly(1);      // no rehash during the walk: exactly once
        assertThat(calls).isGreaterThan(10);
    }

    @Test
    void randomPairIsAlwaysAMember() {
        SplittableRandom rnd = new SplittableRandom(7);
        for (int n : new int[]{3, 50}) {
            HashValue h = new HashValue();
            for (int i = 0; i < n; i++) h.set(b("f" + i), b("v" + i), SMALL);
            for (int i = 0; i < 200; i++) {
                byte[][] p = h.randomPair(rnd);
                assertThat(h.get(p[0])).isEqualTo(p[1]);
            }
        }
    }

    private static byte[] b(String s) { return s.getBytes(StandardCharsets.UTF_8); }
}
