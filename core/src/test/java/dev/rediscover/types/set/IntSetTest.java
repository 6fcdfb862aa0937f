/*
 * IntSet against java.util.TreeSet: after any sequence of adds and removes both hold the same
 * numbers in the same (ascending) order.
 */
package dev.rediscover.types.set;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

class IntSetTest {
    @Provide
    Arbitrary<List<Long>> ops() {
        // small values collide often; the extremes check the ends of the range
        return Arbitraries.oneOf(Arbitraries.longs().between(-20, 20),
                Arbitraries.of(Long.MIN_VALUE, Long.MAX_VALUE, 0L), Arbitraries.longs()).list().ofMaxSize(300);
    }

    @Property(tries = 300)
    void behavesLikeATreeSet(@ForAll("ops") List<Long> ops, @ForAll("ops") List<Long> removals) {
        IntSet s = new IntSet();
        TreeSet<Long> model = new TreeSet<>();
        for (long v : ops) assertThat(s.add(v)).isEqualTo(model.add(v));
        for (long v : removals) assertThat(s.remove(v)).isEqualTo(model.remove(v));
        assertThat(s.size()).isEqualTo(model.size());
        List<Long> actual = new ArrayList<>();
        for (int i = 0; i < s.size(); i++) actual.add(s.get(i));
        assertThat(actual).containsExactlyElementsOf(model);
        for (long v : ops) assertThat(s.contains(v)).isEqualTo(model.contains(v));
    }

    @Test
    void reportsTheWidthRedisWouldUse() {
        IntSet s = new IntSet();
        s.add(1);
        s.add(-5);
        assertThat(s.redisBytes()).isEqualTo(8 + 2 * 2);
        s.add(100_000);
        assertThat(s.redisBytes()).isEqualTo(8 + 3 * 4);
        s.add(Long.MIN_VALUE);
        assertThat(s.redisBytes()).isEqualTo(8 + 4 * 8);
    }
}
