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

    /**
     * Keys whose TTL passes without anyone deleting them (active expiry off on both servers):
     * a key already expired when watched is no change when lazily deleted, but is touched when
     * written again by any command; a live watched key reaching its TTL fails EXEC. The TTLs are
     * 1-2 ms, so the waits are a few milliseconds.
     */
    @Test
    void keysPastTheirTtlWhenWatchedOrAtExecAsInRedis() throws Exception {
        String[] writes = {"GET k", "EXISTS k", "SET k new", "MSET k new", "SETEX k 10 new", "APPEND k x", "BITOP NOT k y",
                "SUNIONSTORE k z", "SINTERSTORE k z", "ZUNIONSTORE k 1 zz", "ZRANGESTORE k zz 0 -1", "LMOVE l k LEFT LEFT",
                "SMOVE z k m", "HSET k f v", "RENAME y k", "COPY y k REPLACE", "DEL k", "FLUSHDB", "SWAPDB 0 1"};
        try (RawClient ra = new RawClient(redis.port()); RawClient rb = new RawClient(redis.port());
             RawClient ea = new RawClient(engine.port()); RawClient eb = new RawClient(engine.port())) {
            ScenarioRunner runner = new ScenarioRunner(null, null);
            java.util.Set<String> redisExecs = new java.util.TreeSet<>();
            RawClient[][] both = {{ra, rb}, {ea, eb}};
            for (RawClient[] ab : both) ab[0].call("DEBUG", "SET-ACTIVE-EXPIRE", "0");
            try {
                for (String write : writes) {
                    byte[][] r = new byte[2][], e = new byte[2][];
                    for (int side = 0; side < 2; side++) {
                        RawClient a = both[side][0], b = both[side][1];
                        a.call("FLUSHALL");
                        a.call("SET", "y", "yv");
                        a.call("SADD", "z", "m");
                        a.call("ZADD", "zz", "1", "m");
                        a.call("RPUSH", "l", "a");
                        a.call("SET", "k", "v", "PX", "1");
                        Thread.sleep(3);
                        a.call("WATCH", "k");
                        byte[] w = b.call(write.split(" "));
                        a.call("MULTI");
                        a.call("PING");
                        byte[] exec = a.call("EXEC");
                        if (side == 0) { r[0] = w; r[1] = exec; } else { e[0] = w; e[1] = exec; }
                    }
                    runner.compare("expired when watched", "B> " + write, null, null, r[0], e[0]);
                    runner.compare("expired when watched", "EXEC after " + write, null, null, r[1], e[1]);
                    redisExecs.add(RawClient.escape(r[1]));
                }
                byte[][] exec = new byte[2][];
                for (int side = 0; side < 2; side++) {
                    RawClient a = both[side][0];
                    a.call("SET", "k", "v", "PX", "2");
                    a.call("WATCH", "k");
                    Thread.sleep(4);
                    a.call("MULTI");
                    a.call("PING");
                    exec[side] = a.call("EXEC");
                }
                runner.compare("ttl passed before EXEC", "EXEC", null, null, exec[0], exec[1]);
            } finally {
                for (RawClient[] ab : both) ab[0].call("DEBUG", "SET-ACTIVE-EXPIRE", "1");
            }
            assertThat(runner.mismatches()).isEmpty();
            assertThat(runner.compared()).isEqualTo(2 * writes.length + 1);
            assertThat(redisExecs).as("some writes touch, some do not").containsExactly("*-1\\r\\n", "*1\\r\\n+PONG\\r\\n");
        }
    }
}
