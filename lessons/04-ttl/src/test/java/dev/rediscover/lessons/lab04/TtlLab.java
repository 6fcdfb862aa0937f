/*
 * What every lab-04 test shares: an embedded server driven by a ManualClock, a raw client, and
 * small helpers for the replies these tests expect.
 *
 * Time only moves when a test says so (clock.advanceMillis), so a TTL of 100 ms is exactly 100 ms
 * and no test ever sleeps. The server's own background expire cycle is switched off with
 * ActiveExpire.setEnabled(false) where a test wants to see lazy expiry alone, or to run the cycle
 * itself at a moment of its choosing (runCycle). That switch is what DEBUG SET-ACTIVE-EXPIRE 0
 * does; the tests flip it on the event loop because DEBUG is disabled for clients by default.
 */
package dev.rediscover.lessons.lab04;

import dev.rediscover.embedded.RediscoverServer;
import dev.rediscover.server.ManualClock;
import dev.rediscover.testing.Exchange;
import dev.rediscover.testing.Explain;
import dev.rediscover.testing.RawClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;

import static org.junit.jupiter.api.Assertions.fail;

abstract class TtlLab {
    /** 2023-11-14T22:13:20Z: a round number of seconds, so EXPIRETIME arithmetic is easy to check. */
    static final long START = 1_700_000_000_000L;
    static final String OK = "+OK\r\n";
    static final String NIL = "$-1\r\n";

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

    /** A conversation whose failures carry this hint. */
    Exchange x(String hint) { return Exchange.with(client).hint(hint); }

    /** The RESP integer reply ":n\r\n". */
    static String num(long n) { return ":" + n + "\r\n"; }

    /** The RESP bulk reply for a text value. */
    static String bulk(String s) { return "$" + s.getBytes(StandardCharsets.UTF_8).length + "\r\n" + s + "\r\n"; }

    /** The error reply "-text\r\n". */
    static String err(String text) { return "-" + text + "\r\n"; }

    static String randomKey() { return "key:" + Long.toHexString(ThreadLocalRandom.current().nextLong()); }

    static String randomValue() { return "v" + ThreadLocalRandom.current().nextInt(1_000_000); }

    /** Store a plain value, checking the reply (SET is lab 03's). */
    void set(String key, String value) {
        x("SET is lab 03's: it must already work here").send("SET", key, value).expect(OK);
    }

    /** Stop the server's periodic expire cycle, so only lazy expiry (or runCycle) deletes keys. */
    void disableActiveExpire() {
        server.onLoop(s -> {
            s.activeExpire.setEnabled(false);     // what DEBUG SET-ACTIVE-EXPIRE 0 does
            return null;
        });
    }

    /** Run one active-expire cycle on the event loop, with all the time it wants and effort 0. */
    boolean runCycle() {
        try {
            return server.onLoop(s -> s.activeExpire.runCycle(Long.MAX_VALUE / 2, 0));
        } catch (IllegalStateException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            fail(Explain.command("activeExpire.runCycle(budget: no limit, effort: 0) on the event loop",
                    "the cycle to run", cause,
                    "runCycle throws " + cause.getClass().getSimpleName() + "; it (and expireSample) must sample and delete"));
            return false;
        }
    }

    /** INFO stats' expired_keys: keys deleted because their time passed. */
    long expiredKeys() throws IOException {
        String info = new String(client.call("INFO", "stats"), StandardCharsets.UTF_8);
        for (String line : info.split("\r\n")) {
            if (line.startsWith("expired_keys:")) return Long.parseLong(line.substring("expired_keys:".length()));
        }
        fail("INFO stats has no expired_keys line:\n" + info);
        return -1;
    }
}
