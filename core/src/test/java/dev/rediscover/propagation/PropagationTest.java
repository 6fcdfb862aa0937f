/*
 * What the propagation layer hands to its targets (the AOF, replicas), checked with a recording
 * target and a ManualClock so absolute times are exact. The comparison with what redis-server
 * really writes is PropagationDifferentialTest (run with -Pdifferential); these run everywhere.
 */
package dev.rediscover.propagation;

import dev.rediscover.embedded.RediscoverServer;
import dev.rediscover.server.ManualClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.SetParams;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class PropagationTest {
    static final long T0 = 1_700_000_000_000L;

    private final ManualClock clock = new ManualClock(T0);
    private final List<String> seen = new CopyOnWriteArrayList<>();
    private RediscoverServer server;
    private Jedis jedis;

    @BeforeEach
    void start() throws Exception {
        server = RediscoverServer.start(clock);
        CompletableFuture<Void> added = new CompletableFuture<>();
        server.server().loop().execute(() -> {
            Propagation.of(server.server()).addTarget((db, argv) -> seen.add(db + " " + text(argv)));
            added.complete(null);
        });
        added.get(5, TimeUnit.SECONDS);
        jedis = new Jedis("127.0.0.1", server.port());
    }

    @AfterEach
    void stop() {
        jedis.close();
        server.close();
    }

    private static String text(byte[][] argv) {
        List<String> words = new ArrayList<>();
        for (byte[] a : argv) words.add(new String(a, StandardCharsets.UTF_8));
        return String.join(" ", words);
    }

    @Test
    void relativeExpiryBecomesAbsolute() {
        jedis.set("a", "1", SetParams.setParams().ex(10));
        jedis.setex("b", 5, "2");
        jedis.expire("a", 100);
        jedis.pexpire("b", -1);
        assertThat(seen).containsExactly(
                "0 SET a 1 PXAT " + (T0 + 10_000),
                "0 SET b 2 PXAT " + (T0 + 5_000),
                "0 PEXPIREAT a " + (T0 + 100_000),
                "0 DEL b");
    }

    @Test
    void restoreWithARelativeTtlIsPropagatedWithAnAbsoluteOne() {
        jedis.set("src", "v");
        byte[] payload = jedis.dump("src");
        seen.clear();
        jedis.restore("r1".getBytes(StandardCharsets.UTF_8), 10_000, payload);
        jedis.restore("r2".getBytes(StandardCharsets.UTF_8), 0, payload);
        assertThat(seen).hasSize(2);
        assertThat(seen.get(0)).startsWith("0 RESTORE r1 " + (T0 + 10_000) + " ").endsWith(" ABSTTL");
        assertThat(seen.get(1)).startsWith("0 RESTORE r2 0 ").doesNotContain("ABSTTL");
    }

    @Test
    void restoreReplacingWithAnExpiredTtlIsPropagatedAsDel() {
        jedis.set("k", "old");
        byte[] payload = jedis.dump("k");
        seen.clear();
        jedis.restore("k".getBytes(StandardCharsets.UTF_8), T0 - 1,  payload,
                redis.clients.jedis.params.RestoreParams.restoreParams().replace().absTtl());
        assertThat(seen).containsExactly("0 DEL k");
        assertThat(jedis.exists("k")).isFalse();
    }

    @Test
    void commandsThatChangeNothingAreNotPropagated() {
        jedis.set("k", "v");
        jedis.get("k");
        jedis.del("missing");
        jedis.set("k", "w", SetParams.setParams().nx());
        jedis.expire("missing", 10);
        jedis.sadd("s", "a");
        jedis.sadd("s", "a");
        assertThat(seen).containsExactly("0 SET k v", "0 SADD s a");
    }

    @Test
    void transactionsAreWrappedUnlessTheyWriteOnce() {
        var t = jedis.multi();
        t.set("a", "1");
        t.get("a");
        t.incr("b");
        t.exec();
        t = jedis.multi();
        t.set("c", "1");
        t.get("c");
        t.exec();
        t = jedis.multi();
        t.get("c");
        t.exec();
        assertThat(seen).containsExactly("0 MULTI", "0 SET a 1", "0 INCR b", "0 EXEC", "0 SET c 1");
    }

    @Test
    void keysFoundExpiredArePropagatedAsDelWithTheCommand() {
        jedis.set("x", "1", SetParams.setParams().px(10));
        jedis.set("y", "1", SetParams.setParams().px(10));
        clock.advanceMillis(11);
        assertThat(jedis.get("x")).isNull();
        jedis.set("y", "2");
        assertThat(seen).containsExactly(
                "0 SET x 1 PXAT " + (T0 + 10), "0 SET y 1 PXAT " + (T0 + 10),
                "0 DEL x",
                "0 MULTI", "0 DEL y", "0 SET y 2", "0 EXEC");
    }

    @Test
    void floatIncrementsPropagateTheirResult() {
        jedis.incrByFloat("f", 0.1);
        jedis.hincrByFloat("h", "g", 1.5);
        assertThat(seen).containsExactly("0 SET f 0.1 KEEPTTL", "0 HSET h g 1.5");
    }

    @Test
    void aServedBlockedPopFollowsThePushThatWokeIt() throws Exception {
        try (Jedis blocked = new Jedis("127.0.0.1", server.port())) {
            var reply = CompletableFuture.supplyAsync(() -> blocked.blpop(0, "q"));
            long deadline = System.currentTimeMillis() + 5000;
            while (!jedis.clientList().contains("cmd=blpop") && System.currentTimeMillis() < deadline) Thread.sleep(2);
            jedis.rpush("q", "a", "b");
            assertThat(reply.get(5, TimeUnit.SECONDS)).containsExactly("q", "a");
        }
        assertThat(seen).containsExactly("0 RPUSH q a b", "0 LPOP q");
    }

    @Test
    void eachCommandCarriesItsDatabase() {
        jedis.select(3);
        jedis.set("k", "v");
        jedis.select(0);
        jedis.move("nothing", 3);
        jedis.set("k", "v");
        assertThat(seen).containsExactly("3 SET k v", "0 SET k v");
    }

    @Test
    void randomPopsPropagateWhatTheyChose() {
        jedis.sadd("s", "only");
        jedis.spop("s");
        jedis.sadd("s", "a", "b", "c");
        var popped = jedis.spop("s", 3);
        assertThat(seen.subList(0, 3)).containsExactly("0 SADD s only", "0 SREM s only", "0 SADD s a b c");
        assertThat(seen.get(3)).isEqualTo("0 DEL s");
        assertThat(popped).hasSize(3);
    }
}
