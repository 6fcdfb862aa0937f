/*
 * Lab 01, task 2: RespWriter's aggregates (array, map, set, push) and the RESP3 types (null,
 * double, boolean, verbatim), each in RESP3 and in its RESP2 fallback, byte for byte as
 * redis-server 7.0 sends them.
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
import static dev.rediscover.lessons.lab01.Wire.randomWord;
import static dev.rediscover.lessons.lab01.Wire.writer;

@Order(2)   // LabRunner runs the classes in task order
class Resp3RepliesTest {

    @Test
    @DisplayName("arrayHeader(n) writes *n\\r\\n; the elements follow as replies of their own")
    void arrays() {
        RespWriter w = writer(2);
        w.arrayHeader(2);
        w.bulk(b("a"), 0, 1);
        w.arrayHeader(0);
        expectWritten("arrayHeader(2), bulk(\"a\"), arrayHeader(0)", w, "*2\r\n$1\r\na\r\n*0\r\n",
                "an array is '*', the element count, \\r\\n; then each element is written by its own call");

        long n = 32 + random().nextInt(1_000_000);
        for (int protocol = 2; protocol <= 3; protocol++) {
            w = writer(protocol);
            w.arrayHeader(n);
            expectWritten("arrayHeader(" + n + ")", w, "*" + n + "\r\n", "arrays are the same in RESP2 and RESP3");
        }
    }

    @Test
    @DisplayName("nullArray() writes *-1\\r\\n in RESP2 and _\\r\\n in RESP3")
    void nullArray() {
        RespWriter w = writer(2);
        w.nullArray();
        expectWritten("nullArray()", w, "*-1\r\n", "RESP2 has a separate null array: an array of length -1");
        w = writer(3);
        w.nullArray();
        expectWritten("nullArray()", w, "_\r\n", "in RESP3 a null array is the one null, _\\r\\n");
    }

    @Test
    @DisplayName("mapHeader(n) writes %n\\r\\n in RESP3 and an array of 2n elements in RESP2")
    void maps() {
        long n = 1 + random().nextInt(1000);
        RespWriter w = writer(3);
        w.mapHeader(n);
        expectWritten("mapHeader(" + n + ")", w, "%" + n + "\r\n", "RESP3 maps count pairs: %<pairs>\\r\\n");
        w = writer(2);
        w.mapHeader(n);
        expectWritten("mapHeader(" + n + ")", w, "*" + (2 * n) + "\r\n",
                "RESP2 has no map: send a flat array key, value, key, value... so the count doubles");
        w = writer(2);
        w.mapHeader(0);
        expectWritten("mapHeader(0)", w, "*0\r\n", "an empty map is an empty array in RESP2");
    }

    @Test
    @DisplayName("setHeader(n) writes ~n\\r\\n in RESP3, *n\\r\\n in RESP2")
    void sets() {
        long n = random().nextInt(5000);
        RespWriter w = writer(3);
        w.setHeader(n);
        expectWritten("setHeader(" + n + ")", w, "~" + n + "\r\n", "RESP3 sets start with '~'");
        w = writer(2);
        w.setHeader(n);
        expectWritten("setHeader(" + n + ")", w, "*" + n + "\r\n", "RESP2 sends a set as a plain array");
    }

    @Test
    @DisplayName("pushHeader(n) writes >n\\r\\n in RESP3, *n\\r\\n in RESP2")
    void pushes() {
        long n = 1 + random().nextInt(10);
        RespWriter w = writer(3);
        w.pushHeader(n);
        expectWritten("pushHeader(" + n + ")", w, ">" + n + "\r\n",
                "RESP3 push messages (pub/sub) start with '>' so a client can tell them from replies");
        w = writer(2);
        w.pushHeader(n);
        expectWritten("pushHeader(" + n + ")", w, "*" + n + "\r\n", "RESP2 sends a push message as a plain array");
    }

    @Test
    @DisplayName("doubleReply(d) writes ,d\\r\\n in RESP3 and a bulk string in RESP2, with Redis's %.17g digits")
    void doubles() {
        int whole = random().nextInt(1_000_000) - 500_000;
        Object[][] cases = {
                {1.5, "1.5"}, {(double) whole, Integer.toString(whole)}, {1.1, "1.1000000000000001"},
                {0.1, "0.10000000000000001"}, {1e300, "1.0000000000000001e+300"}, {-2.5e-7, "-2.4999999999999999e-07"},
                {Double.POSITIVE_INFINITY, "inf"}, {Double.NEGATIVE_INFINITY, "-inf"}};
        for (Object[] c : cases) {
            double d = (Double) c[0];
            String text = (String) c[1];
            RespWriter w = writer(3);
            w.doubleReply(d);
            expectWritten("doubleReply(" + d + ")", w, "," + text + "\r\n",
                    "RESP3 doubles are ',' and the text; get the text from NumberFormat.formatDouble"
                            + " (Double.toString gives \"3.0\" and \"1.1\" where Redis says \"3\" and \"1.1000000000000001\")");
            w = writer(2);
            w.doubleReply(d);
            expectWritten("doubleReply(" + d + ")", w, "$" + text.length() + "\r\n" + text + "\r\n",
                    "RESP2 has no double type: send the same text as a bulk string");
        }
    }

    @Test
    @DisplayName("bool(b) writes #t/#f in RESP3 and :1/:0 in RESP2")
    void booleans() {
        for (boolean v : new boolean[] {true, false}) {
            RespWriter w = writer(3);
            w.bool(v);
            expectWritten("bool(" + v + ")", w, v ? "#t\r\n" : "#f\r\n", "RESP3 booleans are #t\\r\\n and #f\\r\\n");
            w = writer(2);
            w.bool(v);
            expectWritten("bool(" + v + ")", w, v ? ":1\r\n" : ":0\r\n", "RESP2 has no boolean: answer the integer 1 or 0");
        }
    }

    @Test
    @DisplayName("verbatim(text) writes =len\\r\\ntxt:text\\r\\n in RESP3 and a bulk string in RESP2")
    void verbatim() {
        String text = "# Server\r\nredis_version:7.0.15\r\nid:" + randomWord() + " \u00e9\r\n";
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        RespWriter w = writer(3);
        w.verbatim(text);
        expectWritten("verbatim(<" + utf8.length + " bytes of INFO-like text>)", w,
                concat(b("=" + (utf8.length + 4) + "\r\ntxt:"), utf8, b("\r\n")),
                "the length counts the 4 bytes of \"txt:\" too, and the text's UTF-8 bytes, not its chars");
        w = writer(2);
        w.verbatim(text);
        expectWritten("verbatim(<" + utf8.length + " bytes of INFO-like text>)", w,
                concat(b("$" + utf8.length + "\r\n"), utf8, b("\r\n")),
                "RESP2 has no verbatim type: a plain bulk string, without the \"txt:\" prefix");
    }

    @Test
    @DisplayName("a RESP3 map nests other replies: HELLO-like answer byte for byte in both protocols")
    void nestedReply() {
        String id = Integer.toString(1 + random().nextInt(1000));
        for (int protocol = 2; protocol <= 3; protocol++) {
            RespWriter w = writer(protocol);
            w.mapHeader(3);
            w.bulk("server");
            w.bulk("redis");
            w.bulk("proto");
            w.integer(protocol);
            w.bulk("modules");
            w.arrayHeader(0);
            w.setHeader(1);
            w.bulk(id);
            String expected = (protocol == 3 ? "%3\r\n" : "*6\r\n")
                    + "$6\r\nserver\r\n$5\r\nredis\r\n$5\r\nproto\r\n:" + protocol + "\r\n$7\r\nmodules\r\n*0\r\n"
                    + (protocol == 3 ? "~1\r\n" : "*1\r\n") + "$" + id.length() + "\r\n" + id + "\r\n";
            expectWritten("mapHeader(3), bulk(\"server\"), bulk(\"redis\"), bulk(\"proto\"), integer(" + protocol
                    + "), bulk(\"modules\"), arrayHeader(0), setHeader(1), bulk(\"" + id + "\")", w, expected,
                    "headers only announce a count; the elements are the replies written after them");
        }
    }
}
