/*
 * Seeded random sequences of list commands, sent to a real redis-server and to the engine, every
 * reply compared byte for byte. A handful of keys (one of them sometimes a string, for WRONGTYPE),
 * small value alphabets so pivots and LREM/LPOS find matches (integers at the edges of listpack's
 * encodings and strings that only look like integers among them), indexes around and beyond the ends,
 * and non-blocking uses of the blocking commands. A failure names the seed and the command.
 *
 * Runs with -Pdifferential (tag "differential"); needs redis-server on PATH.
 */
package dev.rediscover.differential;

import dev.rediscover.embedded.RediscoverServer;
import dev.rediscover.testing.RawClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

@Tag("differential")
class ListRandomDifferentialTest {
    private static RealRedis redis;
    private static RediscoverServer engine;

    @BeforeAll
    static void start() throws Exception {
        redis = RealRedis.start("--list-max-listpack-size", "4");
        engine = RediscoverServer.start("--list-max-listpack-size", "4");
    }

    @AfterAll
    static void stop() {
        if (redis != null) redis.close();
        if (engine != null) engine.close();
    }

    private static final String[] KEYS = {"a", "b", "c", "s"};
    private static final String[] ENDS = {"LEFT", "RIGHT"};

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 42, 20260101, 977})
    void randomListSequences(long seed) throws Exception {
        SplittableRandom rnd = new SplittableRandom(seed);
        try (RawClient r = new RawClient(redis.port()); RawClient e = new RawClient(engine.port())) {
            r.call("FLUSHALL");
            e.call("FLUSHALL");
            ScenarioRunner runner = new ScenarioRunner(r, e);
            for (int step = 0; step < 1500; step++) {
                String[] cmd = randomCommand(rnd);
                runner.compare("seed " + seed + " step " + step, String.join(" ", cmd), null, null, r.call(cmd), e.call(cmd));
                if (runner.mismatches().size() > 5) break;
            }
            assertThat(runner.mismatches()).as("replies that differ from redis-server (seed %d)", seed).isEmpty();
        }
    }

    private static String pick(SplittableRandom rnd, String... xs) { return xs[rnd.nextInt(xs.length)]; }

    private static String key(SplittableRandom rnd) {
        return rnd.nextInt(30) == 0 ? "s" : KEYS[rnd.nextInt(3)];
    }

    private static String value(SplittableRandom rnd) {
        return switch (rnd.nextInt(10)) {
            case 0 -> "";
            case 1 -> Integer.toString(rnd.nextInt(-200, 200));
            case 2 -> "long-" + "x".repeat(rnd.nextInt(100));
            // integers at the edges of listpack's encodings, and strings that only look like them
            case 3 -> pick(rnd, "12", "012", "-0", "+1", "127", "128", "-4097", "100000",
                    "9223372036854775807", "-9223372036854775808", "9223372036854775808");
            case 4 -> rnd.nextInt(8) == 0 ? "huge-" + "y".repeat(4100 + rnd.nextInt(100)) : "v" + rnd.nextInt(6);
            default -> "v" + rnd.nextInt(6);
        };
    }

    private static String index(SplittableRandom rnd) {
        return switch (rnd.nextInt(10)) {
            case 0 -> "9223372036854775807";
            case 1 -> "-9223372036854775808";
            default -> Integer.toString(rnd.nextInt(-25, 25));
        };
    }

    private static String[] values(SplittableRandom rnd, String... head) {
        List<String> out = new ArrayList<>(List.of(head));
        int n = 1 + rnd.nextInt(rnd.nextInt(10) == 0 ? 30 : 4);
        for (int i = 0; i < n; i++) out.add(value(rnd));
        return out.toArray(new String[0]);
    }

    private static String[] randomCommand(SplittableRandom rnd) {
        String k = key(rnd), k2 = key(rnd);
        return switch (rnd.nextInt(22)) {
            case 0, 1 -> values(rnd, "LPUSH", k);
            case 2, 3 -> values(rnd, "RPUSH", k);
            case 4 -> values(rnd, pick(rnd, "LPUSHX", "RPUSHX"), k);
            case 5 -> rnd.nextBoolean() ? new String[]{pick(rnd, "LPOP", "RPOP"), k}
                    : new String[]{pick(rnd, "LPOP", "RPOP"), k, Integer.toString(rnd.nextInt(6))};
            case 6 -> new String[]{"LLEN", k};
            case 7, 8 -> new String[]{"LRANGE", k, index(rnd), index(rnd)};
            case 9 -> new String[]{"LINDEX", k, index(rnd)};
            case 10 -> new String[]{"LSET", k, index(rnd), value(rnd)};
            case 11 -> new String[]{"LINSERT", k, pick(rnd, "BEFORE", "AFTER"), value(rnd), value(rnd)};
            case 12 -> new String[]{"LREM", k, Integer.toString(rnd.nextInt(-3, 4)), value(rnd)};
            case 13 -> new String[]{"LTRIM", k, index(rnd), index(rnd)};
            case 14 -> lpos(rnd, k);
            case 15 -> new String[]{"LMOVE", k, k2, pick(rnd, ENDS), pick(rnd, ENDS)};
            case 16 -> new String[]{"RPOPLPUSH", k, k2};
            case 17 -> rnd.nextBoolean() ? new String[]{"LMPOP", "2", k, k2, pick(rnd, ENDS)}
                    : new String[]{"LMPOP", "2", k, k2, pick(rnd, ENDS), "COUNT", Integer.toString(1 + rnd.nextInt(5))};
            case 18 -> blocking(rnd, k, k2);
            case 19 -> new String[]{"SET", "s", value(rnd)};
            case 20 -> new String[]{"DEL", k};
            default -> new String[]{"LRANGE", k, "0", "-1"};
        };
    }

    /**
     * A blocking command with a 10 ms timeout: served at once when a key has elements, else a
     * timeout (redis-server answers those only at its next cron tick, 100 ms, hence rare).
     */
    private static String[] blocking(SplittableRandom rnd, String k, String k2) {
        return switch (rnd.nextInt(3)) {
            case 0 -> new String[]{pick(rnd, "BLPOP", "BRPOP"), k, k2, "0.01"};
            case 1 -> new String[]{"BLMOVE", k, k2, pick(rnd, ENDS), pick(rnd, ENDS), "0.01"};
            default -> new String[]{"BLMPOP", "0.01", "1", k, pick(rnd, ENDS), "COUNT", Integer.toString(1 + rnd.nextInt(3))};
        };
    }

    private static String[] lpos(SplittableRandom rnd, String k) {
        List<String> out = new ArrayList<>(List.of("LPOS", k, value(rnd)));
        if (rnd.nextBoolean()) out.addAll(List.of("RANK", Integer.toString(rnd.nextBoolean() ? rnd.nextInt(1, 4) : -rnd.nextInt(1, 4))));
        if (rnd.nextBoolean()) out.addAll(List.of("COUNT", Integer.toString(rnd.nextInt(4))));
        if (rnd.nextBoolean()) out.addAll(List.of("MAXLEN", Integer.toString(rnd.nextInt(6))));
        return out.toArray(new String[0]);
    }
}
