/*
 * Seeded random sequences of stream commands, sent to a real redis-server and to the engine, every
 * reply compared byte for byte. Two stream keys (and a string, for WRONGTYPE), explicit and
 * `ms-*` IDs from a slowly moving clock (so some XADDs are refused as too small), field names
 * mostly shared (the chunk's master fields) and sometimes not, values from empty to a few hundred
 * bytes (so chunks also split on size), XDEL, exact XTRIM and XADD MAXLEN/MINID, ranges both
 * ways with exclusive bounds and COUNT, XREAD, and a consumer group (XREADGROUP, XACK, XPENDING
 * summary, XCLAIM and XAUTOCLAIM with min-idle 0). Left out on purpose: `*` IDs (the two clocks
 * differ), `~` trims and XINFO STREAM's node counts (node boundaries depend on each server's byte
 * sizes), idle times. A failure names the seed and the command.
 *
 * Runs with -Pdifferential (tag "differential"); needs redis-server on PATH.
 */
package dev.rediscover.differential;

import dev.rediscover.testing.RawClient;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

@Tag("differential")
class StreamRandomDifferentialTest extends AgainstRealRedis {
    private static final String[] KEYS = {"s1", "s2"};

    /** The clock the IDs follow: moves forward slowly, so IDs collide and reuse milliseconds. */
    private long clock;

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 42, 20260101})
    void randomStreamSequences(long seed) throws Exception {
        SplittableRandom rnd = new SplittableRandom(seed);
        clock = 1;
        try (RawClient r = new RawClient(redis.port()); RawClient e = new RawClient(engine.port())) {
            for (RawClient c : List.of(r, e)) {
                c.call("FLUSHALL");
                c.call("SET", "str", "a string");
            }
            ScenarioRunner runner = new ScenarioRunner(r, e);
            for (int step = 0; step < 5000; step++) {
                String[] cmd = randomCommand(rnd);
                runner.compare("seed " + seed + " step " + step, String.join(" ", cmd), null, null, r.call(cmd), e.call(cmd));
                if (runner.mismatches().size() > 5) break;
            }
            for (String k : KEYS) {
                String[] all = {"XRANGE", k, "-", "+"};
                runner.compare("seed " + seed + " end", String.join(" ", all), null, null, r.call(all), e.call(all));
            }
            assertThat(runner.mismatches()).as("replies that differ from redis-server (seed %d)", seed).isEmpty();
        }
    }

    private static String pick(SplittableRandom rnd, String... xs) { return xs[rnd.nextInt(xs.length)]; }

    private static String key(SplittableRandom rnd) { return rnd.nextInt(40) == 0 ? "str" : KEYS[rnd.nextInt(KEYS.length)]; }

    private static String value(SplittableRandom rnd) {
        return switch (rnd.nextInt(8)) {
            case 0 -> "";
            case 1 -> "long-" + "x".repeat(rnd.nextInt(600));
            default -> "v" + rnd.nextInt(1000);
        };
    }

    /** An ID near the clock or anywhere before it: ms alone, ms-seq, sometimes exclusive or the extremes. */
    private String id(SplittableRandom rnd, boolean bound) {
        String ms = Long.toString(rnd.nextBoolean() ? Math.max(0, clock - rnd.nextInt(60)) : rnd.nextLong(clock + 1));
        String id = switch (rnd.nextInt(4)) {
            case 0 -> ms;
            default -> ms + "-" + rnd.nextInt(4);
        };
        if (!bound) return id;
        return switch (rnd.nextInt(8)) {
            case 0 -> "-";
            case 1 -> "+";
            case 2 -> "(" + id;
            default -> id;
        };
    }

    private String[] xadd(SplittableRandom rnd, String k) {
        List<String> out = new ArrayList<>(List.of("XADD", k));
        switch (rnd.nextInt(30)) {
            case 0 -> out.addAll(List.of("MAXLEN", Integer.toString(rnd.nextInt(1000))));
            case 1 -> out.addAll(List.of("MINID", Long.toString(rnd.nextLong(clock / 4 + 1))));
            default -> { }
        }
        clock += rnd.nextInt(3);
        out.add(switch (rnd.nextInt(5)) {
            case 0 -> clock + "-*";
            case 1 -> Long.toString(clock);
            case 2 -> id(rnd, false);
            default -> clock + "-" + rnd.nextInt(3);
        });
        switch (rnd.nextInt(10)) {
            case 0 -> out.addAll(List.of("name" + rnd.nextInt(3), value(rnd)));
            case 1 -> out.addAll(List.of("f2", value(rnd), "f1", value(rnd)));
            case 2, 3 -> out.addAll(List.of("f1", value(rnd), "f2", value(rnd)));
            default -> out.addAll(List.of("f1", value(rnd)));
        }
        return out.toArray(new String[0]);
    }

    private static String count(SplittableRandom rnd) { return Integer.toString(rnd.nextInt(1, 30)); }

    private String[] randomCommand(SplittableRandom rnd) {
        String k = key(rnd);
        return switch (rnd.nextInt(24)) {
            case 0, 1, 2, 3, 4, 5, 6, 7 -> xadd(rnd, k);
            case 8 -> new String[]{"XDEL", k, id(rnd, false), id(rnd, false)};
            case 9 -> rnd.nextBoolean() ? new String[]{"XTRIM", k, "MAXLEN", Integer.toString(rnd.nextInt(1000))}
                    : new String[]{"XTRIM", k, "MINID", "=", rnd.nextLong(clock / 4 + 1) + (rnd.nextBoolean() ? "" : "-" + rnd.nextInt(3))};
            case 10, 11 -> rnd.nextBoolean() ? new String[]{"XRANGE", k, id(rnd, true), id(rnd, true)}
                    : new String[]{"XRANGE", k, id(rnd, true), "+", "COUNT", count(rnd)};
            case 12, 13 -> rnd.nextBoolean() ? new String[]{"XREVRANGE", k, id(rnd, true), id(rnd, true)}
                    : new String[]{"XREVRANGE", k, "+", id(rnd, true), "COUNT", count(rnd)};
            case 14 -> new String[]{"XLEN", k};
            case 15 -> new String[]{"XREAD", "COUNT", count(rnd), "STREAMS", k, id(rnd, false)};
            case 16 -> new String[]{"XGROUP", "CREATE", k, "g", pick(rnd, "0", "$", id(rnd, false))};
            case 17, 18 -> new String[]{"XREADGROUP", "GROUP", "g", pick(rnd, "alice", "bob"), "COUNT", count(rnd),
                    "STREAMS", k, rnd.nextInt(4) == 0 ? "0" : ">"};
            case 19 -> new String[]{"XACK", k, "g", id(rnd, false), id(rnd, false)};
            case 20 -> new String[]{"XPENDING", k, "g"};
            case 21 -> new String[]{"XCLAIM", k, "g", "carol", "0", id(rnd, false), id(rnd, false)};
            case 22 -> new String[]{"XAUTOCLAIM", k, "g", "dave", "0", id(rnd, false), "COUNT", count(rnd)};
            default -> rnd.nextInt(100) == 0 ? new String[]{"DEL", k} : new String[]{"XRANGE", k, "-", "+", "COUNT", "5"};
        };
    }
}
