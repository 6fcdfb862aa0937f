/*
 * The two Java client libraries people use, against the embedded server: Jedis (RESP2) and
 * Lettuce (RESP3, negotiated with HELLO 3 at connect). Both do their own handshake (HELLO,
 * CLIENT SETINFO, which Redis 7.0 and we refuse and they ignore) and command discovery.
 */
package dev.rediscover.embedded;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.models.command.CommandDetail;
import io.lettuce.core.models.command.CommandDetailParser;
import io.lettuce.core.protocol.ProtocolVersion;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class ClientLibrariesTest {
    @Test
    void jedis() {
        try (RediscoverServer redis = RediscoverServer.start(); Jedis jedis = new Jedis(redis.host(), redis.port())) {
            String key = "k:" + UUID.randomUUID(), value = UUID.randomUUID().toString();
            assertThat(jedis.set(key, value)).isEqualTo("OK");
            assertThat(jedis.get(key)).isEqualTo(value);
            assertThat(jedis.clientSetname("jedis-test")).isEqualTo("OK");
            assertThat(jedis.clientGetname()).isEqualTo("jedis-test");
            assertThat(jedis.clientList()).contains("name=jedis-test");
            assertThat(jedis.clientId()).isPositive();
            Map<String, String> cfg = jedis.configGet("maxmemory*");
            assertThat(cfg).containsEntry("maxmemory", "0").containsKey("maxmemory-policy");
            assertThat(jedis.configSet("maxmemory", "10mb")).isEqualTo("OK");
            assertThat(jedis.configGet("maxmemory")).containsEntry("maxmemory", "10485760");
            assertThat(jedis.info("keyspace")).contains("db0:keys=1,expires=0,avg_ttl=0");
            assertThat(jedis.commandCount()).isPositive();
            assertThat(jedis.time()).hasSize(2);
            assertThat(jedis.memoryUsage(key)).isPositive();
        }
    }

    @Test
    void lettuceOverResp3() {
        try (RediscoverServer redis = RediscoverServer.start()) {
            RedisClient client = RedisClient.create(RedisURI.builder().withHost(redis.host()).withPort(redis.port())
                    .withTimeout(Duration.ofSeconds(5)).build());
            client.setOptions(ClientOptions.builder().protocolVersion(ProtocolVersion.RESP3).build());
            try (StatefulRedisConnection<String, String> conn = client.connect()) {
                RedisCommands<String, String> cmd = conn.sync();
                String key = "k:" + UUID.randomUUID(), value = UUID.randomUUID().toString();
                assertThat(cmd.set(key, value)).isEqualTo("OK");
                assertThat(cmd.get(key)).isEqualTo(value);
                // RESP3 was negotiated: CLIENT INFO reports it.
                assertThat(cmd.clientInfo()).contains(" resp=3");
                assertThat(cmd.configGet("maxmemory")).containsEntry("maxmemory", "0");
                assertThat(cmd.configGet("hz", "timeout")).containsOnlyKeys("hz", "timeout");
                assertThat(cmd.info("server")).contains("redis_version:7.0.15");
                assertThat(cmd.clientSetname("lettuce-test")).isEqualTo("OK");
                assertThat(cmd.clientGetname()).isEqualTo("lettuce-test");
                List<CommandDetail> details = CommandDetailParser.parse(cmd.command());
                assertThat(details).extracting(CommandDetail::getName).contains("get", "set", "config", "client");
                assertThat(cmd.commandCount()).isEqualTo(details.size());
                assertThat(cmd.time()).hasSize(2);
            } finally {
                client.shutdown();
            }
        }
    }
}
