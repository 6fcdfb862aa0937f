/*
 * Property tests for RespReader (jqwik): whatever bytes arrive, in whatever pieces, the reader
 * either yields commands or throws ProtocolException, nothing else, and always finishes; and any
 * command encoded as RESP comes back exactly as it was sent.
 */
package dev.rediscover.resp;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class RespReaderPropertiesTest {

    /** Feed in pieces of random size; return the commands, failing on anything but ProtocolException. */
    private static List<byte[][]> feedInChunks(RespReader r, byte[] in, long seed, int maxChunk) {
        Random rnd = new Random(seed);
        List<byte[][]> out = new ArrayList<>();
        int pos = 0;
        int calls = 0;
        while (pos < in.length) {
            int n = Math.min(in.length - pos, 1 + rnd.nextInt(maxChunk));
            r.feed(in, pos, n);
            pos += n;
            try {
                while (r.next()) {
                    out.add(java.util.Arrays.copyOf(r.argv(), r.argc()));
                    // A command consumes at least two bytes, so more commands than bytes is a loop.
                    assertThat(++calls).isLessThanOrEqualTo(in.length);
                }
            } catch (ProtocolException e) {
                assertThat(e.replyText()).startsWith("ERR Protocol error: ");
                return null;   // Redis closes the connection: the reader is not used again
            }
        }
        return out;
    }

    @Property(tries = 500)
    void randomBytesNeverBreakTheReader(@ForAll @Size(max = 400) byte[] input, @ForAll long seed,
                                        @ForAll @IntRange(min = 1, max = 64) int maxChunk) {
        feedInChunks(new RespReader(1024), input, seed, maxChunk);
    }

    @Property(tries = 500)
    void protocolShapedGarbageNeverBreaksTheReader(@ForAll("respish") byte[] input, @ForAll long seed,
                                                   @ForAll @IntRange(min = 1, max = 16) int maxChunk) {
        feedInChunks(new RespReader(1024), input, seed, maxChunk);
    }

    @Property(tries = 300)
    void mutatedValidPipelinesNeverBreakTheReader(@ForAll("commands") List<byte[][]> commands, @ForAll long seed,
                                                  @ForAll @IntRange(min = 1, max = 8) int mutations) {
        byte[] in = encodeAll(commands);
        if (in.length == 0) return;
        Random rnd = new Random(seed);
        ByteArrayOutputStream mutated = new ByteArrayOutputStream();
        mutated.writeBytes(in);
        byte[] m = mutated.toByteArray();
        for (int i = 0; i < mutations; i++) {
            int at = rnd.nextInt(m.length);
            byte[] pick = {'*', '$', '\r', '\n', '-', '0', '9', '"', '\'', '\\', 0, (byte) rnd.nextInt(256)};
            m[at] = pick[rnd.nextInt(pick.length)];
        }
        feedInChunks(new RespReader(1024), m, seed, 1 + rnd.nextInt(32));
    }

    @Property(tries = 500)
    void validCommandsComeBackEqual(@ForAll("commands") List<byte[][]> commands, @ForAll long seed,
                                    @ForAll @IntRange(min = 1, max = 200) int maxChunk) {
        List<byte[][]> got = feedInChunks(new RespReader(1 << 20), encodeAll(commands), seed, maxChunk);
        assertThat(got).isNotNull();
        assertThat(got).hasSameSizeAs(commands);
        for (int i = 0; i < commands.size(); i++) assertThat(got.get(i)).isDeepEqualTo(commands.get(i));
    }

    @Property(tries = 300)
    void inlineCommandsOfPlainWordsComeBackEqual(@ForAll("words") List<String> words, @ForAll long seed) {
        if (words.get(0).startsWith("*")) return;
        byte[] line = (String.join(" ", words) + "\r\n").getBytes(StandardCharsets.US_ASCII);
        List<byte[][]> got = feedInChunks(new RespReader(1024), line, seed, 8);
        assertThat(got).hasSize(1);
        List<String> back = new ArrayList<>();
        for (byte[] w : got.get(0)) back.add(new String(w, StandardCharsets.US_ASCII));
        assertThat(back).isEqualTo(words);
    }

    @Provide
    Arbitrary<List<byte[][]>> commands() {
        Arbitrary<byte[]> small = Arbitraries.oneOf(
                Arbitraries.bytes().array(byte[].class).ofMaxSize(40),
                Arbitraries.of("\r\n", "*1\r\n", "$3\r\n", "\0", "").map(s -> s.getBytes(StandardCharsets.ISO_8859_1)));
        // Now and then an argument past the 32 KB "big argument" size; random bytes made in bulk
        // because jqwik's per-byte generation of such arrays is slow.
        Arbitrary<byte[]> big = Arbitraries.integers().between(30_000, 70_000).flatMap(n ->
                Arbitraries.randomValue(r -> {
                    byte[] b = new byte[n];
                    r.nextBytes(b);
                    return b;
                }));
        Arbitrary<byte[]> weightedArg = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(200, small), net.jqwik.api.Tuple.of(1, big));
        Arbitrary<byte[][]> command = weightedArg.array(byte[][].class).ofMinSize(1).ofMaxSize(6);
        return command.list().ofMaxSize(12);
    }

    @Provide
    Arbitrary<List<String>> words() {
        // No quotes (they have their own tests) and no leading '*' (that would start a multibulk).
        return Arbitraries.strings().withCharRange('!', '~').excludeChars('"', '\'').ofMinLength(1).ofMaxLength(12)
                .list().ofMinSize(1).ofMaxSize(8);
    }

    /** Byte strings built from RESP-looking tokens: the inputs most likely to reach odd corners. */
    @Provide
    Arbitrary<byte[]> respish() {
        Arbitrary<String> token = Arbitraries.of("*", "$", "\r", "\n", "\r\n", "-", "0", "1", "3", "9", "10",
                "2147483648", "-1", "PING", " ", "\"", "'", "\\", "\\x4", "\0", "+", "x");
        return Combinators.combine(token.list().ofMaxSize(60), Arbitraries.just(0))
                .as((tokens, ignored) -> String.join("", tokens).getBytes(StandardCharsets.ISO_8859_1));
    }

    private static byte[] encodeAll(List<byte[][]> commands) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (byte[][] c : commands) b.writeBytes(dev.rediscover.testing.RawClient.encode(c));
        return b.toByteArray();
    }
}
