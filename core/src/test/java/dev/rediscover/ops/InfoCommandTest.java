/*
 * INFO: Redis's section order whatever the arguments' order, the default/all/everything sets,
 * CRLF line endings, a verbatim string in RESP3, and values that follow the server's state.
 */
package dev.rediscover.ops;

import dev.rediscover.embedded.RediscoverServer;
import dev.rediscover.testing.RawClient;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class InfoCommandTest {
    private static List<String> headers(String info) {
        List<String> h = new ArrayList<>();
        for (String line : info.split("\r\n")) if (line.startsWith("# ")) h.add(line.substring(2));
        return h;
    }

    @Test
    void sectionsComeInRedisOrder() {
        try (RediscoverServer redis = RediscoverServer.start(); Jedis jedis = new Jedis(redis.host(), redis.port())) {
            assertThat(headers(jedis.info())).containsExactly("Server", "Clients", "Memory", "Persistence", "Stats",
                    "Replication", "CPU", "Modules", "Errorstats", "Cluster", "Keyspace");
            assertThat(headers(jedis.info("default"))).isEqualTo(headers(jedis.info()));
            assertThat(headers(jedis.info("all"))).containsExactly("Server", "Clients", "Memory", "Persistence", "Stats",
                    "Replication", "CPU", "Modules", "Commandstats", "Errorstats", "Latencystats", "Cluster", "Keyspace");
            assertThat(headers(jedis.info("everything"))).isEqualTo(headers(jedis.info("all")));
            assertThat(jedis.info("nosuchsection")).isEmpty();
        }
    }

    @Test
    void severalSectionsAnyOrderAndCase() throws Exception {
        try (RediscoverServer redis = RediscoverServer.start(); RawClient c = new RawClient(redis.port())) {
            String text = new String(c.call("INFO", "KEYSPACE", "cluster", "Server"));
            assertThat(headers(text.substring(text.indexOf("\r\n") + 2))).containsExactly("Server", "Cluster", "Keyspace");
            assertThat(c.callText("INFO", "cluster")).isEqualTo("$30\\r\\n# Cluster\\r\\ncluster_enabled:0\\r\\n\\r\\n");
            c.call("HELLO", "3");
            assertThat(c.callText("INFO", "cluster")).isEqualTo("=34\\r\\ntxt:# Cluster\\r\\ncluster_enabled:0\\r\\n\\r\\n");
        }
    }

    @Test
    void fieldsFollowTheServer() {
        try (RediscoverServer redis = RediscoverServer.start(); Jedis jedis = new Jedis(redis.host(), redis.port())) {
            String server = jedis.info("server");
            assertThat(server).contains("redis_version:7.0.15\r\n", "redis_mode:standalone\r\n",
                    "tcp_port:" + redis.port() + "\r\n", "process_id:" + ProcessHandle.current().pid() + "\r\n");
            assertThat(jedis.info("replication")).contains("role:master\r\n", "connected_slaves:0\r\n", "master_repl_offset:0\r\n")
                    .containsPattern("master_replid:[0-9a-f]{40}\r\n");
            assertThat(jedis.info("keyspace")).isEqualTo("# Keyspace\r\n");
            jedis.set("k:" + UUID.randomUUID(), "v");
            jedis.set("k:" + UUID.randomUUID(), "v");
            assertThat(jedis.info("keyspace")).isEqualTo("# Keyspace\r\ndb0:keys=2,expires=0,avg_ttl=0\r\n");
            assertThat(jedis.info("clients")).contains("connected_clients:1\r\n", "maxclients:10000\r\n");
            assertThat(jedis.info("commandstats")).containsPattern("cmdstat_set:calls=2,usec=\\d+,usec_per_call=\\d+\\.\\d\\d,rejected_calls=0,failed_calls=0\r\n");
            String memory = jedis.info("memory");
            long used = Long.parseLong(memory.replaceAll("(?s).*used_memory:(\\d+).*", "$1"));
            assertThat(used).isPositive();
            assertThat(memory).contains("maxmemory_policy:noeviction\r\n").containsPattern("used_memory_human:[0-9.]+[BKMG]\r\n");
            assertThat(jedis.info("stats")).contains("total_connections_received:1\r\n").containsPattern("total_commands_processed:\\d+\r\n");
        }
    }

    @Test
    void humanSizesLikeRedis() {
        assertThat(Metrics.human(0)).isEqualTo("0B");
        assertThat(Metrics.human(1023)).isEqualTo("1023B");
        assertThat(Metrics.human(916352)).isEqualTo("894.88K");
        assertThat(Metrics.human(6840320)).isEqualTo("6.52M");
        assertThat(Metrics.human(25276502016L)).isEqualTo("23.54G");
    }
}
