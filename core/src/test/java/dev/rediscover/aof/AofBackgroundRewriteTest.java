/*
 * The AOF rewrite in the background: a snapshot stretched over many loop iterations
 * (Snapshots.setSliceNanos / setPauseMillis) so that commands really run while it walks. What
 * must hold, as with Redis's forked rewrite (aof.c, rewriteAppendOnlyFileBackground and
 * backgroundRewriteDoneHandler): the new base is the dataset as of the start, the new incr holds
 * every write since, a restart finds everything, and a crash or shutdown mid-rewrite loses nothing.
 */
package dev.rediscover.aof;

import dev.rediscover.embedded.RediscoverServer;
import dev.rediscover.persistence.Snapshots;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisDataException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AofBackgroundRewriteTest {
    private static final int KEYS = 4000;

    @TempDir
    Path dir;

    private final String tag = "t" + new Random().nextInt(1_000_000);

    private RediscoverServer start(String... extra) {
        List<String> args = new ArrayList<>(List.of("--dir", dir.toString(), "--appendonly", "yes",
                "--aof-use-rdb-preamble", "no"));
        args.addAll(List.of(extra));
        return RediscoverServer.start(args.toArray(new String[0]));
    }

    private Path aofDir() { return dir.resolve("appendonlydir"); }

    /** Make the snapshot walk a few dozen buckets per loop iteration, with a pause between. */
    private static void slowDown(RediscoverServer s) {
        s.onLoop(srv -> {
            Snapshots.of(srv).setSliceNanos(1);
            Snapshots.of(srv).setPauseMillis(5);
            return null;
        });
    }

    private void fill(Jedis j) {
        for (int i = 0; i < KEYS; i++) j.set("k" + i, tag + "old" + i);
        j.rpush("list", "a", "b");
        j.set("counter", "10");
    }

    private static boolean inProgress(Jedis j) { return j.info("persistence").contains("aof_rewrite_in_progress:1\r\n"); }

    @Test
    void writesDuringASlowedRewriteGoToTheNewIncrAndAllSurviveARestart() throws IOException {
        try (RediscoverServer s = start(); Jedis j = new Jedis("127.0.0.1", s.port())) {
            fill(j);
            slowDown(s);
            assertThat(j.bgrewriteaof()).isEqualTo("Background append only file rewriting started");
            assertThat(inProgress(j)).isTrue();
            assertThat(Files.readString(aofDir().resolve("appendonly.aof.manifest")))
                    .as("the interim manifest: old base, old incr and the new incr, so a crash now loads everything")
                    .isEqualTo("file appendonly.aof.1.base.aof seq 1 type b\nfile appendonly.aof.1.incr.aof seq 1 type i\n"
                            + "file appendonly.aof.2.incr.aof seq 2 type i\n");

            // Writes while the snapshot walks: overwrite keys (some owed still, some done), delete, add.
            for (int i = KEYS - 1; i >= 0; i -= 7) j.set("k" + i, tag + "new" + i);
            j.del("k1", "k2");
            j.incr("counter");
            j.lpush("list", "first");
            j.set("born", "during");
            assertThat(inProgress(j)).as("the writes above ran while the rewrite was still going").isTrue();
            assertThat(j.info("persistence")).contains("aof_current_rewrite_time_sec:");
            assertThatThrownBy(j::bgrewriteaof).isInstanceOf(JedisDataException.class)
                    .hasMessage("ERR Background append only file rewriting already in progress");
            assertThatThrownBy(j::bgsave).isInstanceOf(JedisDataException.class)
                    .hasMessageStartingWith("ERR Another child process is active (AOF?): can't BGSAVE right now.");

            AofTest.awaitRewriteDone(j);
            assertThat(j.info("persistence")).contains("aof_last_bgrewrite_status:ok", "aof_rewrites:1\r\n",
                    "aof_current_rewrite_time_sec:-1");
        }
        assertThat(Files.readString(aofDir().resolve("appendonly.aof.manifest")))
                .isEqualTo("file appendonly.aof.2.base.aof seq 2 type b\nfile appendonly.aof.2.incr.aof seq 2 type i\n");
        try (Stream<Path> files = Files.list(aofDir())) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder(
                    "appendonly.aof.2.base.aof", "appendonly.aof.2.incr.aof", "appendonly.aof.manifest");
        }

        // The base is the dataset as of the start; the incr holds the later writes, and only those.
        List<String> base = commands(Files.readAllBytes(aofDir().resolve("appendonly.aof.2.base.aof")));
        for (int i = 0; i < KEYS; i++) assertThat(base).contains("SET k" + i + " " + tag + "old" + i);
        assertThat(base).contains("SET counter 10", "RPUSH list a b").noneMatch(c -> c.contains("born") || c.contains(tag + "new"));
        List<String> incr = commands(Files.readAllBytes(aofDir().resolve("appendonly.aof.2.incr.aof")));
        assertThat(incr).contains("SET k" + (KEYS - 1) + " " + tag + "new" + (KEYS - 1), "DEL k1 k2", "INCR counter",
                "LPUSH list first", "SET born during").noneMatch(c -> c.contains(tag + "old"));

        try (RediscoverServer s = start(); Jedis j = new Jedis("127.0.0.1", s.port())) {
            for (int i = 0; i < KEYS; i++) {
                String want = i == 1 || i == 2 ? null : (KEYS - 1 - i) % 7 == 0 ? tag + "new" + i : tag + "old" + i;
                assertThat(j.get("k" + i)).as("k" + i).isEqualTo(want);
            }
            assertThat(j.get("counter")).isEqualTo("11");
            assertThat(j.lrange("list", 0, -1)).containsExactly("first", "a", "b");
            assertThat(j.get("born")).isEqualTo("during");
        }
    }

    @Test
    void shutdownDuringARewriteLeavesNoTempFileAndLosesNothing() throws IOException {
        try (RediscoverServer s = start(); Jedis j = new Jedis("127.0.0.1", s.port())) {
            fill(j);
            slowDown(s);
            j.bgrewriteaof();
            j.set("k0", "changed");
            assertThat(inProgress(j)).isTrue();
        }
        try (Stream<Path> files = Files.list(aofDir())) {
            assertThat(files.map(p -> p.getFileName().toString())).as("no temp file left, old files kept").containsExactlyInAnyOrder(
                    "appendonly.aof.1.base.aof", "appendonly.aof.1.incr.aof", "appendonly.aof.2.incr.aof", "appendonly.aof.manifest");
        }
        try (RediscoverServer s = start(); Jedis j = new Jedis("127.0.0.1", s.port())) {
            assertThat(j.get("k0")).isEqualTo("changed");
            assertThat(j.get("k" + (KEYS - 1))).isEqualTo(tag + "old" + (KEYS - 1));
            assertThat(j.dbSize()).isEqualTo(KEYS + 2);
        }
    }

    @Test
    void rewriteAskedDuringABgsaveIsScheduledAndRunsAfterIt() throws IOException {
        try (RediscoverServer s = start(); Jedis j = new Jedis("127.0.0.1", s.port())) {
            fill(j);
            slowDown(s);
            assertThat(j.bgsave()).isEqualTo("Background saving started");
            assertThat(j.bgrewriteaof()).isEqualTo("Background append only file rewriting scheduled");
            assertThat(j.info("persistence")).contains("aof_rewrite_scheduled:1\r\n", "aof_rewrite_in_progress:0\r\n");
            j.set("k0", "while-saving");
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (!j.info("persistence").contains("aof_rewrites:1\r\n")) {
                assertThat(System.nanoTime()).as("the scheduled rewrite never started").isLessThan(deadline);
                sleep();
            }
            assertThat(j.info("persistence")).contains("aof_rewrite_scheduled:0\r\n");
            AofTest.awaitRewriteDone(j);
        }
        assertThat(Files.readString(aofDir().resolve("appendonly.aof.manifest"))).contains("appendonly.aof.2.base.aof seq 2 type b");
        try (RediscoverServer s = start(); Jedis j = new Jedis("127.0.0.1", s.port())) {
            assertThat(j.get("k0")).isEqualTo("while-saving");
            assertThat(j.dbSize()).isEqualTo(KEYS + 2);
        }
    }

    @Test
    void appendonlyYesAtRunTimeLogsTheWritesMadeDuringItsRewrite() throws IOException {
        try (RediscoverServer s = RediscoverServer.start("--dir", dir.toString(), "--aof-use-rdb-preamble", "no");
             Jedis j = new Jedis("127.0.0.1", s.port())) {
            fill(j);
            slowDown(s);
            assertThat(j.configSet("appendonly", "yes")).isEqualTo("OK");
            assertThat(inProgress(j)).isTrue();
            j.set("k5", "during");
            j.incr("counter");
            assertThat(inProgress(j)).isTrue();
            AofTest.awaitRewriteDone(j);
            j.set("after", "1");
        }
        try (Stream<Path> files = Files.list(aofDir())) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder(
                    "appendonly.aof.1.base.aof", "appendonly.aof.1.incr.aof", "appendonly.aof.manifest");
        }
        try (RediscoverServer s = start(); Jedis j = new Jedis("127.0.0.1", s.port())) {
            assertThat(j.get("k5")).isEqualTo("during");
            assertThat(j.get("counter")).isEqualTo("11");
            assertThat(j.get("after")).isEqualTo("1");
            assertThat(j.dbSize()).isEqualTo(KEYS + 3);
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(2);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** An AOF file of RESP commands as "WORD arg arg" strings. */
    static List<String> commands(byte[] f) {
        List<String> out = new ArrayList<>();
        int[] at = {0};
        while (at[0] < f.length) {
            int argc = (int) number(f, at);
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < argc; i++) {
                int len = (int) number(f, at);
                if (i > 0) sb.append(' ');
                sb.append(new String(f, at[0], len, StandardCharsets.ISO_8859_1));
                at[0] += len + 2;
            }
            out.add(sb.toString());
        }
        return out;
    }

    /** "*3\r\n" or "$5\r\n": the number after the type byte; at moves past the CRLF. */
    private static long number(byte[] f, int[] at) {
        int i = at[0] + 1;
        long n = 0;
        while (f[i] != '\r') n = n * 10 + (f[i++] - '0');
        at[0] = i + 2;
        return n;
    }
}
