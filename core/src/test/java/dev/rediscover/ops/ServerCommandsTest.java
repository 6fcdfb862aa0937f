/*
 * TIME, LASTSAVE, DEBUG (and its refusal when disabled), MEMORY USAGE estimates, FUNCTION as a
 * server with no libraries, and SHUTDOWN stopping an embedded server without ending the JVM.
 */
package dev.rediscover.ops;

import dev.rediscover.embedded.RediscoverServer;
import dev.rediscover.server.ManualClock;
import dev.rediscover.testing.RawClient;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class ServerCommandsTest {
    @Test
    void timeAndLastSaveFollowTheServerClock() throws Exception {
        ManualClock clock = new ManualClock(1_700_000_000_123L);
        try (RediscoverServer redis = RediscoverServer.start(clock); RawClient c = new RawClient(redis.port())) {
            String time = c.callText("TIME");
            assertThat(time).startsWith("*2\\r\\n$10\\r\\n1700000000\\r\\n$6\\r\\n123");
            assertThat(c.callText("LASTSAVE")).isEqualTo(":1700000000\\r\\n");
        }
    }

    @Test
    void debugIsRefusedUnlessEnabled() throws Exception {
        try (RediscoverServer redis = RediscoverServer.start(); RawClient c = new RawClient(redis.port())) {
            assertThat(c.callText("DEBUG", "SLEEP", "0")).startsWith("-ERR DEBUG command not allowed. If the enable-debug-command option is set to \"local\"");
        }
        try (RediscoverServer redis = RediscoverServer.start("--enable-debug-command", "local"); RawClient c = new RawClient(redis.port())) {
            assertThat(c.callText("DEBUG", "SLEEP", "0")).isEqualTo("+OK\\r\\n");
        }
    }

    @Test
    void debugSetActiveExpireAndObject() throws Exception {
        try (RediscoverServer redis = RediscoverServer.start("--enable-debug-command", "yes"); RawClient c = new RawClient(redis.port())) {
            assertThat(c.callText("DEBUG", "SET-ACTIVE-EXPIRE", "0")).isEqualTo("+OK\\r\\n");
            assertThat((boolean) redis.onLoop(s -> s.activeExpire.enabled())).isFalse();
            c.call("DEBUG", "SET-ACTIVE-EXPIRE", "1");
            assertThat((boolean) redis.onLoop(s -> s.activeExpire.enabled())).isTrue();
            String key = "k:" + UUID.randomUUID();
            c.call("SET", key, "12345");
            assertThat(c.callText("DEBUG", "OBJECT", key)).matches("\\+Value at:0x[0-9a-f]+ refcount:1 encoding:int serializedlength:3 lru:\\d+ lru_seconds_idle:\\d+\\\\r\\\\n");
            assertThat(c.callText("DEBUG", "nope")).isEqualTo("-ERR unknown subcommand or wrong number of arguments for 'nope'. Try DEBUG HELP.\\r\\n");
        }
    }

    @Test
    void memoryUsageGrowsWithTheValue() throws Exception {
        try (RediscoverServer redis = RediscoverServer.start(); RawClient c = new RawClient(redis.port())) {
            String small = "s:" + UUID.randomUUID(), big = "b:" + UUID.randomUUID();
            c.call("SET", small, "x");
            c.call("SET", big, "x".repeat(10_000));
            long s = Long.parseLong(new String(c.call("MEMORY", "USAGE", small)).substring(1).trim());
            long b = Long.parseLong(new String(c.call("MEMORY", "USAGE", big, "SAMPLES", "0")).substring(1).trim());
            assertThat(s).isBetween(50L, 200L);
            assertThat(b - s).isBetween(9_900L, 10_100L);
            assertThat(c.callText("MEMORY", "USAGE", "nokey:" + UUID.randomUUID())).isEqualTo("$-1\\r\\n");
            assertThat(c.callText("MEMORY", "STATS")).contains("keys.count\\r\\n:2\\r\\n", "db.0");
        }
    }

    @Test
    void functionsAnswerAsAnEmptyServer() throws Exception {
        try (RediscoverServer redis = RediscoverServer.start(); RawClient c = new RawClient(redis.port())) {
            assertThat(c.callText("FUNCTION", "LIST")).isEqualTo("*0\\r\\n");
            byte[] dump = c.call("FUNCTION", "DUMP");
            byte[] payload = java.util.Arrays.copyOfRange(dump, 5, dump.length - 2);
            assertThat(RawClient.escape(c.call("FUNCTION".getBytes(), "RESTORE".getBytes(), payload))).isEqualTo("+OK\\r\\n");
            assertThat(c.callText("FUNCTION", "LOAD", "#!lua name=mylib\nredis.register_function('f', function() return 1 end)"))
                    .isEqualTo("-ERR Engine 'lua' not found\\r\\n");
        }
    }

    @Test
    void shutdownStopsAnEmbeddedServerButNotTheJvm() throws Exception {
        RediscoverServer redis = RediscoverServer.start();
        try (RawClient c = new RawClient(redis.port())) {
            assertThat(c.callText("SHUTDOWN", "ABORT")).isEqualTo("-ERR No shutdown in progress.\\r\\n");
            assertThat(c.callText("SHUTDOWN", "NOSAVE", "SAVE")).isEqualTo("-ERR syntax error\\r\\n");
            c.sendCommand("SHUTDOWN", "NOSAVE");
            assertThat(c.isClosedByServer()).isTrue();
        }
        redis.server().awaitStopped();
        redis.close();
        assertThat(redis.isRunning()).isFalse();
        assertThat(redis.server().exitStatus()).isZero();
    }
}
