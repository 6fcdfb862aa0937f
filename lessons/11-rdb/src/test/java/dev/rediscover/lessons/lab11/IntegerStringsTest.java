/*
 * Task 2: strings that are integers. Redis stores "12345" as 0xC1 and two bytes instead of a
 * length and five digits, but only for canonical integers of at most 11 characters that fit in
 * 32 bits; everything else stays a plain string. Both directions, against redis-server's bytes.
 */
package dev.rediscover.lessons.lab11;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@Order(2)   // LabRunner runs the classes in task order
class IntegerStringsTest extends RdbLab {
    @ParameterizedTest(name = "{1}")
    @CsvSource({"int0, 0", "intMinus1, -1", "int127, 127", "intMinus128, -128", "int128, 128",
            "int32767, 32767", "intMinus32768, -32768", "int32768, 32768",
            "int2147483647, 2147483647", "intMinus2147483648, -2147483648"})
    @DisplayName("integers are written as 0xC0/0xC1/0xC2 and 1, 2 or 4 bytes, as Redis does")
    void integersUseTheNarrowestIntegerEncoding(String fixture, String value) {
        String k = randomKey();
        set(k, bytes(value));
        x("0xC0 + 1 byte for -128..127, 0xC1 + 2 bytes (little endian) up to 16 bits, 0xC2 + 4 bytes up to 32 bits")
                .send("DUMP", k).expect(bulk(RedisFixtures.dump(fixture)));
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource({"int2147483648, 2147483648", "int12345678901, 12345678901", "intMax, 9223372036854775807",
            "leadingZero, 007", "minusZero, -0", "plusFive, +5", "float, 1.5"})
    @DisplayName("non-canonical numbers and numbers beyond 32 bits stay plain strings")
    void otherNumbersStayPlainStrings(String fixture, String value) {
        String k = randomKey();
        set(k, bytes(value));
        x("only canonical integers (no '+', no leading zero, no \"-0\") that fit 32 bits are integer-encoded; "
                + value + " must be written as a length and its characters")
                .send("DUMP", k).expect(bulk(RedisFixtures.dump(fixture)));
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource({"int0, 0", "intMinus1, -1", "intMinus128, -128", "int32767, 32767", "intMinus32768, -32768",
            "int2147483647, 2147483647", "intMinus2147483648, -2147483648", "int32768, 32768"})
    @DisplayName("redis-server's integer payloads RESTORE as their digits, int-encoded")
    void redisIntegerPayloadsRestoreAsTheirDigits(String fixture, String value) {
        String k = randomKey();
        restore(k, RedisFixtures.dump(fixture), "RdbInput.string: an encoded length 0/1/2 means an int8/16/32 follows");
        x("the integer must come back as its decimal digits (signed, little endian)").send("GET", k).expect(bulk(bytes(value)));
        x("a restored integer is int-encoded, as after SET").send("OBJECT", "ENCODING", k).expect(bulk(bytes("int")));
    }
}
