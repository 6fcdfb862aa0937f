/*
 * The sorted set commands end to end: Jedis for everyday use, RawClient where the exact bytes
 * matter (RESP3 doubles and pair shapes), the server's own config for the encoding thresholds
 * (answers checked against redis-server 7.0.15 by hand, since CONFIG is not in the engine yet),
 * and a keyspace listener for the events. Keys and members are random.
 */
package dev.rediscover.types.zset;

import dev.rediscover.embedded.RediscoverServer;
import dev.rediscover.keyspace.Keyspace;
import dev.rediscover.keyspace.NotifyFlags;
import dev.rediscover.server.ConfigException;
import dev.rediscover.testing.RawClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.ZAddParams;
import redis.clients.jedis.params.ZParams;
import redis.clients.jedis.resps.ScanResult;
import redis.clients.jedis.resps.Tuple;
import redis.clients.jedis.params.ScanParams;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class SortedSetCommandsTest {
    private static RediscoverServer server;
    private static Jedis jedis;
    private static RawClient raw;
    private static final List<String> events = new ArrayList<>();
    private final Random random = new Random();

    @BeforeAll
    static void start() {
        server = RediscoverServer.start();
        jedis = new Jedis(server.host(), server.port());
        try {
            raw = new RawClient(server.port());
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        server.onLoop(s -> {
            s.keyspace.addListener(new Keyspace.Listener() {
                @Override
                public void event(int type, String event, byte[] key, int dbId) {
                    // "new" and "keymiss" come from the keyspace itself, not from the command under test
                    if ((type & (NotifyFlags.NEW | NotifyFlags.KEY_MISS)) != 0) return;
                    String cls = type == NotifyFlags.ZSET ? "z" : type == NotifyFlags.GENERIC ? "g" : type == NotifyFlags.STRING ? "$" : "?";
                    synchronized (events) { events.add(cls + ":" + event + ":" + new String(key, StandardCharsets.UTF_8)); }
                }
            });
            return null;
        });
    }

    @AfterAll
    static void stop() throws Exception {
        jedis.close();
        raw.close();
        server.close();
    }

    @BeforeEach
    void clear() {
        synchronized (events) { events.clear(); }
    }

    private static List<String> eventsFor(String key) {
        synchronized (events) {
            return events.stream().filter(e -> e.endsWith(":" + key))
                    .map(e -> e.substring(0, e.length() - key.length() - 1)).toList();
        }
    }

    private static String key() { return "z:" + UUID.randomUUID(); }

    private static String encoding(String key) {
        return server.onLoop(s -> s.keyspace.db(0).peek(key.getBytes(StandardCharsets.UTF_8)).encoding());
    }

    private static void config(String name, String value) {
        server.onLoop(s -> {
            try {
                s.config.set(name, value);
            } catch (ConfigException e) {
                throw new IllegalStateException(e);
            }
            return null;
        });
    }

    // ------------------------------------------------------------------ against a model

    @Test
    void randomAddsAndRemovesMatchATreeModel() {
        String k = key();
        Map<String, Double> model = new HashMap<>();
        for (int i = 0; i < 2000; i++) {
            String m = "m" + random.nextInt(300);
            if (random.nextInt(4) == 0) {
                assertThat(jedis.zrem(k, m)).isEqualTo(model.remove(m) != null ? 1 : 0);
            } else {
                double s = random.nextInt(50) + (random.nextBoolean() ? 0.25 : 0);
                jedis.zadd(k, s, m);
                model.put(m, s);
            }
        }
        List<String> sorted = model.entrySet().stream()
                .sorted((a, b) -> a.getValue().equals(b.getValue()) ? a.getKey().compareTo(b.getKey()) : Double.compare(a.getValue(), b.getValue()))
                .map(Map.Entry::getKey).toList();
        assertThat(jedis.zrange(k, 0, -1)).containsExactlyElementsOf(sorted);
        assertThat(jedis.zcard(k)).isEqualTo(model.size());
        assertThat(encoding(k)).isEqualTo("skiplist");
        for (int i = 0; i < 50; i++) {
            String m = sorted.get(random.nextInt(sorted.size()));
            assertThat(jedis.zrank(k, m)).isEqualTo(sorted.indexOf(m));
            assertThat(jedis.zrevrank(k, m)).isEqualTo(sorted.size() - 1 - sorted.indexOf(m));
            assertThat(jedis.zscore(k, m)).isEqualTo(model.get(m));
        }
        long inRange = model.values().stream().filter(s -> s > 10 && s <= 20).count();
        assertThat(jedis.zcount(k, "(10", "20")).isEqualTo(inRange);
        assertThat(jedis.zrangeByScore(k, "(10", "20")).hasSize((int) inRange);
    }

    // ------------------------------------------------------------------ encodings and config

    @Test
    void encodingFollowsTheConfiguredThresholds() {
        String k = key();
        for (int i = 0; i < 128; i++) jedis.zadd(k, i, "m" + i);
        assertThat(encoding(k)).isEqualTo("listpack");
        jedis.zadd(k, 128, "m128");
        assertThat(encoding(k)).isEqualTo("skiplist");
        jedis.zremrangeByRank(k, 0, 100);
        assertThat(encoding(k)).as("never converts back on removal").isEqualTo("skiplist");

        try {
            config("zset-max-listpack-entries", "2");
            String a = key();
            jedis.zadd(a, Map.of("x", 1.0, "y", 2.0));
            assertThat(encoding(a)).isEqualTo("listpack");
            jedis.zadd(a, 3, "z");
            assertThat(encoding(a)).isEqualTo("skiplist");
            String store = key();
            jedis.zrangestore(store, a, new redis.clients.jedis.params.ZRangeParams(0, 1));
            assertThat(encoding(store)).isEqualTo("listpack");
            jedis.zrangestore(store, a, new redis.clients.jedis.params.ZRangeParams(0, 2));
            assertThat(encoding(store)).isEqualTo("skiplist");
            jedis.zunionstore(store, a);
            assertThat(encoding(store)).isEqualTo("skiplist");
            jedis.zinterstore(store, new ZParams(), a, a);
            assertThat(encoding(store)).isEqualTo("skiplist");

            config("zset-max-ziplist-entries", "0");       // the legacy alias
            String b = key();
            jedis.zadd(b, 1, "x");
            assertThat(encoding(b)).isEqualTo("skiplist");
            String c = key();
            jedis.zincrby(c, 1, "x");
            assertThat(encoding(c)).isEqualTo("skiplist");
            config("zset-max-listpack-entries", "128");

            config("zset-max-listpack-value", "3");
            String d = key();
            jedis.zadd(d, 1, "abcd");
            assertThat(encoding(d)).isEqualTo("skiplist");
            String e = key();
            jedis.zadd(e, 1, "abc");
            assertThat(encoding(e)).isEqualTo("listpack");
            jedis.zunionstore(store, d);
            assertThat(encoding(store)).isEqualTo("skiplist");
            jedis.zunionstore(store, e);
            assertThat(encoding(store)).isEqualTo("listpack");
        } finally {
            config("zset-max-listpack-entries", "128");
            config("zset-max-listpack-value", "64");
        }
    }

    @Test
    void negativeZeroIsKeptOnlyByTheSkipList() throws Exception {
        // redis-server 7.0.15: a listpack writes scores as text and reads "-0" back as 0.
        String small = key();
        jedis.zadd(small, -0.0, "a");
        assertThat(raw.callText("ZSCORE", small, "a")).isEqualTo("$1\\r\\n0\\r\\n");
        try {
            config("zset-max-listpack-entries", "0");
            String big = key();
            jedis.zadd(big, -0.0, "a");
            assertThat(raw.callText("ZSCORE", big, "a")).isEqualTo("$2\\r\\n-0\\r\\n");
        } finally {
            config("zset-max-listpack-entries", "128");
        }
    }

    // ------------------------------------------------------------------ replies

    @Test
    void scoresAreFormattedAsRedis70Does() throws Exception {
        String k = key();
        jedis.zadd(k, 1.1, "a");
        jedis.zadd(k, 1e20, "b");
        jedis.zadd(k, Double.NEGATIVE_INFINITY, "c");
        assertThat(raw.callText("ZSCORE", k, "a")).isEqualTo("$18\\r\\n1.1000000000000001\\r\\n");
        assertThat(raw.callText("ZSCORE", k, "b")).isEqualTo("$5\\r\\n1e+20\\r\\n");
        assertThat(raw.callText("ZSCORE", k, "c")).isEqualTo("$4\\r\\n-inf\\r\\n");
        assertThat(raw.callText("ZINCRBY", k, "inf", "c")).isEqualTo("-ERR resulting score is not a number (NaN)\\r\\n");
    }

    @Test
    void resp3UsesDoublesAndPairs() throws Exception {
        String k = key();
        try (RawClient r3 = new RawClient(server.port())) {
            r3.call("HELLO", "3");
            r3.call("ZADD", k, "1.5", "a", "2", "b");
            assertThat(r3.callText("ZSCORE", k, "a")).isEqualTo(",1.5\\r\\n");
            assertThat(r3.callText("ZSCORE", k, "nope")).isEqualTo("_\\r\\n");
            assertThat(r3.callText("ZRANGE", k, "0", "-1", "WITHSCORES"))
                    .isEqualTo("*2\\r\\n*2\\r\\n$1\\r\\na\\r\\n,1.5\\r\\n*2\\r\\n$1\\r\\nb\\r\\n,2\\r\\n");
            assertThat(r3.callText("ZPOPMIN", k)).isEqualTo("*2\\r\\n$1\\r\\na\\r\\n,1.5\\r\\n");
            assertThat(r3.callText("ZPOPMAX", k, "1")).isEqualTo("*1\\r\\n*2\\r\\n$1\\r\\nb\\r\\n,2\\r\\n");
            assertThat(r3.callText("ZMPOP", "1", k, "MIN")).isEqualTo("_\\r\\n");
        }
    }

    // ------------------------------------------------------------------ pops, random, scan

    @Test
    void popsAnnounceAndDeleteTheEmptiedKey() {
        String k = key();
        jedis.zadd(k, Map.of("a", 1.0, "b", 2.0, "c", 3.0));
        assertThat(jedis.zpopmin(k).getElement()).isEqualTo("a");
        assertThat(jedis.zpopmax(k, 5)).extracting(Tuple::getElement).containsExactly("c", "b");
        assertThat(jedis.exists(k)).isFalse();
        assertThat(eventsFor(k)).containsExactly("z:zadd", "z:zpopmin", "z:zpopmax", "g:del");
    }

    @Test
    void blockingPopsServeDataImmediately() {
        String empty = key(), k = key();
        jedis.zadd(k, Map.of("a", 1.0, "b", 2.0));
        var popped = jedis.bzpopmax(0, empty, k);
        assertThat(popped.getKey()).isEqualTo(k);
        assertThat(popped.getValue().getElement()).isEqualTo("b");
        assertThat(jedis.bzpopmin(0.01, empty)).isNull();
    }

    @Test
    void zrandmemberCountSemantics() {
        String k = key();
        Map<String, Double> members = new HashMap<>();
        for (int i = 0; i < 200; i++) members.put("m" + i, (double) i);
        jedis.zadd(k, members);
        for (int count : new int[]{2, 50, 150, 199}) {
            List<String> picked = jedis.zrandmember(k, count);
            assertThat(picked).hasSize(count).doesNotHaveDuplicates();
            assertThat(members.keySet()).containsAll(picked);
        }
        assertThat(jedis.zrandmember(k, 500)).hasSize(200).doesNotHaveDuplicates();
        List<String> repeats = jedis.zrandmember(k, -1000);
        assertThat(repeats).hasSize(1000);
        assertThat(new HashSet<>(repeats).size()).isLessThan(1000);
        assertThat(jedis.zrandmemberWithScores(k, 5)).allSatisfy(t -> assertThat(t.getScore()).isEqualTo(members.get(t.getElement())));
    }

    @Test
    void zscanReturnsEveryMemberOfABigSetAtLeastOnce() {
        String k = key();
        Map<String, Double> members = new HashMap<>();
        for (int i = 0; i < 1000; i++) members.put("m" + i, i + 0.5);
        jedis.zadd(k, members);
        Set<String> seen = new HashSet<>();
        String cursor = "0";
        int calls = 0;
        do {
            ScanResult<Tuple> page = jedis.zscan(k, cursor, new ScanParams().count(50));
            for (Tuple t : page.getResult()) {
                seen.add(t.getElement());
                assertThat(t.getScore()).isEqualTo(members.get(t.getElement()));
            }
            cursor = page.getCursor();
            calls++;
        } while (!cursor.equals("0"));
        assertThat(seen).isEqualTo(members.keySet());
        assertThat(calls).isGreaterThan(5);
        ScanResult<Tuple> matched = jedis.zscan(k, "0", new ScanParams().match("m99*").count(10000));
        assertThat(matched.getResult()).extracting(Tuple::getElement).containsExactlyInAnyOrder("m99", "m990", "m991",
                "m992", "m993", "m994", "m995", "m996", "m997", "m998", "m999");
    }

    // ------------------------------------------------------------------ algebra and events

    @Test
    void storeCommandsReplaceAndAnnounce() {
        String a = key(), b = key(), dst = key();
        jedis.zadd(a, Map.of("x", 1.0, "y", 2.0));
        jedis.zadd(b, Map.of("y", 10.0, "z", 20.0));
        jedis.set(dst, "string");
        jedis.expire(dst, 100);
        assertThat(jedis.zunionstore(dst, new ZParams().weights(2, 1).aggregate(ZParams.Aggregate.SUM), a, b)).isEqualTo(3);
        assertThat(jedis.ttl(dst)).isEqualTo(-1);
        assertThat(jedis.zscore(dst, "y")).isEqualTo(14.0);
        assertThat(jedis.zinterstore(dst, a, b)).isEqualTo(1);
        assertThat(jedis.zdiffstore(dst, a, b)).isEqualTo(1);
        assertThat(jedis.zinterstore(dst, a, key())).isZero();
        assertThat(jedis.exists(dst)).isFalse();
        assertThat(eventsFor(dst)).containsExactly("$:set", "g:expire", "z:zunionstore", "z:zinterstore", "z:zdiffstore", "g:del");
        assertThat(jedis.zintercard(a, b)).isEqualTo(1);
    }

    @Test
    void writeEventsNameTheCommand() {
        String k = key();
        jedis.zadd(k, 1, "a");
        jedis.zadd(k, 1, "a");                        // no change: no event
        jedis.zincrby(k, 2, "a");
        jedis.zaddIncr(k, 1, "a", ZAddParams.zAddParams().nx());   // nothing done
        jedis.zadd(k, Map.of("b", 2.0, "c", 3.0, "d", 4.0, "e", 5.0));
        jedis.zremrangeByRank(k, 0, 0);
        jedis.zremrangeByScore(k, "3", "3");
        jedis.zremrangeByLex(k, "[d", "[d");
        jedis.zrem(k, "nope");
        jedis.zrem(k, "e");
        assertThat(eventsFor(k)).containsExactly("z:zadd", "z:zincr", "z:zadd", "z:zremrangebyrank",
                "z:zremrangebyscore", "z:zremrangebylex", "z:zrem", "g:del");
    }
}
