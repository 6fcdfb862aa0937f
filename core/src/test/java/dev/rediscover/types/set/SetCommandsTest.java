/*
 * The set commands end to end through Jedis: what the differential scenarios cannot compare
 * with a real redis-server because it is random (SPOP, SRANDMEMBER), depends on hash-table
 * order (SSCAN over a table), needs other thresholds than the defaults, or is internal
 * (keyspace events). Random commands are checked for membership, distinctness and counts only.
 */
package dev.rediscover.types.set;

import dev.rediscover.keyspace.NotifyFlags;
import dev.rediscover.embedded.RediscoverServer;
import dev.rediscover.keyspace.Keyspace;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SetCommandsTest {
    private RediscoverServer server;
    private Jedis jedis;
    private final List<String> events = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() {
        server = RediscoverServer.start("--set-max-intset-entries", "16");
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

    private static String key() { return "s:" + UUID.randomUUID(); }

    private static String[] members(int n, boolean integers) {
        Set<String> s = new HashSet<>();
        while (s.size() < n) {
            long v = ThreadLocalRandom.current().nextLong(-1_000_000, 1_000_000);
            s.add(integers ? Long.toString(v) : "m" + v);
        }
        return s.toArray(new String[0]);
    }

    @Test
    void intsetUpToTheConfiguredLimitThenHashtable() {
        String k = key();
        jedis.sadd(k, members(16, true));
        assertThat(jedis.objectEncoding(k)).isEqualTo("intset");
        jedis.sadd(k, "100000000");
        assertThat(jedis.objectEncoding(k)).isEqualTo("hashtable");
        String t = key();
        jedis.sadd(t, "1", "2");
        jedis.sadd(t, "x");
        assertThat(jedis.objectEncoding(t)).isEqualTo("hashtable");
        jedis.srem(t, "x");
        assertThat(jedis.objectEncoding(t)).isEqualTo("hashtable");
        assertThat(jedis.smembers(t)).containsExactlyInAnyOrder("1", "2");
    }

    @Test
    void binaryMembersRoundTrip() {
        byte[] k = key().getBytes(StandardCharsets.UTF_8);
        byte[] m = new byte[100];
        ThreadLocalRandom.current().nextBytes(m);
        assertThat(jedis.sadd(k, m)).isEqualTo(1);
        assertThat(jedis.sismember(k, m)).isTrue();
        assertThat(jedis.smembers(k)).hasSize(1);
        assertThat(jedis.smembers(k).iterator().next()).isEqualTo(m);
    }

    @Test
    void sscanOverATableReturnsEveryMember() {
        String k = key();
        String[] all = members(700, false);
        jedis.sadd(k, all);
        Set<String> seen = new HashSet<>();
        String cursor = "0";
        int calls = 0;
        do {
            ScanResult<String> r = jedis.sscan(k, cursor, new ScanParams().count(25));
            seen.addAll(r.getResult());
            cursor = r.getCursor();
            calls++;
            jedis.sadd(k, "extra" + calls);          // growth must not lose members
        } while (!cursor.equals("0"));
        assertThat(seen).contains(all);
        assertThat(calls).isGreaterThan(1);
    }

    @Test
    void spopRemovesExactlyWhatItReturns() {
        for (boolean integers : new boolean[]{true, false}) {
            String k = key();
            String[] all = members(12, integers);
            jedis.sadd(k, all);
            Set<String> popped = new HashSet<>(jedis.spop(k, 3));
            assertThat(popped).hasSize(3);
            String one = jedis.spop(k);
            assertThat(popped).doesNotContain(one);
            popped.add(one);
            Set<String> rest = jedis.smembers(k);
            assertThat(rest).hasSize(8).doesNotContainAnyElementsOf(popped);
            Set<String> union = new HashSet<>(rest);
            union.addAll(popped);
            assertThat(union).containsExactlyInAnyOrder(all);
        }
    }

    @Test
    void spopLeavingFewMembersRebuildsTheSetAsAnIntsetWhenItCan() {
        // A table set whose survivors are all integers: Redis moves the survivors to a new set.
        String k = key();
        String[] ints = members(10, true);
        jedis.sadd(k, ints);
        jedis.sadd(k, "a", "b", "c", "d", "e", "f", "g", "h", "i", "j");
        int total = 20;
        Set<String> popped = jedis.spop(k, total - 1);
        assertThat(popped).hasSize(total - 1);
        assertThat(jedis.scard(k)).isEqualTo(1);
        String last = jedis.smembers(k).iterator().next();
        String expected = dev.rediscover.command.Args.isLong(last.getBytes(StandardCharsets.UTF_8)) ? "intset" : "hashtable";
        assertThat(jedis.objectEncoding(k)).isEqualTo(expected);
        assertThat(jedis.spop(k, 5)).containsExactly(last);
        assertThat(jedis.exists(k)).isFalse();
    }

    @Test
    void srandmemberCountsAndMembership() {
        for (boolean integers : new boolean[]{true, false}) {
            String k = key();
            String[] all = members(integers ? 10 : 100, integers);
            Set<String> model = Set.of(all);
            jedis.sadd(k, all);
            int size = all.length;
            assertThat(model).contains(jedis.srandmember(k));
            for (int count : new int[]{1, 2, size / 3, size / 2, size - 1, size, size + 5}) {
                List<String> got = jedis.srandmember(k, count);
                assertThat(got).hasSize(Math.min(count, size));
                assertThat(new HashSet<>(got)).hasSize(got.size());
                assertThat(model).containsAll(got);
            }
            List<String> repeated = jedis.srandmember(k, -2 * size);
            assertThat(repeated).hasSize(2 * size);
            assertThat(model).containsAll(repeated);
            assertThat(jedis.scard(k)).isEqualTo(size);
        }
    }

    @Test
    void algebraAgainstJavaSets() {
        for (int round = 0; round < 5; round++) {
            String a = key(), b = key(), c = key(), d = key();
            Set<String> sa = randomSubset(), sb = randomSubset(), sc = randomSubset();
            jedis.sadd(a, sa.toArray(new String[0]));
            jedis.sadd(b, sb.toArray(new String[0]));
            jedis.sadd(c, sc.toArray(new String[0]));
            Set<String> inter = new HashSet<>(sa);
            inter.retainAll(sb);
            inter.retainAll(sc);
            Set<String> union = new HashSet<>(sa);
            union.addAll(sb);
            union.addAll(sc);
            Set<String> diff = new HashSet<>(sa);
            diff.removeAll(sb);
            diff.removeAll(sc);
            assertThat(jedis.sinter(a, b, c)).isEqualTo(inter);
            assertThat(jedis.sintercard(a, b, c)).isEqualTo(inter.size());
            assertThat(jedis.sintercard(1, a, b, c)).isEqualTo(Math.min(1, inter.size()));
            assertThat(jedis.sunion(a, b, c)).isEqualTo(union);
            assertThat(jedis.sdiff(a, b, c)).isEqualTo(diff);
            assertThat(jedis.sinterstore(d, a, b, c)).isEqualTo(inter.size());
            assertThat(jedis.smembers(d)).isEqualTo(inter);
            assertThat(jedis.sunionstore(d, a, b, c)).isEqualTo(union.size());
            assertThat(jedis.smembers(d)).isEqualTo(union);
            assertThat(jedis.sdiffstore(d, a, b, c)).isEqualTo(diff.size());
            assertThat(jedis.smembers(d)).isEqualTo(diff);
        }
    }

    private static Set<String> randomSubset() {
        Set<String> s = new HashSet<>();
        ThreadLocalRandom r = ThreadLocalRandom.current();
        int n = r.nextInt(1, 40);
        for (int i = 0; i < n; i++) s.add(r.nextBoolean() ? Integer.toString(r.nextInt(30)) : "x" + r.nextInt(30));
        return s;
    }

    @Test
    void keyspaceEventsUseRedissNames() {
        String a = key(), b = key(), d = key();
        jedis.sadd(a, "1", "2", "3");
        jedis.sadd(a, "1");                  // nothing added, no event
        jedis.srem(a, "1");
        jedis.smove(a, b, "2");
        jedis.spop(a);                        // removes the last member
        jedis.sadd(a, "7");
        jedis.sinterstore(d, a, b);           // empty result, d did not exist: no event
        jedis.sunionstore(d, a, b);
        jedis.sdiffstore(d, a, b);
        assertThat(events).containsExactly("sadd " + a, "srem " + a, "srem " + a, "sadd " + b,
                "spop " + a, "del " + a, "sadd " + a, "sunionstore " + d, "sdiffstore " + d);
    }

    @Test
    void storeReplacesAnyTypeAndClearsTheTtl() {
        String a = key(), d = key();
        jedis.sadd(a, "x");
        jedis.set(d, "string");
        jedis.expire(d, 100);
        assertThat(jedis.sunionstore(d, a)).isEqualTo(1);
        assertThat(jedis.type(d)).isEqualTo("set");
        assertThat(jedis.ttl(d)).isEqualTo(-1);
    }

    @Test
    void wrongTypeIsReportedAndChangesNothing() {
        String k = key(), s = key();
        jedis.set(k, "str");
        jedis.sadd(s, "1");
        assertThatThrownBy(() -> jedis.sadd(k, "a")).hasMessageStartingWith("WRONGTYPE");
        assertThatThrownBy(() -> jedis.smove(s, k, "1")).hasMessageStartingWith("WRONGTYPE");
        assertThat(jedis.smembers(s)).containsExactly("1");
        assertThat(jedis.get(k)).isEqualTo("str");
    }

    @Test
    void copyIsDeepInBothEncodings() {
        for (boolean integers : new boolean[]{true, false}) {
            String a = key(), b = key();
            String[] all = members(5, integers);
            jedis.sadd(a, all);
            jedis.copy(a, b, false);
            jedis.srem(b, all[0]);
            jedis.sadd(b, "new");
            assertThat(jedis.smembers(a)).containsExactlyInAnyOrder(all);
            assertThat(jedis.scard(b)).isEqualTo(5);
        }
    }
}
