package dev.rediscover.ops;

import dev.rediscover.embedded.RediscoverServer;
import dev.rediscover.server.ManualClock;
import dev.rediscover.testing.RawClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Protocol;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SlowLogTest {
    private final ManualClock clock = new ManualClock(1_700_000_000_000L);
    private RediscoverServer server;
    private Jedis jedis;

    @BeforeEach
    void start() {
        server = RediscoverServer.start(clock);
        jedis = new Jedis(server.host(), server.port());
        jedis.configSet("slowlog-log-slower-than", "0");
        jedis.sendCommand(Protocol.Command.SLOWLOG, "RESET");
    }

    @AfterEach
    void stop() {
        jedis.close();
        server.close();
    }

    private List<?> get(String... count) {
        String[] args = new String[count.length + 1];
        args[0] = "GET";
        System.arraycopy(count, 0, args, 1, count.length);
        return (List<?>) jedis.sendCommand(Protocol.Command.SLOWLOG, args);
    }

    private static String s(Object bulk) { return new String((byte[]) bulk, StandardCharsets.UTF_8); }

    @SuppressWarnings("unchecked")
    private static List<String> argv(Object entry) {
        return ((List<Object>) ((List<?>) entry).get(3)).stream().map(SlowLogTest::s).toList();
    }

    @Test
    void anEntryHasIdTimeDurationArgsPeerAndName() {
        String key = "k-" + UUID.randomUUID();
        jedis.clientSetname("the-logger");
        clock.advanceMillis(5_000);
        jedis.set(key, "v");
        List<?> entries = get("1");
        List<?> e = (List<?>) entries.get(0);
        assertThat(e).hasSize(6);
        assertThat((Long) e.get(1)).isEqualTo(1_700_000_005L);
        assertThat((Long) e.get(2)).isGreaterThanOrEqualTo(0);
        assertThat(argv(e)).containsExactly("SET", key, "v");
        assertThat(s(e.get(4))).startsWith("127.0.0.1:");
        assertThat(s(e.get(5))).isEqualTo("the-logger");
    }

    @Test
    void newestFirstWithIncreasingIdsThatSurviveReset() {
        jedis.set("a", "1");
        jedis.set("b", "2");
        List<?> two = get("2");
        long newer = (Long) ((List<?>) two.get(0)).get(0), older = (Long) ((List<?>) two.get(1)).get(0);
        assertThat(newer).isEqualTo(older + 1);
        assertThat(argv(two.get(0))).containsExactly("SET", "b", "2");
        jedis.sendCommand(Protocol.Command.SLOWLOG, "RESET");
        List<?> after = get();
        assertThat(after).hasSize(1);                 // SLOWLOG RESET itself, logged after it ran
        assertThat((Long) ((List<?>) after.get(0)).get(0)).isGreaterThan(newer + 1);
    }

    @Test
    void defaultCountIsTenAndMinusOneMeansAll() {
        for (int i = 0; i < 15; i++) jedis.ping();
        assertThat(get()).hasSize(10);
        assertThat(get("-1")).hasSizeGreaterThanOrEqualTo(17);
        assertThat(get("0")).isEmpty();
        assertThatThrownBy(() -> get("-2")).hasMessageContaining("count should be greater than or equal to -1");
    }

    @Test
    void thresholdAndLengthAreReadLive() {
        jedis.configSet("slowlog-log-slower-than", "-1");
        jedis.sendCommand(Protocol.Command.SLOWLOG, "RESET");
        jedis.ping();
        assertThat((Long) jedis.sendCommand(Protocol.Command.SLOWLOG, "LEN")).isZero();
        jedis.configSet("slowlog-log-slower-than", "1000000000");
        jedis.ping();
        assertThat((Long) jedis.sendCommand(Protocol.Command.SLOWLOG, "LEN")).isZero();
        jedis.configSet("slowlog-log-slower-than", "0");
        jedis.configSet("slowlog-max-len", "3");
        for (int i = 0; i < 10; i++) jedis.ping();
        assertThat((Long) jedis.sendCommand(Protocol.Command.SLOWLOG, "LEN")).isEqualTo(3);
    }

    @Test
    void longArgumentsAndLongCommandsAreCut() {
        String big = "x".repeat(300);
        jedis.set("big", big);
        assertThat(argv(get("1").get(0))).containsExactly("SET", "big", "x".repeat(128) + "... (172 more bytes)");
        String[] many = new String[50];
        for (int i = 0; i < many.length; i++) many[i] = "m" + i;
        jedis.rpush("many", many);
        List<String> args = argv(get("1").get(0));
        assertThat(args).hasSize(32);
        assertThat(args.get(30)).isEqualTo("m28");
        assertThat(args.get(31)).isEqualTo("... (21 more arguments)");
    }

    @Test
    void passwordsAreRedacted() throws Exception {
        try (RawClient raw = new RawClient(server.port())) {
            raw.call("AUTH", "secret-one");
            raw.call("CONFIG", "SET", "masterauth", "secret-two");
            raw.call("ACL", "SETUSER", "someone", ">secret-three");
        }
        List<?> all = get("3");
        assertThat(argv(all.get(0))).containsExactly("ACL", "SETUSER", "(redacted)", "(redacted)");
        assertThat(argv(all.get(1))).containsExactly("CONFIG", "SET", "masterauth", "(redacted)");
        assertThat(argv(all.get(2))).containsExactly("AUTH", "(redacted)");
    }

    @Test
    void execIsNotLoggedButTheCommandsItRanAre() throws Exception {
        try (RawClient raw = new RawClient(server.port())) {
            raw.call("MULTI");
            raw.call("SET", "t", "1");
            raw.call("EXEC");
        }
        List<?> all = get("2");
        assertThat(argv(all.get(0))).containsExactly("SET", "t", "1");
        assertThat(argv(all.get(1))).containsExactly("MULTI");
    }

    @Test
    void aLoggedArgumentDoesNotChangeWhenTheValueDoes() {
        jedis.set("grow", "abc");
        jedis.append("grow", "def");
        assertThat(argv(get("2").get(1))).containsExactly("SET", "grow", "abc");
    }
}
