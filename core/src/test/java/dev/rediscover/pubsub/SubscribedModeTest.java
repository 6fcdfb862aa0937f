/*
 * Subscribed-mode bookkeeping seen on the wire: subscriptions vanish when a client disconnects
 * or sends RESET, CLIENT LIST reports sub/psub/ssub and the P flag, TYPE pubsub selects
 * subscribers, glob patterns follow Redis's rules on binary channel names, and shard channels are
 * a namespace of their own that patterns never see.
 */
package dev.rediscover.pubsub;

import dev.rediscover.embedded.RediscoverServer;
import dev.rediscover.testing.RawClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class SubscribedModeTest {
    private static RediscoverServer server;

    @BeforeAll
    static void start() { server = RediscoverServer.start(); }

    @AfterAll
    static void stop() { server.close(); }

    private static String unique() { return "c" + UUID.randomUUID(); }

    @Test
    void disconnectingForgetsEverySubscription() throws Exception {
        String ch = unique(), pat = unique() + "*", sh = unique();
        try (RawClient admin = new RawClient(server.port())) {
            try (RawClient sub = new RawClient(server.port())) {
                sub.call("SUBSCRIBE", ch);
                sub.call("PSUBSCRIBE", pat);
                sub.call("SSUBSCRIBE", sh);
                assertThat(admin.callText("PUBSUB", "NUMSUB", ch)).isEqualTo("*2\\r\\n$" + ch.length() + "\\r\\n" + ch + "\\r\\n:1\\r\\n");
                assertThat(admin.callText("PUBLISH", ch, "x")).isEqualTo(":1\\r\\n");
            }
            for (int i = 0; i < 500 && !admin.callText("PUBLISH", ch, "x").equals(":0\\r\\n"); i++) Thread.sleep(2);
            assertThat(admin.callText("PUBLISH", ch, "x")).isEqualTo(":0\\r\\n");
            assertThat(admin.callText("SPUBLISH", sh, "x")).isEqualTo(":0\\r\\n");
            assertThat(admin.callText("PUBSUB", "CHANNELS", ch)).isEqualTo("*0\\r\\n");
            assertThat(admin.callText("PUBSUB", "SHARDCHANNELS", sh)).isEqualTo("*0\\r\\n");
        }
    }

    @Test
    void resetLeavesSubscribedModeQuietly() throws Exception {
        String ch = unique();
        try (RawClient sub = new RawClient(server.port()); RawClient pub = new RawClient(server.port())) {
            sub.call("SUBSCRIBE", ch);
            assertThat(sub.callText("GET", "x")).startsWith("-ERR Can't execute 'get'");
            assertThat(sub.callText("PING")).isEqualTo("*2\\r\\n$4\\r\\npong\\r\\n$0\\r\\n\\r\\n");
            assertThat(pub.callText("CLIENT", "LIST")).contains("sub=1 psub=0 ssub=0 multi=-1").contains("flags=P db=0 sub=1", "cmd=ping user=default");
            assertThat(sub.callText("RESET")).isEqualTo("+RESET\\r\\n");
            assertThat(pub.callText("PUBLISH", ch, "x")).isEqualTo(":0\\r\\n");
            assertThat(sub.callText("PING")).isEqualTo("+PONG\\r\\n");
            assertThat(sub.callText("CLIENT", "INFO")).contains("flags=N").contains("sub=0 psub=0 ssub=0");
        }
    }

    @Test
    void clientListReportsSubscriptionsAndSelectsByType() throws Exception {
        try (RawClient sub = new RawClient(server.port()); RawClient admin = new RawClient(server.port())) {
            String name = "sub-" + UUID.randomUUID();
            sub.call("CLIENT", "SETNAME", name);
            sub.call("SUBSCRIBE", unique());
            sub.call("SUBSCRIBE", unique());
            sub.call("PSUBSCRIBE", unique() + "*");
            sub.call("SSUBSCRIBE", unique());
            String line = admin.callText("CLIENT", "LIST", "TYPE", "pubsub");
            assertThat(line).contains("name=" + name).contains("flags=P").contains("sub=2 psub=1 ssub=1");
            assertThat(admin.callText("CLIENT", "LIST", "TYPE", "normal")).doesNotContain(name);
            assertThat(admin.callText("INFO", "stats")).containsPattern("pubsub_channels:[1-9]").containsPattern("pubsub_patterns:[1-9]")
                    .containsPattern("pubsubshard_channels:[1-9]");
            assertThat(admin.callText("CLIENT", "KILL", "TYPE", "pubsub")).startsWith(":");
            assertThat(sub.isClosedByServer()).isTrue();
        }
    }

    @Test
    void patternsFollowGlobRulesOnBinaryNames() throws Exception {
        byte[] binary = {'b', 0, (byte) 0xff, 'x'};
        try (RawClient sub = new RawClient(server.port()); RawClient pub = new RawClient(server.port())) {
            String p = unique();
            sub.call("PSUBSCRIBE", p + "h[ae]llo");
            sub.call("PSUBSCRIBE", p + "lit\\*");
            sub.call(bytes("PSUBSCRIBE"), concat(p + "b?", new byte[]{(byte) 0xff}, "*"));
            assertThat(pub.callText("PUBLISH", p + "hello", "1")).isEqualTo(":1\\r\\n");
            assertThat(pub.callText("PUBLISH", p + "hallo", "2")).isEqualTo(":1\\r\\n");
            assertThat(pub.callText("PUBLISH", p + "hillo", "3")).isEqualTo(":0\\r\\n");
            assertThat(pub.callText("PUBLISH", p + "lit*", "4")).isEqualTo(":1\\r\\n");
            assertThat(pub.callText("PUBLISH", p + "litx", "5")).isEqualTo(":0\\r\\n");
            assertThat(RawClient.escape(pub.call(bytes("PUBLISH"), concat(p, binary, ""), bytes("6")))).isEqualTo(":1\\r\\n");
            assertThat(sub.readText()).contains(p + "hello\\r\\n$1\\r\\n1");
            assertThat(sub.readText()).contains(p + "hallo\\r\\n$1\\r\\n2");
            assertThat(sub.readText()).contains(p + "lit*\\r\\n$1\\r\\n4");
            assertThat(sub.readText()).contains(p + "b\\x00\\xffx\\r\\n$1\\r\\n6");
            // Shard channels never reach pattern subscribers.
            assertThat(pub.callText("SPUBLISH", p + "hello", "7")).isEqualTo(":0\\r\\n");
        }
    }

    @Test
    void resp3SubscriberGetsPushFramesAndMayRunCommands() throws Exception {
        String ch = unique();
        try (RawClient sub = new RawClient(server.port()); RawClient pub = new RawClient(server.port())) {
            sub.call("HELLO", "3");
            assertThat(sub.callText("SUBSCRIBE", ch)).isEqualTo(">3\\r\\n$9\\r\\nsubscribe\\r\\n$" + ch.length() + "\\r\\n" + ch + "\\r\\n:1\\r\\n");
            assertThat(sub.callText("GET", "nosuch:" + ch)).isEqualTo("_\\r\\n");
            assertThat(sub.callText("PING")).isEqualTo("+PONG\\r\\n");
            pub.call("PUBLISH", ch, "hi");
            assertThat(sub.readText()).isEqualTo(">3\\r\\n$7\\r\\nmessage\\r\\n$" + ch.length() + "\\r\\n" + ch + "\\r\\n$2\\r\\nhi\\r\\n");
            // Back to RESP2 while subscribed: the mode rules apply again.
            sub.call("HELLO", "2");
            assertThat(sub.callText("PING")).isEqualTo("*2\\r\\n$4\\r\\npong\\r\\n$0\\r\\n\\r\\n");
        }
    }

    private static byte[] bytes(String s) { return s.getBytes(StandardCharsets.UTF_8); }

    private static byte[] concat(String a, byte[] b, String c) {
        byte[] x = bytes(a), z = bytes(c), out = new byte[x.length + b.length + z.length];
        System.arraycopy(x, 0, out, 0, x.length);
        System.arraycopy(b, 0, out, x.length, b.length);
        System.arraycopy(z, 0, out, x.length + b.length, z.length);
        return out;
    }
}
