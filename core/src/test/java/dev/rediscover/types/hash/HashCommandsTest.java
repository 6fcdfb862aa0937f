/*
 * The hash commands end to end through Jedis: what the differential scenarios cannot compare
 * with a real redis-server because it is random (HRANDFIELD), depends on hash-table order
 * (HSCAN over a table, with its cursor), needs other thresholds than the defaults, or is
 * internal (keyspace events, COPY independence).
 */
package dev.rediscover.types.hash;

import dev.rediscover.keyspace.NotifyFlags;
import dev.rediscover.embedded.RediscoverServer;
import dev.rediscover.keyspace.Keyspace;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HashCommandsTest {
    private RediscoverServer server;
    private Jedis jedis;
    private final List<String> events = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() {
        // Small thresholds, under their legacy ziplist names, so conversions are cheap to reach.
        server = RediscoverServer.start("--hash-max-ziplist-entries", "8", "--hash-max-listpack-value", "16");
        jedis = new Jedis(server.host(), server.port());
        server.onLoop(s -> {
            s.keyspace.addListener(new Keyspace.Listener() {
                @Override
                public void event(int type, String event, byte[] key, int dbId) {
                    // "new" and "keymiss" come from the keyspace itself, not from the command under test
                    if ((type & (NotifyFlags.NEW | NotifyFlags.KEY_MISS)) != 0) return;
                    events.add(event + " " + new String(key, StandardCharsets.UTF_8));
                }
            });
            return null;
        });
    }

    @AfterEach
    void stop() {
        jedis.close();
        server.close();
    }

    private static String key() { return "h:" + UUID.randomUUID(); }

    private static Map<String, String> randomHash(int n) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < n; i++) m.put("f" + i + ":" + ThreadLocalRandom.current().nextInt(1000), "v" + ThreadLocalRandom.current().nextLong());
        return m;
    }

    @Test
    void binaryFieldsAndValuesRoundTrip() {
        String k = key();
        byte[] field = new byte[40], value = new byte[3000];
        ThreadLocalRandom.current().nextBytes(field);
        ThreadLocalRandom.current().nextBytes(value);
        byte[] kb = k.getBytes(StandardCharsets.UTF_8);
        assertThat(jedis.hset(kb, field, value)).isEqualTo(1);
        assertThat(jedis.hget(kb, field)).isEqualTo(value);
        assertThat(jedis.hstrlen(kb, field)).isEqualTo(3000);
        assertThat(jedis.objectEncoding(k)).isEqualTo("hashtable");
    }

    @Test
    void convertsAtTheConfiguredThresholdsAndNeverBack() {
        String k = key();
        for (int i = 0; i < 8; i++) jedis.hset(k, "f" + i, "v");
        assertThat(jedis.objectEncoding(k)).isEqualTo("listpack");
        jedis.hset(k, "f8", "v");
        assertThat(jedis.objectEncoding(k)).isEqualTo("hashtable");
        for (int i = 0; i < 8; i++) jedis.hdel(k, "f" + i);
        assertThat(jedis.objectEncoding(k)).isEqualTo("hashtable");
        assertThat(jedis.hgetAll(k)).containsExactly(Map.entry("f8", "v"));

        String v = key();
        jedis.hset(v, "f", "x".repeat(16));
        assertThat(jedis.objectEncoding(v)).isEqualTo("listpack");
        jedis.hset(v, "f", "x".repeat(17));
        assertThat(jedis.objectEncoding(v)).isEqualTo("hashtable");
    }

    @Test
    void thresholdsFollowConfigChanges() {
        server.onLoop(s -> {
            try {
                s.config.set("hash-max-listpack-entries", "2");
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
            return null;
        });
        String k = key();
        jedis.hset(k, Map.of("a", "1", "b", "2"));
        assertThat(jedis.objectEncoding(k)).isEqualTo("listpack");
        jedis.hset(k, "c", "3");
        assertThat(jedis.objectEncoding(k)).isEqualTo("hashtable");
    }

    @Test
    void listpackKeepsInsertionOrder() {
        String k = key();
        jedis.hset(k, "z", "1");
        jedis.hset(k, "a", "2");
        jedis.hset(k, "m", "3");
        jedis.hset(k, "z", "changed");
        // Jedis answers HKEYS with a java.util.Set, so read the raw reply to see the order
        assertThat(jedis.sendCommand(redis.clients.jedis.Protocol.Command.HKEYS, k))
                .asList().extracting(o -> new String((byte[]) o, StandardCharsets.UTF_8)).containsExactly("z", "a", "m");
        assertThat(jedis.hvals(k)).containsExactly("changed", "2", "3");
    }

    @Test
    void hgetallMatchesWhatWasWrittenInBothEncodings() {
        for (int n : new int[]{5, 200}) {
            String k = key();
            Map<String, String> m = randomHash(n);
            jedis.hset(k, m);
            assertThat(jedis.hgetAll(k)).isEqualTo(m);
            assertThat(jedis.hlen(k)).isEqualTo(m.size());
            assertThat(new HashSet<>(jedis.hkeys(k))).isEqualTo(m.keySet());
        }
    }

    @Test
    void hscanOverATableReturnsEveryFieldAndHonoursMatch() {
        String k = key();
        Map<String, String> m = randomHash(500);
        jedis.hset(k, m);
        Map<String, String> seen = new HashMap<>();
        String cursor = ScanParams.SCAN_POINTER_START;
        int calls = 0;
        do {
            ScanResult<Map.Entry<String, String>> r = jedis.hscan(k, cursor, new ScanParams().count(20));
            for (Map.Entry<String, String> e : r.getResult()) seen.put(e.getKey(), e.getValue());
            cursor = r.getCursor();
            calls++;
        } while (!cursor.equals("0"));
        assertThat(seen).isEqualTo(m);
        assertThat(calls).isGreaterThan(1);

        Set<String> matched = new HashSet<>();
        cursor = "0";
        do {
            ScanResult<Map.Entry<String, String>> r = jedis.hscan(k, cursor, new ScanParams().match("f1*").count(50));
            for (Map.Entry<String, String> e : r.getResult()) matched.add(e.getKey());
            cursor = r.getCursor();
        } while (!cursor.equals("0"));
        Set<String> expected = new HashSet<>();
        for (String f : m.keySet()) if (f.startsWith("f1")) expected.add(f);
        assertThat(matched).isEqualTo(expected);
    }

    @Test
    void hscanKeepsItsGuaranteeWhileTheTableGrows() {
        String k = key();
        Map<String, String> m = randomHash(100);
        jedis.hset(k, m);
        Set<String> seen = new HashSet<>();
        String cursor = "0";
        int added = 0;
        do {
            ScanResult<Map.Entry<String, String>> r = jedis.hscan(k, cursor, new ScanParams().count(5));
            for (Map.Entry<String, String> e : r.getResult()) seen.add(e.getKey());
            cursor = r.getCursor();
            for (int i = 0; i < 20; i++) jedis.hset(k, "new" + added++, "x");    // force rehashes
        } while (!cursor.equals("0"));
        assertThat(seen).containsAll(m.keySet());
    }

    @Test
    void hrandfieldCountsAndMembership() {
        for (int n : new int[]{5, 100}) {
            String k = key();
            Map<String, String> m = randomHash(n);
            jedis.hset(k, m);
            int size = m.size();
            assertThat(m).containsKey(jedis.hrandfield(k));
            for (int count : new int[]{1, 3, size / 2, size - 1, size, size + 10}) {
                List<String> got = jedis.hrandfield(k, count);
                assertThat(got).hasSize(Math.min(count, size));
                assertThat(new HashSet<>(got)).hasSize(got.size());      // distinct
                assertThat(m.keySet()).containsAll(got);
            }
            List<String> repeated = jedis.hrandfield(k, -3 * size);
            assertThat(repeated).hasSize(3 * size);
            assertThat(m.keySet()).containsAll(repeated);
            List<Map.Entry<String, String>> pairs = jedis.hrandfieldWithValues(k, -7);
            assertThat(pairs).hasSize(7);
            for (Map.Entry<String, String> e : pairs) assertThat(m).containsEntry(e.getKey(), e.getValue());
            pairs = jedis.hrandfieldWithValues(k, 3);
            assertThat(pairs).hasSize(3);
            for (Map.Entry<String, String> e : pairs) assertThat(m).containsEntry(e.getKey(), e.getValue());
        }
    }

    @Test
    void hrandfieldEventuallyReturnsEveryField() {
        String k = key();
        jedis.hset(k, Map.of("a", "1", "b", "2", "c", "3"));
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 200 && seen.size() < 3; i++) seen.add(jedis.hrandfield(k));
        assertThat(seen).containsExactlyInAnyOrder("a", "b", "c");
    }

    @Test
    void incrementsAndTheirErrors() {
        String k = key();
        assertThat(jedis.hincrBy(k, "n", 41)).isEqualTo(41);
        assertThat(jedis.hincrBy(k, "n", 1)).isEqualTo(42);
        assertThat(jedis.hincrByFloat(k, "x", 10.5)).isEqualTo(10.5);
        assertThat(jedis.hincrByFloat(k, "x", 0.1)).isEqualTo(10.6);
        assertThat(jedis.hget(k, "x")).isEqualTo("10.6");
        jedis.hset(k, "s", "abc");
        assertThatThrownBy(() -> jedis.hincrBy(k, "s", 1)).hasMessage("ERR hash value is not an integer");
        assertThatThrownBy(() -> jedis.hincrByFloat(k, "s", 1)).hasMessage("ERR hash value is not a float");
        jedis.hset(k, "max", Long.toString(Long.MAX_VALUE));
        assertThatThrownBy(() -> jedis.hincrBy(k, "max", 1)).hasMessage("ERR increment or decrement would overflow");
        assertThat(jedis.hget(k, "max")).isEqualTo(Long.toString(Long.MAX_VALUE));
    }

    @Test
    void failedIncrementsOnAMissingKeyLeaveNoKeyBehind() {
        String k = key();
        assertThatThrownBy(() -> jedis.sendCommand(redis.clients.jedis.Protocol.Command.HINCRBYFLOAT, k, "f", "inf"))
                .isInstanceOf(JedisDataException.class);
        assertThatThrownBy(() -> jedis.sendCommand(redis.clients.jedis.Protocol.Command.HINCRBY, k, "f", "x"))
                .isInstanceOf(JedisDataException.class);
        assertThat(jedis.exists(k)).isFalse();
    }

    @Test
    void wrongTypeIsReportedAndChangesNothing() {
        String k = key();
        jedis.set(k, "str");
        assertThatThrownBy(() -> jedis.hset(k, "a", "1")).hasMessageStartingWith("WRONGTYPE");
        assertThatThrownBy(() -> jedis.hgetAll(k)).hasMessageStartingWith("WRONGTYPE");
        assertThat(jedis.get(k)).isEqualTo("str");
    }

    @Test
    void keyspaceEventsUseRedissNames() {
        String k = key();
        jedis.hset(k, "a", "1");
        jedis.hsetnx(k, "a", "2");           // no write, no event
        jedis.hsetnx(k, "b", "2");
        jedis.hincrBy(k, "n", 1);
        jedis.hincrByFloat(k, "f", 1.5);
        jedis.hdel(k, "nope");                // nothing removed, no event
        jedis.hdel(k, "a", "b", "n");
        jedis.hdel(k, "f");
        assertThat(events).containsExactly("hset " + k, "hset " + k, "hincrby " + k, "hincrbyfloat " + k,
                "hdel " + k, "hdel " + k, "del " + k);
        assertThat(jedis.exists(k)).isFalse();
    }

    @Test
    void copyIsDeep() {
        String a = key(), b = key();
        jedis.hset(a, randomHash(3));
        jedis.hset(a, "x", "1");
        assertThat(jedis.copy(a, b, false)).isTrue();
        jedis.hset(b, "x", "2");
        jedis.hdel(b, jedis.hkeys(a).iterator().next());
        assertThat(jedis.hget(a, "x")).isEqualTo("1");
        assertThat(jedis.hlen(a)).isEqualTo(4);
        assertThat(jedis.hlen(b)).isEqualTo(3);
    }

    @Test
    void resp3Shapes() {
        String k = key();
        jedis.hset(k, "a", "1");
        try (dev.rediscover.testing.RawClient raw = new dev.rediscover.testing.RawClient(server.port())) {
            raw.call("HELLO", "3");
            assertThat(new String(raw.call("HGETALL", k), StandardCharsets.UTF_8)).isEqualTo("%1\r\n$1\r\na\r\n$1\r\n1\r\n");
            assertThat(new String(raw.call("HRANDFIELD", k, "-2", "WITHVALUES"), StandardCharsets.UTF_8))
                    .isEqualTo("*2\r\n*2\r\n$1\r\na\r\n$1\r\n1\r\n*2\r\n$1\r\na\r\n$1\r\n1\r\n");
            assertThat(new String(raw.call("HGET", k, "nope"), StandardCharsets.UTF_8)).isEqualTo("_\r\n");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void memoryUsageGrowsWithTheHash() {
        String small = key(), big = key();
        jedis.hset(small, "a", "1");
        jedis.hset(big, randomHash(300));
        long s = server.onLoop(srv -> ((HashValue) srv.keyspace.db(0).peek(small.getBytes(StandardCharsets.UTF_8)).value).memory());
        long b = server.onLoop(srv -> ((HashValue) srv.keyspace.db(0).peek(big.getBytes(StandardCharsets.UTF_8)).value).memory());
        assertThat(s).isLessThan(b);
        assertThat(b).isGreaterThan(300L * 10);
    }

}
