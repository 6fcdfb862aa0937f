/*
 * AOF directories written by redis-server 7.0 itself (made by
 * src/test/resources/aof/make-fixtures.sh) load in the engine with the same contents: the base
 * file (commands, or an RDB preamble), then the incr file's commands on top.
 */
package dev.rediscover.aof;

import dev.rediscover.embedded.RediscoverServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.params.XPendingParams;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class AofFixtureTest {
    @TempDir
    Path dir;

    @Test
    void loadsRedisAofWithCommandBase() throws Exception {
        copyFixture("redis-commands");
        try (RediscoverServer s = RediscoverServer.start("--dir", dir.toString(), "--appendonly", "yes");
             Jedis j = new Jedis("127.0.0.1", s.port())) {
            assertContents(j);
        }
    }

    @Test
    void loadsRedisAofWithRdbPreamble() throws Exception {
        assumeTrue(rdbLoaderWritten(), "the RDB codec is not in this build yet");
        copyFixture("redis-preamble");
        try (RediscoverServer s = RediscoverServer.start("--dir", dir.toString(), "--appendonly", "yes");
             Jedis j = new Jedis("127.0.0.1", s.port())) {
            assertContents(j);
        }
    }

    /** What make-fixtures.sh wrote, rewrite and incr file together. */
    static void assertContents(Jedis j) {
        assertThat(j.get("str")).isEqualTo("hello");
        assertThat(j.ttl("str")).isGreaterThan(90_000_000L);
        assertThat(j.get("int")).isEqualTo("12346");
        assertThat(j.get("big")).hasSize(3000).matches("x+");
        assertThat(j.pexpireTime("ttl")).isEqualTo(4102444800000L);
        assertThat(j.lrange("list", 0, -1)).containsExactly("first", "a", "b", "c", "1", "2", "3");
        assertThat(j.smembers("intset")).containsExactlyInAnyOrder("1", "2", "3");
        assertThat(j.smembers("set")).containsExactlyInAnyOrder("x", "y", "z");
        assertThat(j.hgetAll("hash")).isEqualTo(Map.of("f1", "v1", "f2", "v2", "f3", "v3"));
        assertThat(j.zrangeWithScores("zset", 0, -1)).extracting(t -> t.getElement() + "=" + t.getScore())
                .containsExactly("c=-3.0", "a=1.0", "b=2.5");
        assertThat(j.xrange("stream", "-", "+")).extracting(e -> e.getID().toString()).containsExactly("1-1", "2-1");
        assertThat(j.xpending("stream", "grp", XPendingParams.xPendingParams().count(10)))
                .extracting(p -> p.getConsumerName() + "@" + p.getID()).containsExactly("alice@1-1");
        assertThat(j.xinfoGroups("stream").get(0).getLastDeliveredId()).isEqualTo(new StreamEntryID(1, 1));
        assertThat(j.keys("*")).hasSize(10);
        j.select(2);
        assertThat(j.dbSize()).isZero();
        j.select(3);
        assertThat(j.get("third")).isEqualTo("db3");
    }

    private void copyFixture(String name) throws IOException {
        Path from = Path.of("src/test/resources/aof", name);
        Path to = dir.resolve("appendonlydir");
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from)) {
            for (Path f : (Iterable<Path>) files::iterator) Files.copy(f, to.resolve(f.getFileName()));
        }
    }

    static boolean rdbLoaderWritten() {
        try {
            dev.rediscover.rdb.RdbLoader.load(new java.io.ByteArrayInputStream(new byte[0]),
                    new dev.rediscover.keyspace.Keyspace(1, dev.rediscover.server.Clock.SYSTEM), 0, true, true);
            return true;
        } catch (UnsupportedOperationException e) {
            return false;
        } catch (Exception e) {
            return true;                // it is there, and rightly refused an empty file
        }
    }
}
