/*
 * Task 3: LZF. Strings longer than 20 bytes are compressed when that saves at least 4 bytes and
 * rdbcompression is on (the default). The compressor (Lzf) is given; the tests check that the
 * encoder uses it when it should, and that the decoder reads redis-server's compressed strings.
 */
package dev.rediscover.lessons.lab11;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

@Order(3)   // LabRunner runs the classes in task order
class CompressedStringsTest extends RdbLab {
    @Test
    @DisplayName("redis-server's LZF payloads RESTORE to the original strings")
    void redisCompressedPayloadsRestore() {
        for (String[] f : new String[][]{{"x21", "x".repeat(21)}, {"abc300", "abc".repeat(100)},
                {"text10000", "the quick brown fox ".repeat(500)}}) {
            String k = randomKey();
            restore(k, RedisFixtures.dump(f[0]), "RdbInput.string: encoded 3 (0xC3) is LZF: compressed length, length, data");
            x("the LZF string " + f[0] + " must decompress to the original").send("GET", k).expect(bulk(bytes(f[1])));
        }
    }

    @Test
    @DisplayName("a long repetitive string is written LZF-compressed and restores whole")
    void longRepetitiveStringsAreCompressed() {
        String k = randomKey();
        byte[] v = bytes("abc".repeat(1000));
        set(k, v);
        byte[] p = dump(k, "DUMP must answer a payload");
        assertThat(p.length).as("a payload of 3000 repetitive bytes should be much smaller than 3000: is string() "
                + "calling lzf() for strings longer than 20 bytes? (payload: %d bytes)", p.length).isLessThan(200);
        assertThat(p[1] & 0xff).as("after the type byte comes 0xC3, LZF's marker").isEqualTo(0xC3);
        restore(k + ":copy", p, "the compressed payload must restore");
        x("it must come back whole").send("GET", k + ":copy").expect(bulk(v));
    }

    @Test
    @DisplayName("a 20-byte string is never compressed")
    void twentyBytesAreNeverCompressed() {
        String k = randomKey();
        set(k, bytes("x".repeat(20)));
        x("only strings longer than 20 bytes are worth compressing").send("DUMP", k).expect(bulk(RedisFixtures.dump("x20")));
    }

    @Test
    @DisplayName("with rdbcompression no, a long string is written plain")
    void withoutRdbcompressionNothingIsCompressed() {
        String k = randomKey();
        byte[] v = bytes("y".repeat(100));
        set(k, v);
        x("CONFIG SET must work").send("CONFIG", "SET", "rdbcompression", "no").expect(OK);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(0);                 // type: string
        body.write(0x40);              // length 100 in the 14-bit form
        body.write(100);
        body.writeBytes(v);
        x("with rdbcompression no, string() must not call lzf() (the encoder's `compress` flag)")
                .send("DUMP", k).expect(bulk(payload(body.toByteArray())));
    }

    @Test
    @DisplayName("corrupt LZF data is Bad data format")
    void corruptCompressedDataIsBadData() {
        // 0xC3, compressed length 2, length 10, then a back reference before the start
        x("Lzf.decompress rejects it; RdbInput must turn that into RdbFormatException")
                .send(bytes("RESTORE"), bytes(randomKey()), bytes("0"), payload(new byte[]{0, (byte) 0xC3, 2, 10, 0x20, 0x05}))
                .expect(BAD_FORMAT);
    }
}
