/*
 * Keyspace notifications compared with a real redis-server: one connection per server listens with
 * PSUBSCRIBE __key*@*__:*, another runs a script of commands over strings, keys, expiry, lists,
 * hashes, sets and sorted sets. After each command the script publishes a marker, so the events
 * each command caused (names, channels, order) are compared command by command.
 *
 * Runs with -Pdifferential (tag "differential"); needs redis-server on PATH.
 */
package dev.rediscover.pubsub;

import dev.rediscover.differential.AgainstRealRedis;
import dev.rediscover.resp.InlineSplitter;
import dev.rediscover.testing.RawClient;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@Tag("differential")
class KeyspaceEventsDifferentialTest extends AgainstRealRedis {
    /** Commands whose events are compared; "SLEEP n" pauses n ms (for a key with PX 1 to lapse). */
    static final String[] SCRIPT = {
            // strings
            "SET k v", "SET k v2 EX 100", "SET k v3 KEEPTTL", "SET k v4 NX", "SET k v5 XX GET", "APPEND k x", "APPEND k2 y",
            "INCR n", "INCRBY n 5", "DECR n", "DECRBY n 2", "INCRBYFLOAT f 1.5", "SETRANGE k 1 zz", "SETRANGE k9 0 \"\"",
            "GETDEL k", "GETDEL nosuch", "GETEX n EX 50", "GETEX n PERSIST", "GETEX n", "MSET a 1 b 2", "MSETNX c 3 d 4",
            "MSETNX a 1 z 2", "SETNX a 9", "SETNX e0 9", "SETEX e 100 v", "PSETEX e2 100000 v", "GETSET a 10", "GET nosuch",
            "SETBIT bits 3 1", "SETBIT bits 3 0", "BITOP AND dest bits bits", "BITOP OR dest nosuch", "BITFIELD bf SET u8 0 200",
            "BITFIELD bf GET u8 0", "INCR k2",
            // keys and expiry
            "DEL a b nosuch", "UNLINK c", "RENAME d d2", "RENAMENX d2 d3", "RENAMENX d3 e", "SET d4 x", "RENAME d3 d4",
            "COPY d4 d5", "COPY d4 d5 REPLACE", "MOVE d5 1", "SELECT 1", "DEL d5", "SELECT 0",
            "EXPIRE e 100", "PEXPIRE e 100000", "EXPIREAT e 4000000000", "PEXPIREAT e 4000000000000", "PERSIST e2",
            "EXPIRE e2 0", "EXPIRE e -5", "SET t v", "EXPIRE t 100 NX", "EXPIRE t 200 GT", "EXPIRE nosuch 10",
            "SET px v PX 1", "SLEEP 5", "GET px", "SET px2 v PX 1", "SLEEP 5", "EXISTS px2", "SET px3 v PX 1", "SLEEP 5",
            "SET px3 w", "TOUCH d4", "TYPE nosuch", "TTL nosuch", "PTTL d4", "OBJECT ENCODING nosuch", "EXISTS nosuch d4",
            "STRLEN nosuch", "GETRANGE nosuch 0 1", "MGET nosuch d4",
            // lists
            "RPUSH l a b c", "LPUSH l z", "LPUSHX l y", "RPUSHX nol x", "LPOP l", "RPOP l 1", "LSET l 0 q",
            "LINSERT l BEFORE q w", "LINSERT l BEFORE nope w", "LREM l 1 w", "LTRIM l 0 1", "RPOPLPUSH l l2", "LMOVE l2 l3 LEFT RIGHT",
            "LMPOP 1 l3 LEFT", "RPUSH l4 a", "BLPOP l4 1", "RPUSH l5 a b", "BRPOPLPUSH l5 l6 1", "BLMOVE l6 l5 LEFT LEFT 1",
            "LTRIM l5 5 10", "LPOP l 10", "LPOP nosuch",
            // hashes
            "HSET h f v g w", "HSET h f v", "HSETNX h f x", "HSETNX h n v", "HMSET h m 1", "HINCRBY h c 1", "HINCRBYFLOAT h d 1.5",
            "HDEL h f g nosuch", "HDEL h c d n m", "HDEL h x", "HGET nosuch f",
            // sets
            "SADD s a b c d", "SADD s a", "SREM s a", "SREM s zz", "SMOVE s s2 b", "SMOVE s s2 nope", "SADD s3 x",
            "SINTERSTORE si s s2", "SINTERSTORE si2 s s3", "SUNIONSTORE su s s2", "SDIFFSTORE sd s s2", "SDIFFSTORE sd s s",
            "SPOP s3", "SADD s4 1 2 3", "SPOP s4 5", "SMEMBERS nosuch",
            // sorted sets
            "ZADD z 1 a 2 b 3 c 4 d 5 e 6 f", "ZADD z XX 9 zz", "ZADD z INCR 1 a", "ZINCRBY z 1 a", "ZREM z a nosuch",
            "ZREMRANGEBYSCORE z 0 2", "ZREMRANGEBYRANK z 0 0", "ZADD zl 0 a 0 b 0 c", "ZREMRANGEBYLEX zl [a [b",
            "ZPOPMIN z", "ZPOPMAX z", "ZUNIONSTORE zu 2 z zl", "ZINTERSTORE zi 2 z zl", "ZDIFFSTORE zd 1 z",
            "ZRANGESTORE zr z 0 -1", "ZRANGESTORE zr nosuch 0 -1", "ZMPOP 1 zl MIN", "ZADD zb 1 x", "BZPOPMIN zb 1",
            "ZADD zb 1 x", "ZREM zb x", "ZSCORE nosuch m",
            // generic over types
            "RENAME h h3", "DEL h3 l5 z zl",
            // whole-database commands announce nothing per key; creating keys through other types
            "HINCRBY hn f 1", "HINCRBYFLOAT hf f 1.5", "HSETNX hx f v", "ZINCRBY zn 1 m", "LPUSHX nolist a", "SETRANGE sr 3 x",
            "GETEX nosuch PERSIST", "SWAPDB 0 1", "SWAPDB 0 1", "FLUSHDB", "SET after v", "FLUSHALL", "SET after2 v",
    };

    @ParameterizedTest
    @ValueSource(strings = {"KEA", "KEAmn", "Kl", "E$gx", "Ehsz", "A"})
    void eventsMatchRedis(String flags) throws Exception {
        List<String> differences = new ArrayList<>();
        try (Side r = new Side(redis.port(), flags); Side e = new Side(engine.port(), flags)) {
            for (int i = 0; i < SCRIPT.length; i++) {
                String cmd = SCRIPT[i];
                List<String> re = r.run(cmd, i), ee = e.run(cmd, i);
                if (!re.equals(ee)) differences.add(cmd + "\n    redis:  " + re + "\n    engine: " + ee);
            }
        }
        assertThat(differences).as("keyspace events that differ from redis-server with flags %s", flags).isEmpty();
    }

    private static final String PMESSAGE = "*4\\r\\n$8\\r\\npmessage\\r\\n$12\\r\\n__key*@*__:*\\r\\n";

    /** One server: a command connection and a subscriber connection. */
    private static final class Side implements AutoCloseable {
        final RawClient cmd, sub;

        Side(int port, String flags) throws IOException {
            cmd = new RawClient(port);
            sub = new RawClient(port);
            cmd.call("FLUSHALL");
            cmd.call("SELECT", "1");
            cmd.call("FLUSHDB");
            cmd.call("SELECT", "0");
            cmd.call("CONFIG", "SET", "notify-keyspace-events", flags);
            sub.call("PSUBSCRIBE", "__key*@*__:*");
            sub.call("SUBSCRIBE", "marker");
        }

        /** Run one command; return its reply followed by the messages it caused. */
        List<String> run(String line, int step) throws IOException, InterruptedException {
            List<String> out = new ArrayList<>();
            if (line.startsWith("SLEEP ")) {
                Thread.sleep(Long.parseLong(line.substring(6)));
                return out;
            }
            byte[] raw = line.getBytes(StandardCharsets.UTF_8);
            out.add("reply " + RawClient.escape(cmd.call(InlineSplitter.split(raw, 0, raw.length))));
            String marker = "m" + step;
            cmd.call("PUBLISH", "marker", marker);
            while (true) {
                String msg = RawClient.escape(sub.readReply());
                if (msg.contains("$6\\r\\nmarker\\r\\n")) {
                    assertThat(msg).endsWith(marker + "\\r\\n");
                    return out;
                }
                out.add(msg.replace(PMESSAGE, ""));
            }
        }

        @Override
        public void close() throws IOException {
            cmd.call("CONFIG", "SET", "notify-keyspace-events", "");
            cmd.close();
            sub.close();
        }
    }
}
