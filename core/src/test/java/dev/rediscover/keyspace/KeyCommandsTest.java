/*
 * The generic key commands end to end: what the differential scenarios cannot check against a
 * real redis-server because it depends on time (idle time, expired keys in SCAN/KEYS/RANDOMKEY),
 * on hash order (a SCAN interleaved with writes), or on the engine's insides (keyspace events,
 * hit/miss counters).
 */
package dev.rediscover.keyspace;

import dev.rediscover.embedded.RediscoverServer;
import dev.rediscover.server.ManualClock;
import dev.rediscover.testing.RawClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.params.SetParams;
import redis.clients.jedis.resps.ScanResult;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KeyCommandsTest {
    private final ManualClock clock = new ManualClock(1_700_000_000_000L);
    private RediscoverServer server;
    private Jedis jedis;
    private final List<String> events = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() {
        server = RediscoverServer.start(clock);
        jedis = new Jedis(server.host(), server.port());
        // Time only moves when a test moves it, but the cron would still expire keys in the
        // background at its own pace; tests that want lazy expiry must not race it.
        server.onLoop(s -> {
            s.activeExpire.setEnabled(false);
            s.keyspace.addListener(new Keyspace.Listener() {
                @Override
                public void event(int type, String event, byte[] key, int dbId) {
                    // "new" and "keymiss" come from the keyspace itself, not from the command under test
                    if ((type & (NotifyFlags.NEW | NotifyFlags.KEY_MISS)) != 0) return;
                    events.add(event + " " + new String(key, StandardCharsets.UTF_8) + " " + dbId);
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

    private long stat(java.util.function.ToLongFunction<Keyspace.Stats> f) {
        return server.onLoop(s -> f.applyAsLong(s.keyspace.stats));
    }

    private static String rnd() { return "k:" + UUID.randomUUID(); }

    @Test
    void delExistsTypeAndTheirEvents() {
        String a = rnd(), b = rnd();
        jedis.set(a, "1");
        jedis.set(b, "2");
        assertThat(jedis.exists(a, a, b, rnd())).isEqualTo(3);
        assertThat(jedis.type(a)).isEqualTo("string");
        assertThat(jedis.type(rnd())).isEqualTo("none");
        assertThat(jedis.del(a, b, a)).isEqualTo(2);
        assertThat(jedis.exists(a, b)).isZero();
        assertThat(events).contains("del " + a + " 0", "del " + b + " 0");
        assertThat(events.stream().filter(e -> e.startsWith("del ")).count()).isEqualTo(2);
    }

    @Test
    void existsAndTypeCountHitsAndMissesButDoNotTouch() {
        String k = rnd();
        jedis.set(k, "v");
        long hits0 = stat(st -> st.keyspaceHits);
        long misses0 = stat(st -> st.keyspaceMisses);
        clock.advance(Duration.ofSeconds(30));
        jedis.exists(k, rnd());
        jedis.type(k);
        assertThat(stat(st -> st.keyspaceHits)).isEqualTo(hits0 + 2);
        assertThat(stat(st -> st.keyspaceMisses)).isEqualTo(misses0 + 1);
        assertThat(jedis.objectIdletime(k)).isEqualTo(30);
    }

    @Test
    void idleTimeFollowsTheServerClockAndResetsOnAccess() {
        String k = rnd();
        jedis.set(k, "v");
        assertThat(jedis.objectIdletime(k)).isZero();
        clock.advance(Duration.ofSeconds(42));
        assertThat(jedis.objectIdletime(k)).isEqualTo(42);
        assertThat(jedis.objectIdletime(k)).as("OBJECT itself is not an access").isEqualTo(42);
        assertThat(jedis.ttl(k)).isEqualTo(-1);
        assertThat(jedis.objectIdletime(k)).as("TTL is not an access").isEqualTo(42);
        jedis.get(k);
        assertThat(jedis.objectIdletime(k)).isZero();
        clock.advance(Duration.ofMinutes(5));
        assertThat(jedis.touch(k, rnd())).isEqualTo(1);
        assertThat(jedis.objectIdletime(k)).isZero();
        clock.advance(Duration.ofSeconds(7));
        String moved = rnd();
        jedis.rename(k, moved);
        // Redis's lookupKeyWrite stamps the access time too, so a renamed key is fresh.
        assertThat(jedis.objectIdletime(moved)).isZero();
        clock.advance(Duration.ofSeconds(3));
        assertThat(jedis.objectIdletime(moved)).isEqualTo(3);
    }

    @Test
    void idleTimeSurvivesTheWrapOfThe24BitClock() {
        RedisObject o = new RedisObject(new byte[0]);
        long wrap = (SecondsLruClock.LRU_CLOCK_MAX + 1L) * 1000;
        long t = wrap - 5_000;                     // 5 s before the clock wraps to 0
        o.lru = SecondsLruClock.now(t);
        assertThat(SecondsLruClock.idleMillis(o, t + 12_000)).isBetween(11_000L, 12_000L);
    }

    @Test
    void objectFreqAndIdletimeDependOnThePolicy() {
        String k = rnd();
        jedis.set(k, "v");
        assertThatThrownBy(() -> jedis.objectFreq(k)).isInstanceOf(JedisDataException.class)
                .hasMessageStartingWith("ERR An LFU maxmemory policy is not selected");
        setConfig("maxmemory-policy", "allkeys-lfu");
        assertThat(jedis.objectFreq(k)).isBetween(0L, 255L);
        assertThatThrownBy(() -> jedis.objectIdletime(k)).isInstanceOf(JedisDataException.class)
                .hasMessageStartingWith("ERR An LFU maxmemory policy is selected, idle time not tracked.");
        assertThat(jedis.objectFreq(rnd())).isNull();
    }

    @Test
    void refcountOfSharedIntegersDependsOnMaxmemoryPolicy() {
        String k = rnd();
        jedis.set(k, "123");
        assertThat(jedis.objectRefcount(k)).isEqualTo(Integer.MAX_VALUE);
        setConfig("maxmemory", "1000000");
        setConfig("maxmemory-policy", "allkeys-lru");
        assertThat(jedis.objectRefcount(k)).isEqualTo(1);
    }

    private void setConfig(String name, String value) {
        server.onLoop(s -> {
            try {
                s.config.set(name, value);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return null;
        });
    }

    @Test
    void scanSurvivesGrowthAndDeletionBetweenCalls() {
        Set<String> stable = new HashSet<>();
        for (int i = 0; i < 300; i++) {
            String k = "stable:" + i + ":" + UUID.randomUUID();
            stable.add(k);
            jedis.set(k, "v");
        }
        List<String> churn = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        String cursor = "0";
        int calls = 0;
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        do {
            ScanResult<String> r = jedis.scan(cursor, new ScanParams().count(rnd.nextInt(1, 30)));
            seen.addAll(r.getResult());
            cursor = r.getCursor();
            // Grow the table a lot, then delete the churn again so the cron shrinks it.
            if (calls % 3 == 0) {
                for (int i = 0; i < 200; i++) {
                    String k = "churn:" + UUID.randomUUID();
                    churn.add(k);
                    jedis.set(k, "x");
                }
            } else if (!churn.isEmpty()) {
                jedis.del(churn.toArray(new String[0]));
                churn.clear();
                server.onLoop(s -> { s.keyspace.db(0).cronResize(rnd.nextInt(1, 100)); return null; });
            }
            calls++;
        } while (!cursor.equals("0"));
        assertThat(seen).containsAll(stable);
    }

    @Test
    void scanCursorIsUnsignedAndValidated() throws Exception {
        jedis.set(rnd(), "v");
        try (RawClient raw = new RawClient(server.port())) {
            // 2^64-1 and "-1" are the same cursor to strtoul; the reply must be a decimal cursor.
            String a = raw.callText("SCAN", "18446744073709551615", "COUNT", "1");
            String b = raw.callText("SCAN", "-1", "COUNT", "1");
            assertThat(a).isEqualTo(b).startsWith("*2\\r\\n$");
            assertThat(raw.callText("SCAN", "18446744073709551616")).isEqualTo("-ERR invalid cursor\\r\\n");
            assertThat(raw.callText("SCAN", "0", "COUNT", "0")).isEqualTo("-ERR syntax error\\r\\n");
        }
        // A cursor with the top bit set is printed unsigned, never negative.
        assertThat(KeyCommands.parseCursor("9223372036854775808".getBytes(StandardCharsets.US_ASCII)))
                .isEqualTo(Long.MIN_VALUE);
        assertThat(Long.toUnsignedString(KeyCommands.parseCursor("-1".getBytes(StandardCharsets.US_ASCII))))
                .isEqualTo("18446744073709551615");
    }

    @Test
    void scanSkipsAndDeletesExpiredKeysWhileKeysOnlySkipsThem() {
        String live = rnd(), dead1 = rnd(), dead2 = rnd();
        jedis.set(live, "v");
        jedis.set(dead1, "v", SetParams.setParams().px(100));
        jedis.set(dead2, "v", SetParams.setParams().px(100));
        clock.advanceMillis(101);
        assertThat(jedis.keys("*")).containsExactly(live);
        assertThat(jedis.dbSize()).as("KEYS does not delete").isEqualTo(3);
        ScanResult<String> r = jedis.scan("0", new ScanParams().count(1000));
        assertThat(r.getCursor()).isEqualTo("0");
        assertThat(r.getResult()).containsExactly(live);
        assertThat(jedis.dbSize()).as("SCAN deletes what it finds expired").isEqualTo(1);
        assertThat(stat(st -> st.expiredKeys)).isEqualTo(2);
        assertThat(events).contains("expired " + dead1 + " 0", "expired " + dead2 + " 0");
    }

    @Test
    void scanTypeFilterIsCaseInsensitive() {
        String k = rnd();
        jedis.set(k, "v");
        assertThat(jedis.scan("0", new ScanParams().count(100), "STRING").getResult()).containsExactly(k);
        assertThat(jedis.scan("0", new ScanParams().count(100), "hash").getResult()).isEmpty();
    }

    @Test
    void randomKeyNeverReturnsAnExpiredKeyOnAMaster() {
        for (int i = 0; i < 150; i++) jedis.set("dead:" + i, "v", SetParams.setParams().px(10));
        clock.advanceMillis(11);
        assertThat(jedis.randomKey()).isNull();
        assertThat(jedis.dbSize()).isZero();
        String live = rnd();
        jedis.set(live, "v");
        assertThat(jedis.randomKey()).isEqualTo(live);
    }

    @Test
    void renameCopyMoveKeepTtlsAndAnnounceThemselves() {
        String a = rnd(), b = rnd(), c = rnd();
        jedis.set(a, "v", SetParams.setParams().ex(100));
        assertThat(jedis.rename(a, b)).isEqualTo("OK");
        assertThat(jedis.ttl(b)).isEqualTo(100);
        assertThat(jedis.copy(b, c, false)).isTrue();
        assertThat(jedis.pttl(c)).isEqualTo(100_000);
        assertThat(jedis.move(c, 3)).isEqualTo(1);
        jedis.select(3);
        assertThat(jedis.ttl(c)).isEqualTo(100);
        assertThat(jedis.get(c)).isEqualTo("v");
        jedis.select(0);
        assertThat(events).containsSubsequence(
                "rename_from " + a + " 0", "rename_to " + b + " 0",
                "copy_to " + c + " 0",
                "move_from " + c + " 0", "move_to " + c + " 3");
    }

    @Test
    void copyIsIndependentOfItsSource() throws Exception {
        String a = rnd(), b = rnd();
        jedis.set(a, "hello");
        server.onLoop(s -> {      // make the source a MutableString, as APPEND would
            RedisObject o = s.keyspace.db(0).peek(a.getBytes(StandardCharsets.UTF_8));
            o.value = new MutableString("hello".getBytes(StandardCharsets.UTF_8));
            return null;
        });
        jedis.copy(a, b, false);
        server.onLoop(s -> {
            RedisObject o = s.keyspace.db(0).peek(a.getBytes(StandardCharsets.UTF_8));
            ((MutableString) o.value).append("!".getBytes(StandardCharsets.UTF_8));
            return null;
        });
        assertThat(jedis.get(a)).isEqualTo("hello!");
        assertThat(jedis.get(b)).isEqualTo("hello");
    }

    @Test
    void moveAndCopyErrors() {
        String k = rnd();
        jedis.set(k, "v");
        assertThatThrownBy(() -> jedis.move(k, 0)).hasMessage("ERR source and destination objects are the same");
        assertThatThrownBy(() -> jedis.copy(k, k, false)).hasMessage("ERR source and destination objects are the same");
        assertThatThrownBy(() -> jedis.rename(rnd(), k)).hasMessage("ERR no such key");
        assertThat(jedis.rename(k, k)).isEqualTo("OK");
        assertThat(jedis.get(k)).isEqualTo("v");
    }

    @Test
    void flushAndSwapTellTheListeners() {
        List<Integer> changed = new CopyOnWriteArrayList<>();
        server.onLoop(s -> {
            s.keyspace.addListener(new Keyspace.Listener() {
                @Override
                public void databaseChanged(int dbId) { changed.add(dbId); }
            });
            return null;
        });
        String k = rnd();
        jedis.set(k, "zero");
        assertThat(jedis.swapDB(0, 5)).isEqualTo("OK");
        assertThat(jedis.exists(k)).isFalse();
        jedis.select(5);
        assertThat(jedis.get(k)).isEqualTo("zero");
        assertThat(jedis.flushDB()).isEqualTo("OK");
        assertThat(jedis.dbSize()).isZero();
        assertThat(changed).containsExactly(0, 5, 5);
    }
}
