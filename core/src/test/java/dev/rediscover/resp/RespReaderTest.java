/*
 * RespReader against the rules of Redis 7.0's networking.c (processMultibulkBuffer,
 * processInlineBuffer): framing, pipelines, bytes arriving in any pieces, inline quoting, and the
 * exact text of every protocol error. The expectations were checked against redis-server 7.0.15.
 */
package dev.rediscover.resp;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static dev.rediscover.resp.Parsed.bytes;
import static org.assertj.core.api.Assertions.assertThat;

class RespReaderTest {
    private static final String PIPELINE = "*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$5\r\nv\r\nxy\r\n"
            + "GET k\r\n"
            + "*0\r\n"
            + "\r\n"
            + "*2\r\n$4\r\nECHO\r\n$0\r\n\r\n"
            + "ECHO \"a b\" 'c d'\n"
            + "*-1\r\n"
            + "*1\r\n$4\r\nPING\r\n";
    private static final List<List<String>> PIPELINE_COMMANDS = List.of(
            List.of("SET", "k", "v\r\nxy"), List.of("GET", "k"), List.of("ECHO", ""),
            List.of("ECHO", "a b", "c d"), List.of("PING"));

    @Test
    void pipelineInOnePiece() {
        Parsed p = Parsed.whole(PIPELINE);
        assertThat(p.error).isNull();
        assertThat(p.commands).isEqualTo(PIPELINE_COMMANDS);
        assertThat(p.idle).isTrue();
    }

    @Test
    void pipelineSplitAtEveryPosition() {
        byte[] in = bytes(PIPELINE);
        for (int cut = 0; cut <= in.length; cut++) {
            Parsed p = Parsed.feedCut(new RespReader(Parsed.DEFAULT_MAX_BULK), in, cut);
            assertThat(p.commands).as("cut at %d", cut).isEqualTo(PIPELINE_COMMANDS);
            assertThat(p.error).isNull();
        }
    }

    @Test
    void pipelineSplitAtEveryPairOfPositions() {
        byte[] in = bytes(PIPELINE);
        for (int a = 0; a <= in.length; a++) {
            for (int b = a; b <= in.length; b++) {
                Parsed p = Parsed.feedCut(new RespReader(Parsed.DEFAULT_MAX_BULK), in, a, b);
                assertThat(p.commands).as("cuts at %d, %d", a, b).isEqualTo(PIPELINE_COMMANDS);
            }
        }
    }

    @Test
    void oneByteAtATime() {
        byte[] in = bytes(PIPELINE);
        int[] cuts = new int[in.length];
        for (int i = 0; i < in.length; i++) cuts[i] = i;
        Parsed p = Parsed.feedCut(new RespReader(Parsed.DEFAULT_MAX_BULK), in, cuts);
        assertThat(p.commands).isEqualTo(PIPELINE_COMMANDS);
    }

    @Test
    void binaryBulkWithNulAndCrlfInside() {
        Parsed p = Parsed.whole("*2\r\n$4\r\nECHO\r\n$6\r\n\0\r\n\0\u00ff\n\r\n");
        assertThat(p.commands).containsExactly(List.of("ECHO", "\0\r\n\0\u00ff\n"));
    }

    @Test
    void bigArgumentArrivingSlowly() {
        String big = "x".repeat(100_000);
        byte[] in = bytes("*2\r\n$4\r\nECHO\r\n$100000\r\n" + big + "\r\n");
        Parsed p = Parsed.feedCut(new RespReader(Parsed.DEFAULT_MAX_BULK), in, 10, 20, 30, 40_000, 80_000);
        assertThat(p.commands).containsExactly(List.of("ECHO", big));
    }

    @Test
    void crlfAfterHeadersAndDataIsNotChecked() {
        // Redis skips the two bytes after '\r' in a header, and the two after the data, unseen.
        assertThat(Parsed.whole("*1\rx$4\r\nPING\r\n").commands).containsExactly(List.of("PING"));
        assertThat(Parsed.whole("*1\r\n$4\rxPING\r\n").commands).containsExactly(List.of("PING"));
        assertThat(Parsed.whole("*1\r\n$4\r\nPINGxx*1\r\n$4\r\nPING\r\n").commands)
                .containsExactly(List.of("PING"), List.of("PING"));
    }

    @Test
    void headerWaitsForTheByteAfterCr() {
        Parsed p = Parsed.whole("*1\r");
        assertThat(p.error).isNull();
        assertThat(p.commands).isEmpty();
    }

    @Test
    void negativeCountIsAnEmptyCommandFollowedByInline() {
        assertThat(Parsed.whole("*-5\r\nPING\r\n").commands).containsExactly(List.of("PING"));
        assertThat(Parsed.whole("*-9223372036854775808\r\nPING\r\n").commands).containsExactly(List.of("PING"));
    }

    @Test
    void nulStopsTheSearchForALineEndLikeStrchr() {
        // redis-server never answers these: strchr() stops at the NUL before the line end.
        for (String in : List.of("PING\0x\r\n", "\0PING\r\n", "*1\0\r\n", "*1\r\n$4\0\r\nPING\r\n")) {
            Parsed p = Parsed.whole(in);
            assertThat(p.commands).as(in).isEmpty();
            assertThat(p.error).as(in).isNull();
        }
    }

    @Test
    void hugeCountsAllocateNothingUpFront() {
        Parsed p = Parsed.whole("*2147483647\r\n$4\r\nPING\r\n");
        assertThat(p.error).isNull();
        assertThat(p.commands).isEmpty();
        assertThat(p.idle).isFalse();
    }

    static Stream<Arguments> inline() {
        return Stream.of(
                Arguments.of("PING\r\n", List.of("PING")),
                Arguments.of("PING\n", List.of("PING")),
                Arguments.of(" PING\t\r\n", List.of("PING")),
                Arguments.of("SET  k   v\r\n", List.of("SET", "k", "v")),
                Arguments.of("ECHO \"a\\x41\\n\"\r\n", List.of("ECHO", "aA\n")),
                Arguments.of("ECHO \"\\r\\t\\b\\a\\\\\\\"\"\r\n", List.of("ECHO", "\r\t\b\u0007\\\"")),
                Arguments.of("ECHO \"\\xzz\"\r\n", List.of("ECHO", "xzz")),
                Arguments.of("ECHO \"\\x4\"\r\n", List.of("ECHO", "x4")),
                Arguments.of("ECHO \"\\u\\t\"\r\n", List.of("ECHO", "u\t")),
                Arguments.of("ECHO 'a\\'b'\r\n", List.of("ECHO", "a'b")),
                Arguments.of("ECHO 'a\\nb'\r\n", List.of("ECHO", "a\\nb")),
                Arguments.of("ECHO \"\"\r\n", List.of("ECHO", "")),
                Arguments.of("ECHO ''\r\n", List.of("ECHO", "")),
                Arguments.of("ECHO ab\"c d\"\r\n", List.of("ECHO", "abc d")),
                Arguments.of("ECHO a\rb\r\n", List.of("ECHO", "a", "b")),
                // \v is a blank between words but not a word separator (sdssplitargs).
                Arguments.of("ECHO a\tb\u000bc\r\n", List.of("ECHO", "a", "b\u000bc")),
                Arguments.of("ECHO \u00e9\u00ff\r\n", List.of("ECHO", "\u00e9\u00ff")));
    }

    @ParameterizedTest
    @MethodSource
    void inline(String input, List<String> words) {
        assertThat(Parsed.whole(input).commands).containsExactly(words);
    }

    @Test
    void blankInlineLinesAreSkipped() {
        assertThat(Parsed.whole("   \r\n\r\n\n\t\r\nPING\r\n").commands).containsExactly(List.of("PING"));
    }

    static Stream<Arguments> protocolErrors() {
        String zeros = "0".repeat(65535);
        return Stream.of(
                Arguments.of("*2147483648\r\n", "invalid multibulk length"),
                Arguments.of("*01\r\n", "invalid multibulk length"),
                Arguments.of("*-0\r\n", "invalid multibulk length"),
                Arguments.of("*+1\r\n", "invalid multibulk length"),
                Arguments.of("*\r\n", "invalid multibulk length"),
                Arguments.of("*1x\r\n", "invalid multibulk length"),
                Arguments.of("*" + "9".repeat(21) + "\r\n", "invalid multibulk length"),
                Arguments.of("*1\r\n4\r\n", "expected '$', got '4'"),
                Arguments.of("*1\r\n\r\n", "expected '$', got ' '"),    // CR shown as a space, as Redis does
                Arguments.of("*1\r\n+PING\r\n", "expected '$', got '+'"),
                Arguments.of("*1\r\n\u00ff\r\n", "expected '$', got '\u00ff'"),
                Arguments.of("*1\r\n$04\r\n", "invalid bulk length"),
                Arguments.of("*1\r\n$-1\r\n", "invalid bulk length"),
                Arguments.of("*1\r\n$-0\r\n", "invalid bulk length"),
                Arguments.of("*1\r\n$\r\n", "invalid bulk length"),
                Arguments.of("*1\r\n$536870913\r\n", "invalid bulk length"),
                Arguments.of("*1\r\n$18446744073709551616\r\n", "invalid bulk length"),
                Arguments.of("*" + zeros + "0", "too big mbulk count string"),
                Arguments.of("*" + zeros + "\r\n", "invalid multibulk length"),
                Arguments.of("*1\r\n$" + zeros + "0", "too big bulk count string"),
                Arguments.of("*1\r\n$" + zeros + "\r\n", "invalid bulk length"),
                Arguments.of("x".repeat(65537), "too big inline request"),
                Arguments.of("ECHO \"a\n", "unbalanced quotes in request"),
                Arguments.of("ECHO 'a\r\n", "unbalanced quotes in request"),
                Arguments.of("ECHO \"a\"x\n", "unbalanced quotes in request"),
                Arguments.of("ECHO 'a'x\n", "unbalanced quotes in request"),
                Arguments.of("ECHO \"a\\\"\n", "unbalanced quotes in request"),
                Arguments.of("ECHO 'a\\'\n", "unbalanced quotes in request"));
    }

    @ParameterizedTest
    @MethodSource
    void protocolErrors(String input, String detail) {
        Parsed p = Parsed.whole(input);
        assertThat(p.error).isEqualTo("ERR Protocol error: " + detail);
        assertThat(p.commands).isEmpty();
    }

    @Test
    void errorsAreFoundWhicheverWayTheBytesArrive() {
        protocolErrors().forEach(a -> {
            String input = "PING\r\n" + a.get()[0];
            byte[] in = bytes(input);
            if (in.length > 200) return;   // the 64 KB cases are covered above
            for (int cut = 0; cut <= in.length; cut++) {
                Parsed p = Parsed.feedCut(new RespReader(Parsed.DEFAULT_MAX_BULK), in, cut);
                assertThat(p.commands).as("%s cut at %d", input, cut).containsExactly(List.of("PING"));
                assertThat(p.error).as("%s cut at %d", input, cut).isEqualTo("ERR Protocol error: " + a.get()[1]);
            }
        });
    }

    @Test
    void exactlyTheInlineLimitStillWaits() {
        Parsed p = Parsed.whole("x".repeat(65536));
        assertThat(p.error).isNull();
        Parsed p2 = Parsed.whole("*" + "0".repeat(65535));
        assertThat(p2.error).isNull();
    }

    @Test
    void protoMaxBulkLenIsConfigurable() {
        RespReader r = new RespReader(10);
        assertThat(Parsed.feedCut(r, bytes("*1\r\n$10\r\n0123456789\r\n")).commands).hasSize(1);
        Parsed p = Parsed.feedCut(r, bytes("*1\r\n$11\r\n"));
        assertThat(p.error).isEqualTo("ERR Protocol error: invalid bulk length");
    }

    @Test
    void unauthenticatedClientsMaySendOnlySmallRequests() {
        RespReader r = new RespReader(Parsed.DEFAULT_MAX_BULK);
        r.setAuthRequired(true);
        assertThat(Parsed.feedCut(r, bytes("*10\r\n")).error).isNull();
        r = new RespReader(Parsed.DEFAULT_MAX_BULK);
        r.setAuthRequired(true);
        assertThat(Parsed.feedCut(r, bytes("*11\r\n")).error)
                .isEqualTo("ERR Protocol error: unauthenticated multibulk length");
        r = new RespReader(Parsed.DEFAULT_MAX_BULK);
        r.setAuthRequired(true);
        assertThat(Parsed.feedCut(r, bytes("*1\r\n$16384\r\n")).error).isNull();
        r = new RespReader(Parsed.DEFAULT_MAX_BULK);
        r.setAuthRequired(true);
        assertThat(Parsed.feedCut(r, bytes("*1\r\n$16385\r\n")).error)
                .isEqualTo("ERR Protocol error: unauthenticated bulk length");
        // The absolute limit is checked first.
        r = new RespReader(Parsed.DEFAULT_MAX_BULK);
        r.setAuthRequired(true);
        assertThat(Parsed.feedCut(r, bytes("*3000000000\r\n")).error)
                .isEqualTo("ERR Protocol error: invalid multibulk length");
    }

    @Test
    void bufferShrinksBackAfterABigCommand() {
        RespReader r = new RespReader(Parsed.DEFAULT_MAX_BULK);
        Parsed p = Parsed.feedCut(r, bytes("*2\r\n$4\r\nECHO\r\n$200000\r\n" + "y".repeat(200_000) + "\r\n"));
        assertThat(p.commands).hasSize(1);
        r.shrinkIfIdle();
        assertThat(r.capacity()).isLessThanOrEqualTo(64 * 1024);
        assertThat(r.pending()).isZero();
    }
}
