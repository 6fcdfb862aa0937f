/*
 * The pieces of the format one by one: CRC64 against its published check value and against the
 * footer of a real DUMP, LZF round trips (and corrupt input), listpack integers and strings at
 * every encoding boundary, intsets at each width.
 */
package dev.rediscover.rdb;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CodecPartsTest {
    @Test
    void crc64MatchesRedis() {
        byte[] check = "123456789".getBytes(StandardCharsets.US_ASCII);
        assertThat(Crc64.of(check, 0, check.length)).isEqualTo(0xe9c6d914c4b8d9caL);
        // DUMP of "hello" from redis-server 7.0: type 0, "hello", version 10, then the CRC.
        byte[] real = HexFormat.of().parseHex("000568656c6c6f0a006372df766534200a");
        long crc = CompactEncodings.le(real, 9, 8);
        assertThat(Crc64.of(real, 0, 9)).isEqualTo(crc);
    }

    @Test
    void lzfRoundTripsRandomAndRepetitiveData() {
        SplittableRandom rnd = new SplittableRandom(7);
        for (int round = 0; round < 300; round++) {
            int len = rnd.nextInt(1, 20000);
            byte[] in = new byte[len];
            int alphabet = rnd.nextInt(1, 256);
            for (int i = 0; i < len; i++) in[i] = (byte) rnd.nextInt(alphabet);
            if (round % 3 == 0) for (int i = 0; i < len; i++) in[i] = (byte) ("abcabcabd".charAt(i % 9));
            byte[] out = new byte[len + len / 16 + 64];
            int clen = Lzf.compress(in, len, out);
            assertThat(clen).isPositive();
            assertThat(Lzf.decompress(out, clen, len)).isEqualTo(in);
        }
        byte[] rep = "x".repeat(1000).getBytes();
        byte[] small = new byte[996];
        int clen = Lzf.compress(rep, rep.length, small);
        assertThat(clen).isBetween(1, 30);
        // Incompressible input does not fit in len-4 bytes: compress says 0.
        byte[] noise = new byte[100];
        new SplittableRandom(1).nextBytes(noise);
        assertThat(Lzf.compress(noise, noise.length, new byte[96])).isZero();
    }

    @Test
    void lzfRejectsCorruptInput() {
        // a back reference before the start of the output
        assertThatThrownBy(() -> Lzf.decompress(new byte[]{(byte) 0x20, 0x05}, 2, 3))
                .isInstanceOf(IllegalArgumentException.class);
        // a literal run longer than the input
        assertThatThrownBy(() -> Lzf.decompress(new byte[]{0x05, 'a'}, 2, 6))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void listpackEncodesEveryIntegerAndStringWidth() {
        long[] ints = {0, 127, 128, -1, -4096, 4095, 4096, -4097, 32767, -32768, 32768, 8388607, -8388608,
                8388608, Integer.MAX_VALUE, Integer.MIN_VALUE, Integer.MAX_VALUE + 1L, Long.MAX_VALUE, Long.MIN_VALUE};
        ListpackWriter w = new ListpackWriter();
        List<String> expect = new ArrayList<>();
        for (long v : ints) { w.addInt(v); expect.add(Long.toString(v)); }
        for (int len : new int[]{0, 1, 63, 64, 4095, 4096, 70000}) {
            String s = "s".repeat(len);
            w.add(s.getBytes());
            expect.add(s);
        }
        w.add("007".getBytes());           // not canonical: stays a string
        expect.add("007");
        w.add("-12".getBytes());           // canonical: becomes an integer
        expect.add("-12");
        byte[] lp = w.toBytes();
        ListpackReader r = new ListpackReader(lp);
        assertThat(r.headerCount()).isEqualTo(expect.size());
        List<String> got = new ArrayList<>();
        while (r.hasNext()) got.add(new String(r.next()));
        assertThat(got).isEqualTo(expect);
        // sizes of a few encodings, as in listpack.c: 7-bit uint = 1+1, 13-bit = 2+1, 6-bit string "a" = 2+1
        assertThat(new ListpackWriter().addInt(5).toBytes()).hasSize(6 + 2 + 1);
        assertThat(new ListpackWriter().addInt(-5).toBytes()).hasSize(6 + 3 + 1);
        assertThat(new ListpackWriter().add("a".getBytes()).toBytes()).hasSize(6 + 3 + 1);
    }

    @Test
    void listpackReaderRejectsTruncatedOrMislabelledBlobs() {
        byte[] lp = new ListpackWriter().add("hello".getBytes()).toBytes();
        byte[] cut = java.util.Arrays.copyOf(lp, lp.length - 3);
        assertThatThrownBy(() -> new ListpackReader(cut)).isInstanceOf(IllegalArgumentException.class);
        byte[] bad = lp.clone();
        bad[6] = (byte) 0x8F;                           // claims a 15-byte string
        assertThatThrownBy(() -> ValueReader.listpackEntries(bad)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void intsetPicksTheNarrowestWidth() {
        assertThat(CompactEncodings.intset(new long[]{-5, 7}, 2)).hasSize(8 + 2 * 2);
        assertThat(CompactEncodings.intset(new long[]{1, 100000}, 2)).hasSize(8 + 2 * 4);
        assertThat(CompactEncodings.intset(new long[]{1, 1L << 40}, 2)).hasSize(8 + 2 * 8);
        assertThat(CompactEncodings.intsetValues(CompactEncodings.intset(new long[]{Long.MIN_VALUE, -1, 3}, 3)))
                .containsExactly(Long.MIN_VALUE, -1, 3);
        byte[] unsorted = CompactEncodings.intset(new long[]{3, 1}, 2);
        assertThatThrownBy(() -> CompactEncodings.intsetValues(unsorted)).isInstanceOf(IllegalArgumentException.class);
    }
}
