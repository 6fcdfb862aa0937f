/*
 * ZRANGEBYLEX and ZLEXCOUNT against the model. All members share one score, so the order is the
 * member bytes alone. Bounds are "[x" (inclusive), "(x" (exclusive), "-" and "+" (the ends);
 * SkipList.firstInLexRange / lastInLexRange find where a range starts, as for scores.
 */
package dev.rediscover.lessons.lab07;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

class LexRangeTest extends ZSetLab {

    /** A random bound: an end, or [ or ( with a short random member (often close to real ones). */
    byte[] bound(List<Elem> sorted) {
        int k = rnd.nextInt(8);
        if (k == 0) return b("-");
        if (k == 1) return b("+");
        byte[] m = rnd.nextBoolean() ? sorted.get(rnd.nextInt(sorted.size())).member() : randomMember();
        byte[] out = new byte[m.length + 1];
        out[0] = (byte) (rnd.nextBoolean() ? '[' : '(');
        System.arraycopy(m, 0, out, 1, m.length);
        return out;
    }

    static boolean geMin(byte[] m, byte[] min) {
        if (min[0] == '-') return true;
        if (min[0] == '+') return false;
        int c = Arrays.compareUnsigned(m, 0, m.length, min, 1, min.length);
        return min[0] == '[' ? c >= 0 : c > 0;
    }

    static boolean leMax(byte[] m, byte[] max) {
        if (max[0] == '+') return true;
        if (max[0] == '-') return false;
        int c = Arrays.compareUnsigned(m, 0, m.length, max, 1, max.length);
        return max[0] == '[' ? c <= 0 : c < 0;
    }

    @ParameterizedTest(name = "skip list forced: {0}")
    @ValueSource(booleans = {false, true})
    void randomLexRangesMatchTheModel(boolean skipList) {
        if (skipList) forceSkipList();
        String key = randomKey();
        // fill with score range 0: every score is 0, so the order is by member bytes alone.
        List<Elem> sorted = fill(key, 80, 0).list();
        for (int t = 0; t < 80; t++) {
            byte[] min = bound(sorted), max = bound(sorted);
            List<Elem> want = new ArrayList<>();
            for (Elem e : sorted) if (geMin(e.member(), min) && leMax(e.member(), max)) want.add(e);
            x("ZRANGEBYLEX min max: '[' includes, '(' excludes, '-' and '+' are the ends; bytes compare unsigned")
                    .send(b("ZRANGEBYLEX"), b(key), min, max).expect(array(want, false));
            x("ZREVRANGEBYLEX takes max first and answers from the top; SkipList.lastInLexRange finds the start")
                    .send(b("ZREVRANGEBYLEX"), b(key), max, min).expect(array(reversed(want), false));
            x("ZLEXCOUNT is the size of the same range").send(b("ZLEXCOUNT"), b(key), min, max).expect(num(want.size()));
        }
    }
}
