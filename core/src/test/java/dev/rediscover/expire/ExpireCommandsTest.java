/*
 * Expiry driven by a ManualClock: the TTL commands' arithmetic to the millisecond, lazy expiry on
 * access, the active cycle deleting keys nobody touches, the expired_keys counter, and Redis's
 * boundary rule that a key at exactly its expiry time still lives (keyIsExpired: now > when).
 * The active cycle only runs when a test runs it on the loop, never behind its back.
 */
package dev.rediscover.expire;

import dev.rediscover.keyspace.NotifyFlags;
import dev.rediscover.embedded.RediscoverServer;
import dev.rediscover.keyspace.Keyspace;
import dev.rediscover.server.ManualClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.args.ExpiryOption;
import redis.clients.jedis.params.SetParams;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.ToLongFunction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ExpireCommandsTest {
    private static final long T0 = 1_800_000_000_000L;
    private final ManualClock clock = new ManualClock(T0);
    private RediscoverServer server;
    private Jedis jedis;
    private final List<String> events = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() {
        server = RediscoverServer.start(clock);
        jedis = new Jedis(server.host(), server.port());
        server.onLoop(s -> {
            s.activeExpire.setEnabled(false);     // the cron must not race the tests
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

    private static String rnd() { return "k:" + UUID.randomUUID(); }

    private long stat(ToLongFunction<Keyspace.Stats> f) {
        return server.onLoop(s -> f.applyAsLong(s.keyspace.stats));
    }

    private int dbSizeInside(int db) { return server.onLoop(s -> s.keyspace.db(db).size()); }

    /** One active expire cycle with the time budget out of the way, as the cron would run it. */
    private boolean runActiveCycle() {
        return server.onLoop(s -> {
            s.activeExpire.setEnabled(true);
            boolean timedOut = s.activeExpire.runCycle(10_000_000, 0);
            s.activeExpire.setEnabled(false);
            return timedOut;
        });
    }

    @Test
    void lazyExpiryOnAccessAndTheExactBoundary() {
        String k = rnd();
        jedis.set(k, "v", SetParams.setParams().px(1000));
        clock.advanceMillis(1000);                  // now == expireAt: still alive
        assertThat(jedis.get(k)).isEqualTo("v");
        assertThat(jedis.pttl(k)).isZero();
        assertThat(stat(s -> s.expiredKeys)).isZero();
        clock.advanceMillis(1);                     // now > expireAt: gone on first touch
        assertThat(dbSizeInside(0)).as("nothing deleted it yet").isEqualTo(1);
        assertThat(jedis.get(k)).isNull();
        assertThat(dbSizeInside(0)).isZero();
        assertThat(stat(s -> s.expiredKeys)).isEqualTo(1);
        assertThat(events).contains("expired " + k);
        assertThat(jedis.ttl(k)).isEqualTo(-2);
    }

    @Test
    void everyKindOfLookupExpiresLazily() {
        String a = rnd(), b = rnd(), c = rnd();
        for (String k : List.of(a, b, c)) jedis.set(k, "v", SetParams.setParams().px(10));
        clock.advanceMillis(11);
        assertThat(jedis.exists(a)).isFalse();
        assertThat(jedis.ttl(b)).isEqualTo(-2);
        assertThat(jedis.del(c)).as("an expired key is not counted as deleted").isZero();
        assertThat(stat(s -> s.expiredKeys)).isEqualTo(3);
        assertThat(events.stream().filter(e -> e.startsWith("del ")).count()).isZero();
    }

    @Test
    void activeCycleRemovesKeysNobodyTouches() {
        for (int i = 0; i < 500; i++) jedis.set("vol:" + i, "v", SetParams.setParams().px(100 + i));
        for (int i = 0; i < 50; i++) jedis.set("keep:" + i, "v");
        jedis.select(2);
        for (int i = 0; i < 30; i++) jedis.set("vol:" + i, "v", SetParams.setParams().px(50));
        jedis.select(0);
        clock.advanceMillis(600);                   // past every volatile key (the last expires at +599)
        runActiveCycle();
        // Nobody read them, yet only the 50 persistent keys remain.
        assertThat(dbSizeInside(0)).isEqualTo(50);
        assertThat(dbSizeInside(2)).isZero();
        assertThat(stat(s -> s.expiredKeys)).isEqualTo(530);
    }

    @Test
    void activeCycleSparesKeysAtExactlyTheirExpiryTime() {
        for (int i = 0; i < 100; i++) jedis.set("at:" + i, "v", SetParams.setParams().px(1000));
        clock.advanceMillis(1000);
        runActiveCycle();
        assertThat(dbSizeInside(0)).isEqualTo(100);
        assertThat(stat(s -> s.expiredKeys)).isZero();
        clock.advanceMillis(1);
        runActiveCycle();
        assertThat(dbSizeInside(0)).isZero();
        assertThat(stat(s -> s.expiredKeys)).isEqualTo(100);
    }

    @Test
    void activeCycleStopsWhenFewSampledKeysAreStaleAndFeedsAvgTtl() {
        for (int i = 0; i < 1000; i++) jedis.set("long:" + i, "v", SetParams.setParams().ex(100));
        runActiveCycle();
        assertThat(dbSizeInside(0)).isEqualTo(1000);
        long avgTtl = server.onLoop(s -> s.keyspace.db(0).avgTtl());
        assertThat(avgTtl).isBetween(1L, 100_000L);
    }

    @Test
    void ttlArithmeticIsExactWithAManualClock() {
        String k = rnd();
        jedis.set(k, "v");
        assertThat(jedis.pexpire(k, 1499)).isEqualTo(1);
        assertThat(jedis.ttl(k)).isEqualTo(1);                    // 1.499 s rounds down
        assertThat(jedis.pexpire(k, 1500)).isEqualTo(1);
        assertThat(jedis.ttl(k)).isEqualTo(2);                    // 1.5 s rounds up
        assertThat(jedis.pttl(k)).isEqualTo(1500);
        assertThat(jedis.pexpireTime(k)).isEqualTo(T0 + 1500);
        assertThat(jedis.expireTime(k)).isEqualTo((T0 + 1500 + 500) / 1000);
        assertThat(jedis.expireAt(k, T0 / 1000 + 10)).isEqualTo(1);
        assertThat(jedis.pttl(k)).isEqualTo(10_000);
        assertThat(jedis.pexpireAt(k, T0 + 1)).isEqualTo(1);
        assertThat(jedis.pttl(k)).isEqualTo(1);
        assertThat(events).contains("expire " + k);
    }

    @Test
    void expireAtNowOrEarlierDeletesAsDelNotAsExpiry() {
        String a = rnd(), b = rnd();
        jedis.set(a, "v");
        jedis.set(b, "v");
        // EXPIRE's own boundary: when <= now is already past (expire.c, checkAlreadyExpired).
        assertThat(jedis.pexpireAt(a, T0)).isEqualTo(1);
        assertThat(jedis.expire(b, -5)).isEqualTo(1);
        assertThat(jedis.exists(a, b)).isZero();
        assertThat(stat(s -> s.expiredKeys)).isZero();
        assertThat(events).contains("del " + a, "del " + b).noneMatch(e -> e.startsWith("expired"));
    }

    @Test
    void conditionalOptions() {
        String k = rnd();
        jedis.set(k, "v");
        assertThat(jedis.expire(k, 100, ExpiryOption.XX)).isZero();
        assertThat(jedis.expire(k, 100, ExpiryOption.GT)).as("no TTL is an infinite TTL").isZero();
        assertThat(jedis.expire(k, 100, ExpiryOption.NX)).isEqualTo(1);
        assertThat(jedis.expire(k, 50, ExpiryOption.NX)).isZero();
        assertThat(jedis.expire(k, 100, ExpiryOption.GT)).as("equal is not greater").isZero();
        assertThat(jedis.expire(k, 101, ExpiryOption.GT)).isEqualTo(1);
        assertThat(jedis.expire(k, 101, ExpiryOption.LT)).isZero();
        assertThat(jedis.expire(k, 20, ExpiryOption.LT)).isEqualTo(1);
        assertThat(jedis.ttl(k)).isEqualTo(20);
        assertThat(jedis.persist(k)).isEqualTo(1);
        assertThat(jedis.persist(k)).isZero();
        assertThat(jedis.expire(k, 30, ExpiryOption.LT)).isEqualTo(1);
        assertThat(jedis.ttl(k)).isEqualTo(30);
        assertThat(events).contains("persist " + k);
    }

    @Test
    void errorsAndTheirPrecedence() {
        String k = rnd();
        jedis.set(k, "v");
        assertThatThrownBy(() -> jedis.sendCommand(() -> "EXPIRE".getBytes(), k, "abc", "NX", "XX"))
                .hasMessage("ERR NX and XX, GT or LT options at the same time are not compatible");
        assertThatThrownBy(() -> jedis.sendCommand(() -> "PEXPIRE".getBytes(), k, "1", "GT", "LT"))
                .hasMessage("ERR GT and LT options at the same time are not compatible");
        assertThatThrownBy(() -> jedis.sendCommand(() -> "EXPIRE".getBytes(), k, "1", "NX", "XX", "SOON"))
                .hasMessage("ERR Unsupported option SOON");
        assertThatThrownBy(() -> jedis.expire(k, Long.MAX_VALUE / 1000 + 1))
                .hasMessage("ERR invalid expire time in 'expire' command");
        assertThatThrownBy(() -> jedis.pexpire(k, Long.MAX_VALUE - T0 + 1))
                .hasMessage("ERR invalid expire time in 'pexpire' command");
        assertThat(jedis.pexpire(k, Long.MAX_VALUE - T0)).isEqualTo(1);
        assertThat(jedis.pexpireTime(k)).isEqualTo(Long.MAX_VALUE);
        assertThat(jedis.expireTime(k)).isEqualTo(9223372036854776L);   // rounded without overflow
    }

    @Test
    void aReplicaHidesExpiredKeysButLeavesDeletingToItsMaster() {
        String k = rnd(), past = rnd();
        jedis.set(k, "v", SetParams.setParams().px(10));
        jedis.set(past, "v");
        server.onLoop(s -> { s.keyspace.setExpiryDisabled(true); return null; });
        clock.advanceMillis(11);
        assertThat(jedis.get(k)).isNull();
        assertThat(dbSizeInside(0)).isEqualTo(2);
        assertThat(jedis.pexpire(past, -1)).isEqualTo(1);
        assertThat(dbSizeInside(0)).as("a past EXPIRE on a replica sets the TTL, the master deletes").isEqualTo(2);
        assertThat(stat(s -> s.expiredKeys)).isZero();
    }
}
