/*
 * What every lab-05 test shares: an embedded server on a ManualClock, raw clients (one per
 * connection: the blocking tests need several), and small helpers for the RESP replies these
 * tests expect.
 *
 * "Is the client blocked yet?" is asked of the server on its own event loop
 * (Blocking.blockedClients), never guessed with a sleep. Timeouts are driven by moving the
 * ManualClock and then running Blocking.checkTimeouts on the loop, so a 250 ms timeout is exactly
 * 250 ms and no test waits for it.
 */
package dev.rediscover.lessons.lab05;

import dev.rediscover.embedded.RediscoverServer;
import dev.rediscover.server.ManualClock;
import dev.rediscover.testing.Exchange;
import dev.rediscover.testing.Explain;
import dev.rediscover.testing.RawClient;
import dev.rediscover.types.list.QuickList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import static org.junit.jupiter.api.Assertions.fail;

abstract class ListLab {
    static final long START = 1_800_000_000_000L;
    static final String OK = "+OK\r\n";
    static final String NIL = "$-1\r\n";
    static final String NIL_ARRAY = "*-1\r\n";
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

    /** A RESP array of bulk strings. */
    static String arr(String... items) { return arr(List.of(items)); }

    static String arr(List<String> items) {
        StringBuilder sb = new StringBuilder("*").append(items.size()).append("\r\n");
        for (String s : items) sb.append(bulk(s));
        return sb.toString();
    }

    static String err(String text) { return "-" + text + "\r\n"; }

    static String randomKey() { return "list:" + Long.toHexString(ThreadLocalRandom.current().nextLong()); }

    static String randomValue() { return "v" + ThreadLocalRandom.current().nextInt(1_000_000); }

    /** n distinct random values. */
    static List<String> randomValues(int n) {
        List<String> out = new ArrayList<>();
        String prefix = Long.toHexString(ThreadLocalRandom.current().nextLong());
        for (int i = 0; i < n; i++) out.add(prefix + ":" + i);
        return out;
    }

    /** "RPUSH key v1 v2 ..." as arguments. */
    static String[] withArgs(String cmd, String key, List<String> values) {
        String[] a = new String[values.size() + 2];
        a[0] = cmd;
        a[1] = key;
        for (int i = 0; i < values.size(); i++) a[i + 2] = values.get(i);
        return a;
    }

    /** RPUSH the values, checking the reply. */
    void rpush(String key, List<String> values, long expectedLength) {
        x("RPUSH appends every element and answers the new length (push)")
                .send(withArgs("RPUSH", key, values)).expect(num(expectedLength));
    }

    /** How many nodes the list at key (db 0) has, read on the event loop. */
    int nodeCount(String key) {
        return server.onLoop(s -> {
            var o = s.keyspace.db(0).peek(key.getBytes(StandardCharsets.UTF_8));
            return o != null && o.value instanceof QuickList q ? q.nodeCount() : -1;
        });
    }

    int blockedClients() { return server.onLoop(s -> s.blocking.blockedClients()); }

    /**
     * Wait (up to 2 s) until the server counts n blocked clients. If it never does, the blocking
     * command most likely answered at once: that reply is read from `who` and shown.
     */
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
                        "on empty lists the command must park the client with Blocking.block, not answer"));
            }
            Thread.sleep(1);
        }
    }

    /** Run Blocking.checkTimeouts on the event loop, as the cron and the loop timers do. */
    void checkTimeouts() {
        try {
            server.onLoop(s -> {
                s.blocking.checkTimeouts();
                return null;
            });
        } catch (RuntimeException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            fail(Explain.command("blocking.checkTimeouts() on the event loop", "the expired waiters to be answered",
                    cause, "checkTimeouts throws " + cause.getClass().getSimpleName()
                            + ": it must answer (Wakeup.timedOut) and unblock every client whose deadline < now"));
        }
    }
}
