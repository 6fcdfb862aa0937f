/*
 * redis-cli's keyspace tools run to completion against the engine: --scan (SCAN), --bigkeys
 * (DBSIZE, SCAN, TYPE, STRLEN/LLEN/...) and --memkeys (MEMORY USAGE). They are what operators
 * point at a server first, and they exercise the ops commands the way a real tool does.
 *
 * Tagged "differential" because it needs the redis-cli binary: it runs with -Pdifferential and
 * fails with a clear message, never skips, when redis-cli is missing.
 */
package dev.rediscover.ops;

import dev.rediscover.embedded.RediscoverServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

@Tag("differential")
class RedisCliToolsTest {
    private static String redisCli;

    @BeforeAll
    static void findRedisCli() {
        String path = System.getenv("PATH");
        if (path != null) {
            for (String d : path.split(File.pathSeparator)) {
                File f = new File(d, "redis-cli");
                if (f.canExecute()) redisCli = f.getPath();
            }
        }
        if (redisCli == null) {
            fail("redis-cli is not on PATH. These tests run the real redis-cli against the engine: "
                    + "install it (apt-get install redis-tools) or run without -Pdifferential.");
        }
    }

    private record Run(int exit, String out) {}

    private static Run cli(int port, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(redisCli, "-h", "127.0.0.1", "-p", Integer.toString(port)));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("redis-cli " + String.join(" ", args) + " did not finish");
        }
        return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    private static Set<String> fill(Jedis jedis, int n) {
        Set<String> keys = new HashSet<>();
        for (int i = 0; i < n; i++) {
            String k = "k:" + i + ":" + UUID.randomUUID();
            jedis.set(k, "v".repeat(1 + i));
            keys.add(k);
        }
        return keys;
    }

    @Test
    void scanListsEveryKey() throws Exception {
        try (RediscoverServer redis = RediscoverServer.start(); Jedis jedis = new Jedis(redis.host(), redis.port())) {
            Set<String> keys = fill(jedis, 250);
            Run run = cli(redis.port(), "--scan");
            assertThat(run.exit()).as(run.out()).isZero();
            assertThat(new HashSet<>(List.of(run.out().trim().split("\n")))).isEqualTo(keys);
            Run some = cli(redis.port(), "--scan", "--pattern", "k:1*");
            assertThat(some.out().trim().split("\n")).allMatch(k -> k.startsWith("k:1"));
        }
    }

    @Test
    void bigkeysFindsTheBiggestString() throws Exception {
        try (RediscoverServer redis = RediscoverServer.start(); Jedis jedis = new Jedis(redis.host(), redis.port())) {
            fill(jedis, 50);
            String big = "big:" + UUID.randomUUID();
            jedis.set(big, "x".repeat(5000));
            Run run = cli(redis.port(), "--bigkeys");
            assertThat(run.exit()).as(run.out()).isZero();
            assertThat(run.out()).contains("Biggest string found '\"" + big + "\"' has 5000 bytes",
                    "Sampled 51 keys in the keyspace!", "51 strings with");
        }
    }

    @Test
    void memkeysReportsMemoryPerKey() throws Exception {
        try (RediscoverServer redis = RediscoverServer.start(); Jedis jedis = new Jedis(redis.host(), redis.port())) {
            fill(jedis, 50);
            String big = "big:" + UUID.randomUUID();
            jedis.set(big, "x".repeat(5000));
            Run run = cli(redis.port(), "--memkeys");
            assertThat(run.exit()).as(run.out()).isZero();
            assertThat(run.out()).contains("Biggest string found '\"" + big + "\"' has", "51 strings with");
        }
    }
}
