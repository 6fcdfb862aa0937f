/*
 * BZPOPMIN, BZPOPMAX and BZMPOP through the blocking subsystem, with several connections as in
 * the lists' BlockingTest: first-come first-served per key, wake-ups from every kind of sorted-set
 * write (ZADD, ZINCRBY, ZUNIONSTORE, ZRANGESTORE, RENAME), a wrong-type write that keeps the
 * waiter waiting, timeouts on a ManualClock, CLIENT UNBLOCK, and no blocking inside MULTI.
 */
package dev.rediscover.types.zset;

import dev.rediscover.embedded.EngineOnManualClock;
import dev.rediscover.embedded.RediscoverServer;
import dev.rediscover.server.ManualClock;
import dev.rediscover.testing.RawClient;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class BlockingZPopTest extends EngineOnManualClock {
    private static String key() { return "z:" + UUID.randomUUID(); }

    private void checkTimeouts() { server.onLoop(s -> { s.blocking.checkTimeouts(); return null; }); }

    private static String arr(String... items) {
        StringBuilder sb = new StringBuilder("*" + items.length + "\\r\\n");
        for (String s : items) sb.append(bulk(s));
        return sb.toString();
    }

    private static String bulk(String s) {
        return "$" + s.getBytes(StandardCharsets.UTF_8).length + "\\r\\n" + s + "\\r\\n";
    }

    private long clientId(RawClient c) throws IOException {
        String r = c.callText("CLIENT", "ID");
        return Long.parseLong(r.substring(1, r.indexOf('\\')));
    }

    @Test
    void waitersAreServedFirstComeFirstServed() throws Exception {
        String k = key();
        RawClient a = connect(), b = connect(), c = connect(), writer = connect();
        a.sendCommand("BZPOPMIN", k, "0");
        awaitBlocked(1);
        b.sendCommand("BZPOPMAX", k, "0");
        awaitBlocked(2);
        c.sendCommand("BZMPOP", "0", "1", k, "MIN", "COUNT", "5");
        awaitBlocked(3);
        assertThat(writer.callText("ZADD", k, "1", "one", "2", "two", "3", "three", "4", "four"))
                .isEqualTo(":4\\r\\n");
        assertThat(a.readText()).isEqualTo(arr(k, "one", "1"));
        assertThat(b.readText()).isEqualTo(arr(k, "four", "4"));
        assertThat(c.readText()).isEqualTo("*2\\r\\n" + bulk(k) + "*2\\r\\n" + arr("two", "2") + arr("three", "3"));
        assertThat(writer.callText("EXISTS", k)).isEqualTo(":0\\r\\n");
        assertThat(blocked()).isZero();
    }

    @Test
    void everyKindOfSortedSetWriteWakesTheWaiter() throws Exception {
        String k = key(), src = key();
        RawClient waiter = connect(), writer = connect();

        waiter.sendCommand("BZPOPMIN", k, "0");
        awaitBlocked(1);
        writer.call("ZINCRBY", k, "2.5", "m");
        assertThat(waiter.readText()).isEqualTo(arr(k, "m", "2.5"));

        writer.call("ZADD", src, "7", "u");
        waiter.sendCommand("BZPOPMAX", "other-" + k, k, "0");
        awaitBlocked(1);
        writer.call("ZUNIONSTORE", k, "1", src);
        assertThat(waiter.readText()).isEqualTo(arr(k, "u", "7"));

        waiter.sendCommand("BZMPOP", "0", "2", "other-" + k, k, "MAX");
        awaitBlocked(1);
        writer.call("ZRANGESTORE", k, src, "0", "-1");
        assertThat(waiter.readText()).isEqualTo("*2\\r\\n" + bulk(k) + "*1\\r\\n" + arr("u", "7"));

        waiter.sendCommand("BZPOPMIN", k, "0");
        awaitBlocked(1);
        writer.call("RENAME", src, k);
        assertThat(waiter.readText()).isEqualTo(arr(k, "u", "7"));
        assertThat(writer.callText("EXISTS", k, src)).isEqualTo(":0\\r\\n");
    }

    @Test
    void aWrongTypeOrEmptyingWriteKeepsTheClientWaiting() throws Exception {
        String k = key();
        RawClient waiter = connect(), writer = connect();
        waiter.sendCommand("BZPOPMIN", k, "0");
        awaitBlocked(1);
        writer.call("RPUSH", k, "a list");
        assertThat(blocked()).isEqualTo(1);
        writer.call("DEL", k);
        writer.call("ZADD", k, "5", "z");
        assertThat(waiter.readText()).isEqualTo(arr(k, "z", "5"));
    }

    @Test
    void timeoutsFollowTheServerClock() throws Exception {
        RawClient a = connect(), b = connect();
        a.sendCommand("BZPOPMIN", key(), "0.25");
        b.sendCommand("BZMPOP", "1", "1", key(), "MIN");
        awaitBlocked(2);
        clock.advanceMillis(250);
        checkTimeouts();
        assertThat(blocked()).as("at exactly the deadline the client still waits").isEqualTo(2);
        clock.advanceMillis(1);
        checkTimeouts();
        assertThat(a.readText()).isEqualTo("*-1\\r\\n");
        clock.advanceMillis(750);
        checkTimeouts();
        assertThat(b.readText()).isEqualTo("*-1\\r\\n");
        assertThat(blocked()).isZero();
        assertThat(a.callText("PING")).isEqualTo("+PONG\\r\\n");
    }

    @Test
    void clientUnblockAndMulti() throws Exception {
        RawClient a = connect(), admin = connect();
        long id = clientId(a);
        a.sendCommand("BZPOPMAX", key(), "0");
        awaitBlocked(1);
        assertThat(admin.callText("CLIENT", "UNBLOCK", Long.toString(id))).isEqualTo(":1\\r\\n");
        assertThat(a.readText()).isEqualTo("*-1\\r\\n");
        a.sendCommand("BZMPOP", "0", "1", key(), "MIN");
        awaitBlocked(1);
        assertThat(admin.callText("CLIENT", "UNBLOCK", Long.toString(id), "ERROR")).isEqualTo(":1\\r\\n");
        assertThat(a.readText()).isEqualTo("-UNBLOCKED client unblocked via CLIENT UNBLOCK\\r\\n");

        // Inside MULTI a blocking pop cannot wait: EXEC answers nil for each at once.
        assertThat(a.callText("MULTI")).isEqualTo("+OK\\r\\n");
        assertThat(a.callText("BZPOPMIN", key(), "0")).isEqualTo("+QUEUED\\r\\n");
        assertThat(a.callText("BZMPOP", "0", "1", key(), "MAX")).isEqualTo("+QUEUED\\r\\n");
        assertThat(a.callText("EXEC")).isEqualTo("*2\\r\\n*-1\\r\\n*-1\\r\\n");
        assertThat(blocked()).isZero();
    }

    @Test
    void infoCountsBlockedClientsAndTheirTimeouts() throws Exception {
        RawClient a = connect(), b = connect(), admin = connect();
        assertThat(admin.callText("INFO", "clients")).contains("blocked_clients:0").contains("clients_in_timeout_table:0");
        a.sendCommand("BZPOPMIN", key(), "0");
        b.sendCommand("BLPOP", key(), "5");
        awaitBlocked(2);
        assertThat(admin.callText("INFO", "clients")).contains("blocked_clients:2").contains("clients_in_timeout_table:1");
        clock.advanceMillis(5001);
        checkTimeouts();
        assertThat(b.readText()).isEqualTo("*-1\\r\\n");
        assertThat(admin.callText("INFO", "clients")).contains("blocked_clients:1").contains("clients_in_timeout_table:0");
    }

    @Test
    void twoServersInOneJvmBlockIndependently() throws Exception {
        try (RediscoverServer other = RediscoverServer.start(clock);
             RawClient x = new RawClient(other.port())) {
            String k = key();
            RawClient waiter = connect();
            waiter.sendCommand("BZPOPMIN", k, "0");
            awaitBlocked(1);
            x.call("ZADD", k, "1", "elsewhere");
            assertThat(blocked()).as("a write on another server wakes nobody here").isEqualTo(1);
            connect().call("ZADD", k, "2", "here");
            assertThat(waiter.readText()).isEqualTo(arr(k, "here", "2"));
        }
    }
}
