/*
 * What every lab 06 test shares: a fresh embedded server per test (so a CONFIG SET of an
 * encoding threshold never leaks into the next test), a raw connection for exact replies, and
 * Jedis where a test needs to read a whole set or hash back to compare it with a java.util model.
 *
 * Everything goes over TCP: the dispatcher finds HSET or SADD in the table, calls the command
 * you wrote, which calls your HashValue/SetValue, which calls your Listpack/IntSet.
 */
package dev.rediscover.lessons.lab06;

import dev.rediscover.embedded.RediscoverServer;
import dev.rediscover.testing.Exchange;
import dev.rediscover.testing.Explain;
import dev.rediscover.testing.RawClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisException;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.fail;

abstract class HashSetLab {
    static final String OK = "+OK\r\n";
    static final String NIL = "$-1\r\n";
    static final String WRONGTYPE = "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n";

    RediscoverServer server;
    RawClient client;
    Jedis jedis;

    @BeforeEach
    void startServer() throws IOException {
        server = RediscoverServer.start();
        client = new RawClient(server.port());
        jedis = new Jedis("127.0.0.1", server.port(), RawClient.REPLY_TIMEOUT_MS);
    }

    @AfterEach
    void stopServer() throws IOException {
        if (jedis != null) jedis.close();
        if (client != null) client.close();
        if (server != null) server.close();
    }

    /** A raw conversation whose failures carry this hint. */
    Exchange x(String hint) { return Exchange.with(client).hint(hint); }

    /**
     * Run one Jedis call; if the server answers an error (a stub's, or a wrong one), fail with
     * what was sent, what was expected and the error, instead of a bare stack trace.
     */
    <T> T call(String sent, String expected, String hint, Supplier<T> command) {
        try {
            return command.get();
        } catch (JedisException e) {
            fail(Explain.command(sent, expected, "-" + e.getMessage(), hint));
            return null;
        }
    }

    /** OBJECT ENCODING key, as text ("listpack", "hashtable", "intset"). */
    String encoding(String key) {
        byte[] r = x("OBJECT ENCODING is given; it asks your value's encoding()")
                .send("OBJECT", "ENCODING", key).reply();
        String s = new String(r, StandardCharsets.UTF_8);
        return s.startsWith("$") ? s.substring(s.indexOf('\n') + 1).trim() : s.trim();
    }

    /** Check OBJECT ENCODING key, explaining what was expected and why. */
    void expectEncoding(String key, String expected, String hint) {
        x(hint).send("OBJECT", "ENCODING", key).expect(bulk(expected));
    }

    void config(String name, long value) {
        x("CONFIG SET is given").send("CONFIG", "SET", name, Long.toString(value)).expect(OK);
    }

    // ------------------------------------------------------------------ random data

    static ThreadLocalRandom rnd() { return ThreadLocalRandom.current(); }

    static String key() { return "lab06:" + Long.toHexString(rnd().nextLong()); }

    /** A random word of 1..max lowercase letters (never an integer, so it never fits an intset). */
    static String word(int max) {
        StringBuilder sb = new StringBuilder();
        int n = 1 + rnd().nextInt(max);
        for (int i = 0; i < n; i++) sb.append((char) ('a' + rnd().nextInt(26)));
        return sb.toString();
    }

    /** A field name that is unique with overwhelming probability. */
    static String field() { return "f" + Long.toHexString(rnd().nextLong()); }

    static String letters(int n) { return "x".repeat(n); }

    static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        rnd().nextBytes(b);
        return b;
    }

    // ------------------------------------------------------------------ RESP replies as bytes

    static byte[] bytes(String s) { return s.getBytes(StandardCharsets.UTF_8); }

    static String num(long n) { return ":" + n + "\r\n"; }

    static String bulk(String s) { return "$" + bytes(s).length + "\r\n" + s + "\r\n"; }

    static byte[] bulk(byte[] v) { return concat(bytes("$" + v.length + "\r\n"), v, bytes("\r\n")); }

    static String err(String text) { return "-" + text + "\r\n"; }

    /** A RESP2 array of bulk strings. */
    static String array(String... items) {
        StringBuilder sb = new StringBuilder("*").append(items.length).append("\r\n");
        for (String i : items) sb.append(bulk(i));
        return sb.toString();
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) out.writeBytes(p);
        return out.toByteArray();
    }
}
