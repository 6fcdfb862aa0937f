/*
 * Raw bytes on the wire, compared with a real redis-server: malformed requests must get the same
 * error bytes and the same hang-up, inline commands and pipelines the same replies, and requests
 * Redis silently waits on (a NUL before the line end, a huge argument count) the same silence.
 *
 * Runs only with -Pdifferential (tag "differential"); needs redis-server on PATH.
 */
package dev.rediscover.differential;

import dev.rediscover.embedded.RediscoverServer;
import dev.rediscover.testing.RawClient;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

@Tag("differential")
class ProtocolDifferentialTest extends AgainstRealRedis {
    private static byte[] b(String latin1) { return latin1.getBytes(StandardCharsets.ISO_8859_1); }

    /** What the server answers before hanging up: every reply up to the end of the stream. */
    private static byte[] repliesUntilClosed(int port, byte[] input) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        try (RawClient c = new RawClient(port)) {
            c.send(input);
            while (true) {
                try {
                    all.writeBytes(c.readReply());
                } catch (EOFException closed) {
                    return all.toByteArray();
                }
            }
        }
    }

    /** Replies to input followed by an ECHO marker, up to the marker's reply (connection stays open). */
    private static byte[] repliesThenStillOpen(int port, byte[] input) throws IOException {
        String marker = UUID.randomUUID().toString();
        byte[] markerReply = b("$" + marker.length() + "\r\n" + marker + "\r\n");
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        try (RawClient c = new RawClient(port)) {
            c.send(input);
            c.sendCommand("ECHO", marker);
            while (true) {
                byte[] r = c.readReply();
                if (java.util.Arrays.equals(r, markerReply)) break;
                all.writeBytes(r);
            }
            assertThat(c.call("PING")).isEqualTo(b("+PONG\r\n"));
        }
        return all.toByteArray();
    }

    static Stream<String> closingInputs() {
        String ones = "1".repeat(65536);
        return Stream.of(
                // bad multibulk length
                "*2147483648\r\n", "*01\r\n", "*-0\r\n", "*+1\r\n", "*\r\n", "*abc\r\n", "*1 \r\n",
                "*" + "9".repeat(25) + "\r\n",
                // '$' expected
                "*1\r\n4\r\n", "*1\r\n\r\n", "*1\r\n\n\r\n", "*1\r\n+PING\r\n", "*1\r\n\u00ff\r\n",
                "*2\r\n$4\r\nECHO\r\n:1\r\n",
                // invalid bulk length, including negative and huge lengths
                "*1\r\n$-1\r\n", "*1\r\n$-0\r\n", "*1\r\n$-5\r\n", "*1\r\n$04\r\n", "*1\r\n$\r\n",
                "*1\r\n$536870913\r\n", "*1\r\n$18446744073709551616\r\n", "*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$99999999999\r\n",
                // too big: exactly one byte over 64 KB, so the server has read everything when it hangs up
                "x".repeat(65537), "*" + ones, "*1\r\n$" + ones,
                // unbalanced quotes
                "ECHO \"a\r\n", "ECHO 'a\r\n", "ECHO \"a\"x\r\n", "ECHO 'a'x\r\n", "ECHO \"a\\\"\r\n",
                "SET \"k\" 'v\r\n",
                // commands before the error are answered, commands after it are not
                "PING\r\n*1\r\n$4\r\nPING\r\n*x\r\nPING\r\n",
                "SET k v\r\nGET k\r\n*1\r\n$-3\r\nGET k\r\n",
                // QUIT answers and hangs up too
                "PING\r\nQUIT\r\nPING\r\n");
    }

    @ParameterizedTest
    @MethodSource("closingInputs")
    void malformedInputGetsTheSameErrorAndHangUp(String input) throws IOException {
        byte[] fromRedis = repliesUntilClosed(redis.port(), b(input));
        byte[] fromEngine = repliesUntilClosed(engine.port(), b(input));
        assertThat(RawClient.escape(fromEngine)).isEqualTo(RawClient.escape(fromRedis));
        assertThat(fromRedis).isNotEmpty();
    }

    static Stream<String> openInputs() {
        return Stream.of(
                "PING\r\n", "PING\n", " PING\t\r\n", "PING hello\r\n",
                "ECHO \"a\\x41\\n\"\r\n", "ECHO \"\\r\\t\\b\\a\\\\\\\"\"\r\n", "ECHO \"\\xzz\" \"\\x4\"\r\n",
                "ECHO 'a\\'b'\r\n", "ECHO 'a\\nb'\r\n", "ECHO \"\"\r\n", "ECHO ''\r\n", "ECHO ab\"c d\"\r\n",
                "ECHO a\rb\r\n", "ECHO a\tb\u000bc\r\n", "ECHO \u00e9\u00ff\r\n", "FOO bar 'baz qux'\r\n",
                "   \r\n\r\n\n\t\r\nPING\r\n",
                "*0\r\n*-1\r\n*-5\r\nPING\r\n",
                "*1\rx$4\r\nPING\r\n", "*1\r\n$4\rxPING\r\n", "*1\r\n$4\r\nPINGxx*1\r\n$4\r\nPING\r\n",
                "*2\r\n$4\r\nECHO\r\n$6\r\n\0\r\n\0\u00ff\n\r\n",
                "SET k \"\"\r\nGET k\r\n*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$3\r\nabc\r\nGET k\r\nget K\r\n",
                "*1\r\n$4\r\nPING\r\n\r\n");
    }

    @ParameterizedTest
    @MethodSource("openInputs")
    void inlineCommandsAndPipelinesGetTheSameReplies(String input) throws IOException {
        byte[] fromRedis = repliesThenStillOpen(redis.port(), b(input));
        byte[] fromEngine = repliesThenStillOpen(engine.port(), b(input));
        assertThat(RawClient.escape(fromEngine)).isEqualTo(RawClient.escape(fromRedis));
    }

    @Test
    void longPipelineInOneWrite() throws IOException {
        StringBuilder in = new StringBuilder();
        for (int i = 0; i < 2000; i++) {
            in.append(i % 3 == 0 ? "SET key:" + i + " v" + i + "\r\n"
                    : new String(RawClient.encode("GET", "key:" + (i - 1)), StandardCharsets.ISO_8859_1));
        }
        byte[] fromRedis = repliesThenStillOpen(redis.port(), b(in.toString()));
        byte[] fromEngine = repliesThenStillOpen(engine.port(), b(in.toString()));
        assertThat(fromEngine).isEqualTo(fromRedis);
    }

    /** Requests Redis waits on forever (strchr stops at the NUL; a huge count): both stay silent. */
    @Test
    void silenceWhereRedisIsSilent() throws IOException {
        for (String input : List.of("PING\0x\r\n", "\0PING\r\n", "*1\0\r\n", "*2147483647\r\n$4\r\nPING\r\n",
                "*1\r\n$536870912\r\n", "*1\r")) {
            for (int port : new int[]{redis.port(), engine.port()}) {
                try (Socket s = new Socket("127.0.0.1", port)) {
                    s.getOutputStream().write(b(input));
                    s.setSoTimeout(150);
                    InputStream in = s.getInputStream();
                    int got;
                    try {
                        got = in.read();
                    } catch (SocketTimeoutException quiet) {
                        got = -2;
                    }
                    assertThat(got).as("%s on port %d", RawClient.escape(b(input)), port).isEqualTo(-2);
                }
            }
        }
    }

    @Test
    void unauthenticatedClientsAreLimitedTheSameWay() throws Exception {
        try (RealRedis r = RealRedis.start("--requirepass", "pw");
             RediscoverServer e = RediscoverServer.start("--requirepass", "pw")) {
            for (String input : List.of("*11\r\n", "*1\r\n$16385\r\n", "*10\r\n$4\r\nPING\r\n" + "$1\r\nx\r\n".repeat(9) + "QUIT\r\n",
                    "*2\r\n$4\r\nAUTH\r\n$2\r\nno\r\n*11\r\n",
                    "*2\r\n$4\r\nAUTH\r\n$2\r\npw\r\n*2\r\n$4\r\nECHO\r\n$20000\r\n" + "y".repeat(20000) + "\r\nQUIT\r\n")) {
                byte[] fromRedis = repliesUntilClosed(r.port(), b(input));
                byte[] fromEngine = repliesUntilClosed(e.port(), b(input));
                assertThat(RawClient.escape(fromEngine)).as(input.substring(0, Math.min(40, input.length())))
                        .isEqualTo(RawClient.escape(fromRedis));
            }
        }
    }
}
