/*
 * client-output-buffer-limit for pub/sub: a subscriber that never reads is disconnected instead
 * of making the server buffer messages for it without end. The subscriber is a raw socket with a
 * tiny receive buffer that is simply never read; CLIENT LIST shows its output buffer (omem)
 * growing; the hard limit drops it at once, the soft limit once it has been exceeded for longer
 * than the configured seconds of (manual) server time. Normal clients are not limited by default.
 */
package dev.rediscover.pubsub;

import dev.rediscover.embedded.RediscoverServer;
import dev.rediscover.server.ManualClock;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class SlowSubscriberTest {
    private static final String BIG = "x".repeat(64 * 1024);

    /** A subscriber that sends SUBSCRIBE and then never reads. */
    private static Socket deafSubscriber(RediscoverServer server, String channel) throws IOException {
        Socket s = new Socket();
        s.setReceiveBufferSize(4096);
        s.connect(new InetSocketAddress(server.host(), server.port()));
        OutputStream out = s.getOutputStream();
        out.write(("SUBSCRIBE " + channel + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return s;
    }

    private static void awaitSubscribed(Jedis j, String channel) throws InterruptedException {
        for (int i = 0; i < 500 && j.pubsubNumSub(channel).get(channel) == 0; i++) Thread.sleep(2);
        assertThat(j.pubsubNumSub(channel)).containsEntry(channel, 1L);
    }

    /** The omem= figure of the only pub/sub client, or -1 when there is none. */
    private static long pubsubOmem(Jedis j) {
        Matcher m = Pattern.compile(" omem=(\\d+)").matcher(j.clientList(redis.clients.jedis.args.ClientType.PUBSUB));
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    @Test
    void hardLimitDisconnectsAtOnce() throws Exception {
        try (RediscoverServer server = RediscoverServer.start("--client-output-buffer-limit", "pubsub 1mb 0 0");
             Jedis pub = new Jedis(server.host(), server.port())) {
            String channel = "slow:" + System.nanoTime();
            try (Socket deaf = deafSubscriber(server, channel)) {
                awaitSubscribed(pub, channel);
                long maxSeen = 0;
                int published = 0;
                while (pub.pubsubNumSub(channel).get(channel) > 0) {
                    assertThat(published).as("disconnected before 200 messages of 64 KB").isLessThan(200);
                    pub.publish(channel, BIG);
                    published++;
                    maxSeen = Math.max(maxSeen, pubsubOmem(pub));
                }
                // Never more than the limit plus the message that crossed it.
                assertThat(maxSeen).isLessThan(1024 * 1024 + BIG.length() + 1024);
                assertThat(pub.clientList(redis.clients.jedis.args.ClientType.PUBSUB)).isEmpty();
                assertThat(pub.publish(channel, "after")).isZero();
                deaf.setSoTimeout(5000);
                assertThat(drainToEnd(deaf)).as("the server closed the connection").isTrue();
            }
        }
    }

    @Test
    void softLimitDisconnectsOnlyAfterItsSecondsOfServerTime() throws Exception {
        ManualClock clock = new ManualClock();
        try (RediscoverServer server = RediscoverServer.start(clock, "--client-output-buffer-limit", "pubsub 0 256kb 60");
             Jedis pub = new Jedis(server.host(), server.port())) {
            String channel = "soft:" + System.nanoTime();
            try (Socket deaf = deafSubscriber(server, channel)) {
                awaitSubscribed(pub, channel);
                int published = 0;
                while (pubsubOmem(pub) < 256 * 1024) {
                    assertThat(published).as("over the soft limit before 500 messages").isLessThan(500);
                    pub.publish(channel, BIG);
                    published++;
                }
                // Over the soft limit, but not for long: more messages are still buffered.
                for (int i = 0; i < 5; i++) assertThat(pub.publish(channel, BIG)).isEqualTo(1);
                clock.advance(Duration.ofSeconds(30));
                assertThat(pub.publish(channel, BIG)).isEqualTo(1);
                assertThat(pub.pubsubNumSub(channel)).containsEntry(channel, 1L);
                clock.advance(Duration.ofSeconds(31));
                pub.publish(channel, BIG);
                assertThat(pub.pubsubNumSub(channel)).containsEntry(channel, 0L);
                assertThat(pub.clientList(redis.clients.jedis.args.ClientType.PUBSUB)).isEmpty();
            }
        }
    }

    @Test
    void clientListShowsOutputBufferAndNormalClientsAreUnlimitedByDefault() throws Exception {
        try (RediscoverServer server = RediscoverServer.start(); Jedis pub = new Jedis(server.host(), server.port())) {
            String channel = "ob:" + System.nanoTime();
            try (Socket deaf = deafSubscriber(server, channel)) {
                awaitSubscribed(pub, channel);
                for (int i = 0; i < 80; i++) pub.publish(channel, BIG);   // 5 MB: under the 8 MB soft default
                String line = pub.clientList(redis.clients.jedis.args.ClientType.PUBSUB);
                assertThat(line).contains("flags=P", "sub=1 psub=0 ssub=0", "cmd=subscribe");
                assertThat(field(line, "obl")).isEqualTo(16384);
                assertThat(field(line, "omem")).isGreaterThan(0);
                assertThat(field(line, "oll")).isGreaterThan(0);
                assertThat(pub.clientList(redis.clients.jedis.args.ClientType.NORMAL)).doesNotContain("flags=P").contains("omem=0");
                assertThat(pub.configGet("client-output-buffer-limit"))
                        .containsEntry("client-output-buffer-limit", "normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60");
            }
        }
    }

    private static long field(String line, String name) {
        Matcher m = Pattern.compile(" " + name + "=(\\d+)").matcher(line);
        assertThat(m.find()).isTrue();
        return Long.parseLong(m.group(1));
    }

    /** Read until the server closes the stream; true if it did. */
    private static boolean drainToEnd(Socket s) throws IOException {
        byte[] buf = new byte[1 << 16];
        try {
            while (s.getInputStream().read(buf) >= 0) Arrays.fill(buf, (byte) 0);
            return true;
        } catch (java.net.SocketTimeoutException e) {
            return false;
        }
    }
}
