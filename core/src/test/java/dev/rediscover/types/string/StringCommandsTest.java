/*
 * The string commands end to end: through Jedis for everyday use, through RawClient where the
 * exact reply bytes matter (binary values, RESP3 shapes, error texts), and with a ManualClock so
 * that EX/PX/EXAT/PXAT and GETEX are checked by moving time, not by sleeping. Encodings and
 * TTLs are read from inside the server (onLoop) because OBJECT and TTL arrive in later labs.
 */
package dev.rediscover.types.string;

import dev.rediscover.embedded.RediscoverServer;
import dev.rediscover.keyspace.Keyspace;
import dev.rediscover.keyspace.NotifyFlags;
import dev.rediscover.keyspace.RedisObject;
import dev.rediscover.keyspace.TypedValue;
import dev.rediscover.server.ManualClock;
import dev.rediscover.testing.RawClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.SetParams;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class StringCommandsTest {
    private static final long START = 1_700_000_000_000L;
    private static ManualClock clock;
    private static RediscoverServer server;
    private static Jedis jedis;
    private static RawClient raw;
    private static final List<String> events = new ArrayList<>();
    private final Random random = new Random();

    @BeforeAll
    static void start() throws Exception {
        clock = new ManualClock(START);
        server = RediscoverServer.start(clock);
        jedis = new Jedis(server.host(), server.port());
        raw = new RawClient(server.port());
        server.onLoop(s -> {
            s.keyspace.addListener(new Keyspace.Listener() {
                @Override
                public void event(int type, String event, byte[] key, int dbId) {
                    // "new" and "keymiss" come from the keyspace itself, not from the command under test
                    if ((type & (NotifyFlags.NEW | NotifyFlags.KEY_MISS)) != 0) return;
                    synchronized (events) {
                        events.add(flagName(type) + ":" + event + ":" + new String(key, StandardCharsets.UTF_8));
                    }
                }
            });
            return null;
        });
    }

    private static String flagName(int type) {
        return type == NotifyFlags.STRING ? "$" : type == NotifyFlags.GENERIC ? "g" : type == NotifyFlags.EXPIRED ? "x" : "?";
    }

    @AfterAll
    static void stop() throws Exception {
        jedis.close();
        raw.close();
        server.close();
    }

    @BeforeEach
    void clearEvents() {
        synchronized (events) { events.clear(); }
    }

    private static List<String> eventsFor(String key) {
        synchronized (events) {
            return events.stream().filter(e -> e.endsWith(":" + key)).map(e -> e.substring(0, e.length() - key.length() - 1)).toList();
        }
    }

    private String key() { return "str:" + UUID.randomUUID(); }

    private static RedisObject peek(String key) {
        return server.onLoop(s -> s.keyspace.db(0).peek(key.getBytes(StandardCharsets.UTF_8)));
    }

    private static String encoding(String key) { return server.onLoop(s -> s.keyspace.db(0).peek(key.getBytes(StandardCharsets.UTF_8)).encoding()); }

    private static long expireAt(String key) { return peek(key).expireAt; }

    private static String text(String s) { return RawClient.escape(s.getBytes(StandardCharsets.UTF_8)); }

    // ------------------------------------------------------------------ GET / SET

    @Test
    void setAndGetBinaryValues() throws Exception {
        byte[] key = new byte[16];
        byte[] value = new byte[1000];
        random.nextBytes(key);
        random.nextBytes(value);
        assertThat(raw.callText("SET", "x", "y")).isEqualTo("+OK\\r\\n");
        assertThat(raw.call(bytes("SET"), key, value)).isEqualTo(bytes("+OK\r\n"));
        byte[] reply = raw.call(bytes("GET"), key);
        byte[] expected = concat(bytes("$1000\r\n"), value, bytes("\r\n"));
        assertThat(reply).isEqualTo(expected);
        assertThat(jedis.strlen(key)).isEqualTo(1000);
    }

    @Test
    void setNxXxAndGetOption() {
        String k = key();
        assertThat(jedis.set(k, "a", SetParams.setParams().xx())).isNull();
        assertThat(peek(k)).isNull();
        assertThat(jedis.set(k, "a", SetParams.setParams().nx())).isEqualTo("OK");
        assertThat(jedis.set(k, "b", SetParams.setParams().nx())).isNull();
        assertThat(jedis.get(k)).isEqualTo("a");
        assertThat(jedis.setGet(k, "c")).isEqualTo("a");
        assertThat(jedis.get(k)).isEqualTo("c");
        assertThat(jedis.setGet(k, "d", SetParams.setParams().nx())).isEqualTo("c");
        assertThat(jedis.get(k)).isEqualTo("c");
        assertThat(eventsFor(k)).containsExactly("$:set", "$:set");
    }

    @Test
    void setOptionConflictsAreSyntaxErrors() throws Exception {
        String k = key();
        for (String[] opts : new String[][]{{"NX", "XX"}, {"EX", "10", "PX", "10"}, {"KEEPTTL", "EX", "1"},
                {"EX", "1", "KEEPTTL"}, {"PERSIST"}, {"EX"}, {"EX", "abc", "BAD"}}) {
            String[] cmd = new String[3 + opts.length];
            cmd[0] = "SET";
            cmd[1] = k;
            cmd[2] = "v";
            System.arraycopy(opts, 0, cmd, 3, opts.length);
            assertThat(raw.callText(cmd)).as(Arrays.toString(opts)).isEqualTo("-ERR syntax error\\r\\n");
        }
        assertThat(raw.callText("SET", k, "v", "EX", "10", "EX", "20")).isEqualTo("+OK\\r\\n");
        assertThat(raw.callText("SET", k, "v", "EX", "0")).isEqualTo(text("-ERR invalid expire time in 'set' command\r\n"));
        assertThat(raw.callText("SET", k, "v", "EX", "x")).isEqualTo(text("-ERR value is not an integer or out of range\r\n"));
    }

    @Test
    void setExpiryUnitsAndKeepTtl() {
        String k = key();
        jedis.set(k, "v", SetParams.setParams().ex(100));
        assertThat(expireAt(k)).isEqualTo(clock.millis() + 100_000);
        assertThat(eventsFor(k)).containsExactly("$:set", "g:expire");
        jedis.set(k, "v", SetParams.setParams().px(1500));
        assertThat(expireAt(k)).isEqualTo(clock.millis() + 1500);
        jedis.set(k, "w", SetParams.setParams().keepTtl());
        assertThat(expireAt(k)).isEqualTo(clock.millis() + 1500);
        jedis.set(k, "x");
        assertThat(expireAt(k)).isEqualTo(RedisObject.NO_EXPIRY);
        long at = clock.millis() / 1000 + 50;
        jedis.set(k, "v", SetParams.setParams().exAt(at));
        assertThat(expireAt(k)).isEqualTo(at * 1000);
        jedis.set(k, "v", SetParams.setParams().pxAt(clock.millis() + 7));
        assertThat(expireAt(k)).isEqualTo(clock.millis() + 7);
    }

    @Test
    void keysWithTtlDisappearWhenTimePasses() {
        String a = key(), b = key(), c = key();
        jedis.set(a, "1", SetParams.setParams().px(1000));
        jedis.setex(b, 2, "2");
        jedis.psetex(c, 3000, "3");
        clock.advance(Duration.ofMillis(1000));
        assertThat(jedis.mget(a, b, c)).as("alive up to and including the expiry instant, as in Redis")
                .containsExactly("1", "2", "3");
        clock.advance(Duration.ofMillis(1));
        assertThat(jedis.get(a)).isNull();
        clock.advance(Duration.ofSeconds(1));
        assertThat(jedis.mget(a, b, c)).containsExactly(null, null, "3");
        clock.advance(Duration.ofSeconds(1));
        assertThat(jedis.get(c)).isNull();
    }

    @Test
    void setexRejectsBadTimesWithItsOwnName() throws Exception {
        String k = key();
        assertThat(raw.callText("SETEX", k, "0", "v")).isEqualTo(text("-ERR invalid expire time in 'setex' command\r\n"));
        assertThat(raw.callText("PSETEX", k, "-1", "v")).isEqualTo(text("-ERR invalid expire time in 'psetex' command\r\n"));
        assertThat(peek(k)).isNull();
    }

    // ------------------------------------------------------------------ GETEX / GETDEL / GETSET

    @Test
    void getexChangesOrRemovesTheTtl() {
        String k = key();
        jedis.set(k, "v");
        assertThat(jedis.getEx(k, redis.clients.jedis.params.GetExParams.getExParams().ex(10))).isEqualTo("v");
        assertThat(expireAt(k)).isEqualTo(clock.millis() + 10_000);
        assertThat(jedis.getEx(k, redis.clients.jedis.params.GetExParams.getExParams().persist())).isEqualTo("v");
        assertThat(expireAt(k)).isEqualTo(RedisObject.NO_EXPIRY);
        assertThat(jedis.getEx(k, redis.clients.jedis.params.GetExParams.getExParams().persist())).isEqualTo("v");
        assertThat(eventsFor(k)).containsExactly("$:set", "g:expire", "g:persist");
        jedis.getEx(k, redis.clients.jedis.params.GetExParams.getExParams().px(500));
        clock.advance(Duration.ofMillis(501));
        assertThat(jedis.get(k)).isNull();
    }

    @Test
    void getexWithATimeInThePastDeletesTheKey() {
        String k = key();
        jedis.set(k, "v");
        assertThat(jedis.getEx(k, redis.clients.jedis.params.GetExParams.getExParams().pxAt(clock.millis() - 1))).isEqualTo("v");
        assertThat(peek(k)).isNull();
        assertThat(eventsFor(k)).containsExactly("$:set", "g:del");
    }

    @Test
    void getdelAndGetset() {
        String k = key();
        assertThat(jedis.getSet(k, "one")).isNull();
        jedis.set(k, "one", SetParams.setParams().px(1000));
        assertThat(jedis.getSet(k, "two")).isEqualTo("one");
        assertThat(expireAt(k)).as("GETSET drops the TTL like SET").isEqualTo(RedisObject.NO_EXPIRY);
        assertThat(jedis.getDel(k)).isEqualTo("two");
        assertThat(jedis.getDel(k)).isNull();
        assertThat(eventsFor(k)).containsExactly("$:set", "$:set", "g:expire", "$:set", "g:del");
    }

    // ------------------------------------------------------------------ MGET / MSET / MSETNX

    @Test
    void msetAndMsetnx() throws Exception {
        String a = key(), b = key(), c = key();
        assertThat(jedis.mset(a, "1", b, "2")).isEqualTo("OK");
        assertThat(jedis.mget(a, b, c)).containsExactly("1", "2", null);
        assertThat(jedis.msetnx(b, "x", c, "y")).isZero();
        assertThat(jedis.get(c)).isNull();
        assertThat(jedis.msetnx(c, "y", key(), "z")).isEqualTo(1);
        assertThat(jedis.get(c)).isEqualTo("y");
        assertThat(raw.callText("MSET", a, "1", b)).isEqualTo(text("-ERR wrong number of arguments for 'mset' command\r\n"));
        assertThat(raw.callText("MSETNX", a)).isEqualTo(text("-ERR wrong number of arguments for 'msetnx' command\r\n"));
    }

    // ------------------------------------------------------------------ APPEND / SETRANGE / GETRANGE

    @Test
    void appendBuildsARawStringInPlace() {
        String k = key();
        assertThat(jedis.append(k, "12")).isEqualTo(2);
        assertThat(encoding(k)).isEqualTo("int");
        StringBuilder expected = new StringBuilder("12");
        for (int i = 0; i < 200; i++) {
            String part = Integer.toString(random.nextInt(1000));
            expected.append(part);
            assertThat(jedis.append(k, part)).isEqualTo(expected.length());
        }
        assertThat(jedis.get(k)).isEqualTo(expected.toString());
        assertThat(encoding(k)).isEqualTo("raw");
        assertThat(jedis.getrange(k, 2, 4)).isEqualTo(expected.substring(2, 5));
        assertThat(eventsFor(k)).hasSize(201).containsOnly("$:append");
    }

    @Test
    void setrangePadsWithZerosAndChecksOffsets() throws Exception {
        String k = key();
        assertThat(jedis.setrange(k, 3, "ab")).isEqualTo(5);
        assertThat(raw.callText("GET", k)).isEqualTo("$5\\r\\n\\x00\\x00\\x00ab\\r\\n");
        assertThat(encoding(k)).isEqualTo("raw");
        assertThat(jedis.setrange(k, 0, "")).isEqualTo(5);
        String missing = key();
        assertThat(jedis.setrange(missing, 10, "")).isZero();
        assertThat(peek(missing)).isNull();
        assertThat(raw.callText("SETRANGE", k, "-1", "x")).isEqualTo("-ERR offset is out of range\\r\\n");
        assertThat(raw.callText("SETRANGE", k, "536870912", "x"))
                .isEqualTo(text("-ERR string exceeds maximum allowed size (proto-max-bulk-len)\r\n"));
        assertThat(eventsFor(k)).containsExactly("$:setrange");
    }

    @Test
    void appendAndSetrangeHonourProtoMaxBulkLen() throws Exception {
        try (RediscoverServer small = RediscoverServer.start("--proto-max-bulk-len", "1mb");
             RawClient c = new RawClient(small.port())) {
            String k = key();
            byte[] half = new byte[512 * 1024];
            assertThat(c.callText("APPEND", k, new String(half, StandardCharsets.ISO_8859_1))).isEqualTo(":524288\\r\\n");
            assertThat(c.call(bytes("APPEND"), bytes(k), half)).isEqualTo(bytes(":1048576\r\n"));
            assertThat(c.callText("APPEND", k, "x"))
                    .isEqualTo(text("-ERR string exceeds maximum allowed size (proto-max-bulk-len)\r\n"));
            assertThat(c.callText("SETRANGE", k, "1048576", "x"))
                    .isEqualTo(text("-ERR string exceeds maximum allowed size (proto-max-bulk-len)\r\n"));
            assertThat(c.callText("SETRANGE", k, "1048575", "x")).isEqualTo(":1048576\\r\\n");
            assertThat(c.callText("STRLEN", k)).isEqualTo(":1048576\\r\\n");
        }
    }

    @Test
    void getrangeWithNegativeIndexes() {
        String k = key();
        jedis.set(k, "0123456789");
        assertThat(jedis.getrange(k, -3, -1)).isEqualTo("789");
        assertThat(jedis.getrange(k, -100, 2)).isEqualTo("012");
        assertThat(jedis.getrange(k, 5, 1)).isEmpty();
        assertThat(jedis.getrange(k, -1, -5)).isEmpty();
        assertThat(jedis.getrange(k, 8, 100)).isEqualTo("89");
        assertThat(jedis.getrange(key(), 0, -1)).isEmpty();
    }

    // ------------------------------------------------------------------ counters

    @Test
    void incrFamilyStoresCanonicalIntegersAndKeepsTheTtl() {
        String k = key();
        long a = random.nextInt(1_000_000) - 500_000L;
        jedis.set(k, Long.toString(a), SetParams.setParams().px(5000));
        assertThat(jedis.incr(k)).isEqualTo(a + 1);
        assertThat(jedis.incrBy(k, 10)).isEqualTo(a + 11);
        assertThat(jedis.decrBy(k, 20)).isEqualTo(a - 9);
        assertThat(jedis.decr(k)).isEqualTo(a - 10);
        assertThat(jedis.get(k)).isEqualTo(Long.toString(a - 10));
        assertThat(encoding(k)).isEqualTo("int");
        assertThat(expireAt(k)).isEqualTo(clock.millis() + 5000);
        assertThat(eventsFor(k)).containsExactly("$:set", "g:expire", "$:incrby", "$:incrby", "$:incrby", "$:incrby");
        String fresh = key();
        assertThat(jedis.incrBy(fresh, -7)).isEqualTo(-7);
    }

    @Test
    void incrRejectsNonCanonicalNumbersAndOverflow() throws Exception {
        String k = key();
        for (String bad : new String[]{" 1", "1 ", "01", "+1", "-0", "1.0", "", "9223372036854775808", "abc"}) {
            jedis.set(k, bad);
            assertThat(raw.callText("INCR", k)).as(bad).isEqualTo(text("-ERR value is not an integer or out of range\r\n"));
        }
        jedis.set(k, Long.toString(Long.MAX_VALUE));
        assertThat(raw.callText("INCR", k)).isEqualTo(text("-ERR increment or decrement would overflow\r\n"));
        jedis.set(k, Long.toString(Long.MIN_VALUE));
        assertThat(raw.callText("DECR", k)).isEqualTo(text("-ERR increment or decrement would overflow\r\n"));
        assertThat(raw.callText("DECRBY", k, "-9223372036854775808")).isEqualTo(text("-ERR decrement would overflow\r\n"));
        assertThat(jedis.get(k)).isEqualTo(Long.toString(Long.MIN_VALUE));
    }

    @Test
    void incrWorksOnAValueGrownByAppend() {
        String k = key();
        jedis.append(k, "1");
        jedis.append(k, "9");
        assertThat(jedis.incr(k)).isEqualTo(20);
        assertThat(encoding(k)).isEqualTo("int");
    }

    @Test
    void incrbyfloatUsesLongDoublePrecisionAndFormatting() throws Exception {
        String k = key();
        jedis.set(k, "0.1");
        assertThat(jedis.incrByFloat(k, 0.2)).isEqualTo(0.3);
        assertThat(raw.callText("INCRBYFLOAT", k, "0")).isEqualTo("$3\\r\\n0.3\\r\\n");
        jedis.set(k, "10.50");
        assertThat(raw.callText("INCRBYFLOAT", k, "0")).isEqualTo("$4\\r\\n10.5\\r\\n");
        assertThat(raw.callText("INCRBYFLOAT", k, "-10.5")).isEqualTo("$1\\r\\n0\\r\\n");
        assertThat(raw.callText("INCRBYFLOAT", k, "-1e-30")).isEqualTo("$1\\r\\n0\\r\\n");
        assertThat(raw.callText("INCRBYFLOAT", k, "1.5e3")).isEqualTo("$4\\r\\n1500\\r\\n");
        assertThat(raw.callText("INCRBYFLOAT", k, "inf")).isEqualTo(text("-ERR increment would produce NaN or Infinity\r\n"));
        assertThat(raw.callText("INCRBYFLOAT", k, "nan")).isEqualTo(text("-ERR value is not a valid float\r\n"));
        assertThat(raw.callText("INCRBYFLOAT", k, " 1")).isEqualTo(text("-ERR value is not a valid float\r\n"));
        jedis.set(k, "1e308");
        String sum = new String(raw.call("INCRBYFLOAT", k, "1e308"), StandardCharsets.US_ASCII);
        assertThat(sum).startsWith("$309\r\n19999999999999999999337175931169129132112");
        assertThat(eventsFor(k)).contains("$:incrbyfloat");
    }

    // ------------------------------------------------------------------ LCS

    @Test
    void lcsRepliesInBothProtocols() throws Exception {
        String a = "{l}" + key(), b = "{l}" + key();
        jedis.set(a, "ohmytext");
        jedis.set(b, "mynewtext");
        assertThat(raw.callText("LCS", a, b)).isEqualTo("$6\\r\\nmytext\\r\\n");
        assertThat(raw.callText("LCS", a, b, "LEN")).isEqualTo(":6\\r\\n");
        String matches = "*3\\r\\n*2\\r\\n:4\\r\\n:7\\r\\n*2\\r\\n:5\\r\\n:8\\r\\n:4\\r\\n";
        assertThat(raw.callText("LCS", a, b, "IDX", "MINMATCHLEN", "4", "WITHMATCHLEN"))
                .isEqualTo("*4\\r\\n$7\\r\\nmatches\\r\\n*1\\r\\n" + matches + "$3\\r\\nlen\\r\\n:6\\r\\n");
        try (RawClient r3 = new RawClient(server.port())) {
            r3.call("HELLO", "3");
            assertThat(r3.callText("LCS", a, b, "IDX", "MINMATCHLEN", "4", "WITHMATCHLEN"))
                    .isEqualTo("%2\\r\\n$7\\r\\nmatches\\r\\n*1\\r\\n" + matches + "$3\\r\\nlen\\r\\n:6\\r\\n");
        }
        assertThat(raw.callText("LCS", a, b, "IDX", "LEN"))
                .isEqualTo(text("-ERR If you want both the length and indexes, please just use IDX.\r\n"));
    }

    @Test
    void lcsMatchesABruteForceLengthOnRandomStrings() {
        for (int round = 0; round < 20; round++) {
            String x = randomDna(random.nextInt(30)), y = randomDna(random.nextInt(30));
            String a = key(), b = key();
            jedis.mset(a, x, b, y);
            String seq = jedis.lcs(a, b, redis.clients.jedis.params.LCSParams.LCSParams()).getMatchString();
            assertThat(seq.length()).isEqualTo(lcsLength(x, y));
            assertThat(isSubsequence(seq, x) && isSubsequence(seq, y)).as(x + " / " + y + " -> " + seq).isTrue();
        }
    }

    private String randomDna(int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) sb.append("ACGT".charAt(random.nextInt(4)));
        return sb.toString();
    }

    private static int lcsLength(String x, String y) {
        int[][] t = new int[x.length() + 1][y.length() + 1];
        for (int i = 1; i <= x.length(); i++)
            for (int j = 1; j <= y.length(); j++)
                t[i][j] = x.charAt(i - 1) == y.charAt(j - 1) ? t[i - 1][j - 1] + 1 : Math.max(t[i - 1][j], t[i][j - 1]);
        return t[x.length()][y.length()];
    }

    private static boolean isSubsequence(String s, String of) {
        int i = 0;
        for (int j = 0; j < of.length() && i < s.length(); j++) if (of.charAt(j) == s.charAt(i)) i++;
        return i == s.length();
    }

    // ------------------------------------------------------------------ wrong types

    /** A stand-in for a list: no collection type exists yet, but the type checks must work. */
    private static void plantList(String key) {
        server.onLoop(s -> s.keyspace.db(0).set(key.getBytes(StandardCharsets.UTF_8), new TypedValue() {
            @Override public String typeName() { return "list"; }
            @Override public String encoding() { return "listpack"; }
        }, false));
    }

    /** Replies recorded from redis-server 7.0.15 with L a list (LPUSH L a); "L" is replaced by the key. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "GET L | -WRONGTYPE",
            "SET L v GET | -WRONGTYPE",
            "SET L v NX GET | -WRONGTYPE",
            "SET L v EX 0 GET | -ERR invalid expire time in 'set' command",
            "GETSET L v | -WRONGTYPE",
            "GETDEL L | -WRONGTYPE",
            "GETEX L | -WRONGTYPE",
            "GETEX L EX 0 | -WRONGTYPE",
            "GETEX L BAD | -ERR syntax error",
            "APPEND L x | -WRONGTYPE",
            "STRLEN L | -WRONGTYPE",
            "GETRANGE L 0 1 | -WRONGTYPE",
            "GETRANGE L a 1 | -ERR value is not an integer or out of range",
            "SETRANGE L 0 '' | -WRONGTYPE",
            "SETRANGE L -1 x | -ERR offset is out of range",
            "SETRANGE L 0 x | -WRONGTYPE",
            "INCR L | -WRONGTYPE",
            "INCRBY L x | -ERR value is not an integer or out of range",
            "DECRBY L 1 | -WRONGTYPE",
            "INCRBYFLOAT L x | -WRONGTYPE",
            "INCRBYFLOAT L 1 | -WRONGTYPE",
            "MGET L nokey | *2",
            "LCS L nokey | -ERR The specified keys must contain string values",
            "LCS nokey L BAD | -ERR The specified keys must contain string values",
            "SETNX L v | :0",
            "MSETNX L v other v | :0",
            "SET L v NX | $-1",
    })
    void commandsOnAKeyOfAnotherType(String command, String expectedStart) throws Exception {
        String k = key();
        plantList(k);
        String[] words = command.split(" ");
        for (int i = 0; i < words.length; i++) {
            if (words[i].equals("L")) words[i] = k;
            else if (words[i].equals("''")) words[i] = "";
        }
        String reply = raw.callText(words);
        if (expectedStart.equals("-WRONGTYPE")) {
            assertThat(reply).isEqualTo(text("-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"));
        } else {
            assertThat(reply).startsWith(text(expectedStart));
        }
        assertThat(peek(k).typeName()).as("the list is untouched").isEqualTo("list");
    }

    @Test
    void setAndMsetOverwriteAnyType() {
        String a = key(), b = key();
        plantList(a);
        plantList(b);
        assertThat(jedis.set(a, "v")).isEqualTo("OK");
        assertThat(jedis.mset(b, "w")).isEqualTo("OK");
        assertThat(jedis.mget(a, b)).containsExactly("v", "w");
        assertThat(encoding(a)).isEqualTo("embstr");
    }

    // ------------------------------------------------------------------ helpers

    private static byte[] bytes(String s) { return s.getBytes(StandardCharsets.ISO_8859_1); }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) n += p.length;
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    @Test
    void wrongArityIsReported() throws Exception {
        assertThat(raw.callText("GETRANGE", "k", "0")).isEqualTo(text("-ERR wrong number of arguments for 'getrange' command\r\n"));
        assertThat(raw.callText("INCRBYFLOAT", "k")).isEqualTo(text("-ERR wrong number of arguments for 'incrbyfloat' command\r\n"));
    }
}
