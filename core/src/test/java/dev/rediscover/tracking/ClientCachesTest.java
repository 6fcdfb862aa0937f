/*
 * Real client-side caches against the engine: a value read through the cache, then changed by
 * another connection, must be read fresh the next time.
 *
 * Lettuce 6.8.1: ClientSideCaching.enable over a RESP3 connection (CLIENT TRACKING ON); its
 * connection receives the invalidation push on its event loop and drops the map entry.
 *
 * Jedis 7.0.0: UnifiedJedis with a client-side cache over RESP3. Its CacheConnection refuses any
 * server whose HELLO does not say server "redis" with version 7.4 or newer
 * (CacheConnection.initializeClientSideCache, MIN_REDIS_VERSION = "7.4"), unless the Cache says
 * compatibilityMode() is true. The engine says 7.0.15, as Redis 7.0 does, so the default cache is
 * refused (asserted below: a real redis-server 7.0.15 is refused the same way). The check is a
 * version gate, not a protocol need: with a cache that opts into compatibility mode (Jedis's own
 * switch for servers it has not vetted), Jedis runs CLIENT TRACKING ON and works.
 *
 * The writer's reply is read after the server has queued the invalidation for the cache's
 * connection (same loop iteration, written first), so Jedis, which looks for pending pushes
 * before serving from its cache, sees it. Lettuce handles pushes on its own thread: the test
 * waits (in 1 ms steps, bounded) for the entry to go.
 */
package dev.rediscover.tracking;

import dev.rediscover.embedded.RediscoverServer;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.protocol.ProtocolVersion;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TrackingArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.support.caching.CacheAccessor;
import io.lettuce.core.support.caching.CacheFrontend;
import io.lettuce.core.support.caching.ClientSideCaching;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.RedisProtocol;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.csc.CacheConfig;
import redis.clients.jedis.csc.DefaultCache;
import redis.clients.jedis.exceptions.JedisException;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClientCachesTest {
    private static RediscoverServer server;

    @BeforeAll
    static void start() { server = RediscoverServer.start(); }

    @AfterAll
    static void stop() { server.close(); }

    private static JedisClientConfig resp3() {
        return DefaultJedisClientConfig.builder().protocol(RedisProtocol.RESP3).build();
    }

    /** Jedis's default cache, but willing to talk to a server older than 7.4 (see above). */
    static final class CompatibleCache extends DefaultCache {
        CompatibleCache() { super(1000); }

        @Override public boolean compatibilityMode() { return true; }
    }

    @Test
    void jedisRefusesItsDefaultCacheBelowRedis74() {
        HostAndPort hp = new HostAndPort(server.host(), server.port());
        assertThatThrownBy(() -> new UnifiedJedis(hp, resp3(), CacheConfig.builder().maxSize(100).build()).get("x"))
                .isInstanceOf(JedisException.class)
                .hasStackTraceContaining("Client side caching is only supported with 'Redis 7.4' or later.");
    }

    @Test
    void jedisCacheReadsAFreshValueAfterAnotherConnectionChangedIt() {
        String k = "jedis:" + UUID.randomUUID();
        CompatibleCache cache = new CompatibleCache();
        try (UnifiedJedis cached = new UnifiedJedis(new HostAndPort(server.host(), server.port()), resp3(), cache);
             Jedis writer = new Jedis(server.host(), server.port())) {
            writer.set(k, "v1");
            assertThat(cached.get(k)).isEqualTo("v1");
            assertThat(cached.get(k)).isEqualTo("v1");
            assertThat(cache.getStats().getHitCount()).isEqualTo(1);    // the second read came from the cache
            assertThat(cache.getSize()).isEqualTo(1);

            writer.set(k, "v2");
            assertThat(cached.get(k)).isEqualTo("v2");
            assertThat(cache.getStats().getInvalidationCount()).isGreaterThanOrEqualTo(1);

            writer.del(k);
            assertThat(cached.get(k)).isNull();
        }
    }

    @Test
    void lettuceCacheFrontendReadsAFreshValueAfterAnotherConnectionChangedIt() throws Exception {
        String k = "lettuce:" + UUID.randomUUID();
        RedisClient client = RedisClient.create(RedisURI.create(server.host(), server.port()));
        client.setOptions(ClientOptions.builder().protocolVersion(ProtocolVersion.RESP3).build());
        try (StatefulRedisConnection<String, String> conn = client.connect();
             StatefulRedisConnection<String, String> writer = client.connect()) {
            Map<String, String> map = new ConcurrentHashMap<>();
            CacheFrontend<String, String> frontend = ClientSideCaching.enable(
                    CacheAccessor.forMap(map), conn, TrackingArgs.Builder.enabled());
            writer.sync().set(k, "v1");
            assertThat(frontend.get(k)).isEqualTo("v1");
            assertThat(map).containsEntry(k, "v1");

            writer.sync().set(k, "v2");
            awaitGone(map, k);
            assertThat(frontend.get(k)).isEqualTo("v2");

            writer.sync().set(k, "v3");
            awaitGone(map, k);
            assertThat(frontend.get(k)).isEqualTo("v3");
            frontend.close();
        } finally {
            client.shutdown(java.time.Duration.ZERO, java.time.Duration.ofSeconds(2));
        }
    }

    private static void awaitGone(Map<String, String> map, String key) throws InterruptedException {
        for (int i = 0; i < 5000 && map.containsKey(key); i++) Thread.sleep(1);
        assertThat(map).as("the invalidation reached Lettuce").doesNotContainKey(key);
    }
}
