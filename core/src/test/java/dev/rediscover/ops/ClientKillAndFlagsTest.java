/*
 * CLIENT KILL with each of Redis 7.0's filters and their combinations, its error texts (taken
 * from redis-server 7.0.15), and the per-client switches NO-EVICT (flag e) and NO-TOUCH (flag T,
 * Redis 7.2's: commands leave the LRU clock of the keys they read alone, except TOUCH).
 */
package dev.rediscover.ops;

import dev.rediscover.embedded.RediscoverServer;
import dev.rediscover.server.ManualClock;
import dev.rediscover.testing.RawClient;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class ClientKillAndFlagsTest {
    private static String body(byte[] bulk) {
        String s = new String(bulk);
        return s.substring(s.indexOf("\r\n") + 2, s.length() - 2);
    }

    private static String field(RawClient c, String name) throws Exception {
        for (String kv : body(c.call("CLIENT", "INFO")).trim().split(" ")) {
            if (kv.startsWith(name + "=")) return kv.substring(name.length() + 1);
        }
        throw new AssertionError(name);
    }

    /** Wait (bounded) until the server has closed c: CLIENT KILL of another client is asynchronous. */
    private static boolean closed(RawClient c) throws InterruptedException {
        for (int i = 0; i < 5000; i++) {
            if (c.isClosedByServer()) return true;
            Thread.sleep(1);
        }
        return false;
    }

    @Test
    void errorsAreRedisWordForWord() throws Exception {
        try (RediscoverServer redis = RediscoverServer.start(); RawClient c = new RawClient(redis.port())) {
            assertThat(c.callText("CLIENT", "KILL")).isEqualTo("-ERR wrong number of arguments for 'client|kill' command\\r\\n");
            assertThat(c.callText("CLIENT", "KILL", "1.2.3.4:5")).isEqualTo("-ERR No such client\\r\\n");
            assertThat(c.callText("CLIENT", "KILL", "id")).isEqualTo("-ERR No such client\\r\\n");
            for (String bad : new String[] {"0", "-1", "abc", "99999999999999999999"}) {
                assertThat(c.callText("CLIENT", "KILL", "ID", bad)).isEqualTo("-ERR client-id should be greater than 0\\r\\n");
            }
            assertThat(c.callText("CLIENT", "KILL", "TYPE", "foo")).isEqualTo("-ERR Unknown client type 'foo'\\r\\n");
            assertThat(c.callText("CLIENT", "KILL", "USER", "nobody")).isEqualTo("-ERR No such user 'nobody'\\r\\n");
            assertThat(c.callText("CLIENT", "KILL", "SKIPME", "maybe")).isEqualTo("-ERR syntax error\\r\\n");
            assertThat(c.callText("CLIENT", "KILL", "foo", "bar")).isEqualTo("-ERR syntax error\\r\\n");
            assertThat(c.callText("CLIENT", "KILL", "ID", "1", "ID")).isEqualTo("-ERR syntax error\\r\\n");
            assertThat(c.callText("CLIENT", "KILL", "MAXAGE", "3")).isEqualTo("-ERR syntax error\\r\\n");   // 7.4's
            assertThat(c.callText("CLIENT", "NO-EVICT", "maybe")).isEqualTo("-ERR syntax error\\r\\n");
            assertThat(c.callText("CLIENT", "NO-TOUCH", "maybe")).isEqualTo("-ERR syntax error\\r\\n");
            assertThat(c.callText("CLIENT", "REPLY", "maybe")).isEqualTo("-ERR syntax error\\r\\n");
            assertThat(c.callText("CLIENT", "SETINFO", "lib-name", "x"))
                    .isEqualTo("-ERR unknown subcommand 'SETINFO'. Try CLIENT HELP.\\r\\n");
        }
    }

    @Test
    void filtersCombineAndEachMustMatch() throws Exception {
        try (RediscoverServer redis = RediscoverServer.start();
             RawClient me = new RawClient(redis.port()); RawClient sub = new RawClient(redis.port());
             RawClient other = new RawClient(redis.port())) {
            assertThat(sub.callText("SUBSCRIBE", "ch")).startsWith("*3");
            String otherId = field(other, "id"), otherAddr = field(other, "addr"), laddr = field(other, "laddr");
            assertThat(me.callText("CLIENT", "KILL", "ID", otherId, "TYPE", "pubsub")).isEqualTo(":0\\r\\n");
            assertThat(me.callText("CLIENT", "KILL", "ADDR", otherAddr, "USER", "default", "ID", "999999")).isEqualTo(":0\\r\\n");
            assertThat(me.callText("CLIENT", "KILL", "LADDR", "1.2.3.4:5")).isEqualTo(":0\\r\\n");
            assertThat(me.callText("CLIENT", "KILL", "TYPE", "master")).isEqualTo(":0\\r\\n");
            assertThat(me.callText("CLIENT", "KILL", "TYPE", "slave")).isEqualTo(":0\\r\\n");
            assertThat(me.callText("CLIENT", "KILL", "TYPE", "pubsub")).isEqualTo(":1\\r\\n");
            assertThat(closed(sub)).isTrue();
            assertThat(me.callText("CLIENT", "KILL", "ADDR", otherAddr, "LADDR", laddr, "USER", "default", "TYPE", "normal",
                    "ID", otherId, "SKIPME", "yes")).isEqualTo(":1\\r\\n");
            assertThat(closed(other)).isTrue();
            // Only the caller is left: SKIPME yes spares it, SKIPME no hangs up after the reply.
            assertThat(me.callText("CLIENT", "KILL", "LADDR", laddr)).isEqualTo(":0\\r\\n");
            assertThat(me.callText("CLIENT", "KILL", "LADDR", laddr, "SKIPME", "no")).isEqualTo(":1\\r\\n");
            assertThat(closed(me)).isTrue();
        }
    }

    @Test
    void userFilterMatchesTheAuthenticatedUser() throws Exception {
        try (RediscoverServer redis = RediscoverServer.start(); RawClient admin = new RawClient(redis.port());
             RawClient alice = new RawClient(redis.port())) {
            String user = "u" + UUID.randomUUID().toString().substring(0, 8);
            assertThat(admin.callText("ACL", "SETUSER", user, "on", ">pw", "+@all", "~*")).isEqualTo("+OK\\r\\n");
            assertThat(alice.callText("AUTH", user, "pw")).isEqualTo("+OK\\r\\n");
            assertThat(admin.callText("CLIENT", "KILL", "USER", user, "TYPE", "pubsub")).isEqualTo(":0\\r\\n");
            assertThat(admin.callText("CLIENT", "KILL", "USER", user)).isEqualTo(":1\\r\\n");
            assertThat(closed(alice)).isTrue();
            assertThat(admin.callText("PING")).isEqualTo("+PONG\\r\\n");
        }
    }

    @Test
    void oldFormMayKillTheCaller() throws Exception {
        try (RediscoverServer redis = RediscoverServer.start(); RawClient me = new RawClient(redis.port())) {
            assertThat(me.callText("CLIENT", "KILL", field(me, "addr"))).isEqualTo("+OK\\r\\n");
            assertThat(closed(me)).isTrue();
        }
    }

    @Test
    void noEvictAndNoTouchShowAsFlags() throws Exception {
        try (RediscoverServer redis = RediscoverServer.start(); RawClient c = new RawClient(redis.port())) {
            assertThat(c.callText("CLIENT", "NO-EVICT", "on")).isEqualTo("+OK\\r\\n");
            assertThat(c.callText("CLIENT", "NO-TOUCH", "ON")).isEqualTo("+OK\\r\\n");
            assertThat(field(c, "flags")).isEqualTo("eT");
            assertThat(c.callText("CLIENT", "NO-EVICT", "off")).isEqualTo("+OK\\r\\n");
            assertThat(field(c, "flags")).isEqualTo("T");
            assertThat(c.callText("CLIENT", "NO-TOUCH", "off")).isEqualTo("+OK\\r\\n");
            assertThat(field(c, "flags")).isEqualTo("N");
        }
    }

    @Test
    void noTouchLeavesIdleTimeAloneExceptForTouch() throws Exception {
        ManualClock clock = new ManualClock(1_800_000_000_000L);
        try (RediscoverServer redis = RediscoverServer.start(clock); RawClient c = new RawClient(redis.port())) {
            String k = "k:" + UUID.randomUUID(), fresh = "f:" + UUID.randomUUID();
            assertThat(c.callText("SET", k, "v")).isEqualTo("+OK\\r\\n");
            clock.advanceMillis(20_000);
            assertThat(c.callText("CLIENT", "NO-TOUCH", "on")).isEqualTo("+OK\\r\\n");
            assertThat(c.callText("GET", k)).isEqualTo("$1\\r\\nv\\r\\n");
            assertThat(c.callText("OBJECT", "IDLETIME", k)).isEqualTo(":20\\r\\n");
            assertThat(c.callText("SET", fresh, "v")).isEqualTo("+OK\\r\\n");   // a new key still gets its stamp
            assertThat(c.callText("OBJECT", "IDLETIME", fresh)).isEqualTo(":0\\r\\n");
            assertThat(c.callText("TOUCH", k)).isEqualTo(":1\\r\\n");
            assertThat(c.callText("OBJECT", "IDLETIME", k)).isEqualTo(":0\\r\\n");
            clock.advanceMillis(5_000);
            assertThat(c.callText("MULTI")).isEqualTo("+OK\\r\\n");
            assertThat(c.callText("GET", k)).isEqualTo("+QUEUED\\r\\n");
            assertThat(c.callText("EXEC")).isEqualTo("*1\\r\\n$1\\r\\nv\\r\\n");
            assertThat(c.callText("OBJECT", "IDLETIME", k)).isEqualTo(":5\\r\\n");
            assertThat(c.callText("CLIENT", "NO-TOUCH", "off")).isEqualTo("+OK\\r\\n");
            assertThat(c.callText("GET", k)).isEqualTo("$1\\r\\nv\\r\\n");
            assertThat(c.callText("OBJECT", "IDLETIME", k)).isEqualTo(":0\\r\\n");
        }
    }
}
