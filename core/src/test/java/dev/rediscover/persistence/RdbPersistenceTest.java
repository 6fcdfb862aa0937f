/*
 * SAVE, BGSAVE, LASTSAVE and the machinery around them, in an embedded server with a dir of the
 * test's own: the replies, the save rules driven by a ManualClock, MISCONF after a failed
 * background save, the previous dump surviving any failed save, SHUTDOWN refusing to stop when
 * its save fails, and (once the RDB codec is there) the round trips through a real file.
 */
package dev.rediscover.persistence;

import dev.rediscover.embedded.RediscoverServer;
import dev.rediscover.rdb.RdbEncoder;
import dev.rediscover.server.ManualClock;
import dev.rediscover.testing.RawClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.exceptions.JedisDataException;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class RdbPersistenceTest {
    @TempDir Path dir;

    /** The RDB codec is written on another branch; tests that need real files wait for it. */
    static boolean codecReady() {
        try {
            new RdbEncoder(new ByteArrayOutputStream(), false).header();
            return true;
        } catch (UnsupportedOperationException e) {
            return false;
        } catch (Exception e) {
            return true;
        }
    }

    private RediscoverServer start(String... extra) {
        String[] base = {"--dir", dir.toString()};
        String[] all = Stream.concat(Stream.of(base), Stream.of(extra)).toArray(String[]::new);
        return RediscoverServer.start(all);
    }

    private static String info(Jedis j, String field) {
        for (String line : j.info("persistence").split("\r\n")) {
            if (line.startsWith(field + ":")) return line.substring(field.length() + 1);
        }
        throw new AssertionError("no " + field + " in INFO persistence");
    }

    private static void await(BooleanSupplier cond) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!cond.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("condition not reached in 20 s");
            Thread.sleep(5);
        }
    }

    private List<String> leftovers() throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("temp-")).toList();
        }
    }

    @Test
    void bgsaveRepliesAsRedis() throws Exception {
        try (RediscoverServer redis = start(); RawClient c = new RawClient(redis.port())) {
            assertThat(c.callText("BGSAVE", "now")).isEqualTo("-ERR syntax error\\r\\n");
            assertThat(c.callText("BGSAVE", "schedule", "x")).isEqualTo("-ERR syntax error\\r\\n");
            // Two in one read: the second finds the first still running.
            byte[] one = RawClient.encode("BGSAVE");
            byte[] two = new byte[one.length * 2];
            System.arraycopy(one, 0, two, 0, one.length);
            System.arraycopy(one, 0, two, one.length, one.length);
            c.send(two);
            assertThat(c.readText()).isEqualTo("+Background saving started\\r\\n");
            assertThat(c.readText()).isEqualTo("-ERR Background save already in progress\\r\\n");
            await(() -> redis.onLoop(s -> !RdbPersistence.of(s).bgsaveInProgress()));
            assertThat(c.callText("MULTI")).isEqualTo("+OK\\r\\n");
            assertThat(c.callText("BGSAVE")).isEqualTo("+QUEUED\\r\\n");
            assertThat(c.callText("EXEC")).isEqualTo("*1\\r\\n+Background saving scheduled\\r\\n");
            assertThat(c.callText("MULTI")).isEqualTo("+OK\\r\\n");
            assertThat(c.callText("SAVE")).isEqualTo("-ERR Command not allowed inside a transaction\\r\\n");
            assertThat(c.callText("DISCARD")).isEqualTo("+OK\\r\\n");
        }
    }

    @Test
    void anotherSnapshotRunningMakesBgsaveWaitOrSchedule() throws Exception {
        try (RediscoverServer redis = start(); Jedis j = new Jedis(redis.host(), redis.port())) {
            j.set("k", "v");
            // A snapshot of someone else (an AOF rewrite) whose sink never lets the walk on.
            SnapshotTest.RecordingSink stuck = new SnapshotTest.RecordingSink() {
                @Override public boolean behind() { return true; }
            };
            redis.onLoop(s -> Snapshots.of(s).begin(stuck, "aof"));
            assertThatThrownBy(j::bgsave).isInstanceOf(JedisDataException.class)
                    .hasMessage(PersistenceCommands.OTHER_CHILD);
            assertThat(j.sendCommand(Protocol.Command.BGSAVE, "SCHEDULE"))
                    .isEqualTo("Background saving scheduled".getBytes(StandardCharsets.UTF_8));
            assertThat(info(j, "rdb_bgsave_in_progress")).isEqualTo("0");
            String saves = info(j, "rdb_saves");
            redis.onLoop(s -> {
                Snapshots.of(s).abort();
                return null;
            });
            // The cron starts the scheduled save once the other snapshot is gone.
            await(() -> !info(j, "rdb_saves").equals(saves));
            assertThat(stuck.aborted).isTrue();
        }
    }

    @Test
    void saveRulesStartABackgroundSaveWhenDue() throws Exception {
        ManualClock clock = new ManualClock(1_700_000_000_000L);
        try (RediscoverServer redis = RediscoverServer.start(clock, "--dir", dir.toString(), "--save", "10 2");
             Jedis j = new Jedis(redis.host(), redis.port())) {
            j.set("a", "1");
            j.set("b", "2");
            assertThat(info(j, "rdb_changes_since_last_save")).isEqualTo("2");
            clock.advance(Duration.ofSeconds(5));
            Thread.sleep(300);                      // a few cron ticks: not due yet
            assertThat(info(j, "rdb_saves")).isEqualTo("0");
            clock.advance(Duration.ofSeconds(6));
            await(() -> !info(j, "rdb_saves").equals("0"));
        }
    }

    @Test
    void failedBackgroundSaveRefusesWritesWithMisconf() throws Exception {
        Path gone = Files.createDirectory(dir.resolve("gone"));
        try (RediscoverServer redis = RediscoverServer.start("--dir", gone.toString(), "--save", "3600 1");
             RawClient c = new RawClient(redis.port()); Jedis j = new Jedis(redis.host(), redis.port())) {
            j.set("a", "1");
            Files.delete(gone);
            assertThat(c.callText("BGSAVE")).isEqualTo("+Background saving started\\r\\n");
            await(() -> info(j, "rdb_last_bgsave_status").equals("err"));
            String misconf = "-" + RdbPersistence.MISCONF + "\\r\\n";
            assertThat(c.callText("SET", "b", "2")).isEqualTo(misconf);
            assertThat(c.callText("PING")).isEqualTo(misconf);
            assertThat(c.callText("GET", "a")).isEqualTo("$1\\r\\n1\\r\\n");
            // Queued writes are refused too, and doom the transaction.
            assertThat(c.callText("MULTI")).isEqualTo("+OK\\r\\n");
            assertThat(c.callText("SET", "b", "2")).isEqualTo(misconf);
            assertThat(c.callText("EXEC")).startsWith("-EXECABORT");
            assertThat(c.callText("CONFIG", "SET", "stop-writes-on-bgsave-error", "no")).isEqualTo("+OK\\r\\n");
            assertThat(c.callText("SET", "b", "2")).isEqualTo("+OK\\r\\n");
            assertThat(c.callText("CONFIG", "SET", "stop-writes-on-bgsave-error", "yes")).isEqualTo("+OK\\r\\n");
            assertThat(c.callText("CONFIG", "SET", "save", "")).isEqualTo("+OK\\r\\n");
            assertThat(c.callText("SET", "b", "3")).as("no rules, no MISCONF").isEqualTo("+OK\\r\\n");
            // SAVE fails with a bare ERR, SHUTDOWN refuses to stop without its save.
            assertThat(c.callText("SAVE")).isEqualTo("-ERR\\r\\n");
            assertThat(c.callText("SHUTDOWN", "SAVE")).isEqualTo("-ERR Errors trying to SHUTDOWN. Check logs.\\r\\n");
            assertThat(redis.isRunning()).isTrue();
            c.send(RawClient.encode("SHUTDOWN", "NOSAVE", "FORCE"));
            await(() -> !redis.isRunning());
        }
    }

    @Test
    void aFailedSaveLeavesThePreviousDumpAndNoTemporaryFile() throws Exception {
        Path dump = dir.resolve("dump.rdb");
        Files.writeString(dump, "the previous dump");
        // The temporary file's name is taken by a directory: opening it fails, as a full disk would.
        Files.createDirectory(dir.resolve("temp-" + ProcessHandle.current().pid() + ".rdb"));
        try (RediscoverServer redis = RediscoverServer.start("--dir", dir.toString(), "--dbfilename", "other.rdb",
                "--enable-protected-configs", "yes");
             RawClient c = new RawClient(redis.port())) {
            assertThat(c.callText("CONFIG", "SET", "dbfilename", "dump.rdb")).isEqualTo("+OK\\r\\n");
            c.callText("SET", "k", "v");
            assertThat(c.callText("SAVE")).isEqualTo("-ERR\\r\\n");
        }
        assertThat(Files.readString(dump)).isEqualTo("the previous dump");
        Files.delete(dir.resolve("temp-" + ProcessHandle.current().pid() + ".rdb"));
        assertThat(leftovers()).isEmpty();
    }

    @Test
    void lastsaveIsTheStartTimeUntilASaveSucceeds() throws Exception {
        ManualClock clock = new ManualClock(1_700_000_000_000L);
        try (RediscoverServer redis = RediscoverServer.start(clock, "--dir", dir.toString());
             Jedis j = new Jedis(redis.host(), redis.port())) {
            assertThat(j.lastsave()).isEqualTo(1_700_000_000L);
            assertThat(info(j, "rdb_last_save_time")).isEqualTo("1700000000");
            assumeTrue(codecReady());
            clock.advance(Duration.ofSeconds(100));
            assertThat(j.save()).isEqualTo("OK");
            assertThat(j.lastsave()).isEqualTo(1_700_000_100L);
        }
    }

    @Test
    void embeddedServerWithoutDirWritesToATemporaryDirectory() throws Exception {
        Path where;
        try (RediscoverServer redis = RediscoverServer.start(); Jedis j = new Jedis(redis.host(), redis.port())) {
            where = Path.of(j.configGet("dir").get("dir"));
            assertThat(where).isNotEqualTo(Path.of(System.getProperty("user.dir")));
            assertThat(j.configGet("save").get("save")).isEmpty();
            j.set("k", "v");
            try {
                j.save();
            } catch (JedisDataException e) {
                assertThat(codecReady()).as("SAVE fails only without the codec").isFalse();
            }
            j.bgsave();
        }
        assertThat(Files.exists(where)).as("removed by close()").isFalse();
    }

    // ---------------------------------------------------------------- with the codec

    @Test
    void bgsaveThenRestartFindsEveryKey() throws Exception {
        assumeTrue(codecReady());
        try (RediscoverServer redis = start(); Jedis j = new Jedis(redis.host(), redis.port())) {
            for (int i = 0; i < 5000; i++) j.set("k" + i, "v" + i);
            j.select(3);
            j.set("in3", "x");
            j.pexpire("in3", 1_000_000);
            assertThat(j.bgsave()).isEqualTo("Background saving started");
            await(() -> info(j, "rdb_bgsave_in_progress").equals("0"));
            assertThat(info(j, "rdb_last_bgsave_status")).isEqualTo("ok");
            assertThat(info(j, "rdb_changes_since_last_save")).isEqualTo("0");
        }
        assertThat(leftovers()).isEmpty();
        try (RediscoverServer redis = start(); Jedis j = new Jedis(redis.host(), redis.port())) {
            assertThat(j.dbSize()).isEqualTo(5000);
            assertThat(j.get("k4321")).isEqualTo("v4321");
            j.select(3);
            assertThat(j.get("in3")).isEqualTo("x");
            assertThat(j.pttl("in3")).isPositive();
            assertThat(info(j, "rdb_last_load_keys_loaded")).isEqualTo("5001");
        }
    }

    @Test
    void shutdownSavesWhenThereAreRulesAndDebugReloadRoundTrips() throws Exception {
        assumeTrue(codecReady());
        try (RediscoverServer redis = start("--save", "3600 1", "--enable-debug-command", "yes");
             Jedis j = new Jedis(redis.host(), redis.port())) {
            j.set("a", "1");
            j.rpush("list", "x", "y");
            try (RawClient c = new RawClient(redis.port())) {
                assertThat(c.callText("DEBUG", "RELOAD")).isEqualTo("+OK\\r\\n");
            }
            assertThat(j.lrange("list", 0, -1)).containsExactly("x", "y");
            j.set("b", "2");
            try (RawClient c = new RawClient(redis.port())) {
                c.send(RawClient.encode("SHUTDOWN"));
                await(() -> !redis.isRunning());
            }
        }
        try (RediscoverServer redis = start(); Jedis j = new Jedis(redis.host(), redis.port())) {
            assertThat(j.get("b")).isEqualTo("2");
            assertThat(j.lrange("list", 0, -1)).containsExactly("x", "y");
        }
    }

    @Test
    void flushallWithRulesLeavesAnEmptyDump() throws Exception {
        assumeTrue(codecReady());
        try (RediscoverServer redis = start("--save", "3600 1"); Jedis j = new Jedis(redis.host(), redis.port())) {
            j.set("a", "1");
            j.save();
            j.flushAll();
            assertThat(info(j, "rdb_changes_since_last_save")).isNotEqualTo("0");
        }
        try (RediscoverServer redis = start(); Jedis j = new Jedis(redis.host(), redis.port())) {
            assertThat(j.dbSize()).isZero();
        }
    }

    @Test
    void aCorruptDumpStopsTheStartNamingTheOffset() throws Exception {
        assumeTrue(codecReady());
        Files.write(dir.resolve("dump.rdb"), "REDIS0010\u00fa\u0009redis-ver".getBytes(StandardCharsets.ISO_8859_1));
        assertThatThrownBy(this::start).hasMessageContaining("offset");
    }
}
