/*
 * What every lab-10 test shares: an embedded server on a ManualClock, raw clients (a transaction
 * test nearly always needs a second connection that writes behind the first one's back), and
 * small helpers for the RESP replies these tests expect, byte for byte as Redis 7.0 sends them.
 */
package dev.rediscover.lessons.lab10;

import dev.rediscover.embedded.RediscoverServer;
import dev.rediscover.server.ManualClock;
import dev.rediscover.testing.Exchange;
import dev.rediscover.testing.RawClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

abstract class TxLab {
    static final long START = 1_800_000_000_000L;
    static final String OK = "+OK\r\n";
    static final String QUEUED = "+QUEUED\r\n";
    static final String NIL = "$-1\r\n";
    static final String NIL_ARRAY = "*-1\r\n";
    static final String PONG = "+PONG\r\n";
    static final String EXECABORT = "-EXECABORT Transaction discarded because of previous errors.\r\n";
    static final String WRONGTYPE = "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n";

    ManualClock clock;
    RediscoverServer server;
    RawClient client;
    private final List<RawClient> others = new ArrayList<>();

    @BeforeEach
    void startServer() throws IOException {
        clock = new ManualClock(START);
        server = RediscoverServer.start(clock);
        client = new RawClient(server.port());
    }

    @AfterEach
    void stopServer() throws IOException {
        for (RawClient c : others) c.close();
        if (client != null) client.close();
        if (server != null) server.close();
    }

    /** Another connection to the same server. */
    RawClient connect() throws IOException {
        RawClient c = new RawClient(server.port());
        others.add(c);
        return c;
    }

    /** A conversation on the main client whose failures carry this hint. */
    Exchange x(String hint) { return Exchange.with(client).hint(hint); }

    /** A conversation on another client. */
    static Exchange on(RawClient c, String hint) { return Exchange.with(c).hint(hint); }

    static String num(long n) { return ":" + n + "\r\n"; }

    static String bulk(String s) { return "$" + s.getBytes(StandardCharsets.UTF_8).length + "\r\n" + s + "\r\n"; }

    static String err(String text) { return "-" + text + "\r\n"; }

    /** A RESP array whose elements are already-encoded replies (EXEC's answer). */
    static String replies(String... encoded) {
        StringBuilder sb = new StringBuilder("*").append(encoded.length).append("\r\n");
        for (String s : encoded) sb.append(s);
        return sb.toString();
    }

    static String randomKey() { return "tx:" + Long.toHexString(ThreadLocalRandom.current().nextLong()); }

    static String randomValue() { return "v" + ThreadLocalRandom.current().nextInt(1_000_000); }

    /** SET on the main client, checking the reply. */
    void set(String key, String value) {
        x("a plain SET outside any transaction answers +OK").send("SET", key, value).expect(OK);
    }

    /** MULTI, PING, EXEC on the main client: does the transaction run (true) or fail (*-1)? */
    Exchange multiPingExec(String hint, String expectedExec) {
        return x(hint).send("MULTI").expect(OK).send("PING").expect(QUEUED).send("EXEC").expect(expectedExec);
    }

    /** The transaction ran: EXEC answered [PONG]. */
    static final String RAN = replies(PONG);
}
