/*
 * What every lab-15 test shares: an embedded server on a ManualClock (SLOWLOG's timestamps and
 * MONITOR's lines take their time from it, so the tests know them exactly), raw clients for
 * byte-exact replies, Jedis where a parsed reply reads better, and small RESP helpers.
 */
package dev.rediscover.lessons.lab15;

import dev.rediscover.embedded.RediscoverServer;
import dev.rediscover.server.ManualClock;
import dev.rediscover.testing.Exchange;
import dev.rediscover.testing.RawClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import redis.clients.jedis.Jedis;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

abstract class OpsLab {
    /** 2027-01-15T08:00:00.042Z: MONITOR lines start "+1800000000.042000 ". */
    static final long START = 1_800_000_000_042L;
    static final String OK = "+OK\r\n";
    static final String PONG = "+PONG\r\n";

    ManualClock clock;
    RediscoverServer server;
    RawClient client;
    private final List<AutoCloseable> others = new ArrayList<>();

    @BeforeEach
    void startServer() throws IOException {
        clock = new ManualClock(START);
        server = RediscoverServer.start(clock);
        client = new RawClient(server.port());
    }

    @AfterEach
    void stopServer() throws Exception {
        for (AutoCloseable c : others) c.close();
        if (client != null) client.close();
        if (server != null) server.close();
    }

    /** Another connection to the same server. */
    RawClient connect() throws IOException {
        RawClient c = new RawClient(server.port());
        others.add(c);
        return c;
    }

    Jedis jedis() {
        Jedis j = new Jedis("127.0.0.1", server.port());
        others.add(j);
        return j;
    }

    /** A conversation on the main client whose failures carry this hint. */
    Exchange x(String hint) { return Exchange.with(client).hint(hint); }

    static Exchange on(RawClient c, String hint) { return Exchange.with(c).hint(hint); }

    /** The client's "ip:port" as the server sees it (CLIENT INFO's addr=). */
    static String addr(RawClient c) throws IOException {
        String info = new String(c.call("CLIENT", "INFO"), StandardCharsets.UTF_8);
        int at = info.indexOf("addr=") + 5;
        return info.substring(at, info.indexOf(' ', at));
    }

    static String num(long n) { return ":" + n + "\r\n"; }

    static String bulk(String s) { return "$" + s.getBytes(StandardCharsets.UTF_8).length + "\r\n" + s + "\r\n"; }

    static String err(String text) { return "-" + text + "\r\n"; }

    static String text(byte[] b) { return new String(b, StandardCharsets.ISO_8859_1); }

    static String randomKey(String prefix) {
        return prefix + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
    }
}
