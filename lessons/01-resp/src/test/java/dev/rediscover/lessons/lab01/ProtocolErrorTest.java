/*
 * Lab 01, task 5: bytes that are not RESP. next() throws a ProtocolException whose text Redis's
 * clients will see as "-ERR Protocol error: <detail>" before the server closes the connection.
 * Every detail below is what redis-server 7.0 answers to the same bytes, word for word.
 */
package dev.rediscover.lessons.lab01;

import org.junit.jupiter.api.Order;
import dev.rediscover.resp.ProtocolException;
import dev.rediscover.resp.RespReader;
import dev.rediscover.testing.Explain;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static dev.rediscover.lessons.lab01.Wire.b;
import static dev.rediscover.lessons.lab01.Wire.concat;
import static dev.rediscover.lessons.lab01.Wire.expectProtocolError;
import static dev.rediscover.lessons.lab01.Wire.random;
import static dev.rediscover.lessons.lab01.Wire.randomWord;
import static dev.rediscover.lessons.lab01.Wire.reader;
import static dev.rediscover.lessons.lab01.Wire.repeat;
import static org.junit.jupiter.api.Assertions.fail;

@Order(5)   // LabRunner runs the classes in task order
class ProtocolErrorTest {

    @Test
    @DisplayName("a bad argument count: invalid multibulk length")
    void invalidMultibulkLength() {
        String hint = "the count after '*' is parsed like Redis's string2ll (use parseLong and check parsedOk):"
                + " digits only, an optional '-', no '+', no leading zeros, and at most 2147483647";
        for (String bad : new String[] {"*abc\r\n", "*+3\r\n", "*03\r\n", "*3x\r\n", "*\r\n", "*2147483648\r\n",
                "*99999999999999999999999\r\n"}) {
            expectProtocolError(reader(), b(bad), "invalid multibulk length", hint);
        }
    }

    @Test
    @DisplayName("an argument that does not start with '$': expected '$', got 'x'")
    void expectedDollar() {
        String word = randomWord();
        char first = word.charAt(0);
        expectProtocolError(reader(), b("*2\r\n$4\r\nECHO\r\n" + word + "\r\n"), "expected '$', got '" + first + "'",
                "inside a multibulk every argument starts with '$'; name the byte you found instead");
        expectProtocolError(reader(), b("*1\r\n\r\n"), "expected '$', got ' '",
                "a CR or LF in an error text would break the reply: show it as a space, as Redis does");
    }

    @Test
    @DisplayName("a bad argument length: invalid bulk length, including over proto-max-bulk-len")
    void invalidBulkLength() {
        String hint = "the length after '$' must parse (parseLong, parsedOk), be >= 0 and at most the reader's"
                + " maxBulkLen (proto-max-bulk-len)";
        for (String bad : new String[] {"$-1\r\n", "$abc\r\n", "$+5\r\n", "$05\r\n", "$\r\n"}) {
            expectProtocolError(reader(), b("*1\r\n" + bad), "invalid bulk length", hint);
        }
        int max = 100 + random().nextInt(1000);
        expectProtocolError(new RespReader(max), b("*2\r\n$3\r\nSET\r\n$" + (max + 1) + "\r\n"), "invalid bulk length",
                hint + " (this reader was built with maxBulkLen " + max + ")");
    }

    @Test
    @DisplayName("a length of exactly proto-max-bulk-len is allowed")
    void bulkLengthAtTheLimit() throws ProtocolException {
        int max = 10 + random().nextInt(100);
        RespReader reader = new RespReader(max);
        byte[] wire = concat(b("*1\r\n$" + max + "\r\n"), repeat('v', max), b("\r\n"));
        reader.feed(wire);
        if (!reader.next() || reader.argc() != 1 || reader.argv()[0].length != max) {
            fail(Explain.exchange("a " + max + "-byte argument was refused or misread by a reader whose maxBulkLen is "
                    + max, wire, null, null, "the limit is inclusive: only a length above it is an error"));
        }
    }

    @Test
    @DisplayName("header and inline lines longer than 64 KB without a line end: too big ...")
    void tooBig() {
        int n = 64 * 1024 + 1 + random().nextInt(100);
        String hint = "while a line has no end yet, check the bytes waiting: more than RespReader.INLINE_MAX (64 KB)"
                + " means the client is not speaking RESP; otherwise wait";
        expectProtocolError(reader(), concat(b("*"), repeat('1', n)), "too big mbulk count string", hint);
        expectProtocolError(reader(), concat(b("*1\r\n$"), repeat('1', n)), "too big bulk count string", hint);
        expectProtocolError(reader(), concat(b("GET "), repeat('k', n)), "too big inline request", hint);
    }

    @Test
    @DisplayName("a long line still arriving is not an error yet")
    void longButNotTooBig() throws ProtocolException {
        RespReader reader = reader();
        byte[] wire = concat(b("ECHO "), repeat('k', 60 * 1024));
        reader.feed(wire);
        if (reader.next()) fail("next() returned true for an inline line that has no \\n yet");
        reader.feed(b("\r\n"));
        if (!reader.next() || reader.argc() != 2 || reader.argv()[1].length != 60 * 1024) {
            fail(Explain.exchange("a 60 KB inline argument was not read once its \\r\\n arrived",
                    Wire.shorten(concat(wire, b("\r\n"))), null, null,
                    "only more than 64 KB without a line end is an error; below that, wait for the rest"));
        }
    }

    @Test
    @DisplayName("inline quotes that do not close: unbalanced quotes in request")
    void unbalancedQuotes() {
        String hint = "InlineSplitter.split returns null when the quotes do not balance: that is this protocol error";
        expectProtocolError(reader(), b("SET k \"unclosed\r\n"), "unbalanced quotes in request", hint);
        expectProtocolError(reader(), b("SET k 'a'b\r\n"), "unbalanced quotes in request", hint);
        expectProtocolError(reader(), b("ECHO \"a\"\"b\"\n"), "unbalanced quotes in request", hint);
    }

    @Test
    @DisplayName("before AUTH: more than 10 arguments or a 16 KB argument is refused")
    void unauthenticatedLimits() throws ProtocolException {
        RespReader reader = reader();
        reader.setAuthRequired(true);
        expectProtocolError(reader, b("*11\r\n"), "unauthenticated multibulk length",
                "while authRequired is set, a count above 10 is refused (a stranger may not make us allocate)");
        reader = reader();
        reader.setAuthRequired(true);
        expectProtocolError(reader, b("*2\r\n$4\r\nAUTH\r\n$16385\r\n"), "unauthenticated bulk length",
                "while authRequired is set, a bulk length above 16384 is refused");

        reader = reader();
        reader.setAuthRequired(true);
        StringBuilder sb = new StringBuilder("*10\r\n$16384\r\n").append("p".repeat(16384)).append("\r\n");
        for (int i = 1; i < 10; i++) sb.append("$1\r\na\r\n");
        byte[] wire = b(sb.toString());
        reader.feed(wire);
        if (!reader.next() || reader.argc() != 10) {
            fail(Explain.exchange("10 arguments, one of 16384 bytes, were refused or misread before AUTH",
                    Wire.shorten(wire), null, null, "the limits are inclusive: 10 arguments and 16384 bytes are fine"));
        }
    }

    @Test
    @DisplayName("the commands before a protocol error are still read")
    void commandsBeforeTheError() throws ProtocolException {
        RespReader reader = reader();
        byte[] wire = b("*1\r\n$4\r\nPING\r\n*1\r\n!4\r\nPING\r\n");
        reader.feed(wire);
        if (!reader.next()) {
            fail(Explain.exchange("the good command before the bad one was not read", wire, null, null,
                    "parse one command per next() call: the error belongs to the second one"));
        }
        expectProtocolError(reader, new byte[0], "expected '$', got '!'",
                "the first command was fine; the second one's argument starts with '!'");
    }
}
