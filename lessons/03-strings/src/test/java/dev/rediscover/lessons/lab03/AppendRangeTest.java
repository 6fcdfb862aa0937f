/*
 * Tasks 5 and 6: APPEND and STRLEN, then GETRANGE and SETRANGE, which edit or slice a value by
 * byte offsets. GETRANGE's indexes may be negative (counting from the end) and may point outside
 * the string; the answer is then clipped, never an error.
 */
package dev.rediscover.lessons.lab03;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

@Order(5)   // LabRunner runs the classes in task order
class AppendRangeTest extends Lab03Support {

    @Test
    @DisplayName("APPEND creates a missing key and answers the new length; GET shows the concatenation")
    void append() {
        byte[] k = binaryKey();
        byte[] a = randomBytes(1 + rnd().nextInt(20)), b = randomBytes(rnd().nextInt(20));
        talk("APPEND answers the length after appending, in bytes")
                .send(bytes("APPEND"), k, a).expect(integer(a.length))
                .send(bytes("APPEND"), k, b).expect(integer(a.length + b.length))
                .send(bytes("GET"), k).expect(bulk(concat(a, b)))
                .send(bytes("STRLEN"), k).expect(integer(a.length + b.length));
    }

    @Test
    @DisplayName("STRLEN counts bytes (not characters) and is 0 for a missing key")
    void strlen() {
        String k = key();
        String v = "é€" + word(10);
        talk("STRLEN is the length of the byte[] stored; a missing key is 0, not nil")
                .send("STRLEN", key()).expect(integer(0))
                .send("SET", k, v).expect(OK)
                .send("STRLEN", k).expect(integer(bytes(v).length));
    }

    @Test
    @DisplayName("GETRANGE with fixed cases: inclusive ends, negative from the end, clipped past the end")
    void getrangeCases() {
        String k = key();
        String v = "This is a string";          // 16 bytes
        talk("both ends are inclusive; -1 is the last byte; an end past the string is clipped to its last byte")
                .send("SET", k, v).expect(OK)
                .send("GETRANGE", k, "0", "3").expect(bulk("This"))
                .send("GETRANGE", k, "-3", "-1").expect(bulk("ing"))
                .send("GETRANGE", k, "0", "-1").expect(bulk(v))
                .send("GETRANGE", k, "10", "100").expect(bulk("string"))
                .send("GETRANGE", k, "-100", "3").expect(bulk("This"))
                .send("GETRANGE", k, "5", "2").expect(EMPTY)
                .send("GETRANGE", k, "-1", "-5").expect(EMPTY)
                .send("GETRANGE", k, "-20", "-100").expect(EMPTY)
                .send("GETRANGE", k, "16", "20").expect(EMPTY)
                .send("GETRANGE", k, "-100", "-50").expect(bulk("T"));
    }

    @Test
    @DisplayName("GETRANGE with 60 random index pairs on a random value, against a model")
    void getrangeRandom() {
        byte[] k = binaryKey();
        byte[] v = randomBytes(1 + rnd().nextInt(30));
        var talk = talk("turn negative indexes into len+index (at least 0), clip end to len-1, then empty if start > end")
                .send(bytes("SET"), k, v).expect(OK);
        for (int i = 0; i < 60; i++) {
            long start = rnd().nextLong(-2L * v.length - 2, 2L * v.length + 2);
            long end = rnd().nextLong(-2L * v.length - 2, 2L * v.length + 2);
            talk.send(bytes("GETRANGE"), k, bytes(Long.toString(start)), bytes(Long.toString(end)))
                    .expect(bulk(model(v, start, end)));
        }
    }

    /** GETRANGE as Redis defines it (t_string.c, getrangeCommand). */
    private static byte[] model(byte[] v, long start, long end) {
        int len = v.length;
        if (start < 0 && end < 0 && start > end) return new byte[0];
        if (start < 0) start = Math.max(0, len + start);
        if (end < 0) end = Math.max(0, len + end);
        end = Math.min(end, len - 1);
        if (start > end) return new byte[0];
        return Arrays.copyOfRange(v, (int) start, (int) end + 1);
    }

    @Test
    @DisplayName("GETRANGE of a missing key is empty; a non-integer index is an error")
    void getrangeMissingAndBadIndex() {
        String k = key();
        talk("a missing key slices as the empty string; indexes are parsed strictly (Args.parseLong)")
                .send("GETRANGE", k, "0", "-1").expect(EMPTY)
                .send("SET", k, word(5)).expect(OK)
                .send("GETRANGE", k, "0", "1.5").expect(NOT_INTEGER)
                .send("GETRANGE", k, "x", "1").expect(NOT_INTEGER)
                .send("GETRANGE", k, "0", "0").expectThat(b -> b.length == 7 && b[0] == '$', "$1\\r\\n<first byte>\\r\\n");
    }

    @Test
    @DisplayName("SETRANGE overwrites in place and answers the new length")
    void setrangeInside() {
        String k = key();
        talk("SETRANGE writes the bytes at the offset, keeping the rest")
                .send("SET", k, "Hello World").expect(OK)
                .send("SETRANGE", k, "6", "Redis").expect(integer(11))
                .send("GET", k).expect(bulk("Hello Redis"))
                .send("SETRANGE", k, "0", "J").expect(integer(11))
                .send("GET", k).expect(bulk("Jello Redis"));
    }

    @Test
    @DisplayName("SETRANGE past the end pads the gap with zero bytes, also on a missing key")
    void setrangePads() {
        String k = key(), fresh = key();
        int offset = 2 + rnd().nextInt(10);                 // at or past the end of "ab"
        byte[] patch = randomBytes(1 + rnd().nextInt(5));
        byte[] expected = concat(bytes("ab"), new byte[offset - 2], patch);
        talk("grow the string to offset + length with \\0 bytes, then copy the patch")
                .send("SET", k, "ab").expect(OK)
                .send(bytes("SETRANGE"), bytes(k), bytes(Integer.toString(offset)), patch)
                .expect(integer(expected.length))
                .send(bytes("GET"), bytes(k)).expect(bulk(expected))
                .send(bytes("SETRANGE"), bytes(fresh), bytes("3"), patch).expect(integer(3 + patch.length))
                .send(bytes("GET"), bytes(fresh)).expect(bulk(concat(new byte[3], patch)));
    }

    @Test
    @DisplayName("SETRANGE with an empty value changes nothing: no key is created")
    void setrangeEmpty() {
        String k = key(), existing = key();
        talk("an empty patch never creates a key (0) and never grows one (answer its current length)")
                .send("SETRANGE", k, "5", "").expect(integer(0))
                .send("EXISTS", k).expect(integer(0))
                .send("SET", existing, "abc").expect(OK)
                .send("SETRANGE", existing, "10", "").expect(integer(3))
                .send("GET", existing).expect(bulk("abc"));
    }

    @Test
    @DisplayName("SETRANGE refuses a negative offset and a string over 512 MB, without writing")
    void setrangeErrors() {
        String k = key();
        talk("check the offset, then the final size against proto-max-bulk-len (checkStringLength), before any write")
                .send("SET", k, "abc").expect(OK)
                .send("SETRANGE", k, "-1", "x").expect("-ERR offset is out of range\r\n")
                .send("SETRANGE", k, "536870912", "x")
                .expect("-ERR string exceeds maximum allowed size (proto-max-bulk-len)\r\n")
                .send("SETRANGE", k, "one", "x").expect(NOT_INTEGER)
                .send("GET", k).expect(bulk("abc"));
    }
}
