/*
 * CLIENT PAUSE / UNPAUSE against Redis 7.0.15's behaviour (measured on redis-server): ALL parks
 * everyone, the pausing client too; WRITE parks writes, "may replicate" commands (PUBLISH) and
 * MULTI's writes, reads go on; parked clients show as blocked; a later pause never shortens;
 * keys neither expire nor get deleted while paused. Time is a ManualClock: whether a client is
 * parked is asked on the loop, never guessed from a wait.
 */
package dev.rediscover.ops;

import dev.rediscover.embedded.EngineOnManualClock;
import dev.rediscover.server.Client;
import dev.rediscover.server.ManualClock;
import dev.rediscover.testing.RawClient;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class ClientPauseTest extends EngineOnManualClock {
    private static String key() { return "k:" + UUID.randomUUID(); }

    private int parked() { return server.onLoop(s -> ClientPause.of(s).parkedClients()); }

    /** Wait (bounded) until n clients are parked: their commands reach the loop asynchronously. */
    private void awaitParked(int n) throws InterruptedException { await("parked clients", n, this::parked); }

    /** Let the loop look at the clock, as its timer and cron do. */
    private boolean checkPaused() { return server.onLoop(s -> ClientPause.of(s).isPaused()); }

    private String clientLine(long id) {
        return server.onLoop(s -> {
            StringBuilder sb = new StringBuilder();
            ClientCommands.describe(s.client(id), sb);
            return sb.toString();
        });
    }

    private static long id(RawClient c) throws IOException {
        return Long.parseLong(new String(c.call("CLIENT", "ID")).substring(1).trim());
    }

    @Test
    void allParksEveryoneAndThePauserUntilTheClockPassesTheEnd() throws Exception {
        RawClient a = connect(), b = connect();
        String k = key();
        long idB = id(b);
        assertThat(a.callText("CLIENT", "PAUSE", "1000", "ALL")).isEqualTo("+OK\\r\\n");
        b.sendCommand("SET", k, "v");
        awaitParked(1);
        assertThat(clientLine(idB)).contains(" flags=b ", " cmd=set ");
        a.sendCommand("GET", k);               // the pausing client is held too
        awaitParked(2);
        assertThat((boolean) server.onLoop(s -> s.keyspace.db(0).peek(k.getBytes()) == null)).isTrue();
        clock.advanceMillis(1000);
        assertThat(checkPaused()).isTrue();    // released once the clock is past the end, not at it
        assertThat(parked()).isEqualTo(2);
        clock.advanceMillis(1);
        assertThat(checkPaused()).isFalse();
        assertThat(b.readText()).isEqualTo("+OK\\r\\n");
        assertThat(a.readText()).isEqualTo("$1\\r\\nv\\r\\n");
        assertThat(clientLine(idB)).contains(" flags=N ");
    }

    @Test
    void theLoopReleasesClientsOnItsOwnOnceTheClockMoves() throws Exception {
        RawClient a = connect(), b = connect();
        assertThat(a.callText("CLIENT", "PAUSE", "50")).isEqualTo("+OK\\r\\n");   // ALL by default
        b.sendCommand("PING");
        awaitParked(1);
        clock.advanceMillis(51);
        assertThat(b.readText()).isEqualTo("+PONG\\r\\n");   // the cron or the pause's timer saw it
    }

    @Test
    void writeParksWritesMayReplicateAndQueuedWritesButNotReads() throws Exception {
        RawClient a = connect(), reader = connect(), writer = connect(), pub = connect(), tx = connect(), roTx = connect();
        String k = key();
        assertThat(a.callText("SET", k, "old")).isEqualTo("+OK\\r\\n");
        assertThat(a.callText("CLIENT", "PAUSE", "100000", "WRITE")).isEqualTo("+OK\\r\\n");
        assertThat(reader.callText("GET", k)).isEqualTo("$3\\r\\nold\\r\\n");
        writer.sendCommand("SET", k, "new");
        awaitParked(1);
        pub.sendCommand("PUBLISH", "ch", "m");
        awaitParked(2);
        assertThat(tx.callText("MULTI")).isEqualTo("+OK\\r\\n");
        tx.sendCommand("INCR", key());          // parked already when it would be queued
        awaitParked(3);
        assertThat(roTx.callText("MULTI")).isEqualTo("+OK\\r\\n");
        assertThat(roTx.callText("GET", k)).isEqualTo("+QUEUED\\r\\n");
        assertThat(roTx.callText("EXEC")).isEqualTo("*1\\r\\n$3\\r\\nold\\r\\n");
        assertThat(a.callText("INFO", "clients")).contains("blocked_clients:3\\r\\n", "clients_in_timeout_table:0\\r\\n");
        assertThat(a.callText("CLIENT", "UNPAUSE")).isEqualTo("+OK\\r\\n");
        assertThat(writer.readText()).isEqualTo("+OK\\r\\n");
        assertThat(pub.readText()).isEqualTo(":0\\r\\n");
        assertThat(tx.readText()).isEqualTo("+QUEUED\\r\\n");
        assertThat(tx.callText("EXEC")).isEqualTo("*1\\r\\n:1\\r\\n");
        assertThat(a.callText("GET", k)).isEqualTo("$3\\r\\nnew\\r\\n");
        assertThat(a.callText("INFO", "clients")).contains("blocked_clients:0\\r\\n");
    }

    @Test
    void execWithAQueuedWriteWaitsForTheEndOfAWritePause() throws Exception {
        RawClient a = connect(), tx = connect();
        String k = key();
        assertThat(tx.callText("MULTI")).isEqualTo("+OK\\r\\n");
        assertThat(tx.callText("SET", k, "1")).isEqualTo("+QUEUED\\r\\n");
        assertThat(a.callText("CLIENT", "PAUSE", "100000", "WRITE")).isEqualTo("+OK\\r\\n");
        tx.sendCommand("EXEC");
        awaitParked(1);
        assertThat(a.callText("CLIENT", "UNPAUSE")).isEqualTo("+OK\\r\\n");
        assertThat(tx.readText()).isEqualTo("*1\\r\\n+OK\\r\\n");
    }

    @Test
    void pipelinedCommandsRunInOrderAfterTheParkedOne() throws Exception {
        RawClient a = connect(), b = connect();
        String k = key();
        assertThat(a.callText("CLIENT", "PAUSE", "100000", "WRITE")).isEqualTo("+OK\\r\\n");
        byte[] one = RawClient.encode("SET", k, "1"), two = RawClient.encode("GET", k), three = RawClient.encode("INCR", k);
        byte[] all = new byte[one.length + two.length + three.length];
        System.arraycopy(one, 0, all, 0, one.length);
        System.arraycopy(two, 0, all, one.length, two.length);
        System.arraycopy(three, 0, all, one.length + two.length, three.length);
        b.send(all);
        awaitParked(1);
        assertThat(a.callText("CLIENT", "UNPAUSE")).isEqualTo("+OK\\r\\n");
        assertThat(b.readText()).isEqualTo("+OK\\r\\n");
        assertThat(b.readText()).isEqualTo("$1\\r\\n1\\r\\n");
        assertThat(b.readText()).isEqualTo(":2\\r\\n");
    }

    @Test
    void aLaterPauseExtendsAndHardensButNeverShortens() throws Exception {
        RawClient a = connect(), b = connect();
        assertThat(a.callText("CLIENT", "PAUSE", "1000", "WRITE")).isEqualTo("+OK\\r\\n");
        assertThat(a.callText("CLIENT", "PAUSE", "10", "WRITE")).isEqualTo("+OK\\r\\n");
        assertThat(a.callText("CLIENT", "PAUSE", "10", "ALL")).isEqualTo("+OK\\r\\n");
        clock.advanceMillis(500);
        assertThat(checkPaused()).isTrue();
        b.sendCommand("GET", key());           // a read: held, because the mode is ALL now
        awaitParked(1);
        clock.advanceMillis(501);
        assertThat(checkPaused()).isFalse();
        assertThat(b.readText()).isEqualTo("$-1\\r\\n");
    }

    @Test
    void keysDoNotExpireWhilePausedButReadAsMissing() throws Exception {
        RawClient a = connect();
        String k = key();
        assertThat(a.callText("SET", k, "v", "PX", "100")).isEqualTo("+OK\\r\\n");
        assertThat(a.callText("CLIENT", "PAUSE", "100000", "WRITE")).isEqualTo("+OK\\r\\n");
        clock.advanceMillis(200);
        assertThat(a.callText("GET", k)).isEqualTo("$-1\\r\\n");
        server.onLoop(s -> { s.activeExpire.slowCycle(); return null; });
        assertThat(a.callText("DBSIZE")).isEqualTo(":1\\r\\n");
        assertThat(a.callText("INFO", "stats")).contains("expired_keys:0\\r\\n");
        assertThat(a.callText("CLIENT", "UNPAUSE")).isEqualTo("+OK\\r\\n");
        assertThat(a.callText("GET", k)).isEqualTo("$-1\\r\\n");
        assertThat(a.callText("DBSIZE")).isEqualTo(":0\\r\\n");
    }

    @Test
    void aHugeTimeoutWrapsToNoPauseAsInRedis() throws Exception {
        RawClient a = connect();
        assertThat(a.callText("CLIENT", "PAUSE", "9223372036854775807", "ALL")).isEqualTo("+OK\\r\\n");
        assertThat(a.callText("PING")).isEqualTo("+PONG\\r\\n");
    }

    @Test
    void errorsAreRedisWordForWord() throws Exception {
        RawClient a = connect();
        assertThat(a.callText("CLIENT", "PAUSE", "abc", "foo")).isEqualTo("-ERR CLIENT PAUSE mode must be WRITE or ALL\\r\\n");
        assertThat(a.callText("CLIENT", "PAUSE", "abc")).isEqualTo("-ERR timeout is not an integer or out of range\\r\\n");
        assertThat(a.callText("CLIENT", "PAUSE", "1.5")).isEqualTo("-ERR timeout is not an integer or out of range\\r\\n");
        assertThat(a.callText("CLIENT", "PAUSE", "-1", "write")).isEqualTo("-ERR timeout is negative\\r\\n");
        assertThat(a.callText("CLIENT", "PAUSE", "1", "all", "x"))
                .isEqualTo("-ERR unknown subcommand or wrong number of arguments for 'PAUSE'. Try CLIENT HELP.\\r\\n");
        assertThat(a.callText("CLIENT", "UNPAUSE", "x")).isEqualTo("-ERR wrong number of arguments for 'client|unpause' command\\r\\n");
        assertThat(checkPaused()).isFalse();
    }

    /**
     * DIFFERENCE: redis-server 7.0.15 crashes here ("Unknown btype in replyToBlockedClientTimedOut",
     * blocked.c): a parked client is not blocked on keys. We answer 0 and leave it parked.
     */
    @Test
    void clientUnblockDoesNotReleaseAParkedClient() throws Exception {
        RawClient a = connect(), b = connect();
        long idB = id(b);
        assertThat(a.callText("CLIENT", "PAUSE", "100000", "WRITE")).isEqualTo("+OK\\r\\n");
        b.sendCommand("SET", key(), "v");
        awaitParked(1);
        assertThat(a.callText("CLIENT", "UNBLOCK", Long.toString(idB))).isEqualTo(":0\\r\\n");
        assertThat(a.callText("CLIENT", "UNBLOCK", Long.toString(idB), "ERROR")).isEqualTo(":0\\r\\n");
        assertThat(parked()).isEqualTo(1);
        assertThat(a.callText("CLIENT", "UNPAUSE")).isEqualTo("+OK\\r\\n");
        assertThat(b.readText()).isEqualTo("+OK\\r\\n");
    }

    @Test
    void aParkedClientThatHangsUpIsForgotten() throws Exception {
        RawClient a = connect(), b = connect();
        assertThat(a.callText("CLIENT", "PAUSE", "100000", "WRITE")).isEqualTo("+OK\\r\\n");
        b.sendCommand("SET", key(), "v");
        awaitParked(1);
        b.close();
        awaitParked(0);
        assertThat(a.callText("CLIENT", "UNPAUSE")).isEqualTo("+OK\\r\\n");
        assertThat(a.callText("PING")).isEqualTo("+PONG\\r\\n");
        assertThat((boolean) server.onLoop(s -> s.clients().stream().noneMatch(x -> x.has(Client.BLOCKED)))).isTrue();
    }
}
