/*
 * StreamId parsing and ordering: full, partial, `ms-*`, `*`, `-`/`+`, the unsigned 64-bit range,
 * and the steps an exclusive range bound takes (next/previous at the edges).
 */
package dev.rediscover.stream;

import dev.rediscover.command.RedisException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StreamIdTest {
    private static byte[] b(String s) { return s.getBytes(StandardCharsets.US_ASCII); }

    @Test
    void parsesFullPartialAndSpecialIds() {
        assertThat(StreamId.parse(b("5-3"), 0, true)).isEqualTo(new StreamId(5, 3));
        assertThat(StreamId.parse(b("5"), 0, true)).isEqualTo(new StreamId(5, 0));
        assertThat(StreamId.parse(b("5"), -1L, false)).isEqualTo(new StreamId(5, -1L));
        assertThat(StreamId.parse(b("-"), 0, false)).isEqualTo(StreamId.MIN);
        assertThat(StreamId.parse(b("+"), 0, false)).isEqualTo(StreamId.MAX);
        assertThat(StreamId.parse(b("18446744073709551615-18446744073709551615"), 0, true)).isEqualTo(StreamId.MAX);
        assertThat(StreamId.MAX.toString()).isEqualTo("18446744073709551615-18446744073709551615");
        assertThat(StreamId.parseForAdd(b("*"))).containsExactly(0, 0, 0);
        assertThat(StreamId.parseForAdd(b("7-*"))).containsExactly(7, 0, 1);
        assertThat(StreamId.parseForAdd(b("7-2"))).containsExactly(7, 2, 3);
    }

    @Test
    void refusesWhatRedisRefuses() {
        for (String bad : new String[]{"-", "+", "abc", "1-x", "-1", "1--1", "", "1-", "18446744073709551616", "1-18446744073709551616"}) {
            assertThatThrownBy(() -> StreamId.parse(b(bad), 0, true)).as(bad)
                    .isInstanceOf(RedisException.class).hasMessage(StreamId.INVALID);
        }
    }

    @Test
    void bytesAreTheDecimalForm() {
        long[] samples = {0, 1, 9, 10, 99, 1_800_000_000_000L, Long.MAX_VALUE, Long.MIN_VALUE, -1L, -10L};
        for (long ms : samples) {
            for (long seq : samples) {
                StreamId id = new StreamId(ms, seq);
                assertThat(new String(id.bytes(), StandardCharsets.US_ASCII)).isEqualTo(id.toString());
            }
        }
    }

    @Test
    void ordersUnsignedAndStepsAtTheEdges() {
        assertThat(new StreamId(-1L, 0).compareTo(new StreamId(1, 0))).isPositive();
        assertThat(new StreamId(1, -1L).next()).isEqualTo(new StreamId(2, 0));
        assertThat(new StreamId(2, 0).previous()).isEqualTo(new StreamId(1, -1L));
        assertThat(StreamId.MAX.next()).isNull();
        assertThat(StreamId.MIN.previous()).isNull();
    }
}
