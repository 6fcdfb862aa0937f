/*
 * The real redis-cli's monitoring modes against the engine, side by side with a real
 * redis-server holding the same keys of every type:
 *
 *   --bigkeys        the summary (biggest key per type, counts, averages) is identical
 *   --memkeys        the same biggest key per type; the byte figures are not compared (MEMORY
 *                    USAGE is a JVM estimate, see ServerCommands)
 *   --scan           the same keys, with and without --pattern
 *   --stat           the same header; the "keys" column is the engine's DBSIZE
 *   --latency        one "min max avg samples" line, as redis-cli prints when not on a terminal
 *   --latency-history  samples, then a "-- N seconds range" line
 *   --latency-dist   the same legend, then spectrum lines (ANSI colours, one cell per bucket)
 *
 * --stat and --latency-history never end by themselves: they are read line by line and then
 * killed. redis-cli buffers its output when it is not on a terminal, so they run under
 * coreutils' stdbuf -o0. Time limits below are only guards against a hung tool, never assertions.
 * Tagged "differential": needs redis-server, redis-cli and stdbuf; fails, never skips, without them.
 */
package dev.rediscover.ops;

import dev.rediscover.differential.RealRedis;
import dev.rediscover.embedded.RediscoverServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.StreamEntryID;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

@Tag("differential")
class RedisCliDifferentialTest {
    private static String redisCli, stdbuf;
    private static RealRedis redis;
    private static RediscoverServer engine;
    private static String prefix;
    private static final Set<String> KEYS = new HashSet<>();

    @BeforeAll
    static void start() throws Exception {
        redisCli = onPath("redis-cli");
        stdbuf = onPath("stdbuf");
        if (redisCli == null || stdbuf == null) {
            fail("redis-cli and stdbuf (coreutils) must be on PATH: install redis-tools, or run without -Pdifferential.");
        }
        redis = RealRedis.start();
        engine = RediscoverServer.start();
        prefix = "t" + UUID.randomUUID().toString().substring(0, 8) + ":";
        try (Jedis r = new Jedis("127.0.0.1", redis.port()); Jedis e = new Jedis(engine.host(), engine.port())) {
            for (Jedis j : List.of(r, e)) {
                j.flushAll();
                fill(j);
            }
        }
    }

    @AfterAll
    static void stop() {
        if (redis != null) redis.close();
        if (engine != null) engine.close();
    }

    /** Keys of every type, sizes all different, with one clearly biggest key per type. */
    private static void fill(Jedis j) {
        for (int i = 0; i < 8; i++) {
            j.set(key("s" + i), "v".repeat(1 + 3 * i));
            for (int n = 0; n <= i; n++) {
                j.rpush(key("l" + i), "e" + n);
                j.hset(key("h" + i), "f" + n, "v" + n);
                j.sadd(key("st" + i), "m" + n);
                j.zadd(key("z" + i), n, "m" + n);
                j.xadd(key("x" + i), new StreamEntryID(1, n + 1), Map.of("f", "v"));
            }
        }
        j.set(key("s:big"), "x".repeat(3000));
        for (int n = 0; n < 300; n++) {
            j.rpush(key("l:big"), "element-" + n);
            j.hset(key("h:big"), "field-" + n, "value-" + n);
            j.sadd(key("st:big"), "member-" + n);
            j.zadd(key("z:big"), n, "member-" + n);
            j.xadd(key("x:big"), new StreamEntryID(1, n + 1), Map.of("field", "value-" + n));
        }
    }

    private static String key(String name) {
        String k = prefix + name;
        KEYS.add(k);
        return k;
    }

    @Test
    void bigkeysSummaryIsRedis() throws Exception {
        String theirs = summary(run(redis.port(), "--bigkeys"));
        String ours = summary(run(engine.port(), "--bigkeys"));
        assertThat(ours).isEqualTo(theirs);
        assertThat(ours).contains("Sampled " + KEYS.size() + " keys in the keyspace!",
                "Biggest   list found '\"" + prefix + "l:big\"' has 300 items",
                "Biggest stream found '\"" + prefix + "x:big\"' has 300 entries",
                "Biggest string found '\"" + prefix + "s:big\"' has 3000 bytes",
                "9 zsets with 336 members");
    }

    @Test
    void memkeysFindsTheSameBiggestKeys() throws Exception {
        Map<String, String> theirs = biggest(run(redis.port(), "--memkeys"));
        Map<String, String> ours = biggest(run(engine.port(), "--memkeys"));
        assertThat(ours).isEqualTo(theirs).containsEntry("hash", prefix + "h:big").containsEntry("set", prefix + "st:big")
                .containsEntry("string", prefix + "s:big").hasSize(6);
    }

    @Test
    void scanListsTheSameKeys() throws Exception {
        assertThat(lines(run(engine.port(), "--scan"))).isEqualTo(KEYS).isEqualTo(lines(run(redis.port(), "--scan")));
        Set<String> lists = lines(run(engine.port(), "--scan", "--pattern", prefix + "l*"));
        assertThat(lists).hasSize(9).allMatch(k -> k.startsWith(prefix + "l"));
        assertThat(lists).isEqualTo(lines(run(redis.port(), "--scan", "--pattern", prefix + "l*")));
    }

    @Test
    void statShowsTheKeyCount() throws Exception {
        List<String> theirs = firstLines(redis.port(), 3, "--stat", "-i", "0.1");
        List<String> ours = firstLines(engine.port(), 4, "--stat", "-i", "0.1");
        assertThat(ours.subList(0, 2)).isEqualTo(theirs.subList(0, 2));      // the two header lines
        for (String row : ours.subList(2, 4)) {
            assertThat(row.split("\\s+")[0]).isEqualTo(Integer.toString(KEYS.size()));
        }
    }

    @Test
    void latencyPrintsOneSummaryLine() throws Exception {
        String out = run(engine.port(), "--latency", "-i", "0.1").strip();
        Matcher m = Pattern.compile("^(\\d+) (\\d+) (\\d+\\.\\d{2}) (\\d+)$").matcher(out);
        assertThat(m.matches()).as(out).isTrue();
        assertThat(Long.parseLong(m.group(1))).isLessThanOrEqualTo(Long.parseLong(m.group(2)));   // min <= max
        assertThat(Long.parseLong(m.group(4))).isPositive();                                         // samples
    }

    @Test
    void latencyHistoryEndsEachRange() throws Exception {
        List<String> lines = new ArrayList<>();
        for (String l : firstLinesUntil(engine.port(), l -> l.contains("seconds range"), "--latency-history", "-i", "1")) {
            lines.add(l);
        }
        assertThat(lines.get(lines.size() - 1)).matches(" -- \\d+\\.\\d{2} seconds range");
        assertThat(lines.subList(0, lines.size() - 1)).isNotEmpty().allMatch(l -> l.matches("\\d+ \\d+ \\d+\\.\\d{2} \\d+"));
    }

    @Test
    void latencyDistDrawsItsSpectrum() throws Exception {
        List<String> theirs = firstLines(redis.port(), 8, "--latency-dist", "-i", "1");
        List<String> ours = firstLines(engine.port(), 9, "--latency-dist", "-i", "1");
        assertThat(ours.subList(0, 8)).isEqualTo(theirs);             // the legend
        assertThat(ours.get(8)).contains("\u001b[48;5;").contains("?");  // one spectrum line, up to ">60 s"
    }

    // ---------------------------------------------------------------- helpers

    /** The "-------- summary -------" part of --bigkeys / --memkeys output. */
    private static String summary(String out) {
        int at = out.indexOf("-------- summary -------");
        assertThat(at).as(out).isNotNegative();
        return out.substring(at);
    }

    /** type -> key of "Biggest <type> found '"key"' has ..." lines. */
    private static Map<String, String> biggest(String out) {
        Map<String, String> m = new TreeMap<>();
        Matcher x = Pattern.compile("Biggest +(\\w+) found '\"([^\"]*)\"'").matcher(summary(out));
        while (x.find()) m.put(x.group(1), x.group(2));
        return m;
    }

    private static Set<String> lines(String out) {
        Set<String> s = new HashSet<>();
        for (String l : out.split("\n")) if (!l.isBlank()) s.add(l.strip());
        return s;
    }

    private static List<String> command(int port, String... args) {
        List<String> cmd = new ArrayList<>(List.of(redisCli, "-h", "127.0.0.1", "-p", Integer.toString(port)));
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** Run a redis-cli mode that ends by itself; its output. */
    private static String run(int port, String... args) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command(port, args)).redirectErrorStream(true).start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("redis-cli " + String.join(" ", args) + " did not finish");
        }
        String text = new String(out, StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(text).isZero();
        return text;
    }

    private static List<String> firstLines(int port, int n, String... args) throws Exception {
        int[] seen = {0};
        return firstLinesUntil(port, l -> ++seen[0] >= n, args);
    }

    /** Run a never-ending mode unbuffered, collect lines up to the one `last` accepts, then kill it. */
    private static List<String> firstLinesUntil(int port, java.util.function.Predicate<String> last, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(stdbuf, "-o0"));
        cmd.addAll(command(port, args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getOutputStream().close();
        BlockingQueue<String> queue = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String l; (l = r.readLine()) != null; ) queue.add(l);
            } catch (IOException ignored) {
                // the process was killed
            }
        });
        reader.setDaemon(true);
        reader.start();
        List<String> lines = new ArrayList<>();
        try {
            while (true) {
                String l = queue.poll(30, TimeUnit.SECONDS);
                if (l == null) fail("redis-cli " + String.join(" ", args) + " stopped printing; so far: " + lines);
                lines.add(l.stripTrailing());
                if (last.test(l)) return lines;
            }
        } finally {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static String onPath(String exe) {
        String path = System.getenv("PATH");
        if (path == null) return null;
        for (String d : path.split(File.pathSeparator)) {
            File f = new File(d, exe);
            if (f.canExecute()) return f.getPath();
        }
        return null;
    }
}
