/*
 * Bytes for lab 02's tests: random binary arguments (with \r, \n and NUL in them, because the
 * protocol must not care), and the replies the server should send for them.
 */
package dev.rediscover.lessons.lab02;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;

final class Wire {
    private Wire() { }

    /** Random bytes of a random length in [min, max], with \r\n and NUL near the front. */
    static byte[] random(int min, int max) {
        byte[] b = new byte[ThreadLocalRandom.current().nextInt(min, max + 1)];
        ThreadLocalRandom.current().nextBytes(b);
        if (b.length >= 3) {
            b[0] = '\r';
            b[1] = '\n';
            b[2] = 0;
        }
        return b;
    }

    /** A random printable word (for inline commands, which split on spaces). */
    static String word() {
        StringBuilder sb = new StringBuilder();
        int n = ThreadLocalRandom.current().nextInt(1, 12);
        for (int i = 0; i < n; i++) sb.append((char) ('a' + ThreadLocalRandom.current().nextInt(26)));
        return sb.toString();
    }

    /** The bulk string reply $<length>\r\n<bytes>\r\n. */
    static byte[] bulk(byte[] value) {
        return concat(ascii("$" + value.length + "\r\n"), value, ascii("\r\n"));
    }

    static byte[] bulk(String value) { return bulk(value.getBytes(StandardCharsets.UTF_8)); }

    static byte[] ascii(String s) { return s.getBytes(StandardCharsets.ISO_8859_1); }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) out.writeBytes(p);
        return out.toByteArray();
    }
}
