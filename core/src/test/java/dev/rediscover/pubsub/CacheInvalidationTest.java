/*
 * A near cache kept honest by keyspace notifications: the application caches values it read, and
 * a listener on __keyspace@0__:* drops an entry whenever its key is written, deleted, renamed or
 * expires. Expiry is driven by a ManualClock, so nothing sleeps waiting for a TTL.
 */
package dev.rediscover.pubsub;

import dev.rediscover.embedded.RediscoverServer;
import dev.rediscover.server.ManualClock;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPubSub;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class CacheInvalidationTest {
    /** Drops cached keys on any keyspace event; records the events for the test to wait on. */
    static final class Invalidator extends JedisPubSub {
        static final String PREFIX = "__keyspace@0__:";
        final Map<String, String> cache;
        final BlockingQueue<String> events = new LinkedBlockingQueue<>();
        final CountDownLatch ready = new CountDownLatch(1);

        Invalidator(Map<String, String> cache) { this.cache = cache; }

        @Override public void onPSubscribe(String pattern, int count) { ready.countDown(); }

        @Override public void onPMessage(String pattern, String channel, String event) {
            String key = channel.substring(PREFIX.length());
            cache.remove(key);
            events.add(key + " " + event);
        }

        String next() throws InterruptedException {
            String e = events.poll(5, TimeUnit.SECONDS);
            assertThat(e).as("a keyspace event arrived").isNotNull();
            return e;
        }
    }

    @Test
    void cachedEntriesAreDroppedWhenTheKeyChanges() throws Exception {
        ManualClock clock = new ManualClock();
        try (RediscoverServer server = RediscoverServer.start(clock, "--notify-keyspace-events", "Kg$x");
             Jedis app = new Jedis(server.host(), server.port());
             Jedis listenerConn = new Jedis(server.host(), server.port())) {
            Map<String, String> cache = new ConcurrentHashMap<>();
            Invalidator inv = new Invalidator(cache);
            ChatTest.listen(() -> listenerConn.psubscribe(inv, Invalidator.PREFIX + "*"));
            assertThat(inv.ready.await(5, TimeUnit.SECONDS)).isTrue();

            String a = "user:" + UUID.randomUUID(), b = "user:" + UUID.randomUUID(), c = "user:" + UUID.randomUUID();
            for (String k : List.of(a, b, c)) {
                app.set(k, "v1");
                assertThat(inv.next()).isEqualTo(k + " set");
                cache.put(k, app.get(k));             // read-through after the write
            }
            assertThat(cache).containsOnlyKeys(a, b, c);

            app.append(a, "-more");
            assertThat(inv.next()).isEqualTo(a + " append");
            assertThat(cache).doesNotContainKey(a).containsKeys(b, c);

            app.del(b);
            assertThat(inv.next()).isEqualTo(b + " del");
            assertThat(cache).doesNotContainKey(b);

            app.expire(c, 10);
            assertThat(inv.next()).isEqualTo(c + " expire");
            cache.put(c, app.get(c));
            clock.advance(Duration.ofSeconds(11));
            assertThat(app.get(c)).isNull();          // lazy expiry announces "expired"
            assertThat(inv.next()).isEqualTo(c + " expired");
            assertThat(cache).doesNotContainKey(c);

            // Reads announce nothing (no 'm' class), so a cached entry survives them.
            cache.put(a, app.get(a));
            app.get(a);
            app.exists(a);
            app.set(b, "v2");
            assertThat(inv.next()).as("the next event is the write, not the reads").isEqualTo(b + " set");
            assertThat(cache).containsEntry(a, "v1-more");
            inv.punsubscribe();
        }
    }
}
