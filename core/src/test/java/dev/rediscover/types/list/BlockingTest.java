/*
 * Blocking list commands with several connections: first-come first-served per key, wake-ups
 * from every kind of write (RPUSH, LMOVE, RENAME, a served BLMOVE), timeouts driven by a
 * ManualClock (checked on the loop, no sleeping for them), a client hanging up while blocked,
 * pipelined commands that run only after the blocking one is served, CLIENT UNBLOCK, and the
 * no-blocking rule for transactions (BLPOP and friends inside MULTI/EXEC).
 *
 * "Is it blocked yet?" is asked of the server (Blocking.blockedClients on the loop), never
 * guessed with sleeps, so the tests are deterministic.
 */
package dev.rediscover.types.list;

import dev.rediscover.embedded.EngineOnManualClock;
import dev.rediscover.server.ManualClock;
import dev.rediscover.testing.RawClient;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class BlockingTest extends EngineOnManualClock {
    private static String key() { return "k:" + UUID.randomUUID(); }

    private int blockingKeys() {
        Integer n = server.onLoop(s -> s.blocking.blockingKeys());
        return n;
    }

    private boolean unblock(long id, boolean withError) {
        Boolean done = server.onLoop(s -> s.blocking.unblockById(id, withError));
        return done;
    }

    private static String arr(String... items) {
        StringBuilder sb = new StringBuilder("*" + items.length + "\\r\\n");
        for (String s : items) sb.append('$').append(s.getBytes(StandardCharsets.UTF_8).length).append("\\r\\n").append(s).append("\\r\\n");
        return sb.toString();
    }

    private static String bulk(String s) { return "$" + s.length() + "\\r\\n" + s + "\\r\\n"; }

    private long clientId(RawClient c) throws IOException {
        String r = new String(c.call("CLIENT", "ID"), StandardCharsets.US_ASCII);
        if (r.startsWith(":")) return Long.parseLong(r.substring(1).strip());
        // CLIENT is not registered on this branch yet: find the newest connection instead
        return server.onLoop(s -> s.clients().stream().mapToLong(x -> x.id).max().orElseThrow());
    }

    @Test
    void waitersAreServedFirstComeFirstServed() throws Exception {
        String k = key();
        RawClient a = connect(), b = connect(), c = connect(), pusher = connect();
        a.sendCommand("BLPOP", k, "0");
        awaitBlocked(1);
        b.sendCommand("BLPOP", k, "0");
        awaitBlocked(2);
        c.sendCommand("BRPOP", k, "0");
        awaitBlocked(3);
        assertThat(pusher.callText("RPUSH", k, "one", "two", "three")).isEqualTo(":3\\r\\n");
        assertThat(a.readText()).isEqualTo(arr(k, "one"));
        assertThat(b.readText()).isEqualTo(arr(k, "two"));
        assertThat(c.readText()).isEqualTo(arr(k, "three"));     // BRPOP pops the tail of what is left
        assertThat(pusher.callText("EXISTS", k)).isEqualTo(":0\\r\\n");
        assertThat(blocked()).isZero();
    }

    @Test
    void aPushServesWaitersBeforeThePushersNextCommand() throws Exception {
        String k = key();
        RawClient waiter = connect(), pusher = connect();
        waiter.sendCommand("BLPOP", k, "0");
        awaitBlocked(1);
        // one write holding both commands: Redis serves the waiter right after LPUSH
        pusher.send(RawClient.encode("LPUSH", k, "v"));
        pusher.send(RawClient.encode("LPOP", k));
        assertThat(pusher.readText()).isEqualTo(":1\\r\\n");
        assertThat(pusher.readText()).isEqualTo("$-1\\r\\n");
        assertThat(waiter.readText()).isEqualTo(arr(k, "v"));
    }

    @Test
    void timeoutsFollowTheServerClockToTheMillisecond() throws Exception {
        String k = key();
        RawClient a = connect(), b = connect();
        a.sendCommand("BRPOP", k, "5");
        b.sendCommand("BLMOVE", k, "dst", "LEFT", "RIGHT", "0.25");
        awaitBlocked(2);
        clock.advanceMillis(250);
        server.onLoop(s -> { s.blocking.checkTimeouts(); return null; });
        assertThat(blocked()).as("at exactly the deadline the client still waits").isEqualTo(2);
        clock.advanceMillis(1);
        server.onLoop(s -> { s.blocking.checkTimeouts(); return null; });
        assertThat(b.readText()).as("BLMOVE times out with a null array, as Redis 7.0").isEqualTo("*-1\\r\\n");
        assertThat(blocked()).isEqualTo(1);
        clock.advanceMillis(4750);
        server.onLoop(s -> { s.blocking.checkTimeouts(); return null; });
        assertThat(blocked()).isEqualTo(0);
        assertThat(a.readText()).isEqualTo("*-1\\r\\n");
        // the connection goes on normally afterwards
        assertThat(a.callText("PING")).isEqualTo("+PONG\\r\\n");
    }

    @Test
    void cronTimesOutClientsOnItsOwn() throws Exception {
        RawClient a = connect();
        a.sendCommand("BLPOP", key(), "1");
        awaitBlocked(1);
        clock.advanceMillis(1001);
        assertThat(a.readText()).isEqualTo("*-1\\r\\n");     // within one cron tick (100 ms)
    }

    @Test
    void zeroTimeoutWaitsForever() throws Exception {
        String k = key();
        RawClient a = connect(), b = connect();
        a.sendCommand("BLPOP", k, "0");
        awaitBlocked(1);
        clock.advanceMillis(10L * 365 * 24 * 3600 * 1000);
        server.onLoop(s -> { s.blocking.checkTimeouts(); return null; });
        assertThat(blocked()).isEqualTo(1);
        b.call("RPUSH", k, "late");
        assertThat(a.readText()).isEqualTo(arr(k, "late"));
    }

    @Test
    void lmoveIntoTheKeyWakesTheWaiter() throws Exception {
        String k = key(), src = key();
        RawClient waiter = connect(), other = connect();
        waiter.sendCommand("BLPOP", k, "0");
        awaitBlocked(1);
        other.call("RPUSH", src, "moved");
        assertThat(other.callText("LMOVE", src, k, "LEFT", "RIGHT")).isEqualTo(bulk("moved"));
        assertThat(waiter.readText()).isEqualTo(arr(k, "moved"));
        assertThat(other.callText("EXISTS", k, src)).isEqualTo(":0\\r\\n");
    }

    @Test
    void renameOntoTheKeyWakesTheWaiter() throws Exception {
        String k = key(), tmp = key();
        RawClient waiter = connect(), other = connect();
        waiter.sendCommand("BRPOP", "nothing-" + k, k, "0");
        awaitBlocked(1);
        other.call("RPUSH", tmp, "a", "b");
        other.call("RENAME", tmp, k);
        assertThat(waiter.readText()).isEqualTo(arr(k, "b"));
        assertThat(other.callText("LRANGE", k, "0", "-1")).isEqualTo(arr("a"));
    }

    @Test
    void aServedBlmoveWakesTheNextWaiterInTheChain() throws Exception {
        String s1 = key(), s2 = key();
        RawClient mover = connect(), popper = connect(), pusher = connect();
        mover.sendCommand("BLMOVE", s1, s2, "LEFT", "RIGHT", "0");
        awaitBlocked(1);
        popper.sendCommand("BLPOP", s2, "0");
        awaitBlocked(2);
        pusher.call("LPUSH", s1, "v");
        assertThat(mover.readText()).isEqualTo(bulk("v"));
        assertThat(popper.readText()).isEqualTo(arr(s2, "v"));
        assertThat(pusher.callText("EXISTS", s1, s2)).isEqualTo(":0\\r\\n");
    }

    @Test
    void blmoveIsReleasedWithWrongTypeWhenTheDestinationChanged() throws Exception {
        String src = key(), dst = key();
        RawClient mover = connect(), other = connect();
        mover.sendCommand("BRPOPLPUSH", src, dst, "0");
        awaitBlocked(1);
        other.call("SET", dst, "a string now");
        other.call("RPUSH", src, "v");
        assertThat(mover.readText()).startsWith("-WRONGTYPE");
        assertThat(other.callText("LRANGE", src, "0", "-1")).isEqualTo(arr("v"));   // nothing was popped
    }

    @Test
    void blmpopIsServedWithItsCount() throws Exception {
        String a = key(), b = key();
        RawClient waiter = connect(), pusher = connect();
        waiter.sendCommand("BLMPOP", "0", "2", a, b, "RIGHT", "COUNT", "2");
        awaitBlocked(1);
        pusher.call("RPUSH", b, "1", "2", "3");
        assertThat(waiter.readText()).isEqualTo("*2\\r\\n" + bulk(b) + arr("3", "2"));
        assertThat(pusher.callText("LRANGE", b, "0", "-1")).isEqualTo(arr("1"));
    }

    @Test
    void aClientWaitingOnSeveralKeysIsServedOnce() throws Exception {
        String k1 = key(), k2 = key();
        RawClient waiter = connect(), pusher = connect();
        waiter.sendCommand("BLPOP", k1, k2, "0");
        awaitBlocked(1);
        pusher.call("RPUSH", k2, "x");
        assertThat(waiter.readText()).isEqualTo(arr(k2, "x"));
        pusher.call("RPUSH", k1, "y");
        assertThat(pusher.callText("LLEN", k1)).isEqualTo(":1\\r\\n");     // nobody took it
        assertThat(blockingKeys()).isZero();
    }

    @Test
    void aClientThatHangsUpStopsWaiting() throws Exception {
        String k = key();
        RawClient gone = connect(), other = connect(), pusher = connect();
        gone.sendCommand("BLPOP", k, "0");
        awaitBlocked(1);
        other.sendCommand("BLPOP", k, "0");
        awaitBlocked(2);
        gone.close();
        awaitBlocked(1);
        pusher.call("RPUSH", k, "a", "b");
        assertThat(other.readText()).isEqualTo(arr(k, "a"));
        assertThat(pusher.callText("LRANGE", k, "0", "-1")).isEqualTo(arr("b"));
    }

    @Test
    void pipelinedCommandsRunOnlyAfterTheBlockingOneIsServed() throws Exception {
        String k = key(), marker = key();
        RawClient waiter = connect(), other = connect();
        byte[] pipeline = concat(RawClient.encode("BLPOP", k, "0"), RawClient.encode("SET", marker, "ran"),
                RawClient.encode("GET", marker));
        waiter.send(pipeline);
        awaitBlocked(1);
        assertThat(other.callText("EXISTS", marker)).as("SET must wait behind BLPOP").isEqualTo(":0\\r\\n");
        other.call("RPUSH", k, "go");
        assertThat(waiter.readText()).isEqualTo(arr(k, "go"));
        assertThat(waiter.readText()).isEqualTo("+OK\\r\\n");
        assertThat(waiter.readText()).isEqualTo(bulk("ran"));
    }

    @Test
    void clientUnblockAnswersTimeoutOrError() throws Exception {
        RawClient a = connect();
        long id = clientId(a);
        a.sendCommand("BLPOP", key(), "0");
        awaitBlocked(1);
        assertThat(unblock(id, false)).isTrue();
        assertThat(a.readText()).isEqualTo("*-1\\r\\n");
        assertThat(unblock(id, false)).as("no longer blocked").isFalse();
        a.sendCommand("BLMOVE", key(), key(), "LEFT", "LEFT", "0");
        awaitBlocked(1);
        assertThat(unblock(id, true)).isTrue();
        assertThat(a.readText()).isEqualTo("-UNBLOCKED client unblocked via CLIENT UNBLOCK\\r\\n");
        assertThat(unblock(987654, true)).isFalse();
    }

    @Test
    void insideMultiBlockingCommandsAnswerAtOnce() throws Exception {
        RawClient a = connect();
        String k = key();
        a.call("MULTI");
        a.call("BLPOP", k, "0");
        a.call("BLMPOP", "0", "1", k, "LEFT");
        a.call("BLMOVE", k, "d", "LEFT", "LEFT", "0");
        a.call("BRPOPLPUSH", k, "d", "0");
        assertThat(a.callText("EXEC")).isEqualTo("*4\\r\\n*-1\\r\\n*-1\\r\\n$-1\\r\\n$-1\\r\\n");
        assertThat(blocked()).isZero();
    }

    @Test
    void resp3TimeoutIsNull() throws Exception {
        RawClient a = connect();
        a.call("HELLO", "3");
        a.sendCommand("BLPOP", key(), "0.5");
        awaitBlocked(1);
        clock.advanceMillis(501);
        server.onLoop(s -> { s.blocking.checkTimeouts(); return null; });
        assertThat(a.readText()).isEqualTo("_\\r\\n");
    }

    @Test
    void moveAndSwapdbBringListsToWaiters() throws Exception {
        String k1 = key(), k2 = key();
        RawClient a = connect(), b = connect(), other = connect();
        a.sendCommand("BLPOP", k1, "0");
        b.sendCommand("BLPOP", k2, "0");
        awaitBlocked(2);
        other.call("SELECT", "1");
        other.call("RPUSH", k1, "moved");
        other.call("MOVE", k1, "0");
        assertThat(a.readText()).isEqualTo(arr(k1, "moved"));
        other.call("RPUSH", k2, "swapped");
        other.call("SWAPDB", "0", "1");
        assertThat(b.readText()).isEqualTo(arr(k2, "swapped"));
        assertThat(blocked()).isZero();
    }

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
}
