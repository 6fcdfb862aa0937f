/*
 * Checking replies of megabytes. Exchange would print every byte of them when something goes
 * wrong; this prints their shape instead ("$1048576\r\n<1048576 bytes>\r\n") and where they
 * first differ, and it notices at once when the server answered with a short error instead.
 */
package dev.rediscover.lessons.lab02;

import dev.rediscover.testing.Explain;
import org.opentest4j.AssertionFailedError;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

import static dev.rediscover.lessons.lab02.Wire.ascii;

final class BigReply {
    private BigReply() { }

    /** How ECHO <value> looks in a failure message. */
    static byte[] echoShape(byte[] value) {
        return ascii("*2\r\n$4\r\nECHO\r\n$" + value.length + "\r\n<" + value.length + " bytes>\r\n");
    }

    /** How the bulk reply of value looks in a failure message. */
    static byte[] bulkShape(byte[] value) {
        return ascii("$" + value.length + "\r\n<" + value.length + " bytes>\r\n");
    }

    /** Read the bulk reply of `value` from `in`, all of it, and check every byte. */
    static void expectBulk(InputStream in, byte[] value, String hint) {
        byte[] expected = Wire.bulk(value);
        byte[] got = read(in, expected.length, value, hint);
        int diff = Arrays.mismatch(expected, got);
        if (diff >= 0) {
            throw new AssertionFailedError(Explain.exchange("the reply differs from byte " + diff + " of " + expected.length
                    + " on (expected " + around(expected, diff) + ", got " + around(got, diff) + ")",
                    echoShape(value), bulkShape(value), null, hint));
        }
    }

    /** Read the first n bytes of the bulk reply of `value` (or fail with the error the server sent instead). */
    static byte[] read(InputStream in, int n, byte[] value, String hint) {
        DataInputStream data = new DataInputStream(in);
        byte[] got = new byte[n];
        try {
            got[0] = data.readByte();
            if (got[0] == '-') {
                throw new AssertionFailedError(Explain.exchange("an error instead of the reply", echoShape(value),
                        bulkShape(value), errorLine(data), hint));
            }
            data.readFully(got, 1, n - 1);
            return got;
        } catch (IOException e) {
            throw new AssertionFailedError(Explain.exchange("the reply did not arrive whole (" + e + ")",
                    echoShape(value), bulkShape(value), null, hint));
        }
    }

    private static byte[] errorLine(DataInputStream in) throws IOException {
        StringBuilder sb = new StringBuilder("-");
        int b;
        while ((b = in.read()) >= 0 && b != '\n' && sb.length() < 500) sb.append((char) b);
        return ascii(sb.append('\n').toString());
    }

    private static String around(byte[] b, int at) {
        if (at >= b.length) return "the end";
        return dev.rediscover.testing.RawClient.escape(Arrays.copyOfRange(b, at, Math.min(b.length, at + 8))) + "...";
    }
}
