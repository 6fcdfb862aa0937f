/*
 * Seeded random command sequences on hashes and sets, run on a real redis-server and on the
 * engine side by side; every reply must match. Both servers start with tiny encoding thresholds
 * (8 entries, 16-byte values, 8 intset entries) so the sequences cross listpack -> hashtable and
 * intset -> hashtable again and again, and OBJECT ENCODING is compared along the way.
 *
 * Replies whose order is the hash table's (SMEMBERS, SUNION, HGETALL of a converted hash...) are
 * compared as multisets; random replies (SRANDMEMBER, HRANDFIELD) by type only, and SPOP only
 * with a count that empties the set, so both servers keep the same data. A failing seed is
 * printed with the commands that differed, and can be replayed by putting it in SEEDS.
 *
 * Runs only with -Pdifferential (tag "differential"); needs redis-server on PATH.
 */
package dev.rediscover.differential;

import dev.rediscover.embedded.RediscoverServer;
import dev.rediscover.testing.RawClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

@Tag("differential")
class HashSetRandomSequenceTest {
    private static final String[] THRESHOLDS = {"--hash-max-listpack-entries", "8", "--hash-max-listpack-value", "16",
            "--set-max-intset-entries", "8"};
    private static final int STEPS = 1500;
    private static RealRedis redis;
    private static RediscoverServer engine;

    @BeforeAll
    static void start() throws Exception {
        redis = RealRedis.start(THRESHOLDS);
        engine = RediscoverServer.start(THRESHOLDS);
    }

    @AfterAll
    static void stop() {
        if (redis != null) redis.close();
        if (engine != null) engine.close();
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 42, 20260101})
    void hashes(long seed) throws IOException { run(seed, true); }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 42, 20260101})
    void sets(long seed) throws IOException { run(seed, false); }

    private static void run(long seed, boolean hashes) throws IOException {
        try (RawClient r = new RawClient(redis.port()); RawClient e = new RawClient(engine.port())) {
            r.call("FLUSHALL");
            e.call("FLUSHALL");
            ScenarioRunner runner = new ScenarioRunner(r, e);
            Gen g = new Gen(new SplittableRandom(seed));
            for (int i = 0; i < STEPS; i++) {
                String line = hashes ? g.hashCommand() : g.setCommand();
                String where = "seed " + seed + " step " + i;
                if (line.startsWith("HSCAN") || line.startsWith("SSCAN")) {
                    compareScan(runner, where, line, r, e, line.startsWith("HSCAN"));
                } else {
                    runner.runLine(where, line);
                }
            }
            assertThat(runner.mismatches()).as("seed %d, %d commands compared", seed, runner.compared()).isEmpty();
        }
    }

    /**
     * A whole-collection SCAN ([cursor, [elements]]) compared with the elements as a multiset
     * (pairs kept together for HSCAN): the runner's @unordered only looks at the top level.
     */
    private static void compareScan(ScenarioRunner runner, String where, String line, RawClient r, RawClient e,
                                    boolean pairs) throws IOException {
        String[] args = line.split(" ");
        runner.compare(where, line, null, null, sortedScan(r.call(args), pairs), sortedScan(e.call(args), pairs));
    }

    private static byte[] sortedScan(byte[] reply, boolean pairs) {
        if (reply.length == 0 || reply[0] != '*') return reply;
        List<String> top = RespValues.elements(reply);
        List<String> items = RespValues.elements(top.get(1).getBytes(StandardCharsets.ISO_8859_1));
        List<String> units = new ArrayList<>();
        int step = pairs ? 2 : 1;
        for (int i = 0; i + step <= items.size(); i += step) units.add(pairs ? items.get(i) + items.get(i + 1) : items.get(i));
        Collections.sort(units);
        return ("*2\r\n" + top.get(0) + "*" + items.size() + "\r\n" + String.join("", units)).getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Random commands over a few keys and a small alphabet, so they collide and interact. */
    private static final class Gen {
        private final SplittableRandom rnd;

        Gen(SplittableRandom rnd) { this.rnd = rnd; }

        String key() { return "k" + rnd.nextInt(4); }

        /** Mostly short strings, sometimes one longer than the 16-byte value threshold. */
        String word() {
            if (rnd.nextInt(25) == 0) return "long" + "x".repeat(10 + rnd.nextInt(10));
            return "f" + rnd.nextInt(14);
        }

        /** Mostly small integers (intset material), sometimes a string or a non-canonical number. */
        String member() {
            int p = rnd.nextInt(30);
            if (p == 0) return "m" + rnd.nextInt(5);
            if (p == 1) return "0" + rnd.nextInt(3);
            if (p == 2) return Long.toString(Long.MAX_VALUE - rnd.nextInt(2));
            return Integer.toString(rnd.nextInt(24) - 6);
        }

        String number() {
            return switch (rnd.nextInt(6)) {
                case 0 -> "1.5";
                case 1 -> "-3";
                case 2 -> "0.25";
                case 3 -> "abc";
                default -> Integer.toString(rnd.nextInt(100));
            };
        }

        String words(int max, boolean pairs) {
            StringBuilder sb = new StringBuilder();
            int n = 1 + rnd.nextInt(max);
            for (int i = 0; i < n; i++) {
                sb.append(' ').append(word());
                if (pairs) sb.append(' ').append(rnd.nextInt(5) == 0 ? word() : Integer.toString(rnd.nextInt(50)));
            }
            return sb.toString();
        }

        String members(int max) {
            StringBuilder sb = new StringBuilder();
            int n = 1 + rnd.nextInt(max);
            for (int i = 0; i < n; i++) sb.append(' ').append(member());
            return sb.toString();
        }

        String hashCommand() {
            String k = key();
            return switch (rnd.nextInt(20)) {
                case 0, 1, 2 -> "HSET " + k + words(4, true);
                case 3 -> "HMSET " + k + words(3, true);
                case 4 -> "HSETNX " + k + " " + word() + " " + word();
                case 5, 6 -> "HDEL " + k + words(3, false);
                case 7 -> "HGET " + k + " " + word();
                case 8 -> "HMGET " + k + words(4, false);
                case 9 -> "HINCRBY " + k + " " + word() + " " + (rnd.nextBoolean() ? "1" : number());
                case 10 -> "HINCRBYFLOAT " + k + " " + word() + " " + number();
                case 11 -> "@unordered HGETALL " + k;
                case 12 -> "@unordered HKEYS " + k;
                case 13 -> "@unordered HVALS " + k;
                case 14 -> "HLEN " + k;
                case 15 -> "HSTRLEN " + k + " " + word();
                case 16 -> "HEXISTS " + k + " " + word();
                case 17 -> "OBJECT ENCODING " + k;
                case 18 -> rnd.nextBoolean() ? "@type HRANDFIELD " + k + " " + (rnd.nextInt(7) - 3) + " WITHVALUES"
                        : "@unordered HRANDFIELD " + k + " 100";
                default -> rnd.nextInt(10) == 0 ? "SET " + k + " str" : "HSCAN " + k + " 0 COUNT 1000";
            };
        }

        String setCommand() {
            String k = key();
            return switch (rnd.nextInt(22)) {
                case 0, 1, 2, 3 -> "SADD " + k + members(4);
                case 4, 5 -> "SREM " + k + members(3);
                case 6 -> "SISMEMBER " + k + " " + member();
                case 7 -> "SMISMEMBER " + k + members(3);
                case 8 -> "SCARD " + k;
                case 9 -> "@unordered SMEMBERS " + k;
                case 10 -> "SMOVE " + k + " " + key() + " " + member();
                case 11 -> "@unordered SINTER " + k + " " + key();
                case 12 -> "SINTERCARD 2 " + k + " " + key() + (rnd.nextBoolean() ? " LIMIT " + rnd.nextInt(4) : "");
                case 13 -> "SINTERSTORE " + key() + " " + k + " " + key();
                case 14 -> "@unordered SUNION " + k + " " + key();
                case 15 -> "SUNIONSTORE " + key() + " " + k + " " + key();
                case 16 -> "@unordered SDIFF " + k + " " + key() + " " + key();
                case 17 -> "SDIFFSTORE " + key() + " " + k + " " + key();
                case 18 -> "OBJECT ENCODING " + k;
                case 19 -> rnd.nextBoolean() ? "@type SRANDMEMBER " + k + " " + (rnd.nextInt(9) - 4)
                        : "@unordered SRANDMEMBER " + k + " 1000";
                case 20 -> rnd.nextInt(4) == 0 ? "@unordered SPOP " + k + " 1000" : "SSCAN " + k + " 0 COUNT 1000";
                default -> rnd.nextInt(8) == 0 ? "SET " + k + " str" : "DEL " + k;
            };
        }
    }
}
