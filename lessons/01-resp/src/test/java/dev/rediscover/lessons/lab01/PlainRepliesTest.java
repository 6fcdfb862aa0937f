/*
 * Lab 01, task 1: RespWriter's plain replies (simple string, error, integer, bulk string, null),
 * byte for byte as redis-server 7.0 sends them.
 *
 * Each test calls the writer as a command would and compares writer.pendingBytes() with the
 * expected bytes. Values are random where the encoding allows it.
 */
package dev.rediscover.lessons.lab01;

import org.junit.jupiter.api.Order;
import dev.rediscover.resp.RespWriter;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static dev.rediscover.lessons.lab01.Wire.b;
import static dev.rediscover.lessons.lab01.Wire.concat;
import static dev.rediscover.lessons.lab01.Wire.expectWritten;
import static dev.rediscover.lessons.lab01.Wire.random;
import static dev.rediscover.lessons.lab01.Wire.randomBytes;
import static dev.rediscover.lessons.lab01.Wire.randomWord;
import static dev.rediscover.lessons.lab01.Wire.writer;

@Order(1)   // LabRunner runs the classes in task order
class PlainRepliesTest {

    @Test
    @DisplayName("simple(text) writes +text\\r\\n")
    void simpleString() {
        String text = randomWord();
        RespWriter w = writer(2);
        w.simple(text);
        expectWritten("simple(\"" + text + "\")", w, "+" + text + "\r\n",
                "a simple string is '+', the text, then \\r\\n (two bytes: 13 10)");
    }

    @Test
    @DisplayName("error(message) writes -message\\r\\n, turning CR and LF inside into spaces")
    void errorFromString() {
        String word = randomWord();
        RespWriter w = writer(2);
        w.error("ERR unknown thing '" + word + "'");
        expectWritten("error(\"ERR unknown thing '" + word + "'\")", w, "-ERR unknown thing '" + word + "'\r\n",
                "an error is '-', the message (it already starts with its code, ERR), then \\r\\n");

        w = writer(2);
        w.error("ERR two\r\nlines\nhere");
        expectWritten("error(\"ERR two\\r\\nlines\\nhere\")", w, "-ERR two  lines here\r\n",
                "a CR or LF inside an error would end the reply early and desync the client: write a space instead");
    }

    @Test
    @DisplayName("error(...) keeps non-ASCII text as UTF-8 and binary bytes as they are")
    void errorNonAsciiAndBytes() {
        String text = "ERR no such key 'clé-\uD83D\uDD11'";
        RespWriter w = writer(2);
        w.error(text);
        expectWritten("error(\"" + text + "\")", w,
                concat(b("-"), text.getBytes(StandardCharsets.UTF_8), b("\r\n")),
                "a char is not a byte: encode a message with non-ASCII characters as UTF-8 (surrogate pairs too)");

        byte[] quoted = {'E', 'R', 'R', ' ', (byte) 0xff, 0, '\r', 'x', '\n', (byte) 0x80};
        w = writer(2);
        w.error(quoted);
        expectWritten("error(byte[] {ERR \\xff\\x00\\rx\\n\\x80})", w,
                concat(b("-ERR "), new byte[] {(byte) 0xff, 0, ' ', 'x', ' ', (byte) 0x80}, b("\r\n")),
                "error(byte[]) copies the bytes as they are, except CR and LF, which become spaces");
    }

    @Test
    @DisplayName("integer(n) writes :n\\r\\n for small, big and negative n")
    void integers() {
        long[] values = {0, 1, 9_999, 10_000, -1, Long.MAX_VALUE, Long.MIN_VALUE,
                random().nextInt(10_000), random().nextLong(), -1 - random().nextInt(1_000_000)};
        for (long n : values) {
            RespWriter w = writer(2);
            w.integer(n);
            expectWritten("integer(" + n + ")", w, ":" + n + "\r\n",
                    "an integer is ':', its decimal digits (with '-' when negative), then \\r\\n;"
                            + " Long.MIN_VALUE cannot be negated, so watch out if you write the digits yourself");
        }
    }

    @Test
    @DisplayName("bulk(data, off, len) writes $len\\r\\n, the bytes, \\r\\n: binary-safe, empty, and a slice")
    void bulkStrings() {
        byte[] value = randomBytes(60);
        RespWriter w = writer(2);
        w.bulk(value, 0, value.length);
        expectWritten("bulk(<" + value.length + " random bytes>)", w,
                concat(b("$" + value.length + "\r\n"), value, b("\r\n")),
                "copy the bytes as they are, \\r and \\n and 0 included: the length prefix says where they end");

        w = writer(2);
        w.bulk(new byte[0], 0, 0);
        expectWritten("bulk(<empty>)", w, "$0\r\n\r\n", "an empty string is $0, then the \\r\\n that ends its (empty) data");

        byte[] big = randomBytes(1);
        big = concat(big, new byte[70_000 + random().nextInt(1000)]);
        int off = 3, len = big.length - 10;
        w = writer(2);
        w.bulk(big, off, len);
        expectWritten("bulk(<" + big.length + " bytes>, " + off + ", " + len + ")", w,
                concat(b("$" + len + "\r\n"), java.util.Arrays.copyOfRange(big, off, off + len), b("\r\n")),
                "write exactly data[off, off+len), and make room first: a value can be bigger than the buffer");
    }

    @Test
    @DisplayName("a bulk string's length counts bytes, not characters")
    void bulkLengthCountsBytes() {
        String text = "caf\u00e9 \u65e5\u672c";
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        RespWriter w = writer(2);
        w.bulk(text);
        expectWritten("bulk(\"" + text + "\")", w, concat(b("$" + utf8.length + "\r\n"), utf8, b("\r\n")),
                "\"" + text + "\" is " + text.length() + " chars but " + utf8.length + " UTF-8 bytes: the length is in bytes");
    }

    @Test
    @DisplayName("nullBulk() writes $-1\\r\\n in RESP2 and _\\r\\n in RESP3")
    void nullBulk() {
        RespWriter w = writer(2);
        w.nullBulk();
        expectWritten("nullBulk()", w, "$-1\r\n", "RESP2's null is a bulk string of length -1, with no data and no second \\r\\n");
        w = writer(3);
        w.nullBulk();
        expectWritten("nullBulk()", w, "_\r\n", "RESP3 has one null type for everything: _\\r\\n (check protocol())");
        w = writer(2);
        w.bulk((byte[]) null);
        expectWritten("bulk(null)", w, "$-1\r\n", "bulk(byte[]) hands null to nullBulk()");
    }

    @Test
    @DisplayName("replies append one after another, as a pipeline's answers do")
    void repliesAccumulate() {
        String word = randomWord();
        long n = random().nextInt(100_000) - 50_000;
        RespWriter w = writer(2);
        w.simple("PONG");
        w.bulk(b(word), 0, word.length());
        w.integer(n);
        w.nullBulk();
        w.error("ERR oops");
        expectWritten("simple(\"PONG\"), bulk(\"" + word + "\"), integer(" + n + "), nullBulk(), error(\"ERR oops\")", w,
                "+PONG\r\n$" + word.length() + "\r\n" + word + "\r\n:" + n + "\r\n$-1\r\n-ERR oops\r\n",
                "each call appends at the end of the buffer; nothing is overwritten or reset between replies");
    }
}
