/*
 * The event loop under awkward clients: a thousand at once, clients that vanish half-way through a
 * command or a reply, a client that never reads its replies, and the two size limits on what a
 * client may send (proto-max-bulk-len, client-query-buffer-limit). Redis handles these in
 * networking.c (readQueryFromClient, writeToClient, freeClient); the engine must too.
 *
 * The open-file limit on the machine these tests were written on is 20000 (ulimit -n), so 1000
 * connections (2000 descriptors in one JVM: both ends) fit without raising anything.
 */
package dev.rediscover.server;

import dev.rediscover.embedded.RediscoverServer;
import dev.rediscover.testing.RawClient;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

class ConnectionRobustnessTest {
    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("timed out waiting until " + what).isLessThan(deadline);
            Thread.sleep(5);
        }
    }

    private static int clients(RediscoverServer s) { return s.onLoop(srv -> srv.clients().size()); }

    private static byte[] ascii(String s) { return s.getBytes(StandardCharsets.ISO_8859_1); }

    private static String randomKey() { return "k:" + UUID.randomUUID(); }

    @Test
    void aThousandConcurrentConnectionsAreAllServed() throws Exception {
        try (RediscoverServer redis = RediscoverServer.start()) {
            List<Socket> sockets = new ArrayList<>();
            try {
                for (int i = 0; i < 1000; i++) {
                    Socket s = new Socket("127.0.0.1", redis.port());
                    s.setSoTimeout(10_000);
                    sockets.add(s);
                }
                // Every connection asks before any reads, so all 1000 are open and waiting at once.
                for (int i = 0; i < sockets.size(); i++) {
                    sockets.get(i).getOutputStream().write(RawClient.encode("ECHO", "c" + i));
                }
                await("1000 clients are connected", () -> clients(redis) == 1000);
                for (int i = 0; i < sockets.size(); i++) {
                    String expected = "$" + ("c" + i).length() + "\r\nc" + i + "\r\n";
                    byte[] got = sockets.get(i).getInputStream().readNBytes(expected.length());
                    assertThat(new String(got, StandardCharsets.ISO_8859_1)).isEqualTo(expected);
                }
            } finally {
                for (Socket s : sockets) s.close();
            }
            await("every client is gone", () -> clients(redis) == 0);
        }
    }

    @Test
    void disconnectingMidCommandLeavesNoTrace() throws Exception {
        try (RediscoverServer redis = RediscoverServer.start(); RawClient probe = new RawClient(redis.port())) {
            String key = randomKey();
            String[] halves = {
                    "*3\r\n$3\r\nSET\r\n$" + key.length() + "\r\n" + key + "\r\n$5\r\nva",
                    "*3\r\n$3\r\nSET\r\n$" + key.length() + "\r\n" + key,
                    "*3\r\n$3\r\nSE",
                    "*3\r",
                    "SET " + key + " value",
                    "*3\r\n$3\r\nSET\r\n$" + key.length() + "\r\n" + key + "\r\n$100000\r\n" + "x".repeat(50_000)};
            for (String half : halves) {
                Socket s = new Socket("127.0.0.1", redis.port());
                s.getOutputStream().write(ascii(half));
                s.getOutputStream().flush();
                await("the half-command client is connected", () -> clients(redis) == 2);
                s.close();
                await("the half-command client is gone", () -> clients(redis) == 1);
            }
            assertThat(probe.callText("GET", key)).isEqualTo("$-1\\r\\n");
            assertThat(probe.callText("PING")).isEqualTo("+PONG\\r\\n");
        }
    }

    @Test
    void disconnectingMidReplyLeavesNoTrace() throws Exception {
        try (RediscoverServer redis = RediscoverServer.start(); RawClient probe = new RawClient(redis.port())) {
            String key = randomKey();
            byte[] big = new byte[4 * 1024 * 1024];
            ThreadLocalRandom.current().nextBytes(big);
            probe.call(ascii("SET"), ascii(key), big);
            for (int round = 0; round < 5; round++) {
                Socket s = new Socket("127.0.0.1", redis.port());
                s.setReceiveBufferSize(4096);
                s.getOutputStream().write(RawClient.encode(ascii("GET"), ascii(key)));
                InputStream in = s.getInputStream();
                assertThat(in.readNBytes(1000)).hasSize(1000);   // a little of the reply, then hang up
                s.close();
                await("the client that left mid-reply is gone", () -> clients(redis) == 1);
            }
            byte[] reply = probe.call(ascii("GET"), ascii(key));
            assertThat(reply).hasSize(("$" + big.length + "\r\n").length() + big.length + 2);
        }
    }

    @Test
    void aClientThatNeverReadsDoesNotStallOthers() throws Exception {
        try (RediscoverServer redis = RediscoverServer.start(); RawClient other = new RawClient(redis.port())) {
            String key = randomKey();
            byte[] value = new byte[64 * 1024];
            ThreadLocalRandom.current().nextBytes(value);
            other.call(ascii("SET"), ascii(key), value);
            try (Socket slow = new Socket("127.0.0.1", redis.port())) {
                slow.setSoTimeout(10_000);
                byte[] get = RawClient.encode(ascii("GET"), ascii(key));
                byte[] many = new byte[get.length * 400];
                for (int i = 0; i < 400; i++) System.arraycopy(get, 0, many, i * get.length, get.length);
                slow.getOutputStream().write(many);   // 25 MB of replies it will not read for now
                // Wait until the server has run them all and is sitting on a full socket (the
                // kernel's buffers hold a few MB at most; the rest waits in the reply buffer).
                await("the slow client's replies are queued", () -> redis.onLoop(srv -> srv.clients().stream()
                        .anyMatch(c -> c.reply.pending() > 5 * 1024 * 1024)));
                for (int i = 0; i < 50; i++) {
                    String k = randomKey();
                    assertThat(other.callText("SET", k, "v" + i)).isEqualTo("+OK\\r\\n");
                    assertThat(other.callText("GET", k)).isEqualTo("$" + ("v" + i).length() + "\\r\\nv" + i + "\\r\\n");
                }
                // The slow client still gets all its replies, intact, once it reads.
                InputStream in = slow.getInputStream();
                byte[] header = ascii("$" + value.length + "\r\n");
                for (int i = 0; i < 400; i++) {
                    assertThat(in.readNBytes(header.length)).isEqualTo(header);
                    assertThat(in.readNBytes(value.length)).isEqualTo(value);
                    assertThat(in.readNBytes(2)).isEqualTo(ascii("\r\n"));
                }
            }
            await("the slow client is gone", () -> clients(redis) == 1);
        }
    }

    @Test
    void protoMaxBulkLenIsEnforced() throws Exception {
        try (RediscoverServer redis = RediscoverServer.start("--proto-max-bulk-len", "1mb")) {
            try (RawClient c = new RawClient(redis.port())) {
                byte[] exactly = new byte[1024 * 1024];
                assertThat(c.callText("SET", randomKey(), new String(exactly, StandardCharsets.ISO_8859_1)))
                        .isEqualTo("+OK\\r\\n");
            }
            try (RawClient c = new RawClient(redis.port())) {
                c.send(ascii("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$1048577\r\n"));
                assertThat(c.readText()).isEqualTo("-ERR Protocol error: invalid bulk length\\r\\n");
                assertThat(c.isClosedByServer()).isTrue();
            }
            await("both clients are gone", () -> clients(redis) == 0);
        }
    }

    @Test
    void clientQueryBufferLimitIsEnforced() throws Exception {
        try (RediscoverServer redis = RediscoverServer.start("--client-query-buffer-limit", "1mb");
             RawClient other = new RawClient(redis.port())) {
            String key = randomKey();
            // Under the limit: fine.
            byte[] half = new byte[512 * 1024];
            assertThat(new String(other.call(ascii("SET"), ascii(key), half), StandardCharsets.US_ASCII)).isEqualTo("+OK\r\n");
            // Over it: the server hangs up without a reply, as Redis does.
            try (Socket s = new Socket("127.0.0.1", redis.port())) {
                s.setSoTimeout(10_000);
                byte[] cmd = RawClient.encode(ascii("SET"), ascii(key), new byte[2 * 1024 * 1024]);
                try {
                    s.getOutputStream().write(cmd);
                } catch (IOException resetWhileWriting) {
                    // the server may already have closed: that is the point
                }
                int first;
                try {
                    first = s.getInputStream().read();
                } catch (IOException reset) {
                    first = -1;
                }
                assertThat(first).isEqualTo(-1);
            }
            await("the greedy client is gone", () -> clients(redis) == 1);
            assertThat(other.call(ascii("GET"), ascii(key))).hasSize(("$" + half.length + "\r\n").length() + half.length + 2);
        }
    }
}
