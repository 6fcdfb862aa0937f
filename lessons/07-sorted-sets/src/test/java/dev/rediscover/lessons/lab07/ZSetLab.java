/*
 * What every lab-07 test shares: an embedded server, a raw client, a java.util model of a sorted
 * set, and helpers that turn the model's answer into the exact RESP bytes Redis would send.
 *
 * The model is a TreeMap from (score, member) to nothing, ordered like Redis orders a sorted set:
 * by score, then by member bytes compared unsigned (memcmp). It is slow and obviously right; the
 * server's skip list must agree with it on every rank and every range.
 *
 * Scores are random multiples of 1/4 so that their RESP2 text ("%.17g" in Redis) is exact and
 * easy to predict: 3 is "3", -2.25 is "-2.25".
 *
 * Sets are built in two encodings: the default small one (listpack, up to 128 members) and the
 * skip list, forced by CONFIG SET zset-max-listpack-entries 0 so that even a 5-member set is a
 * real skip list.
 */
package dev.rediscover.lessons.lab07;

import dev.rediscover.embedded.RediscoverServer;
import dev.rediscover.testing.Exchange;
import dev.rediscover.testing.RawClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;

abstract class ZSetLab {
    static final String OK = "+OK\r\n";
    static final String NIL = "$-1\r\n";

    RediscoverServer server;
    RawClient client;
    final Random rnd = new Random(ThreadLocalRandom.current().nextLong());

    @BeforeEach
    void startServer() throws IOException {
        server = RediscoverServer.start();
        client = new RawClient(server.port());
    }

    @AfterEach
    void stopServer() throws IOException {
        if (client != null) client.close();
        if (server != null) server.close();
    }

    /** A conversation whose failures carry this hint. */
    Exchange x(String hint) { return Exchange.with(client).hint(hint); }

    /** Make every new sorted set a skip list from its first member. */
    void forceSkipList() {
        x("CONFIG SET is given: it must already work").send("CONFIG", "SET", "zset-max-listpack-entries", "0").expect(OK);
    }

    // ------------------------------------------------------------------ the model

    /** One element, ordered as Redis orders them. */
    record Elem(double score, byte[] member) {
        String memberText() { return new String(member, StandardCharsets.ISO_8859_1); }
    }

    static final Comparator<Elem> ORDER = (a, b) -> {
        int c = Double.compare(a.score, b.score);
        return c != 0 ? c : Arrays.compareUnsigned(a.member, b.member);
    };

    /** A sorted set in plain java.util: the order in a TreeSet, member to score in a HashMap. */
    static final class Model {
        final TreeSet<Elem> order = new TreeSet<>(ORDER);
        final Map<String, Elem> byMember = new HashMap<>();

        void put(byte[] member, double score) {
            Elem old = byMember.remove(key(member));
            if (old != null) order.remove(old);
            Elem e = new Elem(score, member);
            order.add(e);
            byMember.put(key(member), e);
        }

        boolean remove(byte[] member) {
            Elem old = byMember.remove(key(member));
            if (old == null) return false;
            order.remove(old);
            return true;
        }

        List<Elem> list() { return new ArrayList<>(order); }

        int size() { return order.size(); }

        static String key(byte[] m) { return new String(m, StandardCharsets.ISO_8859_1); }
    }

    // ------------------------------------------------------------------ random data

    /** A random score: a multiple of 1/4 in [-range/4, range/4]; a small range makes ties. */
    double randomScore(int range) { return (rnd.nextInt(2 * range + 1) - range) / 4.0; }

    /**
     * A random member of 1..8 bytes: mostly lowercase letters, so failures stay readable, but one
     * byte in six is a control byte or a byte >= 0x80, so signed comparison gets caught.
     */
    byte[] randomMember() {
        byte[] b = new byte[1 + rnd.nextInt(8)];
        for (int i = 0; i < b.length; i++) {
            int k = rnd.nextInt(12);
            b[i] = (byte) (k == 0 ? rnd.nextInt(0x20) : k == 1 ? 0x80 + rnd.nextInt(0x80) : 'a' + rnd.nextInt(26));
        }
        return b;
    }

    static String randomKey() { return "zset:" + Long.toHexString(ThreadLocalRandom.current().nextLong()); }

    /** ZADD n random distinct members, in batches, mirrored in a new model. */
    Model fill(String key, int n, int scoreRange) {
        Model m = new Model();
        while (m.size() < n) {
            int batch = Math.min(100, n - m.size());
            List<byte[]> args = new ArrayList<>(List.of(b("ZADD"), b(key)));
            int added = 0;
            Map<String, Boolean> inBatch = new HashMap<>();
            for (int i = 0; i < batch; i++) {
                byte[] member = randomMember();
                String k = Model.key(member);
                if (m.byMember.containsKey(k) || inBatch.containsKey(k)) continue;
                inBatch.put(k, true);
                double s = randomScore(scoreRange);
                args.add(b(fmt(s)));
                args.add(member);
                m.put(member, s);
                added++;
            }
            if (added == 0) continue;   // every random member of this batch was taken: draw again
            x("ZADD of new members answers how many were added").send(args.toArray(new byte[0][])).expect(num(added));
        }
        return m;
    }

    // ------------------------------------------------------------------ RESP

    static byte[] b(String s) { return s.getBytes(StandardCharsets.UTF_8); }

    static String num(long n) { return ":" + n + "\r\n"; }

    /** A double the way Redis prints it in RESP2 (%.17g), for the scores these tests use. */
    static String fmt(double d) {
        if (d == Double.POSITIVE_INFINITY) return "inf";
        if (d == Double.NEGATIVE_INFINITY) return "-inf";
        if (d == Math.rint(d)) return Long.toString((long) d);
        return new BigDecimal(d).stripTrailingZeros().toPlainString();
    }

    /** The RESP bulk string for these bytes. */
    static void bulk(ByteArrayOutputStream out, byte[] v) {
        out.writeBytes(b("$" + v.length + "\r\n"));
        out.writeBytes(v);
        out.writeBytes(b("\r\n"));
    }

    static byte[] bulk(double score) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        bulk(out, b(fmt(score)));
        return out.toByteArray();
    }

    /** The RESP2 array of members (and scores when withScores) of these elements, in order. */
    static byte[] array(List<Elem> elems, boolean withScores) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(b("*" + (withScores ? 2 * elems.size() : elems.size()) + "\r\n"));
        for (Elem e : elems) {
            bulk(out, e.member);
            if (withScores) bulk(out, b(fmt(e.score)));
        }
        return out.toByteArray();
    }

    static List<Elem> reversed(List<Elem> l) {
        List<Elem> r = new ArrayList<>(l);
        java.util.Collections.reverse(r);
        return r;
    }
}
