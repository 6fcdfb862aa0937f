/*
 * LongDouble against answers recorded from redis-server 7.0.15's INCRBYFLOAT (x86-64 long
 * double): parsing as strtold does, one rounding per addition, and "%.17Lf" printing.
 */
package dev.rediscover.types.string;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class LongDoubleTest {
    private static LongDouble parse(String s) { return LongDouble.parse(s.getBytes(StandardCharsets.ISO_8859_1)); }

    private static String sum(String a, String b) { return parse(a).add(parse(b)).toHumanString(); }

    @ParameterizedTest
    @CsvSource({
            "0.1, 0.2, 0.3",
            "10.50, 0, 10.5",
            "10.5, -10.5, 0",
            "-0, 0, 0",
            "-0, -0, 0",
            "0, -1e-18, 0",
            "0, 1e-17, 0.00000000000000001",
            "1, 0x10, 17",
            "17, 1e-5, 17.00001",
            "17.00001, 1.5e3, 1517.00000999999999995",
            "1.23456789012345678901234, 0, 1.23456789012345679",
            "5.0e3, 2.0e2, 5200",
            "9223372036854775807, 1, 9223372036854775808",
    })
    void addsLikeRedis(String a, String b, String expected) {
        assertThat(sum(a, b)).isEqualTo(expected);
    }

    @Test
    void farBeyondDoubleRange() {
        assertThat(sum("1e308", "1e308")).startsWith("1999999999999999999933717593116912913211201996948311344155940959898434697")
                .hasSize(309);
        assertThat(sum("1e4932", "0")).hasSize(4933).startsWith("10000000000000000000060189493879638913");
        assertThat(parse("1e4933")).isSameAs(LongDouble.INVALID);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " 1", "\t1", "1 ", "nan", "-nan", "abc", "0x", "0x1p", "1e", ".", "e5", "infin", "1e5000", "1e-5000", "1\u0000"})
    void rejectsWhatRedisRejects(String s) {
        assertThat(parse(s)).isSameAs(LongDouble.INVALID);
    }

    @ParameterizedTest
    @ValueSource(strings = {"inf", "-inf", "+INF", "Infinity"})
    void infinitiesParseButCannotBeStored(String s) {
        assertThat(parse(s).isInfinite()).isTrue();
        assertThat(parse(s).add(parse("1")).isInfinite()).isTrue();
    }

    @Test
    void infinityMinusInfinityIsNaN() {
        assertThat(parse("inf").add(parse("-inf"))).isNull();
    }

    @Test
    void integersBelow2To64AreExact() {
        Random r = new Random();
        for (int i = 0; i < 1000; i++) {
            long a = r.nextLong() >> 2, b = r.nextLong() >> 2;
            assertThat(sum(Long.toString(a), Long.toString(b))).isEqualTo(Long.toString(a + b));
        }
    }
}
