/*
 * BGSAVE end to end against the real tools: while a second client keeps changing, deleting and
 * adding keys of every type, the engine's background save writes dump.rdb; the file must pass
 * redis-check-rdb, and redis-server 7.0 must load from it exactly the dataset the engine had when
 * BGSAVE began (compared key by key, with RdbDifferentialTest's description of each value).
 * The walk is slowed to a sliver per loop iteration so that it spans many of those writes.
 *
 * Runs with -Pdifferential (tag "differential"); needs redis-server and redis-check-rdb on PATH.
 */
package dev.rediscover.differential;

import dev.rediscover.embedded.RediscoverServer;
import dev.rediscover.persistence.RdbPersistence;
import dev.rediscover.persistence.Snapshots;
import dev.rediscover.testing.RawClient;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

@Tag("differential")
class BackgroundSaveDifferentialTest {
    @TempDir Path dir;

    @Test
    void aBackgroundSaveUnderWritesIsThePointInTimeAndRedisLoadsIt() throws Exception {
        SplittableRandom rnd = new SplittableRandom(11);
        try (RediscoverServer engine = RediscoverServer.start("--dir", dir.toString());
             RawClient e = new RawClient(engine.port()); RawClient w = new RawClient(engine.port());
             RealRedis redis = RealRedis.start("--enable-protected-configs", "yes");
             RawClient r = new RawClient(redis.port())) {
            RdbDifferentialTest.fillRandomly(e, rnd);
            for (int i = 0; i < 3000; i++) e.call("SET", "bulk:" + i, RdbDifferentialTest.value(rnd));
            TreeMap<String, String> atStart = RdbDifferentialTest.contents(e);
            engine.onLoop(s -> {
                Snapshots.of(s).setSliceNanos(0);
                Snapshots.of(s).setPauseMillis(1);
                return null;
            });
            assertThat(text(e.call("BGSAVE"))).isEqualTo("+Background saving started\r\n");
            int writes = 0;
            while (saving(engine)) {
                writeSomething(w, rnd, writes++);
            }
            assertThat(writes).as("writes while saving").isGreaterThan(50);
            String status = text(e.call("INFO", "persistence"));
            assertThat(status).contains("rdb_last_bgsave_status:ok");

            Path dump = dir.resolve("dump.rdb");
            Process check = new ProcessBuilder(RealRedis.findOnPath("redis-check-rdb"), dump.toString())
                    .redirectErrorStream(true).start();
            String report = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(check.waitFor()).as(report).isZero();
            assertThat(report).contains("RDB looks OK").contains("Checksum OK");

            RdbDifferentialTest.redisLoads(r, dump);
            assertThat(RdbDifferentialTest.contents(r)).isEqualTo(atStart);
            try (var files = Files.list(dir)) {
                assertThat(files.map(p -> p.getFileName().toString()).toList()).containsExactly("dump.rdb");
            }
        }
    }

    private static boolean saving(RediscoverServer engine) {
        return engine.onLoop(s -> RdbPersistence.of(s).bgsaveInProgress());
    }

    /** One write to a random existing (or new) key in database 0 or 3. */
    private static void writeSomething(RawClient w, SplittableRandom rnd, int n) throws Exception {
        w.call("SELECT", rnd.nextBoolean() ? "0" : "3");
        String k = rnd.nextInt(3) == 0 ? "bulk:" + rnd.nextInt(3000) : "rnd:" + (rnd.nextBoolean() ? 0 : 3) + ":" + rnd.nextInt(60);
        switch (n % 8) {
            case 0 -> w.call("DEL", k);
            case 1 -> w.call("SET", k, "overwritten");
            case 2 -> w.call("RPUSH", k, "more");
            case 3 -> w.call("SADD", k, "more");
            case 4 -> w.call("HSET", k, "f", "more");
            case 5 -> w.call("PEXPIRE", k, "100000000");
            case 6 -> w.call("RENAME", k, "renamed:" + n);
            default -> w.call("SET", "new:" + n, "x");
        }
    }

    private static String text(byte[] b) { return new String(b, StandardCharsets.ISO_8859_1); }
}
