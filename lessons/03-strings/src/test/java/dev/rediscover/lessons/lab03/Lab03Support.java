/*
 * What every lab 03 test shares: one embedded server per test class, a fresh raw connection per
 * test, random keys and values, and the RESP replies spelled out as bytes.
 *
 * The tests talk to the server over TCP only, as redis-cli would, so they check the whole path:
 * the dispatcher finds the command in the table, checks its arity, calls your handler, and your
 * handler reads and writes the keyspace (Database) and replies through RespWriter.
 */
package dev.rediscover.lessons.lab03;

import dev.rediscover.embedded.RediscoverServer;
import dev.rediscover.testing.Exchange;
import dev.rediscover.testing.RawClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;

abstract class Lab03Support {
    static final String OK = "+OK\r\n";
    static final String NIL = "$-1\r\n";
    static final String EMPTY = "$0\r\n\r\n";
    static final String NOT_INTEGER = "-ERR value is not an integer or out of range\r\n";

    static RediscoverServer server;
    RawClient client;

    @BeforeAll
    static void startServer() { server = RediscoverServer.start(); }

    @AfterAll
    static void stopServer() { server.close(); }

    @BeforeEach
    void connect() throws IOException { client = new RawClient(server.port()); }

    @AfterEach
    void disconnect() throws IOException { client.close(); }

    Exchange talk(String hint) { return Exchange.with(client).hint(hint); }

    // ------------------------------------------------------------------ random data

    static ThreadLocalRandom rnd() { return ThreadLocalRandom.current(); }

    /** A fresh printable key, so tests never see each other's keys. */
    static String key() { return "lab03:" + Long.toHexString(rnd().nextLong()); }

    /** A fresh key with binary bytes in it (\0, \r, \n, bytes >= 0x80). */
    static byte[] binaryKey() {
        byte[] tail = randomBytes(1 + rnd().nextInt(8));
        return concat(bytes(key() + ":"), new byte[] {0, '\r', '\n', (byte) 0xff}, tail);
    }

    static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        rnd().nextBytes(b);
        return b;
    }

    /** A random printable word, 1..max letters. */
    static String word(int max) {
        StringBuilder sb = new StringBuilder();
        int n = 1 + rnd().nextInt(max);
        for (int i = 0; i < n; i++) sb.append((char) ('a' + rnd().nextInt(26)));
        return sb.toString();
    }

    // ------------------------------------------------------------------ RESP replies as bytes

    static byte[] bytes(String s) { return s.getBytes(StandardCharsets.UTF_8); }

    static byte[] bulk(byte[] value) {
        return concat(bytes("$" + value.length + "\r\n"), value, bytes("\r\n"));
    }

    static String bulk(String value) { return "$" + bytes(value).length + "\r\n" + value + "\r\n"; }

    static String integer(long n) { return ":" + n + "\r\n"; }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) out.writeBytes(p);
        return out.toByteArray();
    }
}
