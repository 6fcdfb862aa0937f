/*
 * WATCH against a second connection, compared with a real redis-server: connection A watches a
 * key, connection B writes (or only reads) it with one command of every family, then A's EXEC
 * must fail (null array) or run exactly when Redis's does. This is what checks that every write
 * path signals Keyspace.keyModified, and that writes which change nothing (SADD of a member that
 * is there, DEL of a missing key, LREM with no match) do not, as in Redis.
 *
 * The cases are in src/test/resources/transactions/watch-touches.txt: "B> " lines run on the
 * second connection, every reply is compared byte for byte.
 *
 * Runs only with -Pdifferential (tag "differential"); needs redis-server on PATH.
 */
package dev.rediscover.tx;

import dev.rediscover.differential.RealRedis;
import dev.rediscover.differential.ScenarioRunner;
import dev.rediscover.embedded.RediscoverServer;
import dev.rediscover.resp.InlineSplitter;
import dev.rediscover.testing.RawClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

@Tag("differential")
class TransactionsDifferentialTest {
    private static RealRedis redis;
    private static RediscoverServer engine;

    @BeforeAll
    static void start() throws Exception {
        redis = RealRedis.start();
        engine = RediscoverServer.start("--enable-debug-command", "yes");
    }

    @AfterAll
    static void stop() {
        if (redis != null) redis.close();
        if (engine != null) engine.close();
    }

    @Test
    void writesByAnotherConnectionTouchWatchedKeysAsInRedis() throws Exception {
        String script;
        try (InputStream in = getClass().getResourceAsStream("/transactions/watch-touches.txt")) {
            script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        try (RawClient ra = new RawClient(redis.port()); RawClient rb = new RawClient(redis.port());
             RawClient ea = new RawClient(engine.port()); RawClient eb = new RawClient(engine.port())) {
            ScenarioRunner runner = new ScenarioRunner(null, null);
            String[] lines = script.split("\n");
            int execs = 0;
            for (int i = 0; i < lines.length; i++) {
                String line = lines[i].strip();
                if (line.isEmpty() || line.startsWith("#")) continue;
                boolean second = line.startsWith("B>");
                if (second) line = line.substring(2).strip();
                byte[] raw = line.getBytes(StandardCharsets.UTF_8);
                byte[][] args = InlineSplitter.split(raw, 0, raw.length);
                byte[] r = (second ? rb : ra).call(args);
                byte[] e = (second ? eb : ea).call(args);
                runner.compare("watch-touches.txt:" + (i + 1), (second ? "B> " : "") + line, null, null, r, e);
                if (line.equals("EXEC")) execs++;
            }
            assertThat(execs).as("EXECs compared").isGreaterThan(150);
            assertThat(runner.mismatches())
                    .as("replies that differ from redis-server (%d commands compared)", runner.compared())
                    .isEmpty();
        }
    }

    /** A watched key expiring in between is a touch; one already expired at WATCH time is not. */
    @Test
    void expiryBetweenWatchAndExecAsInRedis() throws Exception {
        String[][] steps = {
                {"A", "FLUSHALL"},
                // deleted at once by a TTL in the past: touched
                {"A", "SET k v"}, {"A", "WATCH k"}, {"B", "PEXPIREAT k 1"}, {"A", "MULTI"}, {"A", "PING"}, {"A", "EXEC"},
                {"A", "SET k v"}, {"A", "WATCH k"}, {"B", "SET k w PXAT 1"}, {"A", "MULTI"}, {"A", "PING"}, {"A", "EXEC"},
                {"A", "SET k v"}, {"A", "WATCH k"}, {"B", "GETEX k PXAT 1"}, {"A", "MULTI"}, {"A", "PING"}, {"A", "EXEC"},
                {"A", "SET k v"}, {"A", "WATCH k"}, {"B", "EXPIRE k 0"}, {"A", "MULTI"}, {"A", "EXISTS k"}, {"A", "EXEC"},
                // a key that never existed, and expiry commands on it
                {"A", "WATCH k"}, {"B", "PEXPIREAT k 1"}, {"A", "MULTI"}, {"A", "PING"}, {"A", "EXEC"},
        };
        try (RawClient ra = new RawClient(redis.port()); RawClient rb = new RawClient(redis.port());
             RawClient ea = new RawClient(engine.port()); RawClient eb = new RawClient(engine.port())) {
            ScenarioRunner runner = new ScenarioRunner(null, null);
            for (int i = 0; i < steps.length; i++) {
                boolean second = steps[i][0].equals("B");
                String[] args = steps[i][1].split(" ");
                byte[] r = (second ? rb : ra).call(args);
                byte[] e = (second ? eb : ea).call(args);
                runner.compare("step " + i, steps[i][0] + "> " + steps[i][1], null, null, r, e);
            }
            assertThat(runner.mismatches()).isEmpty();
            assertThat(runner.compared()).isEqualTo(steps.length);
        }
    }
}
