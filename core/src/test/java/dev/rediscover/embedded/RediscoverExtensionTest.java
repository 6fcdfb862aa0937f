/*
 * The JUnit 5 extension starts one server for the class and injects it into test methods; the
 * embedded server releases its port on close.
 */
package dev.rediscover.embedded;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.Jedis;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(RediscoverExtension.class)
class RediscoverExtensionTest {
    @Test
    void injectsARunningServer(RediscoverServer redis) {
        assertThat(redis.isRunning()).isTrue();
        try (Jedis j = new Jedis(redis.host(), redis.port())) {
            String key = UUID.randomUUID().toString();
            j.set(key, "v");
            assertThat(j.get(key)).isEqualTo("v");
        }
    }

    @Test
    void sameServerForTheWholeClass(RediscoverServer a, RediscoverServer b) {
        assertThat(a).isSameAs(b);
    }

    @Test
    void closeReleasesThePort() throws IOException {
        RediscoverServer s = RediscoverServer.start();
        int port = s.port();
        s.close();
        assertThat(s.isRunning()).isFalse();
        try (ServerSocket again = new ServerSocket(port, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            assertThat(again.getLocalPort()).isEqualTo(port);
        }
    }

    @Test
    void badOptionsAreRefusedWithRedisWording() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> RediscoverServer.start("--port", "notaport"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("argument couldn't be parsed into an integer")
                .hasMessageContaining("port");
    }
}
