/*
 * CLIENT TRACKING in each of its modes, byte for byte over raw connections: default (keys read
 * are tracked), RESP2 redirection to a __redis__:invalidate subscriber, a broken redirect, BCAST
 * with prefixes and NOLOOP, OPTIN/OPTOUT with CLIENT CACHING, flushes, expiry (ManualClock),
 * tracking-table-max-keys, MULTI/EXEC, RESET and disconnection.
 *
 * "Nothing was sent" is checked without sleeping: invalidations for other clients are queued in
 * the same loop iteration as the write that caused them, so the next reply read after a PING is
 * the PONG itself when nothing was queued.
 */
package dev.rediscover.tracking;

import dev.rediscover.embedded.RediscoverServer;
import dev.rediscover.server.ManualClock;
import dev.rediscover.testing.RawClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class TrackingTest {
    private ManualClock clock;
    private RediscoverServer server;

    @BeforeEach
    void start() {
        clock = new ManualClock();
        server = RediscoverServer.start(clock);
    }

    @AfterEach
    void stop() { server.close(); }

    private RawClient connect() throws IOException { return new RawClient(server.port()); }

    private RawClient resp3() throws IOException {
        RawClient c = connect();
        c.call("HELLO", "3");
        return c;
    }

    private static String key() { return "k:" + UUID.randomUUID(); }

    /** The RESP3 push `invalidate` with these keys. */
    static String push(String... keys) {
        StringBuilder sb = new StringBuilder(">2\\r\\n$10\\r\\ninvalidate\\r\\n*" + keys.length + "\\r\\n");
        for (String k : keys) sb.append('$').append(k.length()).append("\\r\\n").append(k).append("\\r\\n");
        return sb.toString();
    }

    private static long id(RawClient c) throws IOException {
        return Long.parseLong(new String(c.call("CLIENT", "ID")).substring(1).trim());
    }

    private static void assertNothingPending(RawClient c) throws IOException {
        assertThat(c.callText("PING")).isEqualTo("+PONG\\r\\n");
    }

    private long info(String field) throws IOException {
        try (RawClient c = connect()) {
            String text = new String(c.call("INFO", "everything"));
            for (String line : text.split("\r\n")) {
                if (line.startsWith(field + ":")) return Long.parseLong(line.substring(field.length() + 1));
            }
        }
        throw new AssertionError(field + " missing from INFO");
    }

    @Test
    void aKeyReadIsInvalidatedOnceWhenAnotherClientChangesIt() throws Exception {
        try (RawClient tracker = resp3(); RawClient writer = connect()) {
            String k = key();
            assertThat(tracker.callText("CLIENT", "TRACKING", "on")).isEqualTo("+OK\\r\\n");
            tracker.call("GET", k);
            assertThat(info("tracking_total_keys")).isEqualTo(1);
            assertThat(info("tracking_total_items")).isEqualTo(1);
            writer.call("SET", k, "v1");
            writer.call("SET", k, "v2");          // no longer tracked: no second message
            assertThat(tracker.readText()).isEqualTo(push(k));
            assertNothingPending(tracker);
            assertThat(info("tracking_total_keys")).isZero();
        }
    }

    @Test
    void everyKeySpecKeyOfAReadOnlyCommandIsTrackedAndWritesAreNot() throws Exception {
        try (RawClient tracker = resp3(); RawClient writer = connect()) {
            String a = key(), b = key(), w = key();
            writer.call("MSET", a, "1", b, "2");
            tracker.call("CLIENT", "TRACKING", "on");
            tracker.call("MGET", a, b);
            tracker.call("SET", w, "x");          // a write: its key is not tracked
            writer.call("DEL", a, b, w);
            assertThat(tracker.readText()).isEqualTo(push(a));
            assertThat(tracker.readText()).isEqualTo(push(b));
            assertNothingPending(tracker);
        }
    }

    @Test
    void ownWritesAreInvalidatedAfterTheReplyUnlessNoloop() throws Exception {
        try (RawClient tracker = resp3()) {
            String k = key();
            tracker.call("CLIENT", "TRACKING", "on");
            tracker.call("GET", k);
            assertThat(tracker.callText("SET", k, "v")).isEqualTo("+OK\\r\\n");
            assertThat(tracker.readText()).isEqualTo(push(k));

            tracker.call("CLIENT", "TRACKING", "on", "NOLOOP");
            tracker.call("GET", k);
            tracker.call("SET", k, "w");
            assertNothingPending(tracker);
        }
    }

    @Test
    void resp2RedirectsToAnInvalidateSubscriber() throws Exception {
        try (RawClient tracker = connect(); RawClient sub = connect(); RawClient writer = connect()) {
            String k = key();
            long subId = id(sub);
            sub.call("SUBSCRIBE", "__redis__:invalidate");
            assertThat(tracker.callText("CLIENT", "TRACKING", "on", "REDIRECT", "" + subId)).isEqualTo("+OK\\r\\n");
            assertThat(tracker.callText("CLIENT", "GETREDIR")).isEqualTo(":" + subId + "\\r\\n");
            tracker.call("GET", k);
            writer.call("SET", k, "v");
            assertThat(sub.readText()).isEqualTo("*3\\r\\n$7\\r\\nmessage\\r\\n$20\\r\\n__redis__:invalidate\\r\\n*1\\r\\n$"
                    + k.length() + "\\r\\n" + k + "\\r\\n");
            assertThat(new String(tracker.call("CLIENT", "INFO"))).contains(" flags=t ").contains(" redir=" + subId + " ");
        }
    }

    @Test
    void aRedirectThatWentAwayIsReportedAsBroken() throws Exception {
        try (RawClient tracker = resp3(); RawClient writer = connect()) {
            String k = key();
            long redirId;
            try (RawClient gone = connect()) {
                redirId = id(gone);
                tracker.call("CLIENT", "TRACKING", "on", "REDIRECT", "" + redirId);
                writer.call("CLIENT", "KILL", "ID", "" + redirId);   // gone before the next command
            }
            tracker.call("GET", k);
            writer.call("SET", k, "v");
            assertThat(tracker.readText()).isEqualTo(">2\\r\\n$21\\r\\ntracking-redir-broken\\r\\n:" + redirId + "\\r\\n");
            assertThat(new String(tracker.call("CLIENT", "INFO"))).contains(" flags=tR ");
            assertThat(new String(tracker.call("CLIENT", "TRACKINGINFO"))).contains("broken_redirect");
        }
    }

    @Test
    void bcastSendsEachPrefixItsChangedKeysInOneMessage() throws Exception {
        try (RawClient tracker = resp3(); RawClient other = resp3(); RawClient writer = connect()) {
            tracker.call("CLIENT", "TRACKING", "on", "BCAST", "PREFIX", "user:", "PREFIX", "post:");
            other.call("CLIENT", "TRACKING", "on", "BCAST");
            assertThat(info("tracking_total_prefixes")).isEqualTo(3);
            writer.call("MSET", "user:2", "a", "user:1", "b", "post:9", "c", "misc", "d");
            assertThat(tracker.readText()).isEqualTo(push("post:9"));
            assertThat(tracker.readText()).isEqualTo(push("user:1", "user:2"));
            assertThat(other.readText()).isEqualTo(push("misc", "post:9", "user:1", "user:2"));
            assertNothingPending(tracker);
            assertThat(new String(tracker.call("CLIENT", "INFO"))).contains(" flags=tB ");
        }
    }

    @Test
    void bcastNoloopLeavesOutTheClientsOwnChanges() throws Exception {
        try (RawClient tracker = resp3(); RawClient writer = connect()) {
            tracker.call("CLIENT", "TRACKING", "on", "BCAST", "NOLOOP", "PREFIX", "p:");
            tracker.call("SET", "p:mine", "1");
            assertNothingPending(tracker);
            writer.call("SET", "p:theirs", "1");
            assertThat(tracker.readText()).isEqualTo(push("p:theirs"));
        }
    }

    @Test
    void optinTracksOnlyAfterCachingYesAndOnlyTheNextCommand() throws Exception {
        try (RawClient tracker = resp3(); RawClient writer = connect()) {
            String a = key(), b = key(), c = key();
            tracker.call("CLIENT", "TRACKING", "on", "OPTIN");
            tracker.call("GET", a);
            assertThat(tracker.callText("CLIENT", "CACHING", "yes")).isEqualTo("+OK\\r\\n");
            tracker.call("GET", b);
            tracker.call("GET", c);               // CACHING yes covered only the command after it
            writer.call("MSET", a, "1", b, "1", c, "1");
            assertThat(tracker.readText()).isEqualTo(push(b));
            assertNothingPending(tracker);
        }
    }

    @Test
    void optoutSkipsTheCommandAfterCachingNo() throws Exception {
        try (RawClient tracker = resp3(); RawClient writer = connect()) {
            String a = key(), b = key();
            tracker.call("CLIENT", "TRACKING", "on", "OPTOUT");
            tracker.call("CLIENT", "CACHING", "no");
            tracker.call("GET", a);
            tracker.call("GET", b);
            writer.call("MSET", a, "1", b, "1");
            assertThat(tracker.readText()).isEqualTo(push(b));
            assertNothingPending(tracker);
        }
    }

    @Test
    void cachingYesLastsThroughATransaction() throws Exception {
        try (RawClient tracker = resp3(); RawClient writer = connect()) {
            String a = key(), b = key();
            tracker.call("CLIENT", "TRACKING", "on", "OPTIN");
            tracker.call("CLIENT", "CACHING", "yes");
            tracker.call("MULTI");
            tracker.call("GET", a);
            tracker.call("GET", b);
            tracker.call("EXEC");
            writer.call("MSET", a, "1", b, "1");
            assertThat(tracker.readText()).isEqualTo(push(a));
            assertThat(tracker.readText()).isEqualTo(push(b));
        }
    }

    @Test
    void invalidationsCausedInsideExecFollowExecsReply() throws Exception {
        try (RawClient tracker = resp3()) {
            String k = key();
            tracker.call("CLIENT", "TRACKING", "on");
            tracker.call("MULTI");
            tracker.call("GET", k);
            tracker.call("SET", k, "v");
            assertThat(tracker.callText("EXEC")).isEqualTo("*2\\r\\n_\\r\\n+OK\\r\\n");
            assertThat(tracker.readText()).isEqualTo(push(k));
        }
    }

    @Test
    void aFlushInvalidatesEverythingWithOneNull() throws Exception {
        try (RawClient tracker = resp3(); RawClient resp2 = connect(); RawClient sub = connect(); RawClient writer = connect()) {
            long subId = id(sub);
            sub.call("SUBSCRIBE", "__redis__:invalidate");
            tracker.call("CLIENT", "TRACKING", "on");
            resp2.call("CLIENT", "TRACKING", "on", "REDIRECT", "" + subId);
            tracker.call("GET", key());
            writer.call("FLUSHALL");
            assertThat(tracker.readText()).isEqualTo(">2\\r\\n$10\\r\\ninvalidate\\r\\n_\\r\\n");
            assertThat(sub.readText()).isEqualTo("*3\\r\\n$7\\r\\nmessage\\r\\n$20\\r\\n__redis__:invalidate\\r\\n$-1\\r\\n");
            assertNothingPending(tracker);
            assertThat(info("tracking_total_keys")).isZero();
            assertThat(tracker.callText("FLUSHDB")).isEqualTo("+OK\\r\\n");
            assertThat(tracker.readText()).isEqualTo(">2\\r\\n$10\\r\\ninvalidate\\r\\n_\\r\\n");
        }
    }

    @Test
    void anExpiredKeyIsInvalidated() throws Exception {
        try (RawClient tracker = resp3(); RawClient writer = connect()) {
            String k = key();
            writer.call("SET", k, "v", "PX", "100");
            tracker.call("CLIENT", "TRACKING", "on");
            tracker.call("GET", k);
            clock.advanceMillis(200);
            assertThat(writer.callText("GET", k)).isEqualTo("$-1\\r\\n");
            assertThat(tracker.readText()).isEqualTo(push(k));
        }
    }

    /** An evicted key changed "by nobody" (Redis: a NULL client): NOLOOP does not hide it. */
    @Test
    void evictedKeysAreInvalidatedEvenForTheNoloopClientWhoseCommandEvictedThem() throws Exception {
        try (RawClient tracker = resp3(); RawClient writer = connect()) {
            java.util.Set<String> keys = new java.util.TreeSet<>(java.util.List.of(key(), key(), key()));
            for (String k : keys) writer.call("SET", k, "v");
            tracker.call("CLIENT", "TRACKING", "on", "NOLOOP");
            for (String k : keys) tracker.call("GET", k);
            tracker.call("CONFIG", "SET", "maxmemory-policy", "allkeys-random");
            // Lowering maxmemory evicts at once, every key here, inside the tracker's own command.
            assertThat(tracker.callText("CONFIG", "SET", "maxmemory", "1")).isEqualTo("+OK\\r\\n");
            java.util.Set<String> invalidated = new java.util.TreeSet<>();
            for (int i = 0; i < keys.size(); i++) invalidated.add(pushedKey(tracker.readText()));
            writer.call("CONFIG", "SET", "maxmemory", "0");
            assertThat(invalidated).isEqualTo(keys);
            assertNothingPending(tracker);
        }
    }

    @Test
    void aNoloopClientHearsOfItsOwnReadOfAnExpiredKey() throws Exception {
        try (RawClient tracker = resp3(); RawClient writer = connect()) {
            String k = key();
            writer.call("SET", k, "v", "PX", "100");
            tracker.call("CLIENT", "TRACKING", "on", "NOLOOP");
            tracker.call("GET", k);
            clock.advanceMillis(200);
            assertThat(tracker.callText("GET", k)).isEqualTo("_\\r\\n");   // expires it: nobody's write
            assertThat(tracker.readText()).isEqualTo(push(k));
        }
    }

    /** The key of a one-key invalidate push. */
    private static String pushedKey(String push) {
        String body = push.substring(0, push.length() - 4);   // without the last \\r\\n
        return body.substring(body.lastIndexOf("\\r\\n") + 4);
    }

    @Test
    void theKeyTableIsKeptUnderTrackingTableMaxKeys() throws Exception {
        try (RawClient tracker = resp3()) {
            tracker.call("CLIENT", "TRACKING", "on");
            for (int i = 0; i < 5; i++) tracker.call("GET", "key" + i);
            tracker.call("CONFIG", "SET", "tracking-table-max-keys", "2");
            // The next command trims the table to 2 keys, invalidating the other 3 after its reply.
            assertThat(tracker.callText("PING")).isEqualTo("+PONG\\r\\n");
            for (int i = 0; i < 3; i++) assertThat(tracker.readText()).startsWith(">2\\r\\n$10\\r\\ninvalidate\\r\\n*1\\r\\n");
            assertThat(info("tracking_total_keys")).isEqualTo(2);
        }
    }

    @Test
    void resetAndDisconnectTurnTrackingOff() throws Exception {
        try (RawClient a = resp3(); RawClient writer = connect()) {
            String k = key();
            a.call("CLIENT", "TRACKING", "on", "BCAST", "PREFIX", "x");
            try (RawClient b = connect()) {
                b.call("CLIENT", "TRACKING", "on");
                assertThat(info("tracking_clients")).isEqualTo(2);
                writer.call("CLIENT", "KILL", "ID", "" + id(b));
            }
            assertThat(info("tracking_clients")).isEqualTo(1);
            assertThat(a.callText("RESET")).isEqualTo("+RESET\\r\\n");
            assertThat(info("tracking_clients")).isZero();
            assertThat(info("tracking_total_prefixes")).isZero();
            assertThat(a.callText("CLIENT", "GETREDIR")).isEqualTo(":-1\\r\\n");
            a.call("GET", k);
            writer.call("SET", "x" + k, "v");
            assertNothingPending(a);
        }
    }

    @Test
    void hello3AfterTrackingOnKeepsTracking() throws Exception {
        try (RawClient tracker = connect(); RawClient writer = connect()) {
            String k = key();
            tracker.call("CLIENT", "TRACKING", "on");
            tracker.call("GET", k);
            tracker.call("HELLO", "3");
            writer.call("SET", k, "v");
            assertThat(tracker.readText()).isEqualTo(push(k));
        }
    }

    @Test
    void trackingInfoDescribesTheMode() throws Exception {
        try (RawClient c = resp3()) {
            assertThat(c.callText("CLIENT", "TRACKINGINFO")).isEqualTo(
                    "%3\\r\\n$5\\r\\nflags\\r\\n~1\\r\\n$3\\r\\noff\\r\\n$8\\r\\nredirect\\r\\n:-1\\r\\n$8\\r\\nprefixes\\r\\n*0\\r\\n");
            c.call("CLIENT", "TRACKING", "on", "OPTIN", "NOLOOP");
            c.call("CLIENT", "CACHING", "yes");
            assertThat(c.callText("CLIENT", "TRACKINGINFO")).isEqualTo(
                    "%3\\r\\n$5\\r\\nflags\\r\\n~4\\r\\n$2\\r\\non\\r\\n$5\\r\\noptin\\r\\n$11\\r\\ncaching-yes\\r\\n$6\\r\\nnoloop\\r\\n"
                            + "$8\\r\\nredirect\\r\\n:0\\r\\n$8\\r\\nprefixes\\r\\n*0\\r\\n");
            c.call("CLIENT", "TRACKING", "off");
            c.call("CLIENT", "TRACKING", "on", "BCAST", "PREFIX", "b", "PREFIX", "a");
            assertThat(c.callText("CLIENT", "TRACKINGINFO")).endsWith("*2\\r\\n$1\\r\\na\\r\\n$1\\r\\nb\\r\\n");
        }
    }
}
