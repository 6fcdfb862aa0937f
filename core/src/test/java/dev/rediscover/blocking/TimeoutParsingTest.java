/*
 * The blocking timeout's arithmetic, value by value as redis-server 7.0.15 answers: strtold's
 * syntax (hex floats, exponents, no spaces), ceil of the milliseconds (so 0.0001 s is 1 ms and
 * -0.0001 s rounds to 0, "forever"), and the x86 cast of an overflowing value to LLONG_MIN that
 * turns inf and 1e16 into "timeout is negative". Lists and sorted sets (BZPOPMIN) share this parser.
 */
package dev.rediscover.blocking;

import dev.rediscover.command.RedisException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TimeoutParsingTest {
    private static long ms(String s) { return Blocking.timeoutMillis(s.getBytes(StandardCharsets.UTF_8)); }

    @ParameterizedTest
    @CsvSource({
            "0, 0", "1, 1000", "5, 5000", "0.01, 10", "1.5, 1500", "0.0001, 1", "1e-400, 1",
            "-0.0001, 0", "-0, 0", "+1, 1000", ".5, 500", "5., 5000", "0x10, 16000", "0x1p3, 8000",
            "1e3, 1000000", "0.0015, 2", "1e15, 1000000000000000000", "9223372036854775, 9223372036854775000"
    })
    void acceptedTimeouts(String text, long expectedMillis) {
        assertThat(ms(text)).isEqualTo(expectedMillis);
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "-0.5", "inf", "-inf", "infinity", "1e18", "9.3e15", "1e4932", "1e400", "9223372036854775807"})
    void negativeOrOverflowing(String text) {
        assertThatThrownBy(() -> ms(text)).isInstanceOf(RedisException.class).hasMessage(Blocking.NEGATIVE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "nan", " 1", "1 ", "", "1e", "1e4933", "1e5000", "1e-5000", "0x"})
    void notAFloat(String text) {
        assertThatThrownBy(() -> ms(text)).isInstanceOf(RedisException.class).hasMessage(Blocking.NOT_FLOAT);
    }
}
