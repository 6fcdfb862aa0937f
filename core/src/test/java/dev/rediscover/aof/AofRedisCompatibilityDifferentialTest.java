/*
 * The other direction of AofFixtureTest: an AOF directory the engine wrote (base as an RDB
 * preamble or as commands, after a rewrite, plus an incr file) passes redis-check-aof and loads
 * in redis-server 7.0 with the same contents.
 *
 * Runs only with -Pdifferential (tag "differential"); needs redis-server and redis-check-aof.
 */
package dev.rediscover.aof;

import dev.rediscover.differential.RealRedis;
import dev.rediscover.embedded.RediscoverServer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.params.SetParams;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

@Tag("differential")
class AofRedisCompatibilityDifferentialTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"yes", "no"})
    void redisLoadsWhatTheEngineWrote(String preamble) throws Exception {
        long expireAt = System.currentTimeMillis() + 3_600_000;
        try (RediscoverServer s = RediscoverServer.start("--dir", dir.toString(), "--appendonly", "yes",
                "--aof-use-rdb-preamble", preamble);
             Jedis j = new Jedis("127.0.0.1", s.port())) {
            j.set("str", "hello");
            j.set("int", "12345");
            j.set("big", "x".repeat(5000));
            j.set("ttl", "v", SetParams.setParams().pxAt(expireAt));
            j.rpush("list", "a", "b", "c");
            j.sadd("intset", "1", "2", "3");
            j.sadd("set", "x", "y");
            j.hset("hash", Map.of("f", "v", "g", "w"));
            j.zadd("zset", Map.of("a", 1.5, "b", -2.0));
            j.xadd("stream", new StreamEntryID(1, 1), Map.of("f", "v"));
            j.xgroupCreate("stream", "grp", new StreamEntryID(0, 0), false);
            j.xreadGroup("grp", "alice", redis.clients.jedis.params.XReadGroupParams.xReadGroupParams().count(1),
                    Map.of("stream", StreamEntryID.UNRECEIVED_ENTRY));
            j.select(3);
            j.set("in3", "three");
            j.select(0);
            j.bgrewriteaof();
            AofTest.awaitRewriteDone(j);
            j.incr("int");
            j.lpush("list", "first");
            j.del("set");
        }
        Process check = new ProcessBuilder("redis-check-aof", dir.resolve("appendonlydir/appendonly.aof.manifest").toString())
                .redirectErrorStream(true).start();
        String report = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(check.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(report).as("redis-check-aof on the engine's AOF").contains("All AOF files and manifest are valid");

        try (RealRedis real = RealRedis.start("--dir", dir.toString(), "--appendonly", "yes");
             Jedis r = new Jedis("127.0.0.1", real.port())) {
            awaitLoaded(r);
            assertThat(r.get("str")).isEqualTo("hello");
            assertThat(r.get("int")).isEqualTo("12346");
            assertThat(r.get("big")).hasSize(5000);
            assertThat(r.pexpireTime("ttl")).isEqualTo(expireAt);
            assertThat(r.lrange("list", 0, -1)).containsExactly("first", "a", "b", "c");
            assertThat(r.smembers("intset")).containsExactlyInAnyOrder("1", "2", "3");
            assertThat(r.exists("set")).isFalse();
            assertThat(r.hgetAll("hash")).isEqualTo(Map.of("f", "v", "g", "w"));
            assertThat(r.zscore("zset", "a")).isEqualTo(1.5);
            assertThat(r.zscore("zset", "b")).isEqualTo(-2.0);
            assertThat(r.xlen("stream")).isEqualTo(1);
            assertThat(r.xpending("stream", "grp").getTotal()).isEqualTo(1);
            r.select(3);
            assertThat(r.get("in3")).isEqualTo("three");
        }
    }

    /** redis-server answers LOADING until it has read the AOF. */
    private static void awaitLoaded(Jedis r) throws InterruptedException {
        for (int i = 0; i < 500; i++) {
            try {
                r.ping();
                return;
            } catch (redis.clients.jedis.exceptions.JedisDataException loading) {
                Thread.sleep(10);
            }
        }
    }
}
