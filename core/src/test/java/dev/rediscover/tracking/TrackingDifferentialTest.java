/*
 * Client-side caching compared with a real redis-server over several connections: the same
 * conversation runs on both, and every reply and every invalidation message must be the same
 * bytes. (ScenarioRunner has one connection and reads one reply per command, which cannot say
 * "now read the push this other connection's write caused".)
 *
 * A conversation is a list of steps "N command" (send on connection N, read its reply) or "N <"
 * (read one more message on connection N: a push or a pub/sub message). "N !command" runs without
 * comparing (HELLO shows the connection id). "$idN" in a command is connection N's client id,
 * and ids in the replies of CLIENT commands and pushes (":id", "redir=id") are written back as
 * $idN, since the two servers number connections differently. "N flags" compares only the flags= and redir= fields of CLIENT INFO;
 * "N tracking-info" only INFO's tracking_* lines.
 *
 * Commands run one at a time (each reply read before the next is sent), so every command has its
 * own event-loop iteration on both servers and BCAST batches are the same.
 *
 * Runs with -Pdifferential (tag "differential"); needs redis-server on PATH.
 */
package dev.rediscover.tracking;

import dev.rediscover.differential.AgainstRealRedis;
import dev.rediscover.testing.RawClient;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.RedisProtocol;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.csc.CacheConfig;
import redis.clients.jedis.exceptions.JedisException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Tag("differential")
class TrackingDifferentialTest extends AgainstRealRedis {
    static Stream<Arguments> conversations() {
        return Stream.<String[]>of(
                new String[]{"default mode, RESP3",
                        "1 !HELLO 3", "1 CLIENT TRACKING on", "2 SET k v", "1 GET k", "1 flags", "2 SET k v2", "1 <",
                        "2 SET k v3", "1 PING", "2 MSET a 1 b 2", "1 MGET k a b", "1 HGET h f", "1 tracking-info",
                        "2 DEL k a nosuch", "1 <", "1 <", "2 HSET h f v", "1 <", "1 PING", "1 tracking-info",
                        "2 SET b 3", "1 <", "2 SET b 4", "1 PING"},
                new String[]{"own writes, NOLOOP, MULTI",
                        "1 !HELLO 3", "1 CLIENT TRACKING on", "1 GET k", "1 SET k x", "1 <", "1 GET k",
                        "1 MULTI", "1 GET k2", "1 SET k y", "1 SET k2 z", "1 EXEC", "1 <", "1 <", "1 PING",
                        "1 GET k", "1 FLUSHALL", "1 <", "1 PING",
                        "1 CLIENT TRACKING on NOLOOP", "1 GET k", "1 SET k w", "1 PING", "2 SET k v", "1 PING",
                        "1 GET k", "2 SET k v2", "1 <"},
                new String[]{"RESP2 redirect to a subscriber",
                        "2 CLIENT ID", "2 SUBSCRIBE __redis__:invalidate", "1 CLIENT TRACKING on REDIRECT $id2",
                        "1 CLIENT GETREDIR", "1 CLIENT TRACKINGINFO", "1 flags", "1 GET k", "1 MGET a b",
                        "3 SET k v", "2 <", "3 MSET a 1 b 2", "2 <", "2 <", "3 FLUSHDB", "2 <", "2 PING"},
                new String[]{"RESP2 without a redirect hears nothing",
                        "1 CLIENT TRACKING on", "1 GET k", "2 SET k v", "1 PING", "1 SET k x", "1 PING"},
                new String[]{"broken redirect",
                        "2 CLIENT ID", "1 CLIENT TRACKING on REDIRECT $id2", "2 QUIT", "1 GET k", "3 SET k v",
                        "1 PING", "1 CLIENT TRACKINGINFO", "1 flags", "1 CLIENT GETREDIR", "1 !HELLO 3",
                        "1 GET k", "3 SET k v2", "1 <", "1 CLIENT TRACKINGINFO", "1 GET k", "1 SET k v3", "1 <"},
                new String[]{"BCAST with prefixes and NOLOOP",
                        "1 !HELLO 3", "1 CLIENT TRACKING on BCAST PREFIX user: PREFIX post:", "1 flags",
                        "4 !HELLO 3", "4 CLIENT TRACKING on BCAST NOLOOP",
                        "1 tracking-info",
                        "3 MSET user:2 a user:1 b post:9 c misc d", "1 <", "1 <", "4 <",
                        "4 SET misc 1", "4 PING", "1 PING", "4 SET user:7 1", "1 <", "4 PING",
                        "3 DEL misc user:2", "1 <", "4 <", "1 SET user:5 x", "1 PING", "1 <", "4 <",
                        "1 CLIENT TRACKING off", "3 SET user:1 z", "1 PING", "4 <", "1 tracking-info"},
                new String[]{"OPTIN and OPTOUT",
                        "1 !HELLO 3", "1 CLIENT TRACKING on OPTIN", "1 GET a", "2 SET a 1", "1 PING",
                        "1 CLIENT CACHING yes", "1 GET a", "1 GET b", "2 MSET a 2 b 2", "1 <", "1 PING",
                        "1 CLIENT CACHING yes", "1 MULTI", "1 GET a", "1 GET b", "1 EXEC", "2 MSET a 3 b 3",
                        "1 <", "1 <", "1 CLIENT TRACKING off",
                        "1 CLIENT TRACKING on OPTOUT", "1 GET a", "1 CLIENT CACHING no", "1 GET b",
                        "2 MSET a 4 b 4", "1 <", "1 PING"},
                new String[]{"flushes",
                        "1 !HELLO 3", "1 CLIENT TRACKING on", "2 CLIENT ID", "2 SUBSCRIBE __redis__:invalidate",
                        "3 CLIENT TRACKING on REDIRECT $id2", "5 !HELLO 3", "5 CLIENT TRACKING on BCAST",
                        "1 GET k", "4 FLUSHALL", "1 <", "2 <", "5 <", "1 PING", "4 FLUSHDB", "1 <", "2 <", "5 <",
                        "4 SWAPDB 0 1", "1 PING", "5 PING", "1 tracking-info",
                        "4 MULTI", "4 FLUSHDB", "4 FLUSHALL", "4 EXEC", "1 <", "1 <", "2 <", "2 <", "1 PING",
                        "1 MULTI", "1 FLUSHDB", "1 FLUSHDB", "1 EXEC", "1 <", "1 <", "1 PING"},
                new String[]{"RESET and HELLO",
                        "1 CLIENT TRACKING on", "1 GET k", "1 !HELLO 3", "2 SET k v", "1 <", "1 GET k",
                        "1 RESET", "2 SET k v2", "1 PING", "1 CLIENT TRACKINGINFO", "1 flags", "1 tracking-info"})
                .map(c -> Arguments.of(c[0], c));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("conversations")
    void sameBytesAsRedis(String name, String[] steps) throws Exception {
        List<String> expected = run(redis.port(), steps);
        List<String> actual = run(engine.port(), steps);
        assertThat(actual).as(name).containsExactlyElementsOf(expected);
    }

    /** Jedis 7.0.0's cache refuses a real Redis 7.0.15 just as it refuses the engine. */
    @Test
    void jedisRefusesRedis70ForClientSideCaching() {
        HostAndPort hp = new HostAndPort("127.0.0.1", redis.port());
        assertThatThrownBy(() -> new UnifiedJedis(hp, DefaultJedisClientConfig.builder().protocol(RedisProtocol.RESP3).build(),
                CacheConfig.builder().build()).get("x"))
                .isInstanceOf(JedisException.class)
                .hasStackTraceContaining("Client side caching is only supported with 'Redis 7.4' or later.");
    }

    private static List<String> run(int port, String[] conversation) throws IOException, InterruptedException {
        Map<Integer, RawClient> conns = new LinkedHashMap<>();
        Map<Integer, Long> ids = new LinkedHashMap<>();
        List<String> transcript = new ArrayList<>();
        try (RawClient admin = new RawClient(port)) {
            admin.call("FLUSHALL");   // also empties the tracking table
            awaitOnlyClient(admin);   // the last conversation's connections are gone
            for (int s = 1; s < conversation.length; s++) {
                String step = conversation[s];
                int sp = step.indexOf(' ');
                int n = Integer.parseInt(step.substring(0, sp));
                String command = step.substring(sp + 1);
                RawClient c = open(port, n, conns, ids);
                String reply;
                if (command.equals("<")) {
                    reply = RawClient.escape(c.readReply());
                } else if (command.equals("flags")) {
                    reply = clientInfoFields(c);
                } else if (command.equals("tracking-info")) {
                    reply = trackingInfo(c);
                } else {
                    boolean compare = !command.startsWith("!");
                    if (!compare) command = command.substring(1);
                    for (int m = 1; m <= 9; m++) {
                        if (!command.contains("$id" + m)) continue;
                        open(port, m, conns, ids);
                        command = command.replace("$id" + m, "" + ids.get(m));
                    }
                    String text = RawClient.escape(c.call(command.split(" ")));
                    reply = compare ? text : "(not compared)";
                }
                boolean mayShowIds = command.startsWith("CLIENT") || command.equals("<") || command.equals("flags");
                for (Map.Entry<Integer, Long> e : ids.entrySet()) {
                    if (!mayShowIds) break;
                    reply = reply.replace(":" + e.getValue() + "\\r\\n", ":$id" + e.getKey() + "\\r\\n")
                            .replace("redir=" + e.getValue() + " ", "redir=$id" + e.getKey() + " ");
                }
                transcript.add(step + " -> " + reply);
            }
            admin.call("CONFIG", "SET", "tracking-table-max-keys", "1000000");
        } finally {
            for (RawClient c : conns.values()) c.close();
        }
        return transcript;
    }

    private static RawClient open(int port, int n, Map<Integer, RawClient> conns, Map<Integer, Long> ids) throws IOException {
        RawClient c = conns.get(n);
        if (c == null) {
            c = new RawClient(port);
            conns.put(n, c);
            String id = new String(c.call("CLIENT", "ID"), StandardCharsets.US_ASCII);
            ids.put(n, Long.parseLong(id.substring(1).trim()));
        }
        return c;
    }

    private static void awaitOnlyClient(RawClient admin) throws IOException, InterruptedException {
        for (int i = 0; i < 2000; i++) {
            String list = new String(admin.call("CLIENT", "LIST"), StandardCharsets.UTF_8);
            if (list.strip().split("\n").length <= 2) return;   // "$len" line and our own line
            Thread.sleep(1);
        }
    }

    /** CLIENT INFO's flags= and redir= fields (the rest is buffers, addresses and ages). */
    private static String clientInfoFields(RawClient c) throws IOException {
        String info = new String(c.call("CLIENT", "INFO"), StandardCharsets.UTF_8);
        StringBuilder sb = new StringBuilder();
        for (String field : info.strip().split(" ")) {
            if (field.startsWith("flags=") || field.startsWith("redir=")) sb.append(field).append(' ');
        }
        return sb.toString();
    }

    /** INFO's tracking_* lines. */
    private static String trackingInfo(RawClient c) throws IOException {
        String info = new String(c.call("INFO", "everything"), StandardCharsets.UTF_8);
        StringBuilder sb = new StringBuilder();
        for (String line : info.split("\r\n")) if (line.startsWith("tracking_")) sb.append(line).append(' ');
        return sb.toString();
    }
}
