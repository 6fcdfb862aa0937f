/*
 * maxmemory eviction end to end: the memory estimate under a flood of writes, the quality of the
 * approximated LRU and of LFU, WATCH / notifications / propagation of evicted keys, replicas
 * that do not evict, and the accounting's bookkeeping (the charged totals equal a fresh
 * measurement after any mix of writes).
 */
package dev.rediscover.evict;

import dev.rediscover.embedded.RediscoverServer;
import dev.rediscover.keyspace.Database;
import dev.rediscover.keyspace.KeySize;
import dev.rediscover.keyspace.Keyspace;
import dev.rediscover.keyspace.NotifyFlags;
import dev.rediscover.propagation.Propagation;
import dev.rediscover.server.ManualClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Transaction;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class EvictionTest {
    private ManualClock clock;
    private RediscoverServer server;
    private Jedis jedis;
    private final Random random = new Random();

    @BeforeEach
    void start() {
        clock = new ManualClock(1_700_000_000_000L);
        server = RediscoverServer.start(clock);
        jedis = new Jedis(server.host(), server.port());
    }

    @AfterEach
    void stop() {
        jedis.close();
        server.close();
    }

    private long used() { return server.onLoop(s -> UsedMemory.of(s).used()); }

    private long evictedKeys() { return server.onLoop(s -> s.keyspace.stats.evictedKeys); }

    private static String value(Random r, int len) {
        char[] c = new char[len];
        for (int i = 0; i < len; i++) c[i] = (char) ('a' + r.nextInt(26));
        return new String(c);
    }

    @Test
    void aFloodOfRandomSizedSetsStaysUnderMaxmemory() {
        long max = 2L << 20;
        jedis.configSet("maxmemory", Long.toString(max));
        jedis.configSet("maxmemory-policy", "allkeys-lru");
        long worst = 0;
        for (int batch = 0; batch < 30; batch++) {
            Pipeline p = jedis.pipelined();
            for (int i = 0; i < 1000; i++) p.set("k:" + random.nextLong(), value(random, 1 + random.nextInt(2000)));
            p.sync();
            worst = Math.max(worst, used());
        }
        // One SET may land after the last eviction check: at most one value over, within 3%.
        assertThat(worst).isLessThanOrEqualTo(max + max * 3 / 100).isGreaterThan(max * 80 / 100);
        assertThat(evictedKeys()).isGreaterThan(10_000);
        assertThat(jedis.dbSize()).isBetween(1000L, 20_000L);
        assertThat(jedis.info("memory")).contains("maxmemory:" + max);
        assertThat(jedis.info("stats")).contains("evicted_keys:" + evictedKeys());
        assertChargesMatchAFreshMeasurement();
    }

    @Test
    void lruKeepsTheKeysTouchedRecently() {
        jedis.configSet("maxmemory-policy", "allkeys-lru");
        // Sampling is random: with Redis's default of 5 samples a hot key is now and then the
        // best of a bad sample (181 of 200 kept, once in CI). With 10 samples, what Redis
        // suggests for an eviction close to true LRU, 40 runs in a row kept all 200. The bounds
        // below still fail for a policy that ignores access times (a random one would keep
        // about 130 hot keys).
        jedis.configSet("maxmemory-samples", "10");
        for (int i = 0; i < 1000; i++) jedis.set("old:" + i, value(random, 100));
        clock.advanceMillis(100_000);
        for (int i = 0; i < 200; i++) jedis.get("old:" + i);           // the hot fifth
        clock.advanceMillis(10_000);
        jedis.configSet("maxmemory", Long.toString(used() + 1000));
        for (int i = 0; i < 500; i++) jedis.set("new:" + i, value(random, 100));
        int hot = 0, cold = 0, fresh = 0;
        for (int i = 0; i < 1000; i++) if (jedis.exists("old:" + i)) { if (i < 200) hot++; else cold++; }
        for (int i = 0; i < 500; i++) if (jedis.exists("new:" + i)) fresh++;
        assertThat(evictedKeys()).isGreaterThan(400);
        assertThat(hot).as("hot keys kept").isGreaterThanOrEqualTo(185);
        assertThat(fresh).as("new keys kept").isGreaterThanOrEqualTo(460);
        assertThat(cold).as("cold keys kept").isLessThan(400);
    }

    @Test
    void lfuKeepsTheKeysUsedOftenAndTheCounterDecays() {
        jedis.configSet("maxmemory-policy", "allkeys-lfu");
        for (int i = 0; i < 1000; i++) jedis.set("k:" + i, value(random, 100));
        // The counter is probabilistic: from 6, each access raises it with p = 1/11 (lfu-log-factor
        // 10). After 30 accesses it was still 6 about one run in 18; after 150, one in 1.6 million.
        for (int round = 0; round < 150; round++) for (int i = 0; i < 100; i++) jedis.get("k:" + i);
        long freq = jedis.objectFreq("k:0");
        assertThat(freq).isGreaterThan(6);
        assertThat(jedis.objectFreq("k:999")).isEqualTo(Lfu.INIT_VAL);
        jedis.configSet("maxmemory", Long.toString(used() - 30_000));
        jedis.set("trigger", "x");
        int hot = 0;
        for (int i = 0; i < 100; i++) if (jedis.exists("k:" + i)) hot++;
        assertThat(evictedKeys()).isGreaterThan(100);
        assertThat(hot).isGreaterThanOrEqualTo(95);
        jedis.configSet("maxmemory", "0");
        clock.advanceMillis(3 * 60_000);                                   // lfu-decay-time 1: -3
        assertThat(jedis.objectFreq("k:0")).isEqualTo(Math.max(0, freq - 3));
    }

    @Test
    void anEvictedWatchedKeyFailsExecAndIsNotifiedAndPropagatedAsDel() throws Exception {
        List<String> events = new ArrayList<>(), propagated = new ArrayList<>();
        server.onLoop(s -> {
            s.keyspace.addListener(new Keyspace.Listener() {
                @Override
                public void event(int type, String event, byte[] key, int dbId) {
                    if (type == NotifyFlags.EVICTED) events.add(event + ":" + new String(key, StandardCharsets.UTF_8));
                }
            });
            Propagation.of(s).addTarget((db, argv) -> {
                StringBuilder b = new StringBuilder();
                for (byte[] a : argv) b.append(b.length() == 0 ? "" : " ").append(new String(a, StandardCharsets.UTF_8));
                propagated.add(b.toString());
            });
            return null;
        });
        jedis.configSet("maxmemory-policy", "allkeys-random");
        jedis.set("w", "1");
        try (Jedis other = new Jedis(server.host(), server.port())) {
            jedis.watch("w");
            other.configSet("maxmemory", "1");
            other.ping();                               // any command runs the eviction first
            other.configSet("maxmemory", "0");
        }
        Transaction t = jedis.multi();
        t.set("w", "2");
        assertThat(t.exec()).isNull();
        assertThat(jedis.exists("w")).isFalse();
        assertThat(evictedKeys()).isEqualTo(1);
        List<String> heard = server.onLoop(s -> List.copyOf(events));
        List<String> sent = server.onLoop(s -> List.copyOf(propagated));
        assertThat(heard).containsExactly("evicted:w");
        assertThat(sent).contains("DEL w");
    }

    @Test
    void noevictionRefusesWritesAndAReplicaDoesNotEvict() {
        jedis.set("a", "1");
        jedis.configSet("maxmemory", "1");
        assertThat(org.junit.jupiter.api.Assertions.assertThrows(Exception.class, () -> jedis.set("b", "2")).getMessage())
                .isEqualTo("OOM command not allowed when used memory > 'maxmemory'.");
        assertThat(jedis.get("a")).isEqualTo("1");
        sleepMillis(5);
        assertThat(statsField("current_eviction_exceeded_time")).isGreaterThanOrEqualTo(5);
        jedis.configSet("maxmemory", "0");
        jedis.ping();                                                  // back under: the stretch ends
        assertThat(statsField("current_eviction_exceeded_time")).isZero();
        assertThat(statsField("total_eviction_exceeded_time")).isGreaterThanOrEqualTo(5);
        jedis.configSet("maxmemory", "1");
        jedis.configSet("maxmemory-policy", "allkeys-lru");
        server.onLoop(s -> { s.setRole("slave"); return null; });
        assertThat(jedis.set("b", "2")).isEqualTo("OK");              // a replica's master decides
        assertThat(jedis.dbSize()).isEqualTo(2);
        assertThat(evictedKeys()).isZero();
        server.onLoop(s -> { s.setRole("master"); return null; });
        jedis.ping();
        assertThat(jedis.dbSize()).isZero();
        assertThat(evictedKeys()).isEqualTo(2);
    }

    @Test
    void volatileTtlEvictsTheSoonestToExpireAndNeverKeysWithoutTtl() {
        jedis.configSet("maxmemory-policy", "volatile-ttl");
        // ~2.1 KB a key, so the clients' buffers (a few KB, re-added by the cron) move the
        // number of evictions by one or two at most.
        for (int i = 0; i < 50; i++) jedis.setex("t:" + i, 1000 + i, value(random, 2000));
        for (int i = 0; i < 50; i++) jedis.set("p:" + i, value(random, 2000));
        jedis.configSet("maxmemory", Long.toString(used() - 20_000));
        jedis.ping();
        long gone = evictedKeys();
        assertThat(gone).isBetween(5L, 20L);
        for (int i = 0; i < 50; i++) assertThat(jedis.exists("p:" + i)).isTrue();
        // the shortest TTLs go first: approximately (5 samples a round into a pool of 16), so the
        // evicted keys' TTLs are well below the average (index 24.5 of 0..49)
        int sum = 0, n = 0;
        for (int i = 0; i < 50; i++) if (!jedis.exists("t:" + i)) { sum += i; n++; }
        assertThat(n).isEqualTo((int) gone);
        assertThat(sum / (double) n).isLessThan(16);
    }

    @Test
    void chargesFollowEveryKindOfWrite() {
        for (int i = 0; i < 300; i++) {
            String k = "k" + random.nextInt(40);
            switch (random.nextInt(14)) {
                case 0 -> jedis.set(k, value(random, random.nextInt(100)));
                case 1 -> jedis.append(k + "s", value(random, random.nextInt(50)));
                case 2 -> jedis.del(k);
                case 3 -> { if (jedis.exists(k)) jedis.rename(k, "k" + random.nextInt(40)); }
                case 4 -> jedis.move(k, 1);
                case 5 -> jedis.expire(k, 100);
                case 6 -> jedis.persist(k);
                case 7 -> jedis.lpush(k + "l", value(random, 10), value(random, 300));
                case 8 -> jedis.hset(k + "h", value(random, 3), value(random, random.nextInt(100)));
                case 9 -> jedis.sadd(k + "z", Integer.toString(random.nextInt(1000)));
                case 10 -> { if (random.nextInt(20) == 0) jedis.swapDB(0, 1); }
                case 11 -> jedis.sunionstore(k + "z", k + "z", "k" + random.nextInt(40) + "z");
                case 12 -> jedis.zadd(k + "o", random.nextInt(100), value(random, 5));
                case 13 -> jedis.zunionstore(k + "o", k + "o", "k" + random.nextInt(40) + "o");
                default -> jedis.incr(k + "n");
            }
        }
        assertChargesMatchAFreshMeasurement();
        long before = server.onLoop(s -> s.keyspace.datasetBytes());
        assertThat(before).isPositive();
        jedis.flushAll();
        long after = server.onLoop(s -> s.keyspace.datasetBytes());
        assertThat(after).isZero();
    }

    @Test
    void memoryUsageAndInfoAgreeWithTheEstimate() {
        jedis.set("key", value(random, 1000));
        long usage = jedis.memoryUsage("key");
        assertThat(usage).isBetween(1000L, 1200L);
        String info = jedis.info("memory");
        long dataset = Long.parseLong(info.replaceAll("(?s).*used_memory_dataset:(\\d+).*", "$1"));
        assertThat(dataset).isEqualTo(usage);
        long usedMem = Long.parseLong(info.replaceAll("(?s).*\\bused_memory:(\\d+).*", "$1"));
        assertThat(usedMem).isGreaterThan(UsedMemory.STARTUP + usage);
    }

    private long statsField(String name) {
        return Long.parseLong(jedis.info("stats").replaceAll("(?s).*\\b" + name + ":(\\d+).*", "$1"));
    }

    private static void sleepMillis(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Every database's running total equals the sum of a fresh KeySize over its keys. */
    private void assertChargesMatchAFreshMeasurement() {
        server.onLoop(s -> {
            for (int i = 0; i < s.keyspace.count(); i++) {
                Database db = s.keyspace.db(i);
                long[] sum = {0};
                db.forEach(e -> sum[0] += KeySize.of(e.key(), e.value()));
                assertThat(db.datasetBytes()).as("db " + i).isEqualTo(sum[0]);
            }
            return null;
        });
    }
}
