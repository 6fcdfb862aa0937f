/*
 * Task 1: lengths and plain strings, both ways. A DUMP payload is the value as an RDB file holds
 * it, so the engine's DUMP must produce exactly the bytes redis-server produced for the same
 * value, and RESTORE must accept redis-server's payloads.
 */
package dev.rediscover.lessons.lab11;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.concurrent.ThreadLocalRandom;

@Order(1)   // LabRunner runs the classes in task order
class RawStringsTest extends RdbLab {
    static final String LENGTH_HINT = "after the type byte 0x00 comes the length: one byte 00LLLLLL below 64, "
            + "two bytes 01LLLLLL LLLLLLLL (big endian) below 16384, else 0x80 and 4 bytes big endian";

    @Test
    @DisplayName("DUMP of \"hello\" is redis-server's payload, byte for byte")
    void dumpOfAShortStringIsRedisPayloadByteForByte() {
        String k = randomKey();
        set(k, bytes("hello"));
        x("type 0x00, length 0x05, the bytes, then version 10 and the CRC: RdbEncoder.string writes length + bytes")
                .send("DUMP", k).expect(bulk(RedisFixtures.dump("hello")));
    }

    @Test
    @DisplayName("the empty string is a zero length and no bytes")
    void anEmptyStringHasLengthZero() {
        String k = randomKey();
        set(k, new byte[0]);
        x("the empty string is a length byte 0x00 and no bytes").send("DUMP", k).expect(bulk(RedisFixtures.dump("empty")));
    }

    @ParameterizedTest(name = "{1} bytes")
    @CsvSource({"noise63, 63, 1", "noise64, 64, 2", "noise16383, 16383, 3", "noise16384, 16384, 4"})
    @DisplayName("strings of 63, 64, 16383 and 16384 bytes: each length form as Redis writes it")
    void lengthsAtEachBoundaryAreEncodedAsRedisDoes(String fixture, int length, long seed) {
        String k = randomKey();
        set(k, noise(length, seed));
        expectBig(LENGTH_HINT, bulk(RedisFixtures.dump(fixture)), bytes("DUMP"), bytes(k));
    }

    @ParameterizedTest(name = "{1} bytes")
    @CsvSource({"hello, 5, 0", "empty, 0, 0", "noise63, 63, 1", "noise64, 64, 2", "noise16383, 16383, 3", "noise16384, 16384, 4"})
    @DisplayName("redis-server's payloads of plain strings RESTORE to the same value")
    void redisPayloadsRestore(String fixture, int length, long seed) {
        String k = randomKey();
        restore(k, RedisFixtures.dump(fixture), "RdbInput.length must read the three length forms, RdbInput.string the bytes");
        byte[] expected = fixture.equals("hello") ? bytes("hello") : fixture.equals("empty") ? new byte[0] : noise(length, seed);
        expectBig("RESTORE of redis-server's payload must give back the same value", bulk(expected), bytes("GET"), bytes(k));
    }

    @Test
    @DisplayName("random binary values survive DUMP and RESTORE")
    void randomBinaryValuesRoundTrip() {
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        for (int i = 0; i < 30; i++) {
            byte[] v = new byte[rnd.nextInt(0, 20000)];
            rnd.nextBytes(v);
            String k = randomKey();
            set(k, v);
            byte[] p = dump(k, "DUMP must answer a payload");
            restore(k + ":copy", p, "what DUMP writes, RESTORE must read");
            expectBig("a value must survive DUMP + RESTORE unchanged (" + v.length + " random bytes)", bulk(v),
                    bytes("GET"), bytes(k + ":copy"));
        }
    }

    @Test
    @DisplayName("numbers beyond 32 bits (a stream's 64-bit IDs) use the 0x81 + 8 bytes form, both ways")
    void lengthsBeyond32BitsUseTheEightByteForm() {
        // Stream IDs are written as two lengths; this ID needs the 0x81 + 8 bytes form for both.
        String k = randomKey();
        restore(k, RedisFixtures.dump("bigIdStream"), "RdbInput.length must read 0x81 followed by 8 bytes big endian");
        x("the stream's entry must come back with its 64-bit ID")
                .send("XRANGE", k, "-", "+")
                .expect("*1\r\n*2\r\n$41\r\n18446744073709551614-18446744073709551615\r\n*2\r\n$1\r\nf\r\n$1\r\nv\r\n");
        byte[] ours = dump(k, "DUMP of a stream");
        restore(k + ":copy", ours, "RdbEncoder.length must write numbers >= 2^32 (negative longs too) as 0x81 + 8 bytes");
        x("the copy must have the same ID").send("XRANGE", k + ":copy", "-", "+")
                .expect("*1\r\n*2\r\n$41\r\n18446744073709551614-18446744073709551615\r\n*2\r\n$1\r\nf\r\n$1\r\nv\r\n");
    }

    @Test
    @DisplayName("a length byte 10xxxxxx other than 0x80 and 0x81 is Bad data format")
    void anUnknownLengthFormIsBadData() {
        // 0x82: the "10" prefix is only valid as 0x80 or 0x81
        x("a length byte 10xxxxxx other than 0x80/0x81 is corrupt: throw RdbFormatException")
                .send(bytes("RESTORE"), bytes(randomKey()), bytes("0"), payload(new byte[]{0, (byte) 0x82, 1, 2, 3, 4}))
                .expect(BAD_FORMAT);
    }

    @Test
    @DisplayName("a string longer than what follows is Bad data format")
    void aStringLongerThanThePayloadIsBadData() {
        // claims 16000 bytes (14-bit form 0x7E 0x80) but holds 3
        x("RdbInput.string must fail when the bytes run out, not answer a short string")
                .send(bytes("RESTORE"), bytes(randomKey()), bytes("0"), payload(new byte[]{0, 0x7E, (byte) 0x80, 'a', 'b', 'c'}))
                .expect(BAD_FORMAT);
    }
}
