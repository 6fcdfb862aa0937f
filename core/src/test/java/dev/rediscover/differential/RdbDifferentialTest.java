/*
 * RDB files and DUMP payloads exchanged with a real redis-server 7.0, both ways:
 *   - the fixtures redis-server wrote (src/test/resources/rdb) load in the engine with the
 *     contents redis-server itself loads from them;
 *   - a file the engine writes (from the fixture data plus random data built by commands)
 *     passes redis-check-rdb and loads in redis-server with identical contents;
 *   - every key's DUMP from redis-server RESTOREs in the engine, and the other way round.
 * Contents are compared through commands on both servers, key by key: TYPE, OBJECT ENCODING,
 * PEXPIRETIME and the whole value (sets and hashes as sorted lists; streams: entries, the
 * stream's counters, groups and their PEL summaries).
 *
 * Runs with -Pdifferential (tag "differential"); needs redis-server and redis-check-rdb on PATH.
 */
package dev.rediscover.differential;

import dev.rediscover.embedded.RediscoverServer;
import dev.rediscover.rdb.LoadLimits;
import dev.rediscover.rdb.RdbFile;
import dev.rediscover.rdb.RdbLoader;
import dev.rediscover.testing.RawClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

@Tag("differential")
class RdbDifferentialTest {
    private static RealRedis redis;
    private static RediscoverServer engine;
    private static Path dir;

    @BeforeAll
    static void start() throws Exception {
        redis = RealRedis.start("--enable-protected-configs", "yes");
        engine = RediscoverServer.start();
        dir = Files.createTempDirectory("rdb-differential");
    }

    @AfterAll
    static void stop() {
        if (redis != null) redis.close();
        if (engine != null) engine.close();
    }

    // ---------------------------------------------------------------- loading files

    static Path fixture(String name) throws IOException {
        Path p = dir.resolve(name);
        try (InputStream in = RdbDifferentialTest.class.getResourceAsStream("/rdb/" + name)) {
            Files.write(p, in.readAllBytes());
        }
        return p;
    }

    /** redis-server loads the file (DEBUG RELOAD NOSAVE reads dir/dbfilename). */
    static void redisLoads(RawClient r, Path file) throws IOException {
        ok(r.call("CONFIG", "SET", "dir", file.getParent().toString()));
        ok(r.call("CONFIG", "SET", "dbfilename", file.getFileName().toString()));
        ok(r.call("DEBUG", "RELOAD", "NOSAVE"));
    }

    static void engineLoads(Path file) {
        engine.onLoop(s -> {
            s.keyspace.flushAll();
            try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
                return RdbLoader.load(in, s.keyspace, s.clock.millis(), true, true, LoadLimits.of(s));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    static void engineSaves(Path file) {
        engine.onLoop(s -> {
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file))) {
                RdbFile.write(s.keyspace, out, true, true, s.clock.millis());
                return null;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    static void ok(byte[] reply) {
        assertThat(new String(reply, StandardCharsets.ISO_8859_1)).isEqualTo("+OK\r\n");
    }

    @Test
    void redisFixturesLoadInTheEngineWithTheSameContents() throws Exception {
        try (RawClient r = new RawClient(redis.port()); RawClient e = new RawClient(engine.port())) {
            for (String name : List.of("redis7-all-types.rdb", "redis7-nocompress.rdb")) {
                Path f = fixture(name);
                redisLoads(r, f);
                engineLoads(f);
                TreeMap<String, String> expected = contents(r);
                assertThat(expected).hasSizeGreaterThan(40);
                assertThat(contents(e)).isEqualTo(expected);
            }
        }
    }

    @Test
    void engineFilesPassRedisCheckRdbAndLoadInRedisWithTheSameContents() throws Exception {
        try (RawClient r = new RawClient(redis.port()); RawClient e = new RawClient(engine.port())) {
            engineLoads(fixture("redis7-all-types.rdb"));
            fillRandomly(e, new SplittableRandom(2026));
            Path ours = dir.resolve("engine.rdb");
            engineSaves(ours);

            Process check = new ProcessBuilder(RealRedis.findOnPath("redis-check-rdb"), ours.toString())
                    .redirectErrorStream(true).start();
            String report = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(check.waitFor()).as(report).isZero();
            assertThat(report).contains("RDB looks OK").contains("Checksum OK");

            redisLoads(r, ours);
            TreeMap<String, String> expected = contents(e);
            assertThat(expected).hasSizeGreaterThan(100);
            assertThat(contents(r)).isEqualTo(expected);
        }
    }

    @Test
    void dumpPayloadsRestoreBothWays() throws Exception {
        try (RawClient r = new RawClient(redis.port()); RawClient e = new RawClient(engine.port())) {
            Path f = fixture("redis7-all-types.rdb");
            redisLoads(r, f);
            engineLoads(f);
            fillRandomly(e, new SplittableRandom(7));
            // redis -> engine: every key of redis's db 0 into the engine's db 9, then compare
            copyByDump(r, e);
            // engine -> redis: every key of the engine's db 0 into redis's db 9
            ok(r.call("FLUSHALL"));
            copyByDump(e, r);
            assertThat(contents(r, 9)).isEqualTo(contents(e, 0));
            e.call("SELECT", "9");
            e.call("FLUSHDB");
            e.call("SELECT", "0");
        }
    }

    /** DUMP each key of from's db 0 and RESTORE it (with its TTL) into to's db 9; compare. */
    static void copyByDump(RawClient from, RawClient to) throws IOException {
        ok(to.call("SELECT", "9"));
        ok(to.call("FLUSHDB"));
        for (String k : keys(from)) {
            byte[] key = k.getBytes(StandardCharsets.ISO_8859_1);
            byte[] payload = bulk(from.call("DUMP".getBytes(), key));
            String at = text(from.call("PEXPIRETIME".getBytes(), key));
            long when = Long.parseLong(at.substring(1, at.length() - 2));
            byte[] reply = to.call("RESTORE".getBytes(), key, Long.toString(Math.max(when, 0)).getBytes(), payload,
                    "ABSTTL".getBytes());
            assertThat(text(reply)).as(k).isEqualTo("+OK\r\n");
        }
        ok(to.call("SELECT", "0"));
        TreeMap<String, String> source = contents(from, 0);
        TreeMap<String, String> copied = contents(to, 9);
        assertThat(copied).isEqualTo(source);
    }

    // ---------------------------------------------------------------- data

    /** Random keys of every type, sized around the encoding thresholds, in databases 0 and 3. */
    static void fillRandomly(RawClient c, SplittableRandom rnd) throws IOException {
        for (int db : new int[]{0, 3}) {
            c.call("SELECT", Integer.toString(db));
            for (int i = 0; i < 60; i++) {
                String k = "rnd:" + db + ":" + i;
                int n = rnd.nextInt(4) == 0 ? rnd.nextInt(100, 1200) : rnd.nextInt(1, 20);
                List<String> args = new ArrayList<>();
                switch (i % 6) {
                    case 0 -> c.call("SET", k, value(rnd));
                    case 1 -> { args.addAll(List.of("RPUSH", k)); for (int j = 0; j < n; j++) args.add(value(rnd)); }
                    case 2 -> {
                        args.addAll(List.of("SADD", k));
                        boolean ints = rnd.nextBoolean();
                        for (int j = 0; j < n; j++) args.add(ints ? Long.toString(rnd.nextLong(-1L << 40, 1L << 40)) : value(rnd));
                    }
                    case 3 -> { args.addAll(List.of("HSET", k)); for (int j = 0; j < n; j++) { args.add("f" + j); args.add(value(rnd)); } }
                    case 4 -> {
                        args.addAll(List.of("ZADD", k));
                        for (int j = 0; j < n; j++) { args.add(score(rnd)); args.add(value(rnd) + j); }
                    }
                    default -> {
                        for (int j = 0; j < n; j++) {
                            c.call("XADD", k, "*", "f" + rnd.nextInt(3), value(rnd));
                        }
                        c.call("XGROUP", "CREATE", k, "g", "0");
                        c.call("XREADGROUP", "GROUP", "g", "c1", "COUNT", "3", "STREAMS", k, ">");
                        c.call("XREADGROUP", "GROUP", "g", "c2", "COUNT", "2", "STREAMS", k, ">");
                    }
                }
                if (!args.isEmpty()) c.call(args.toArray(new String[0]));
                if (rnd.nextInt(5) == 0) c.call("PEXPIREAT", k, Long.toString(4102444800000L + rnd.nextInt(100000)));
            }
        }
        c.call("SELECT", "0");
    }

    static String value(SplittableRandom rnd) {
        return switch (rnd.nextInt(6)) {
            case 0 -> Long.toString(rnd.nextLong());
            case 1 -> Integer.toString(rnd.nextInt(-200, 200));
            case 2 -> "x".repeat(rnd.nextInt(0, 300));
            case 3 -> "bin\u0000\u00ff" + rnd.nextInt(1000);
            default -> "v" + rnd.nextInt(1_000_000);
        };
    }

    static String score(SplittableRandom rnd) {
        return switch (rnd.nextInt(5)) {
            case 0 -> "inf";
            case 1 -> Integer.toString(rnd.nextInt(-1000, 1000));
            default -> Double.toString(rnd.nextDouble(-1e6, 1e6));
        };
    }

    // ---------------------------------------------------------------- comparing

    static TreeMap<String, String> contents(RawClient c) throws IOException {
        TreeMap<String, String> all = new TreeMap<>();
        for (int db = 0; db < 16; db++) {
            for (var e : contents(c, db).entrySet()) all.put(db + ":" + e.getKey(), e.getValue());
        }
        return all;
    }

    /** Key -> description of one database (leaves database 0 selected). */
    static TreeMap<String, String> contents(RawClient c, int db) throws IOException {
        ok(c.call("SELECT", Integer.toString(db)));
        TreeMap<String, String> out = new TreeMap<>();
        for (String k : keys(c)) {
            byte[] key = k.getBytes(StandardCharsets.ISO_8859_1);
            String type = text(c.call("TYPE".getBytes(), key));
            StringBuilder d = new StringBuilder(type.trim());
            d.append(" enc=").append(text(c.call("OBJECT".getBytes(), "ENCODING".getBytes(), key)).trim());
            d.append(" at=").append(text(c.call("PEXPIRETIME".getBytes(), key)).trim()).append(' ');
            switch (type.trim()) {
                case "+string" -> d.append(text(c.call("GET".getBytes(), key)));
                case "+list" -> d.append(text(c.call("LRANGE".getBytes(), key, "0".getBytes(), "-1".getBytes())));
                case "+set" -> d.append(sorted(c.call("SMEMBERS".getBytes(), key)));
                case "+hash" -> d.append(sortedPairs(c.call("HGETALL".getBytes(), key)));
                case "+zset" -> d.append(text(c.call("ZRANGE".getBytes(), key, "0".getBytes(), "-1".getBytes(), "WITHSCORES".getBytes())));
                case "+stream" -> {
                    d.append(text(c.call("XRANGE".getBytes(), key, "-".getBytes(), "+".getBytes())));
                    d.append(withoutRadixCounts(c.call("XINFO".getBytes(), "STREAM".getBytes(), key)));
                    byte[] groups = c.call("XINFO".getBytes(), "GROUPS".getBytes(), key);
                    d.append(text(groups));
                    for (String g : groupNames(groups)) {
                        d.append(text(c.call("XPENDING".getBytes(), key, g.getBytes(StandardCharsets.ISO_8859_1))));
                    }
                }
                default -> d.append("?");
            }
            out.put(k, d.toString());
        }
        ok(c.call("SELECT", "0"));
        return out;
    }

    static List<String> keys(RawClient c) throws IOException {
        List<String> keys = new ArrayList<>();
        for (String e : RespValues.elements(c.call("KEYS", "*"))) keys.add(bulkText(e));
        keys.sort(null);
        return keys;
    }

    static String sorted(byte[] reply) {
        List<String> l = RespValues.elements(reply);
        l.sort(null);
        return l.toString();
    }

    static String sortedPairs(byte[] reply) {
        List<String> l = RespValues.elements(reply);
        List<String> pairs = new ArrayList<>();
        for (int i = 0; i + 1 < l.size(); i += 2) pairs.add(l.get(i) + l.get(i + 1));
        pairs.sort(null);
        return pairs.toString();
    }

    /** XINFO STREAM without radix-tree-keys/nodes, which describe Redis's internal tree. */
    static String withoutRadixCounts(byte[] reply) {
        List<String> l = RespValues.elements(reply);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i + 1 < l.size(); i += 2) {
            if (l.get(i).contains("radix-tree")) continue;
            sb.append(l.get(i)).append(l.get(i + 1));
        }
        return sb.toString();
    }

    static List<String> groupNames(byte[] groups) {
        List<String> names = new ArrayList<>();
        for (String g : RespValues.elements(groups)) {
            List<String> fields = RespValues.elements(g.getBytes(StandardCharsets.ISO_8859_1));
            names.add(bulkText(fields.get(1)));
        }
        return names;
    }

    /** The payload of a raw "$n\r\n...\r\n" element. */
    static String bulkText(String raw) {
        int nl = raw.indexOf("\r\n");
        return raw.substring(nl + 2, raw.length() - 2);
    }

    static byte[] bulk(byte[] reply) {
        int nl = 0;
        while (reply[nl] != '\r') nl++;
        int len = Integer.parseInt(new String(reply, 1, nl - 1, StandardCharsets.US_ASCII));
        return java.util.Arrays.copyOfRange(reply, nl + 2, nl + 2 + len);
    }

    static String text(byte[] reply) { return new String(reply, StandardCharsets.ISO_8859_1); }
}
