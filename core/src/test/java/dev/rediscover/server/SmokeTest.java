/*
 * The smallest end-to-end check: an embedded server answers PING, SET and GET over TCP, through
 * a real client library (Jedis) and as raw bytes.
 */
package dev.rediscover.server;

import dev.rediscover.embedded.RediscoverServer;
import dev.rediscover.testing.RawClient;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class SmokeTest {
    @Test
    void jedisAndRawBytesAgree() throws Exception {
        try (RediscoverServer redis = RediscoverServer.start();
             Jedis jedis = new Jedis(redis.host(), redis.port());
             RawClient raw = new RawClient(redis.port())) {
            String key = "k:" + UUID.randomUUID();
            String value = UUID.randomUUID().toString();
            assertThat(jedis.ping()).isEqualTo("PONG");
            assertThat(jedis.set(key, value)).isEqualTo("OK");
            assertThat(jedis.get(key)).isEqualTo(value);
            assertThat(raw.callText("GET", key)).isEqualTo("$" + value.length() + "\\r\\n" + value + "\\r\\n");
        }
    }
}
