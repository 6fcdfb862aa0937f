/*
 * RespWriter's bytes for every reply type, in RESP2 and RESP3 (the fallback table at the top of
 * RespWriter), plus writing through a socket that accepts only a few bytes at a time.
 */
package dev.rediscover.resp;

import dev.rediscover.testing.RawClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

class RespWriterTest {
    private static String out(int protocol, Consumer<RespWriter> replies) {
        RespWriter w = new RespWriter();
        w.setProtocol(protocol);
        replies.accept(w);
        return RawClient.escape(w.pendingBytes());
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3})
    void typesThatAreTheSameInBothProtocols(int protocol) {
        assertThat(out(protocol, RespWriter::ok)).isEqualTo("+OK\\r\\n");
        assertThat(out(protocol, w -> w.simple("PONG"))).isEqualTo("+PONG\\r\\n");
        assertThat(out(protocol, w -> w.error("ERR bad\r\nthing"))).isEqualTo("-ERR bad  thing\\r\\n");
        assertThat(out(protocol, w -> w.error("ERR caf\u00e9"))).isEqualTo("-ERR caf\\xc3\\xa9\\r\\n");
        assertThat(out(protocol, w -> w.error("ERR \uD83D\uDE00\n"))).isEqualTo("-ERR \\xf0\\x9f\\x98\\x80 \\r\\n");
        assertThat(out(protocol, w -> w.error(new byte[]{'E', 'R', 'R', ' ', (byte) 0xff, '\n'})))
                .isEqualTo("-ERR \\xff \\r\\n");
        assertThat(out(protocol, w -> w.integer(0))).isEqualTo(":0\\r\\n");
        assertThat(out(protocol, w -> w.integer(9999))).isEqualTo(":9999\\r\\n");
        assertThat(out(protocol, w -> w.integer(10000))).isEqualTo(":10000\\r\\n");
        assertThat(out(protocol, w -> w.integer(-1))).isEqualTo(":-1\\r\\n");
        assertThat(out(protocol, w -> w.integer(Long.MIN_VALUE))).isEqualTo(":-9223372036854775808\\r\\n");
        assertThat(out(protocol, w -> w.integer(Long.MAX_VALUE))).isEqualTo(":9223372036854775807\\r\\n");
        assertThat(out(protocol, w -> w.bulk("bar"))).isEqualTo("$3\\r\\nbar\\r\\n");
        assertThat(out(protocol, w -> w.bulk(new byte[0]))).isEqualTo("$0\\r\\n\\r\\n");
        assertThat(out(protocol, w -> w.bulk(new byte[]{0, '\r', '\n'}))).isEqualTo("$3\\r\\n\\x00\\r\\n\\r\\n");
        assertThat(out(protocol, w -> w.bulk(new byte[]{1, 2, 3, 4, 5}, 1, 3))).isEqualTo("$3\\r\\n\\x02\\x03\\x04\\r\\n");
        assertThat(out(protocol, w -> w.bulk(-42L))).isEqualTo("$3\\r\\n-42\\r\\n");
        assertThat(out(protocol, w -> w.arrayHeader(2))).isEqualTo("*2\\r\\n");
        assertThat(out(protocol, w -> w.arrayHeader(100))).isEqualTo("*100\\r\\n");
        assertThat(out(protocol, w -> w.raw("+x\r\n".getBytes(StandardCharsets.US_ASCII)))).isEqualTo("+x\\r\\n");
        String big = "z".repeat(100);
        assertThat(out(protocol, w -> w.bulk(big))).isEqualTo("$100\\r\\n" + big + "\\r\\n");
    }

    @Test
    void resp2Fallbacks() {
        assertThat(out(2, RespWriter::nullBulk)).isEqualTo("$-1\\r\\n");
        assertThat(out(2, RespWriter::nullArray)).isEqualTo("*-1\\r\\n");
        assertThat(out(2, w -> w.bulk((byte[]) null))).isEqualTo("$-1\\r\\n");
        assertThat(out(2, w -> w.mapHeader(2))).isEqualTo("*4\\r\\n");
        assertThat(out(2, w -> w.setHeader(3))).isEqualTo("*3\\r\\n");
        assertThat(out(2, w -> w.pushHeader(3))).isEqualTo("*3\\r\\n");
        assertThat(out(2, w -> w.doubleReply(1.1))).isEqualTo("$18\\r\\n1.1000000000000001\\r\\n");
        assertThat(out(2, w -> w.doubleReply(3))).isEqualTo("$1\\r\\n3\\r\\n");
        assertThat(out(2, w -> w.doubleReply(Double.POSITIVE_INFINITY))).isEqualTo("$3\\r\\ninf\\r\\n");
        assertThat(out(2, w -> w.doubleReply(Double.NEGATIVE_INFINITY))).isEqualTo("$4\\r\\n-inf\\r\\n");
        assertThat(out(2, w -> w.bool(true))).isEqualTo(":1\\r\\n");
        assertThat(out(2, w -> w.bool(false))).isEqualTo(":0\\r\\n");
        assertThat(out(2, w -> w.verbatim("a\r\nb"))).isEqualTo("$4\\r\\na\\r\\nb\\r\\n");
    }

    @Test
    void resp3Types() {
        assertThat(out(3, RespWriter::nullBulk)).isEqualTo("_\\r\\n");
        assertThat(out(3, RespWriter::nullArray)).isEqualTo("_\\r\\n");
        assertThat(out(3, w -> w.mapHeader(2))).isEqualTo("%2\\r\\n");
        assertThat(out(3, w -> w.setHeader(3))).isEqualTo("~3\\r\\n");
        assertThat(out(3, w -> w.pushHeader(3))).isEqualTo(">3\\r\\n");
        assertThat(out(3, w -> w.doubleReply(1.1))).isEqualTo(",1.1000000000000001\\r\\n");
        assertThat(out(3, w -> w.doubleReply(1e300))).isEqualTo(",1.0000000000000001e+300\\r\\n");
        assertThat(out(3, w -> w.doubleReply(Double.POSITIVE_INFINITY))).isEqualTo(",inf\\r\\n");
        assertThat(out(3, w -> w.doubleReply(Double.NEGATIVE_INFINITY))).isEqualTo(",-inf\\r\\n");
        assertThat(out(3, w -> w.bool(true))).isEqualTo("#t\\r\\n");
        assertThat(out(3, w -> w.bool(false))).isEqualTo("#f\\r\\n");
        assertThat(out(3, w -> w.verbatim("a\r\nb"))).isEqualTo("=8\\r\\ntxt:a\\r\\nb\\r\\n");
    }

    @Test
    void errorListenerHearsEveryError() {
        RespWriter w = new RespWriter();
        StringBuilder heard = new StringBuilder();
        w.onError(m -> heard.append(m).append('|'));
        w.error("ERR one");
        w.error("WRONGTYPE two".getBytes(StandardCharsets.US_ASCII));
        assertThat(heard.toString()).isEqualTo("ERR one|WRONGTYPE two|");
    }

    /** A socket that takes at most `chunk` bytes per write, and sometimes none. */
    private static final class TrickleChannel implements WritableByteChannel {
        final ByteArrayOutputStream got = new ByteArrayOutputStream();
        final int chunk;
        int calls;

        TrickleChannel(int chunk) { this.chunk = chunk; }

        @Override public int write(ByteBuffer src) {
            if (++calls % 3 == 0) return 0;   // "socket full"
            int n = Math.min(chunk, src.remaining());
            byte[] b = new byte[n];
            src.get(b);
            got.writeBytes(b);
            return n;
        }

        @Override public boolean isOpen() { return true; }

        @Override public void close() { }
    }

    @Test
    void partialWritesKeepOrderAndResume() throws Exception {
        RespWriter w = new RespWriter();
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        TrickleChannel ch = new TrickleChannel(7000);
        for (int round = 0; round < 200; round++) {
            byte[] v = new byte[round * 37];
            java.util.Arrays.fill(v, (byte) round);
            w.bulk(v);
            w.integer(round * 1000L);
            expected.writeBytes(("$" + v.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
            expected.writeBytes(v);
            expected.writeBytes(("\r\n:" + round * 1000L + "\r\n").getBytes(StandardCharsets.US_ASCII));
            if (round % 5 == 0) w.writeTo(ch);
        }
        while (!w.writeTo(ch)) { /* keep going: the channel refuses every third call */ }
        assertThat(ch.got.toByteArray()).isEqualTo(expected.toByteArray());
        assertThat(w.hasPending()).isFalse();
        assertThat(w.bytesOut()).isEqualTo(expected.size());
    }
}
