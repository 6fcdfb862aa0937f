/*
 * The append-only file end to end, on embedded servers in a temp directory: what survives a
 * restart, the multi-part layout and the rewrite, and how damaged files are handled.
 */
package dev.rediscover.aof;

import dev.rediscover.embedded.RediscoverServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AofTest {
    @TempDir
    Path dir;

    private final Random random = new Random();

    private RediscoverServer start(String... extra) {
        String[] base = {"--dir", dir.toString(), "--appendonly", "yes"};
        String[] all = new String[base.length + extra.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(extra, 0, all, base.length, extra.length);
        return RediscoverServer.start(all);
    }

    private Path aofDir() { return dir.resolve("appendonlydir"); }

    private Path incrFile() throws IOException {
        try (Stream<Path> s = Files.list(aofDir())) {
            return s.filter(p -> p.toString().endsWith(".incr.aof")).findFirst().orElseThrow();
        }
    }

    private String rnd() { return "v" + random.nextInt(1_000_000); }

    /** Write one of each type, in two databases; return what to expect back. */
    private Map<String, Object> writeEveryType(Jedis j) {
        String s = rnd(), m = rnd();
        j.set("str", s);
        j.set("ttl", "x", redis.clients.jedis.params.SetParams.setParams().ex(1000));
        j.incrByFloat("float", 0.1);
        j.incrByFloat("float", 0.2);
        j.rpush("list", "a", "b", m);
        j.lpop("list");
        j.sadd("set", "1", "2", "3", m);
        j.hset("hash", Map.of("f", s, "g", "2"));
        j.hincrByFloat("hash", "g", 0.5);
        j.zadd("zset", 1.5, "a");
        j.zadd("zset", -2, m);
        j.xadd("stream", redis.clients.jedis.StreamEntryID.NEW_ENTRY, Map.of("f", s));
        j.select(5);
        j.set("in5", m);
        j.select(0);
        return Map.of("str", s, "m", m);
    }

    private void assertEveryType(Jedis j, Map<String, Object> expected) {
        assertThat(j.get("str")).isEqualTo(expected.get("str"));
        assertThat(j.ttl("ttl")).isBetween(990L, 1000L);
        assertThat(j.get("float")).isEqualTo("0.3");
        assertThat(j.lrange("list", 0, -1)).containsExactly("b", (String) expected.get("m"));
        assertThat(j.smembers("set")).containsExactlyInAnyOrder("1", "2", "3", (String) expected.get("m"));
        assertThat(j.hgetAll("hash")).isEqualTo(Map.of("f", expected.get("str"), "g", "2.5"));
        assertThat(j.zscore("zset", (String) expected.get("m"))).isEqualTo(-2.0);
        assertThat(j.xlen("stream")).isEqualTo(1);
        j.select(5);
        assertThat(j.get("in5")).isEqualTo(expected.get("m"));
        j.select(0);
    }

    @Test
    void everyTypeSurvivesARestart() {
        Map<String, Object> expected;
        try (RediscoverServer s = start(); Jedis j = new Jedis("127.0.0.1", s.port())) {
            expected = writeEveryType(j);
        }
        try (RediscoverServer s = start(); Jedis j = new Jedis("127.0.0.1", s.port())) {
            assertEveryType(j, expected);
        }
    }

    @Test
    void layoutIsRedis7MultiPart() throws IOException {
        try (RediscoverServer s = start("--aof-use-rdb-preamble", "no"); Jedis j = new Jedis("127.0.0.1", s.port())) {
            j.set("k", "v");
        }
        assertThat(Files.readString(aofDir().resolve("appendonly.aof.manifest"))).isEqualTo(
                "file appendonly.aof.1.base.aof seq 1 type b\nfile appendonly.aof.1.incr.aof seq 1 type i\n");
        assertThat(Files.readString(aofDir().resolve("appendonly.aof.1.incr.aof")))
                .isEqualTo("*2\r\n$6\r\nSELECT\r\n$1\r\n0\r\n*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$1\r\nv\r\n");
    }

    @Test
    void rewriteStartsNewFilesDeletesOldOnesAndKeepsEverything() throws IOException {
        Map<String, Object> expected;
        try (RediscoverServer s = start("--aof-use-rdb-preamble", "no"); Jedis j = new Jedis("127.0.0.1", s.port())) {
            expected = writeEveryType(j);
            assertThat(j.bgrewriteaof()).isEqualTo("Background append only file rewriting started");
            awaitRewriteDone(j);
            j.set("after", "rewrite");
            assertThat(j.info("persistence")).contains("aof_rewrites:1\r\n", "aof_enabled:1\r\n", "aof_last_bgrewrite_status:ok");
        }
        try (Stream<Path> files = Files.list(aofDir())) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder(
                    "appendonly.aof.2.base.aof", "appendonly.aof.2.incr.aof", "appendonly.aof.manifest");
        }
        assertThat(Files.readString(aofDir().resolve("appendonly.aof.2.incr.aof"))).contains("after");
        try (RediscoverServer s = start(); Jedis j = new Jedis("127.0.0.1", s.port())) {
            assertEveryType(j, expected);
            assertThat(j.get("after")).isEqualTo("rewrite");
        }
    }

    @Test
    void truncatedLastCommandIsCutOffAndTheRestLoads() throws IOException {
        try (RediscoverServer s = start(); Jedis j = new Jedis("127.0.0.1", s.port())) {
            j.set("whole", "1");
        }
        Path incr = incrFile();
        long valid = Files.size(incr);
        Files.write(incr, "*3\r\n$3\r\nSET\r\n$4\r\nhalf\r\n$5\r\nab".getBytes(StandardCharsets.US_ASCII), StandardOpenOption.APPEND);
        try (RediscoverServer s = start(); Jedis j = new Jedis("127.0.0.1", s.port())) {
            assertThat(j.get("whole")).isEqualTo("1");
            assertThat(j.exists("half")).isFalse();
            j.set("next", "2");                 // appended after the cut, so the file loads again
        }
        assertThat(Files.readString(incr)).doesNotContain("half");
        try (RediscoverServer s = start(); Jedis j = new Jedis("127.0.0.1", s.port())) {
            assertThat(j.mget("whole", "next")).containsExactly("1", "2");
        }
        assertThat(valid).isPositive();
    }

    @Test
    void truncatedFileRefusesToLoadWithAofLoadTruncatedNo() throws IOException {
        try (RediscoverServer s = start(); Jedis j = new Jedis("127.0.0.1", s.port())) {
            j.set("whole", "1");
        }
        Path incr = incrFile();
        long valid = Files.size(incr);
        Files.write(incr, "*2\r\n$3\r\nDEL".getBytes(StandardCharsets.US_ASCII), StandardOpenOption.APPEND);
        assertThatThrownBy(() -> start("--aof-load-truncated", "no"))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("Unexpected end of file")
                .hasMessageContaining("appendonly.aof.1.incr.aof")
                .hasMessageContaining("offset " + valid);
    }

    @Test
    void corruptionInTheMiddleRefusesToStartNamingFileAndOffset() throws IOException {
        try (RediscoverServer s = start(); Jedis j = new Jedis("127.0.0.1", s.port())) {
            j.set("a", "1");
        }
        Path incr = incrFile();
        long bad = Files.size(incr);
        Files.write(incr, "garbage\r\n*3\r\n$3\r\nSET\r\n$1\r\nb\r\n$1\r\n2\r\n".getBytes(StandardCharsets.US_ASCII), StandardOpenOption.APPEND);
        assertThatThrownBy(this::start)
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("Bad file format reading the append only file appendonly.aof.1.incr.aof")
                .hasMessageContaining("offset " + bad);
    }

    @Test
    void unknownCommandRefusesToStart() throws IOException {
        try (RediscoverServer s = start(); Jedis j = new Jedis("127.0.0.1", s.port())) {
            j.set("a", "1");
        }
        Files.write(incrFile(), "*1\r\n$7\r\nNOSUCHC\r\n".getBytes(StandardCharsets.US_ASCII), StandardOpenOption.APPEND);
        assertThatThrownBy(this::start).hasMessageContaining("Unknown command 'NOSUCHC' reading the append only file");
    }

    @Test
    void transactionWithoutItsExecIsDropped() throws IOException {
        try (RediscoverServer s = start(); Jedis j = new Jedis("127.0.0.1", s.port())) {
            j.set("before", "1");
        }
        Path incr = incrFile();
        long valid = Files.size(incr);
        Files.write(incr, "*1\r\n$5\r\nMULTI\r\n*3\r\n$3\r\nSET\r\n$2\r\ntx\r\n$1\r\n1\r\n".getBytes(StandardCharsets.US_ASCII),
                StandardOpenOption.APPEND);
        try (RediscoverServer s = start(); Jedis j = new Jedis("127.0.0.1", s.port())) {
            assertThat(j.get("before")).isEqualTo("1");
            assertThat(j.exists("tx")).isFalse();
            j.set("after", "2");
        }
        assertThat(Files.readString(incr)).doesNotContain("MULTI").contains("after");
        assertThat(Files.size(incr)).isGreaterThan(valid);
    }

    @Test
    void transactionsAreLoggedWrappedAndReplayed() throws IOException {
        try (RediscoverServer s = start(); Jedis j = new Jedis("127.0.0.1", s.port())) {
            var t = j.multi();
            t.set("t1", "a");
            t.incr("t2");
            t.get("t1");
            t.exec();
        }
        String log = Files.readString(incrFile());
        assertThat(log).contains("*1\r\n$5\r\nMULTI\r\n*3\r\n$3\r\nSET\r\n$2\r\nt1").contains("*1\r\n$4\r\nEXEC\r\n").doesNotContain("GET");
        try (RediscoverServer s = start(); Jedis j = new Jedis("127.0.0.1", s.port())) {
            assertThat(j.mget("t1", "t2")).containsExactly("a", "1");
        }
    }

    @Test
    void configSetAppendonlyYesWritesTheExistingDataAsBase() throws IOException {
        String v = rnd();
        try (RediscoverServer s = RediscoverServer.start("--dir", dir.toString(), "--aof-use-rdb-preamble", "no");
             Jedis j = new Jedis("127.0.0.1", s.port())) {
            j.set("existing", v);
            assertThat(Files.exists(aofDir())).isFalse();
            assertThat(j.configSet("appendonly", "yes")).isEqualTo("OK");
            j.set("later", v);
            assertThat(j.info("persistence")).contains("aof_enabled:1", "aof_current_size:");
            awaitRewriteDone(j);
        }
        assertThat(Files.readString(aofDir().resolve("appendonly.aof.1.base.aof"))).contains("existing");
        try (RediscoverServer s = start(); Jedis j = new Jedis("127.0.0.1", s.port())) {
            assertThat(j.mget("existing", "later")).containsExactly(v, v);
        }
    }

    @Test
    void configSetAppendonlyNoStopsLogging() throws IOException {
        try (RediscoverServer s = start(); Jedis j = new Jedis("127.0.0.1", s.port())) {
            j.set("logged", "1");
            j.configSet("appendonly", "no");
            j.set("unlogged", "1");
            assertThat(j.info("persistence")).contains("aof_enabled:0").doesNotContain("aof_current_size");
        }
        assertThat(Files.readString(incrFile())).contains("logged").doesNotContain("unlogged");
    }

    @Test
    void keysExpiredMeanwhileStayExpiredAfterReplay() {
        try (RediscoverServer s = start(); Jedis j = new Jedis("127.0.0.1", s.port())) {
            j.set("gone", "x", redis.clients.jedis.params.SetParams.setParams().pxAt(System.currentTimeMillis() + 30));
            j.set("kept", "y");
        }
        try {
            Thread.sleep(40);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (RediscoverServer s = start(); Jedis j = new Jedis("127.0.0.1", s.port())) {
            assertThat(j.exists("gone")).isFalse();
            assertThat(j.get("kept")).isEqualTo("y");
        }
    }

    @Test
    void autoRewriteWhenTheFileDoubled() throws Exception {
        try (RediscoverServer s = start("--auto-aof-rewrite-min-size", "1", "--auto-aof-rewrite-percentage", "100", "--hz", "100");
             Jedis j = new Jedis("127.0.0.1", s.port())) {
            String big = "x".repeat(2000);
            for (int i = 0; i < 5; i++) j.set("k" + i, big);
            long deadline = System.currentTimeMillis() + 5000;
            while (rewrites(j) == 0 && System.currentTimeMillis() < deadline) Thread.sleep(5);
            assertThat(rewrites(j)).isPositive();
            awaitRewriteDone(j);
            assertThat(Files.readString(aofDir().resolve("appendonly.aof.manifest"))).doesNotContain("seq 1 type b");
        }
    }

    /** The rewrite runs in the background: wait (with a deadline) for aof_rewrite_in_progress:0. */
    static void awaitRewriteDone(Jedis j) {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (j.info("persistence").contains("aof_rewrite_in_progress:1")) {
            if (System.nanoTime() > deadline) throw new AssertionError("the AOF rewrite did not finish within 20 s");
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    private static long rewrites(Jedis j) {
        return j.info("persistence").lines().filter(l -> l.startsWith("aof_rewrites:"))
                .mapToLong(l -> Long.parseLong(l.substring(l.indexOf(':') + 1))).findFirst().orElseThrow();
    }

    @Test
    void timestampAnnotationsOncePerSecondAndSkippedOnReplay() throws IOException {
        var clock = new dev.rediscover.server.ManualClock(1_800_000_000_000L);
        try (RediscoverServer s = RediscoverServer.start(clock, "--dir", dir.toString(), "--appendonly", "yes",
                "--aof-timestamp-enabled", "yes");
             Jedis j = new Jedis("127.0.0.1", s.port())) {
            j.set("a", "1");
            j.set("b", "2");
            clock.advanceMillis(1000);
            j.set("c", "3");
        }
        assertThat(Files.readString(incrFile())).isEqualTo("#TS:1800000000\r\n*2\r\n$6\r\nSELECT\r\n$1\r\n0\r\n"
                + "*3\r\n$3\r\nSET\r\n$1\r\na\r\n$1\r\n1\r\n*3\r\n$3\r\nSET\r\n$1\r\nb\r\n$1\r\n2\r\n"
                + "#TS:1800000001\r\n*3\r\n$3\r\nSET\r\n$1\r\nc\r\n$1\r\n3\r\n");
        try (RediscoverServer s = start(); Jedis j = new Jedis("127.0.0.1", s.port())) {
            assertThat(j.mget("a", "b", "c")).containsExactly("1", "2", "3");
        }
    }

    @Test
    void manifestRoundTripsAndRejectsNonsense() throws IOException {
        AofManifest m = AofManifest.parse("file appendonly.aof.3.base.rdb seq 3 type b\n"
                + "file \"with space.aof\" seq 1 type h\nfile appendonly.aof.3.incr.aof seq 3 type i\n"
                + "file appendonly.aof.4.incr.aof seq 4 type i\n");
        assertThat(m.base.name()).isEqualTo("appendonly.aof.3.base.rdb");
        assertThat(m.incrs).extracting(AofManifest.FileInfo::seq).containsExactly(3L, 4L);
        assertThat(m.history.get(0).name()).isEqualTo("with space.aof");
        assertThat(AofManifest.parse(m.text()).text()).isEqualTo(m.text());
        assertThatThrownBy(() -> AofManifest.parse("file a seq x type i\n")).hasMessage("Invalid AOF manifest file format");
        assertThatThrownBy(() -> AofManifest.parse("file a seq 2 type i\nfile b seq 1 type i\n"))
                .hasMessage("Found a non-monotonic sequence number");
        assertThatThrownBy(() -> AofManifest.parse("file a seq 1 type b\nfile b seq 2 type b\n"))
                .hasMessage("Found duplicate base file information");
    }

    @Test
    void infoShowsAofFieldsInRedisOrder() {
        try (RediscoverServer s = start(); Jedis j = new Jedis("127.0.0.1", s.port())) {
            j.set("k", "v");
            String info = j.info("persistence");
            List<String> names = info.lines().filter(l -> l.startsWith("aof_")).map(l -> l.substring(0, l.indexOf(':'))).toList();
            assertThat(names).containsExactly("aof_enabled", "aof_rewrite_in_progress", "aof_rewrite_scheduled",
                    "aof_last_rewrite_time_sec", "aof_current_rewrite_time_sec", "aof_last_bgrewrite_status", "aof_rewrites",
                    "aof_rewrites_consecutive_failures", "aof_last_write_status", "aof_last_cow_size", "aof_current_size",
                    "aof_base_size", "aof_pending_rewrite", "aof_buffer_length", "aof_pending_bio_fsync", "aof_delayed_fsync");
            assertThat(info).contains("aof_buffer_length:0");
        }
    }
}
