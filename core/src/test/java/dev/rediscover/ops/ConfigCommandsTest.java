/*
 * CONFIG GET / SET / RESETSTAT / REWRITE against an embedded server: patterns and aliases, the
 * all-or-nothing rule of a multi-pair SET, the RESP3 map shape, and a rewrite of a real file that
 * started with several "save" lines.
 */
package dev.rediscover.ops;

import dev.rediscover.embedded.RediscoverServer;
import dev.rediscover.server.Clock;
import dev.rediscover.server.Config;
import dev.rediscover.testing.RawClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;

class ConfigCommandsTest {
    @Test
    void getAnswersExactNamesAliasesAndPatterns() throws Exception {
        try (RediscoverServer redis = RediscoverServer.start(); RawClient c = new RawClient(redis.port())) {
            assertThat(c.callText("CONFIG", "GET", "maxmemory")).isEqualTo("*2\\r\\n$9\\r\\nmaxmemory\\r\\n$1\\r\\n0\\r\\n");
            assertThat(c.callText("CONFIG", "GET", "SLAVE-READ-ONLY")).isEqualTo("*2\\r\\n$15\\r\\nSLAVE-READ-ONLY\\r\\n$3\\r\\nyes\\r\\n");
            String hashes = c.callText("CONFIG", "GET", "hash-max-*");
            assertThat(hashes).startsWith("*8\\r\\n").contains("hash-max-listpack-entries", "hash-max-ziplist-entries");
            // Several patterns, one parameter each at most.
            assertThat(c.callText("CONFIG", "GET", "hz", "h?", "[h]z")).isEqualTo("*2\\r\\n$2\\r\\nhz\\r\\n$2\\r\\n10\\r\\n");
            assertThat(c.callText("CONFIG", "GET", "no-such-thing*")).isEqualTo("*0\\r\\n");
            c.call("HELLO", "3");
            assertThat(c.callText("CONFIG", "GET", "hz")).isEqualTo("%1\\r\\n$2\\r\\nhz\\r\\n$2\\r\\n10\\r\\n");
        }
    }

    @Test
    void setIsAllOrNothing() throws Exception {
        try (RediscoverServer redis = RediscoverServer.start(); RawClient c = new RawClient(redis.port())) {
            int hz = ThreadLocalRandom.current().nextInt(11, 100);
            assertThat(c.callText("CONFIG", "SET", "hz", Integer.toString(hz), "maxmemory", "2mb")).isEqualTo("+OK\\r\\n");
            assertThat(c.callText("CONFIG", "GET", "maxmemory")).endsWith("$7\\r\\n2097152\\r\\n");
            // The second pair is bad: the first must not be applied either.
            assertThat(c.callText("CONFIG", "SET", "hz", "50", "maxmemory", "lots")).isEqualTo(
                    "-ERR CONFIG SET failed (possibly related to argument 'maxmemory') - argument must be a memory value\\r\\n");
            assertThat(c.callText("CONFIG", "GET", "hz")).endsWith("$" + Integer.toString(hz).length() + "\\r\\n" + hz + "\\r\\n");
            assertThat(c.callText("CONFIG", "SET", "databases", "4")).isEqualTo(
                    "-ERR CONFIG SET failed (possibly related to argument 'databases') - can't set immutable config\\r\\n");
            assertThat(c.callText("CONFIG", "SET", "nope", "1")).isEqualTo(
                    "-ERR Unknown option or number of arguments for CONFIG SET - 'nope'\\r\\n");
            // Listeners saw the change: the server's own copy of hz follows CONFIG SET.
            int seen = redis.onLoop(s -> s.config.getInt("hz"));
            assertThat(seen).isEqualTo(hz);
        }
    }

    @Test
    void resetStatClearsCommandAndErrorStatistics() throws Exception {
        try (RediscoverServer redis = RediscoverServer.start(); RawClient c = new RawClient(redis.port())) {
            c.call("PING");
            c.call("GET");   // an arity error, counted in errorstats
            assertThat(c.callText("INFO", "commandstats")).contains("cmdstat_ping:calls=1,");
            assertThat(c.callText("INFO", "errorstats")).contains("errorstat_ERR:count=1");
            assertThat(c.callText("CONFIG", "RESETSTAT")).isEqualTo("+OK\\r\\n");
            assertThat(c.callText("INFO", "commandstats")).doesNotContain("cmdstat_ping").contains("cmdstat_config|resetstat:calls=1,");
            assertThat(c.callText("INFO", "errorstats")).doesNotContain("errorstat_ERR");
        }
    }

    @Test
    void severalSaveLinesAccumulateAndRewriteKeepsTheFileShape(@TempDir Path dir) throws Exception {
        Path conf = dir.resolve("redis.conf");
        int port = 0;
        Files.writeString(conf, String.join("\n",
                "# my settings",
                "port " + port,
                "bind 127.0.0.1",
                "save 900 1",
                "save 300 10",
                "save 60 10000",
                "maxmemory 1mb",
                "rename-command DEBUG \"\"",
                ""));
        Config config = Config.fromArgs(new String[]{conf.toString(), "--loglevel", "warning"});
        assertThat(config.get("save")).isEqualTo("900 1 300 10 60 10000");
        try (RediscoverServer redis = RediscoverServer.start(config, Clock.SYSTEM); RawClient c = new RawClient(redis.port())) {
            assertThat(c.callText("CONFIG", "GET", "save")).endsWith("$21\\r\\n900 1 300 10 60 10000\\r\\n");
            c.call("CONFIG", "SET", "maxmemory", "2mb", "save", "100 5", "hz", "42");
            assertThat(c.callText("CONFIG", "REWRITE")).isEqualTo("+OK\\r\\n");
        }
        List<String> lines = Files.readAllLines(conf);
        // As config.c does: the spare save lines are blanked (two blanks made one), memory in its unit.
        assertThat(lines).startsWith("# my settings", "port 0", "bind 127.0.0.1", "save 100 5", "", "maxmemory 2mb",
                "rename-command DEBUG \"\"");
        assertThat(lines).contains("# Generated by CONFIG REWRITE", "hz 42", "loglevel warning");
        assertThat(lines.stream().filter(l -> l.startsWith("save "))).hasSize(1);
        // And the rewritten file loads back to the same values.
        Config again = Config.fromArgs(new String[]{conf.toString()});
        assertThat(again.get("save")).isEqualTo("100 5");
        assertThat(again.get("hz")).isEqualTo("42");
    }

    /** Sentinel's SLAVEOF + CONFIG REWRITE: a replica's file names its master, a master's has no line. */
    @Test
    void rewriteWritesReplicaofForAReplicaAndDropsItForAMaster(@TempDir Path dir) throws Exception {
        Path conf = dir.resolve("redis.conf");
        int deadPort = 1 + ThreadLocalRandom.current().nextInt(1023);    // nothing listens: the link stays down
        Files.writeString(conf, "port 0\nbind 127.0.0.1\nsave \"\"\n");
        Config config = Config.fromArgs(new String[]{conf.toString()});
        try (RediscoverServer redis = RediscoverServer.start(config, Clock.SYSTEM); RawClient c = new RawClient(redis.port())) {
            c.call("REPLICAOF", "127.0.0.1", Integer.toString(deadPort));
            assertThat(c.callText("CONFIG", "REWRITE")).isEqualTo("+OK\\r\\n");
            assertThat(Files.readAllLines(conf)).contains("replicaof 127.0.0.1 " + deadPort);
            c.call("REPLICAOF", "NO", "ONE");
            assertThat(c.callText("CONFIG", "REWRITE")).isEqualTo("+OK\\r\\n");
        }
        assertThat(Files.readString(conf)).doesNotContain("replicaof");
        assertThat(Config.fromArgs(new String[]{conf.toString()}).get("replicaof")).isEmpty();
    }

    @Test
    void saveEmptyThenMoreLinesStartsAfresh() throws Exception {
        Config config = Config.fromArgs(new String[]{"--save", "", "--save", "10", "2", "--save", "20 3"});
        assertThat(config.get("save")).isEqualTo("10 2 20 3");
    }

    @Test
    void rewriteWithoutAFileIsRefused() throws Exception {
        try (RediscoverServer redis = RediscoverServer.start(); RawClient c = new RawClient(redis.port())) {
            assertThat(c.callText("CONFIG", "REWRITE")).isEqualTo("-ERR The server is running without a config file\\r\\n");
        }
    }
}
