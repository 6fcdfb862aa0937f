/*
 * Score parsing as Redis 7.0 does it with strtod: ZADD's strict reader and the range bounds'
 * lenient one. Expected values were checked against redis-server 7.0.15 (ZADD / ZCOUNT).
 */
package dev.rediscover.types.zset;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class StrtodTest {
    @ParameterizedTest(name = "score \"{0}\"")
    @CsvSource(delimiter = '|', value = {
            "1|1.0", "-1|-1.0", "00012|12.0", "1.5|1.5", "5.|5.0", ".5|0.5", "1e3|1000.0", "1E+3|1000.0",
            "0x10|16.0", "0x1p4|16.0", "0X.8|0.5", "inf|Infinity", "+inf|Infinity", "-INF|-Infinity",
            "infinity|Infinity", "123456789012345678|1.2345678901234568E17",
            "1e|NaN", "0x|NaN", "nan|NaN", "abc|NaN", "' 1'|NaN", "'1 '|NaN", "1e400|NaN", "-1e400|NaN",
            "1e-400|NaN", "--1|NaN", "+|NaN", "'.'|NaN"})
    void zaddScores(String text, double expected) {
        double v = Strtod.score(text.getBytes(StandardCharsets.ISO_8859_1));
        if (Double.isNaN(expected)) assertThat(v).isNaN();
        else assertThat(v).isEqualTo(expected);
    }

    @ParameterizedTest(name = "bound \"{0}\"")
    @CsvSource(delimiter = '|', value = {
            "1|1.0", "' 1'|1.0", "1e400|Infinity", "-1e400|-Infinity", "''|0.0", "0x1p2|4.0",
            "'1 '|NaN", "' '|NaN", "1e|NaN", "0x|NaN", "nan|NaN", "x|NaN"})
    void rangeBounds(String text, double expected) {
        double v = Strtod.bound(text.getBytes(StandardCharsets.ISO_8859_1), 0);
        if (Double.isNaN(expected)) assertThat(v).isNaN();
        else assertThat(v).isEqualTo(expected);
    }
}
