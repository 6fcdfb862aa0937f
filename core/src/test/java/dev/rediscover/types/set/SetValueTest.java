/*
 * SetValue against java.util.HashSet, with a tiny intset limit so random sequences of integer
 * and string members cross the intset -> hashtable conversion often.
 */
package dev.rediscover.types.set;

import dev.rediscover.types.EncodingLimits;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class SetValueTest {
    private static final EncodingLimits SMALL = new EncodingLimits(8, 6, 10);

    record Step(boolean add, String member) {}

    @Provide
    Arbitrary<List<Step>> steps() {
        Arbitrary<String> members = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(8, Arbitraries.integers().between(-15, 15).map(String::valueOf)),
                net.jqwik.api.Tuple.of(1, Arbitraries.of("a", "b", "01", "-0", "+1", " 1", "9223372036854775808")));
        return Arbitraries.integers().between(0, 2).flatMap(op -> members.map(m -> new Step(op > 0, m))).list().ofMaxSize(150);
    }

    @Property(tries = 300)
    void behavesLikeASetAcrossTheConversion(@ForAll("steps") List<Step> steps) {
        SetValue s = null;
        Set<String> model = new HashSet<>();
        boolean allIntegers = true;
        int maxSize = 0;
        for (Step st : steps) {
            byte[] m = b(st.member());
            if (s == null) {
                if (!st.add()) continue;
                s = SetValue.createFor(m);
            }
            if (st.add()) {
                assertThat(s.add(m, SMALL)).isEqualTo(model.add(st.member()));
                allIntegers &= SetValue.isInteger(m);
                maxSize = Math.max(maxSize, model.size());
            } else {
                assertThat(s.remove(m)).isEqualTo(model.remove(st.member()));
            }
            assertThat(s.size()).isEqualTo(model.size());
            assertThat(s.isIntset()).isEqualTo(allIntegers && maxSize <= 10);
        }
        if (s == null) return;
        Set<String> seen = new HashSet<>();
        s.forEach(m -> seen.add(new String(m, StandardCharsets.UTF_8)));
        assertThat(seen).isEqualTo(model);
        for (String m : model) assertThat(s.contains(b(m))).isTrue();
        assertThat(s.contains(b("never"))).isFalse();
    }

    @Test
    void canonicalIntegersOnly() {
        assertThat(SetValue.isInteger(b("-9223372036854775808"))).isTrue();
        assertThat(SetValue.isInteger(b("9223372036854775807"))).isTrue();
        for (String s : new String[]{"9223372036854775808", "01", "-0", "+1", " 1", "1.0", "", "-"}) {
            assertThat(SetValue.isInteger(b(s))).as(s).isFalse();
        }
    }

    @Test
    void intsetAnswersInAscendingOrderAndPopsMembers() {
        SetValue s = SetValue.createFor(b("5"));
        for (String m : new String[]{"5", "-3", "12", "0"}) s.add(b(m), EncodingLimits.DEFAULTS);
        StringBuilder sb = new StringBuilder();
        s.forEach(m -> sb.append(new String(m, StandardCharsets.UTF_8)).append(' '));
        assertThat(sb.toString()).isEqualTo("-3 0 5 12 ");
        SplittableRandom rnd = new SplittableRandom(1);
        Set<String> popped = new HashSet<>();
        while (s.size() > 0) popped.add(new String(s.pop(rnd), StandardCharsets.UTF_8));
        assertThat(popped).containsExactlyInAnyOrder("-3", "0", "5", "12");
        assertThat(s.pop(rnd)).isNull();
    }

    @Test
    void aTableEmptiedByRemovalsShrinks() {
        SetValue s = SetValue.createFor(b("x"));
        for (int i = 0; i < 4096; i++) s.add(b("m" + i), SMALL);
        long full = s.memory();
        for (int i = 10; i < 4096; i++) s.remove(b("m" + i));
        for (int i = 0; i < 100; i++) s.contains(b("m1"));      // lookups finish the rehash
        assertThat(s.size()).isEqualTo(10);
        assertThat(s.memory()).isLessThan(full / 20);
        SplittableRandom rnd = new SplittableRandom(3);
        for (int i = 0; i < 100; i++) assertThat(new String(s.random(rnd), StandardCharsets.UTF_8)).matches("m[0-9]");
    }

    @Test
    void copyIsIndependent() {
        SetValue s = SetValue.createFor(b("x"));
        s.add(b("x"), SMALL);
        s.add(b("y"), SMALL);
        SetValue c = s.copy();
        c.remove(b("x"));
        c.add(b("z"), SMALL);
        assertThat(s.contains(b("x"))).isTrue();
        assertThat(s.contains(b("z"))).isFalse();
        assertThat(c.size()).isEqualTo(2);
    }

    private static byte[] b(String s) { return s.getBytes(StandardCharsets.UTF_8); }
}
