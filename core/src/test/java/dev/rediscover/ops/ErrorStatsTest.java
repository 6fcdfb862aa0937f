/*
 * INFO errorstats, total_error_replies and commandstats' rejected_calls / failed_calls follow
 * Redis's rules (checked against redis-server 7.0.15): every error reply is counted by its first
 * word; a refused command counts as rejected; a command that wrote an error while it ran counts
 * as failed, an error of a command queued in MULTI failing that command and not EXEC, while
 * EXECABORT fails EXEC; CONFIG RESETSTAT clears them all.
 */
package dev.rediscover.ops;

import dev.rediscover.embedded.RediscoverServer;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Transaction;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ErrorStatsTest {
    private static String stat(Jedis jedis, String cmd) {
        for (String line : jedis.info("commandstats").split("\r\n")) {
            if (line.startsWith("cmdstat_" + cmd + ":")) return line.replaceAll("usec=\\d+,usec_per_call=[\\d.]+,", "");
        }
        return "";
    }

    @Test
    void errorsAreCountedAsRedisCountsThem() {
        try (RediscoverServer redis = RediscoverServer.start(); Jedis jedis = new Jedis(redis.host(), redis.port())) {
            String s = UUID.randomUUID().toString();
            jedis.set(s, "abc");
            jedis.configResetStat();
            assertThatThrownBy(() -> jedis.incr(s)).hasMessageStartingWith("ERR value is not an integer");
            assertThatThrownBy(() -> jedis.lpush(s, "x")).hasMessageStartingWith("WRONGTYPE");
            assertThatThrownBy(() -> jedis.sendCommand(() -> "NOSUCH".getBytes())).hasMessageStartingWith("ERR unknown command");
            assertThatThrownBy(() -> jedis.sendCommand(() -> "GET".getBytes())).hasMessageStartingWith("ERR wrong number");
            Transaction t = jedis.multi();
            t.incr(s);                               // fails inside EXEC
            t.set("a", "b");
            t.exec();
            jedis.sendCommand(() -> "MULTI".getBytes());
            assertThatThrownBy(() -> jedis.sendCommand(() -> "GET".getBytes())).hasMessageStartingWith("ERR wrong number");
            assertThatThrownBy(() -> jedis.sendCommand(() -> "EXEC".getBytes())).hasMessageStartingWith("EXECABORT");

            assertThat(jedis.info("errorstats")).isEqualTo("# Errorstats\r\nerrorstat_ERR:count=5\r\n"
                    + "errorstat_EXECABORT:count=1\r\nerrorstat_WRONGTYPE:count=1\r\n");
            assertThat(jedis.info("stats")).contains("\r\ntotal_error_replies:7\r\n");
            assertThat(stat(jedis, "incr")).isEqualTo("cmdstat_incr:calls=2,rejected_calls=0,failed_calls=2");
            assertThat(stat(jedis, "lpush")).isEqualTo("cmdstat_lpush:calls=1,rejected_calls=0,failed_calls=1");
            assertThat(stat(jedis, "get")).isEqualTo("cmdstat_get:calls=0,rejected_calls=2,failed_calls=0");
            assertThat(stat(jedis, "exec")).isEqualTo("cmdstat_exec:calls=2,rejected_calls=0,failed_calls=1");

            jedis.configResetStat();
            assertThat(jedis.info("errorstats")).isEqualTo("# Errorstats\r\n");
            assertThat(jedis.info("stats")).contains("\r\ntotal_error_replies:0\r\n");
            assertThat(stat(jedis, "incr")).isEmpty();
        }
    }
}
