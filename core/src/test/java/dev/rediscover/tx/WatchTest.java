/*
 * WATCH's invalidation rules, on the engine alone (the same cases are compared with redis-server
 * in TransactionsDifferentialTest): a write of each command family by another client touches
 * the watched key; expiry touches it, whether the key is deleted or merely past its TTL at EXEC
 * (Redis 7.0's isWatchedKeyExpired), but a key already expired when watched does not; FLUSHDB,
 * FLUSHALL and SWAPDB touch a watched key only if it exists on a side that changes.
 *
 * Time is a ManualClock, with the active expire cycle switched off where it would race the
 * test (DEBUG SET-ACTIVE-EXPIRE 0), so nothing here sleeps.
 */
package dev.rediscover.tx;

import dev.rediscover.embedded.RediscoverServer;
import dev.rediscover.server.ManualClock;
import dev.rediscover.testing.RawClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class WatchTest {
    private static final long T0 = 1_800_000_000_000L;
    private final ManualClock clock = new ManualClock(T0);
    private RediscoverServer server;
    private RawClient a, b;

    @BeforeEach
    void start() throws IOException {
        server = RediscoverServer.start(clock, "--enable-debug-command", "yes");
        a = new RawClient(server.port());
        b = new RawClient(server.port());
        a.call("DEBUG", "SET-ACTIVE-EXPIRE", "0");
    }

    @AfterEach
    void stop() throws IOException {
        a.close();
        b.close();
        server.close();
    }

    /** MULTI, PING, EXEC on a: true when the transaction ran. */
    private boolean execRuns() throws IOException {
        a.call("MULTI");
        a.call("PING");
        String reply = a.callText("EXEC");
        assertThat(reply).isIn("*1\\r\\n+PONG\\r\\n", "*-1\\r\\n");
        return reply.startsWith("*1");
    }

    private static String[] words(String line, String k) { return line.replace("$k", k).split(" "); }

    /** One write per command family, each run by b on a key a watches. */
    @ParameterizedTest
    @ValueSource(strings = {
            "|SET $k v", "SET $k 1|INCR $k", "SET $k v|APPEND $k w", "|SETBIT $k 3 1", "SET $k v|SETRANGE $k 1 x",
            "SET $k v|GETDEL $k", "SET $k v|GETEX $k EX 10", "SET x v|BITOP NOT $k x",
            "SET $k v|DEL $k", "SET $k v|UNLINK $k", "SET $k v|RENAME $k y", "SET y v|RENAME y $k", "SET y v|COPY y $k",
            "SET $k v|MOVE $k 3", "SET $k v|EXPIRE $k 100", "SET $k v EX 100|PERSIST $k", "SET $k v|PEXPIREAT $k 1",
            "|LPUSH $k a", "RPUSH $k a b|LPOP $k", "RPUSH $k a b|LSET $k 0 z", "RPUSH $k a b|LTRIM $k 1 1",
            "RPUSH $k a|LMOVE $k other LEFT LEFT", "RPUSH $k a|BLPOP $k 0", "RPUSH $k a b|LREM $k 1 a",
            "|HSET $k f v", "HSET $k f 1|HINCRBY $k f 1", "HSET $k f v g w|HDEL $k f",
            "|SADD $k m", "SADD $k m n|SREM $k m", "SADD $k m|SPOP $k", "SADD x m|SUNIONSTORE $k x", "SADD $k m|SMOVE $k x m",
            "|ZADD $k 1 m", "ZADD $k 1 m|ZINCRBY $k 1 m", "ZADD $k 1 m 2 n|ZPOPMIN $k", "ZADD $k 1 m|BZPOPMAX $k 0",
            "ZADD x 1 m|ZUNIONSTORE $k 1 x", "ZADD $k 1 m 2 n|ZREMRANGEBYRANK $k 0 0",
            "SET $k v|FLUSHDB", "SET $k v|FLUSHALL", "SET $k v|SWAPDB 0 1",
    })
    void writesOfEveryFamilyTouch(String setupAndWrite) throws IOException {
        String k = "w:" + UUID.randomUUID();
        String[] parts = setupAndWrite.split("\\|");
        if (!parts[0].isEmpty()) a.call(words(parts[0], k));
        a.call("WATCH", k);
        assertThat(b.callText(words(parts[1], k))).doesNotStartWith("-");
        assertThat(execRuns()).as("EXEC after " + parts[1]).isFalse();
        a.call("FLUSHALL");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "SET $k v|GET $k", "SET $k v|SET $k w NX", "|DEL $k", "|EXPIRE $k 10", "SET $k v|PERSIST $k",
            "RPUSH $k a|LREM $k 0 zz", "|LPUSHX $k a", "SADD $k m|SADD $k m", "HSET $k f v|HDEL $k zz",
            "ZADD $k 1 m|ZADD $k 1 m", "ZADD $k 1 m|ZREM $k zz", "|FLUSHALL", "|SWAPDB 0 1", "SET $k v|SWAPDB 2 3",
    })
    void writesThatChangeNothingAndReadsDoNotTouch(String setupAndWrite) throws IOException {
        String k = "w:" + UUID.randomUUID();
        String[] parts = setupAndWrite.split("\\|");
        if (!parts[0].isEmpty()) a.call(words(parts[0], k));
        a.call("WATCH", k);
        b.call(words(parts[1], k));
        assertThat(execRuns()).as("EXEC after " + parts[1]).isTrue();
        a.call("FLUSHALL");
    }

    @Test
    void aWatchedKeyWhoseTtlPassesBeforeExecFailsIt() throws IOException {
        a.call("SET", "k", "v", "PX", "100");
        a.call("WATCH", "k");
        clock.advanceMillis(101);
        // nobody touched it, it is still in the dict: EXEC itself sees that it expired
        Integer inDict = server.onLoop(s -> s.keyspace.db(0).size());
        assertThat(inDict).isEqualTo(1);
        assertThat(execRuns()).isFalse();
    }

    @Test
    void aKeyAtExactlyItsTtlHasNotExpired() throws IOException {
        a.call("SET", "k", "v", "PX", "100");
        a.call("WATCH", "k");
        clock.advanceMillis(100);
        assertThat(execRuns()).isTrue();
    }

    @Test
    void aKeyAlreadyExpiredWhenWatchedIsNoChangeWhenDeleted() throws IOException {
        a.call("SET", "k", "v", "PX", "100");
        clock.advanceMillis(200);
        a.call("WATCH", "k");
        assertThat(b.callText("GET", "k")).isEqualTo("$-1\\r\\n");   // lazy expiry deletes it now
        assertThat(execRuns()).isTrue();
    }

    @Test
    void aKeyAlreadyExpiredWhenWatchedIsTouchedWhenWrittenAgain() throws IOException {
        a.call("SET", "k", "v", "PX", "100");
        clock.advanceMillis(200);
        a.call("WATCH", "k");
        b.call("SET", "k", "new");
        assertThat(execRuns()).isFalse();
    }

    /** Every write looks the key up first, which deletes the expired one: then it is a new key. */
    @ParameterizedTest
    @ValueSource(strings = {"SET k new", "MSET k new", "SETEX k 10 new", "GETSET k new", "APPEND k x", "SETRANGE k 0 x",
            "INCR k", "SETBIT k 1 1", "LPUSH k a", "HSET k f v", "SADD k m", "ZADD k 1 m", "RENAME y k", "COPY y k REPLACE",
            "BITOP NOT k y", "SUNIONSTORE k z", "MSETNX k new", "SET k new NX", "PSETEX k 1000 new"})
    void aKeyAlreadyExpiredWhenWatchedIsTouchedWhenWrittenAgainByAnyCommand(String write) throws IOException {
        a.call("SET", "y", "yv");
        a.call("SADD", "z", "m");
        a.call("SET", "k", "v", "PX", "100");
        clock.advanceMillis(200);
        a.call("WATCH", "k");
        assertThat(b.callText(write.split(" "))).doesNotStartWith("-");
        assertThat(execRuns()).as("EXEC after " + write).isFalse();
        a.call("FLUSHALL");
    }

    @Test
    void flushOfAnExpiredWatchedKeyIsNoChange() throws IOException {
        a.call("SET", "k", "v", "PX", "100");
        clock.advanceMillis(200);
        a.call("WATCH", "k");
        b.call("FLUSHDB");
        assertThat(execRuns()).isTrue();
    }

    @Test
    void swapdbBringingInAnExpiredKeyIsNoChangeButALiveOneIs() throws IOException {
        b.call("SELECT", "1");
        b.call("SET", "k", "v", "PX", "100");
        clock.advanceMillis(200);
        a.call("WATCH", "k");
        b.call("SWAPDB", "0", "1");
        assertThat(execRuns()).as("k expired in the database swapped in").isTrue();
        b.call("SET", "k", "live");           // b is in db 1, now holding the old db 0 contents
        a.call("WATCH", "k");
        b.call("SWAPDB", "0", "1");
        assertThat(execRuns()).as("a live k swapped in").isFalse();
    }

    @Test
    void activeExpiryOfAWatchedKeyTouchesIt() throws IOException {
        a.call("SET", "k", "v", "PX", "100");
        a.call("WATCH", "k");
        clock.advanceMillis(200);
        server.onLoop(s -> { s.keyspace.db(0).deleteExpired("k".getBytes()); return null; });   // as the expire cycle does
        assertThat(execRuns()).isFalse();
    }

    @Test
    void watchingTheSameKeyTwiceWatchesItOnce() throws IOException {
        a.call("WATCH", "k", "k");
        a.call("WATCH", "k");
        Integer n = server.onLoop(s -> s.watches.size());
        assertThat(n).isEqualTo(1);
        a.call("SELECT", "1");
        a.call("WATCH", "k");                 // another database, another key
        n = server.onLoop(s -> s.watches.size());
        assertThat(n).isEqualTo(2);
        a.call("UNWATCH");
        n = server.onLoop(s -> s.watches.size());
        assertThat(n).isZero();
    }

    @Test
    void severalWatchersAreAllTouched() throws IOException {
        try (RawClient c = new RawClient(server.port())) {
            a.call("WATCH", "k");
            c.call("WATCH", "k");
            b.call("SET", "k", "v");
            assertThat(execRuns()).isFalse();
            c.call("MULTI");
            assertThat(c.callText("EXEC")).isEqualTo("*-1\\r\\n");
        }
        Integer n = server.onLoop(s -> s.watches.size());
        assertThat(n).isZero();
    }
}
