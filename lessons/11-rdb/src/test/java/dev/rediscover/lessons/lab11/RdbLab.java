/*
 * What every lab-11 test shares: an embedded server on a ManualClock, a raw client (DUMP payloads
 * are bytes, so the tests compare bytes), the fixtures redis-server made (RedisFixtures), and
 * helpers to build payloads, load an RDB file into the server and save one from it.
 */
package dev.rediscover.lessons.lab11;

import dev.rediscover.embedded.RediscoverServer;
import dev.rediscover.rdb.Crc64;
import dev.rediscover.rdb.RdbFile;
import dev.rediscover.rdb.RdbLoader;
import dev.rediscover.server.ManualClock;
import dev.rediscover.testing.Exchange;
import dev.rediscover.testing.Explain;
import dev.rediscover.testing.RawClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.fail;

abstract class RdbLab {
    /** Before the fixtures' expiry times (2100-01-01) and after the already-expired key's. */
    static final long START = 1_800_000_000_000L;
    static final String OK = "+OK\r\n";
    static final String BAD_FORMAT = "-ERR Bad data format\r\n";

    ManualClock clock;
    RediscoverServer server;
    RawClient client;

    @BeforeEach
    void startServer() throws IOException {
        clock = new ManualClock(START);
        server = RediscoverServer.start(clock);
        client = new RawClient(server.port());
    }

    @AfterEach
    void stopServer() throws IOException {
        if (client != null) client.close();
        if (server != null) server.close();
    }

    Exchange x(String hint) { return Exchange.with(client).hint(hint); }

    static byte[] bytes(String s) { return s.getBytes(StandardCharsets.UTF_8); }

    /** A RESP bulk string of these bytes. */
    static byte[] bulk(byte[] b) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(("$" + b.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(b);
        out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    static String randomKey() { return "rdb:" + Long.toHexString(ThreadLocalRandom.current().nextLong()); }

    /** Bytes LZF cannot shrink, the same as generate-fixtures.py's noise(n, seed). */
    static byte[] noise(int n, long seed) {
        byte[] out = new byte[n];
        long x = seed;
        for (int i = 0; i < n; i++) {
            x = x * 6364136223846793005L + 1442695040888963407L;
            out[i] = (byte) (x >>> 56);
        }
        return out;
    }

    /** A DUMP payload around a value body: body, RDB version 10 (2 bytes LE), CRC64 (8 bytes LE). */
    static byte[] payload(byte[] body) {
        byte[] p = new byte[body.length + 10];
        System.arraycopy(body, 0, p, 0, body.length);
        p[body.length] = 10;
        long crc = Crc64.of(p, 0, body.length + 2);
        for (int i = 0; i < 8; i++) p[body.length + 2 + i] = (byte) (crc >>> (8 * i));
        return p;
    }

    /** SET key value, checked. */
    void set(String key, byte[] value) {
        x("SET must work (lab 03)").send(bytes("SET"), bytes(key), value).expect(OK);
    }

    /** DUMP key: the payload (fails, explained, if the reply is not a bulk string). */
    byte[] dump(String key, String hint) {
        byte[] reply = Exchange.with(client).hint(hint).send("DUMP", key).reply();
        if (reply.length == 0 || reply[0] != '$' || reply[1] == '-') {
            fail(Explain.exchange("DUMP did not answer a payload", bytes("DUMP " + key), null, reply, hint));
        }
        int nl = 0;
        while (reply[nl] != '\r') nl++;
        int len = Integer.parseInt(new String(reply, 1, nl - 1, StandardCharsets.US_ASCII));
        return java.util.Arrays.copyOfRange(reply, nl + 2, nl + 2 + len);
    }

    /** RESTORE key 0 payload, expecting OK. */
    void restore(String key, byte[] payload, String hint) {
        x(hint).send(bytes("RESTORE"), bytes(key), bytes("0"), payload).expect(OK);
    }

    /**
     * Send a command and compare the reply with `expected`; for big replies a failure shows the
     * sizes and the first difference in context, not all of both.
     */
    void expectBig(String hint, byte[] expected, byte[]... command) {
        byte[] got = Exchange.with(client).hint(hint).send(command).reply();
        if (java.util.Arrays.equals(expected, got)) return;
        int i = java.util.Arrays.mismatch(expected, got);
        int from = Math.max(0, i - 20);
        String sent = new String(command[0], StandardCharsets.UTF_8) + " " + new String(command[1], StandardCharsets.UTF_8);
        String problem = String.format("the reply to %s differs from byte %d on (expected %d bytes, got %d); around there:",
                sent, i, expected.length, got.length);
        fail(Explain.exchange(problem, null,
                java.util.Arrays.copyOfRange(expected, from, Math.min(expected.length, i + 40)),
                java.util.Arrays.copyOfRange(got, from, Math.min(got.length, i + 40)), hint));
    }

    /** Load a whole RDB file into the server's keyspace (what start-up does). */
    RdbLoader.Result load(byte[] file) {
        return onLoop("loading an RDB file", () -> RdbLoader.load(new ByteArrayInputStream(file),
                server.server().keyspace, clock.millis(), true, true));
    }

    /** Save the server's whole keyspace as an RDB file (what SAVE does). */
    byte[] save() {
        return onLoop("saving an RDB file", () -> {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            RdbFile.write(server.server().keyspace, out, true, true, clock.millis());
            return out.toByteArray();
        });
    }

    interface Io<T> { T run() throws IOException; }

    /** Run on the event loop; a stub or an exception becomes a failure that says which. */
    <T> T onLoop(String what, Io<T> task) {
        try {
            return server.onLoop(s -> {
                try {
                    return task.run();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
        } catch (IllegalStateException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            String method = Explain.unwrittenMethod(String.valueOf(cause.getMessage()));
            if (method != null) fail(what + " failed: " + method + " is still a stub: write its body (see the lesson's tasks)");
            throw new AssertionError(what + " failed: " + cause, cause);
        }
    }
}
