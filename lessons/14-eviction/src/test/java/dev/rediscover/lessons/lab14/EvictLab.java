/*
 * What every lab-14 test shares: an embedded server on a ManualClock (idle times and LFU decay
 * move only when a test says so), a raw client, and helpers to fill the cache, read INFO, list
 * the keys and set a maxmemory a few keys below what is in use now.
 *
 * used_memory is the engine's own count (evict/UsedMemory): the keys' estimated sizes plus a
 * fixed start-up charge, the dicts' tables and the clients' buffers. The buffers are re-added by
 * the server's cron, in real time, so if a buffer grew just before INFO the figure jumps a
 * little later; each test starts once the cron has counted its client (awaitClientsCounted). The tests keep every command under the server's 16 KB read buffer (one at a
 * time, or pipelined in batches of under 12 KB) so that buffer never grows, use values big
 * enough that a key is worth far more than any remaining drift, and check which keys went and
 * in what order rather than exact numbers of evictions.
 */
package dev.rediscover.lessons.lab14;

import dev.rediscover.embedded.RediscoverServer;
import dev.rediscover.evict.UsedMemory;
import dev.rediscover.server.ManualClock;
import dev.rediscover.testing.Exchange;
import dev.rediscover.testing.Explain;
import dev.rediscover.testing.RawClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

import static org.junit.jupiter.api.Assertions.fail;

abstract class EvictLab {
    static final long START = 1_800_000_000_000L;
    static final String OK = "+OK\r\n";
    /** Redis 7.0's refusal, byte for byte (server.c: shared.oomerr). */
    static final String OOM = "-OOM command not allowed when used memory > 'maxmemory'.\r\n";
    /** Big enough that a few KB of drift never decide an eviction; small enough to fit in one read. */
    static final int BIG = 12_000;

    ManualClock clock;
    RediscoverServer server;
    RawClient client;
    private final List<RawClient> others = new ArrayList<>();

    @BeforeEach
    void startServer() throws IOException {
        clock = new ManualClock(START);
        server = RediscoverServer.start(clock);
        client = new RawClient(server.port());
        awaitClientsCounted();
    }

    /**
     * The clients' buffers join used_memory at the server's first cron tick (up to 100 ms after
     * start). A test that measured before it would see used_memory jump by a client's 33 KB
     * later and evict three keys too many, so wait for it: poll INFO (a few ms apart, at most
     * two seconds) until the overhead holds at least one client's two 16 KB buffers.
     */
    void awaitClientsCounted() {
        long deadline = System.nanoTime() + 2_000_000_000L;
        while (info("memory", "used_memory_overhead") - UsedMemory.STARTUP < 32 * 1024) {
            if (System.nanoTime() > deadline) fail("used_memory never counted the client's buffers (UsedMemory's cron)");
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
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

    /** A conversation whose failures carry this hint. */
    Exchange x(String hint) { return Exchange.with(client).hint(hint); }

    static String num(long n) { return ":" + n + "\r\n"; }

    static String prefix() { return "k" + Integer.toHexString(ThreadLocalRandom.current().nextInt(1 << 20)) + ":"; }

    static String value(int size) {
        char[] c = new char[size];
        ThreadLocalRandom r = ThreadLocalRandom.current();
        for (int i = 0; i < size; i++) c[i] = (char) ('a' + r.nextInt(26));
        return new String(c);
    }

    void config(String name, String value) {
        x("CONFIG SET " + name + " " + value + " must be accepted").send("CONFIG", "SET", name, value).expect(OK);
    }

    /** One command whose reply must be exactly `expected`. */
    void expect(String hint, String expected, String... command) {
        x(hint).send(command).expect(expected);
    }

    /**
     * Send every command in one write, then read one reply each; each must be `expected`.
     * Fast enough for thousands of keys, and a stub's error shows up with the command it broke.
     */
    void pipeline(List<String[]> commands, String expected, String hint) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (String[] c : commands) all.writeBytes(RawClient.encode(c));
        try {
            client.send(all.toByteArray());
            for (String[] c : commands) {
                byte[] got = client.readReply();
                if (!new String(got, StandardCharsets.UTF_8).equals(expected)) {
                    fail(Explain.exchange("a reply of a pipeline was wrong", RawClient.encode(c),
                            expected.getBytes(StandardCharsets.UTF_8), got, hint));
                }
            }
        } catch (IOException e) {
            fail("the pipeline failed: " + e.getMessage() + " (did the server stop? see its log)");
        }
    }

    /**
     * SET key value for each name, pipelined in batches of under 12 KB: the server's read buffer
     * (16 KB, counted in used_memory) then never has to grow.
     */
    void setAll(List<String> keys, int valueSize, String hint) {
        int batch = Math.max(1, 12_000 / (valueSize + 64));
        for (int from = 0; from < keys.size(); from += batch) {
            List<String[]> cmds = new ArrayList<>();
            for (String k : keys.subList(from, Math.min(keys.size(), from + batch))) cmds.add(new String[] {"SET", k, value(valueSize)});
            pipeline(cmds, OK, hint);
        }
    }

    /** n names: prefix0, prefix1, ... */
    static List<String> names(String prefix, int n) {
        List<String> l = new ArrayList<>();
        for (int i = 0; i < n; i++) l.add(prefix + i);
        return l;
    }

    /** One field of INFO, as a number. */
    long info(String section, String field) {
        byte[] got = Exchange.with(client).send("INFO", section).reply();
        String text = new String(got, StandardCharsets.UTF_8);
        for (String line : text.split("\r\n")) {
            if (line.startsWith(field + ":")) return Long.parseLong(line.substring(field.length() + 1).trim());
        }
        return fail(Explain.exchange("INFO " + section + " has no field " + field, RawClient.encode("INFO", section),
                null, got, "INFO " + section + " must list " + field));
    }

    long usedMemory() { return info("memory", "used_memory"); }

    long evictedKeys() { return info("stats", "evicted_keys"); }

    /** Set maxmemory to what is used now minus `below` bytes: the next command must evict. */
    long squeeze(long below) {
        long max = usedMemory() - below;
        config("maxmemory", Long.toString(max));
        return max;
    }

    /** KEYS *: every key at one instant (KEYS touches no key, so it changes no LRU or LFU data). */
    Set<String> keys() {
        byte[] got = Exchange.with(client).send("KEYS", "*").reply();
        Set<String> out = new HashSet<>();
        String s = new String(got, StandardCharsets.UTF_8);
        if (s.charAt(0) != '*') fail(Explain.exchange("KEYS * did not answer an array", RawClient.encode("KEYS", "*"), null, got, null));
        int pos = s.indexOf("\r\n") + 2;
        while (pos < s.length()) {
            int end = s.indexOf("\r\n", pos);
            int len = Integer.parseInt(s.substring(pos + 1, end));
            out.add(s.substring(end + 2, end + 2 + len));
            pos = end + 2 + len + 2;
        }
        return out;
    }

    /** OBJECT FREQ key, as a number (the LFU counter after decay). */
    long freq(String key, String hint) {
        byte[] got = Exchange.with(client).send("OBJECT", "FREQ", key).reply();
        String s = new String(got, StandardCharsets.UTF_8);
        if (!s.startsWith(":")) {
            fail(Explain.exchange("OBJECT FREQ did not answer an integer", RawClient.encode("OBJECT", "FREQ", key), null, got, hint));
        }
        return Long.parseLong(s.substring(1).trim());
    }

    /**
     * Read key n times, pipelined, with STRLEN: a read that touches the key like GET (lookupRead,
     * so LRU stamps and LFU counts it) but answers a small integer, so the client's reply buffer,
     * which used_memory counts, does not grow with the value.
     */
    void hit(String key, int n, String hint) {
        byte[] one = RawClient.encode("STRLEN", key);
        int batch = Math.max(1, 12_000 / one.length);          // under the server's 16 KB read buffer
        try {
            for (int done = 0; done < n; ) {
                int k = Math.min(batch, n - done);
                ByteArrayOutputStream all = new ByteArrayOutputStream();
                for (int i = 0; i < k; i++) all.writeBytes(one);
                client.send(all.toByteArray());
                for (int i = 0; i < k; i++, done++) {
                    byte[] got = client.readReply();
                    if (got.length < 3 || got[0] != ':' || got[1] == '0') {
                        fail(Explain.exchange("read number " + (done + 1) + " of " + n + " failed", one, null, got, hint));
                    }
                }
            }
        } catch (IOException e) {
            fail("the reads failed: " + e.getMessage());
        }
    }

    /**
     * Check that the keys gone are exactly the first ones of `order` (the order the policy must
     * evict in), and that at least `atLeast` went.
     */
    void assertEvictedInOrder(List<String> order, int atLeast, String hint) {
        Set<String> left = keys();
        List<String> gone = new ArrayList<>();
        for (String k : order) if (!left.contains(k)) gone.add(k);
        List<String> expected = order.subList(0, Math.min(gone.size(), order.size()));
        if (gone.size() < atLeast || !gone.equals(expected)) {
            fail(Explain.command("SET (over maxmemory), then KEYS *",
                    "at least " + atLeast + " evicted, and they are the first of "
                            + order.subList(0, Math.min(order.size(), Math.max(gone.size(), atLeast) + 2)) + "...",
                    "evicted " + gone, hint));
        }
    }
}
