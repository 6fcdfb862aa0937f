/*
 * What every lab-09 test shares: an embedded server on a ManualClock (so `*` IDs are
 * predictable: the clock's millisecond, then sequence 0, 1, ...), raw clients (one per
 * connection: the blocking reads need several), and helpers that build the RESP replies a stream
 * command answers: an entry is [id, [field, value, ...]], XREAD answers [[key, [entry...]]...].
 *
 * "Is the client blocked yet?" is asked of the server on its own event loop, never guessed with
 * a sleep; a BLOCK timeout is driven by moving the clock and running Blocking.checkTimeouts.
 */
package dev.rediscover.lessons.lab09;

import dev.rediscover.embedded.RediscoverServer;
import dev.rediscover.server.ManualClock;
import dev.rediscover.testing.Exchange;
import dev.rediscover.testing.Explain;
import dev.rediscover.testing.RawClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import static org.junit.jupiter.api.Assertions.fail;

abstract class StreamLab {
    static final long START = 1_800_000_000_000L;
    static final String OK = "+OK\r\n";
    static final String NIL_ARRAY = "*-1\r\n";
    static final String EMPTY = "*0\r\n";
    static final String INVALID_ID = "-ERR Invalid stream ID specified as stream command argument\r\n";
    static final String SMALLER = "-ERR The ID specified in XADD is equal or smaller than the target stream top item\r\n";

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

    RawClient connect() throws IOException {
        RawClient c = new RawClient(server.port());
        others.add(c);
        return c;
    }

    Exchange x(String hint) { return Exchange.with(client).hint(hint); }

    static Exchange on(RawClient c, String hint) { return Exchange.with(c).hint(hint); }

    static String num(long n) { return ":" + n + "\r\n"; }

    static String bulk(String s) { return "$" + s.getBytes(StandardCharsets.UTF_8).length + "\r\n" + s + "\r\n"; }

    static String err(String text) { return "-" + text + "\r\n"; }

    /** A RESP array of already-encoded parts. */
    static String raw(String... parts) {
        StringBuilder sb = new StringBuilder("*").append(parts.length).append("\r\n");
        for (String p : parts) sb.append(p);
        return sb.toString();
    }

    static String raw(List<String> parts) { return raw(parts.toArray(String[]::new)); }

    /** A RESP array of bulk strings. */
    static String arr(String... items) {
        StringBuilder sb = new StringBuilder("*").append(items.length).append("\r\n");
        for (String s : items) sb.append(bulk(s));
        return sb.toString();
    }

    /** One entry as XRANGE answers it: [id, [field, value, ...]]. */
    static String entry(String id, String... fieldsAndValues) { return raw(bulk(id), arr(fieldsAndValues)); }

    /** One stream in an XREAD reply: [key, [entries]]. */
    static String stream(String key, String... entries) { return raw(bulk(key), raw(entries)); }

    /** The ID XADD * picks at the clock's current millisecond with sequence seq. */
    String now(long seq) { return clock.millis() + "-" + seq; }

    static String randomKey() { return "stream:" + Long.toHexString(ThreadLocalRandom.current().nextLong()); }

    static String randomValue() { return "v" + ThreadLocalRandom.current().nextInt(1_000_000); }

    /** XADD key id field value, checking that the reply is the ID. */
    void xadd(String key, String id, String field, String value) {
        x("XADD with an explicit ID answers that ID (StreamCommands.xadd, nextId, StreamLog.append)")
                .send("XADD", key, id, field, value).expect(bulk(id));
    }

    int blockedClients() { return server.onLoop(s -> s.blocking.blockedClients()); }

    /** Wait (up to 2 s) until the server counts n blocked clients; else show what `who` got. */
    void awaitBlocked(int n, RawClient who, String command) throws InterruptedException {
        long until = System.nanoTime() + 2_000_000_000L;
        while (blockedClients() != n) {
            if (System.nanoTime() > until) {
                String got;
                try {
                    got = RawClient.escape(who.readReply());
                } catch (IOException e) {
                    got = "no reply (" + e.getMessage() + ")";
                }
                fail(Explain.command(command, n + " blocked client(s) (Blocking.blockedClients)",
                        blockedClients() + " blocked; the command answered: " + got,
                        "with nothing after the IDs and BLOCK given, StreamRead.read must park the client, not answer"));
            }
            Thread.sleep(1);
        }
    }

    /** Run Blocking.checkTimeouts on the event loop, as the cron does. */
    void checkTimeouts() {
        server.onLoop(s -> {
            s.blocking.checkTimeouts();
            return null;
        });
    }
}
