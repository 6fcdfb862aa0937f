/*
 * DUMP and RESTORE end to end on the engine, for what depends on time or on the engine's insides
 * (TTL arithmetic with a ManualClock, IDLETIME and FREQ, keyspace events, dirty); the replies and
 * errors themselves are compared with redis-server in differential/dump-restore.redis, and the
 * payloads are exchanged with a real redis-server in RdbDifferentialTest.
 */
package dev.rediscover.rdb;

import dev.rediscover.embedded.RediscoverServer;
import dev.rediscover.keyspace.Keyspace;
import dev.rediscover.keyspace.NotifyFlags;
import dev.rediscover.server.ManualClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.RestoreParams;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DumpRestoreCommandsTest {
    private final ManualClock clock = new ManualClock(1_700_000_000_000L);
    private RediscoverServer server;
    private Jedis jedis;
    private final List<String> events = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() {
        server = RediscoverServer.start(clock);
        jedis = new Jedis(server.host(), server.port());
        server.onLoop(s -> {
            s.activeExpire.setEnabled(false);
            s.keyspace.addListener(new Keyspace.Listener() {
                @Override
                public void event(int type, String event, byte[] key, int dbId) {
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

    static String key() { return "k-" + UUID.randomUUID(); }

    @Test
    void dumpAndRestoreEveryType() {
        String s = key(), l = key(), h = key(), z = key(), st = key(), x = key();
        jedis.set(s, "v-" + UUID.randomUUID());
        jedis.rpush(l, "a", "b", "3");
        jedis.hset(h, "f", "v");
        jedis.zadd(z, 1.5, "m");
        jedis.sadd(x, "1", "2", "x");
        jedis.xadd(st, redis.clients.jedis.StreamEntryID.NEW_ENTRY, java.util.Map.of("f", "v"));
        for (String k : List.of(s, l, h, z, st, x)) {
            byte[] payload = jedis.dump(k);
            String copy = k + "-copy";
            assertThat(jedis.restore(copy, 0, payload)).isEqualTo("OK");
            if (!k.equals(x)) assertThat(jedis.dump(copy)).as(k).isEqualTo(payload);   // a hash table's order may differ
            assertThat(jedis.type(copy)).isEqualTo(jedis.type(k));
        }
        assertThat(jedis.smembers(x + "-copy")).containsExactlyInAnyOrder("1", "2", "x");
        assertThat(jedis.lrange(l + "-copy", 0, -1)).containsExactly("a", "b", "3");
        assertThat(jedis.dump(key())).isNull();
        assertThat(events).contains("restore " + s + "-copy");
    }

    @Test
    void ttlIsRelativeUnlessAbsttlAndAPastTtlRestoresNothing() {
        String k = key();
        jedis.set(k, "v");
        byte[] p = jedis.dump(k);
        jedis.restore(k + "a", 5000, p);
        assertThat(jedis.pttl(k + "a")).isEqualTo(5000);
        jedis.restore(k + "b", clock.millis() + 7000, p, RestoreParams.restoreParams().absTtl());
        assertThat(jedis.pttl(k + "b")).isEqualTo(7000);
        // an absolute time already past: OK, but no key; with REPLACE the old key is deleted
        assertThat(jedis.restore(k + "c", clock.millis() - 1, p, RestoreParams.restoreParams().absTtl())).isEqualTo("OK");
        assertThat(jedis.exists(k + "c")).isFalse();
        events.clear();
        assertThat(jedis.restore(k, 1, p, RestoreParams.restoreParams().absTtl().replace())).isEqualTo("OK");
        assertThat(jedis.exists(k)).isFalse();
        assertThat(events).containsExactly("del " + k);
    }

    @Test
    void busyKeyUnlessReplace() {
        String k = key();
        jedis.set(k, "old");
        jedis.set(k + "src", "new");
        byte[] p = jedis.dump(k + "src");
        assertThatThrownBy(() -> jedis.restore(k, 0, p)).hasMessage("BUSYKEY Target key name already exists.");
        jedis.expire(k, 100);
        assertThat(jedis.restore(k, 0, p, RestoreParams.restoreParams().replace())).isEqualTo("OK");
        assertThat(jedis.get(k)).isEqualTo("new");
        assertThat(jedis.ttl(k)).isEqualTo(-1);
    }

    @Test
    void idletimeSetsTheIdleTimeAndFreqTheLfuCounter() {
        String k = key();
        jedis.set(k, "v");
        byte[] p = jedis.dump(k);
        jedis.restore(k + "i", 0, p, RestoreParams.restoreParams().idleTime(1000));
        assertThat(jedis.objectIdletime(k + "i")).isBetween(999L, 1001L);
        jedis.configSet("maxmemory-policy", "allkeys-lfu");
        jedis.restore(k + "f", 0, p, RestoreParams.restoreParams().frequency(77));
        assertThat(jedis.objectFreq(k + "f")).isEqualTo(77);
    }

    @Test
    void restoreMovesTheDirtyCounter() {
        String k = key();
        jedis.set(k, "v");
        byte[] p = jedis.dump(k);
        long before = server.<Long>onLoop(s -> s.keyspace.dirty);
        jedis.restore(k + "x", 0, p);
        assertThat(server.<Long>onLoop(s -> s.keyspace.dirty).longValue()).isGreaterThan(before);
    }
}
