/*
 * CLIENT: the CLIENT LIST line format, names, KILL in its old and new forms, REPLY OFF/SKIP/ON,
 * and LIST filters.
 */
package dev.rediscover.ops;

import dev.rediscover.embedded.RediscoverServer;
import dev.rediscover.testing.RawClient;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class ClientCommandsTest {
    private static String body(byte[] bulk) {
        String s = new String(bulk);
        return s.substring(s.indexOf("\r\n") + 2, s.length() - 2);
    }

    private static List<String> fieldNames(String line) {
        List<String> names = new ArrayList<>();
        for (String kv : line.trim().split(" ")) names.add(kv.substring(0, kv.indexOf('=')));
        return names;
    }

    @Test
    void listHasRedis70FieldsInOrder() throws Exception {
        try (RediscoverServer redis = RediscoverServer.start(); RawClient c = new RawClient(redis.port())) {
            String name = "n" + UUID.randomUUID().toString().substring(0, 8);
            assertThat(c.callText("CLIENT", "SETNAME", name)).isEqualTo("+OK\\r\\n");
            String line = body(c.call("CLIENT", "INFO"));
            assertThat(line).endsWith("\n");
            assertThat(fieldNames(line)).containsExactly("id", "addr", "laddr", "fd", "name", "age", "idle", "flags", "db",
                    "sub", "psub", "ssub", "multi", "qbuf", "qbuf-free", "argv-mem", "multi-mem", "rbs", "rbp", "obl", "oll",
                    "omem", "tot-mem", "events", "cmd", "user", "redir", "resp");
            assertThat(line).contains(" name=" + name + " ", " flags=N ", " db=0 ", " cmd=client|info ", " user=default ", " resp=2");
            assertThat(body(c.call("CLIENT", "LIST"))).isEqualTo(line.replace("cmd=client|info", "cmd=client|list"));
            assertThat(c.callText("CLIENT", "GETNAME")).isEqualTo("$" + name.length() + "\\r\\n" + name + "\\r\\n");
            assertThat(c.callText("CLIENT", "SETNAME", "")).isEqualTo("+OK\\r\\n");
            assertThat(c.callText("CLIENT", "GETNAME")).isEqualTo("$-1\\r\\n");
        }
    }

    @Test
    void listFiltersByIdAndType() throws Exception {
        try (RediscoverServer redis = RediscoverServer.start(); RawClient a = new RawClient(redis.port()); RawClient b = new RawClient(redis.port())) {
            String idA = new String(a.call("CLIENT", "ID")).substring(1).trim();
            String idB = new String(b.call("CLIENT", "ID")).substring(1).trim();
            assertThat(body(a.call("CLIENT", "LIST")).split("\n")).hasSize(2);
            String onlyB = body(a.call("CLIENT", "LIST", "ID", idB));
            assertThat(onlyB).startsWith("id=" + idB + " ").doesNotContain("id=" + idA + " ");
            assertThat(body(a.call("CLIENT", "LIST", "TYPE", "normal")).split("\n")).hasSize(2);
            assertThat(a.callText("CLIENT", "LIST", "TYPE", "pubsub")).isEqualTo("$0\\r\\n\\r\\n");
        }
    }

    @Test
    void killOldAndNewForms() throws Exception {
        try (RediscoverServer redis = RediscoverServer.start(); RawClient me = new RawClient(redis.port());
             RawClient victim1 = new RawClient(redis.port()); RawClient victim2 = new RawClient(redis.port())) {
            String line = body(victim1.call("CLIENT", "INFO"));
            String addr = line.replaceAll(".* addr=(\\S+) .*\\n?", "$1");
            assertThat(me.callText("CLIENT", "KILL", addr)).isEqualTo("+OK\\r\\n");
            assertThat(victim1.isClosedByServer()).isTrue();
            String id2 = new String(victim2.call("CLIENT", "ID")).substring(1).trim();
            assertThat(me.callText("CLIENT", "KILL", "ID", id2)).isEqualTo(":1\\r\\n");
            assertThat(victim2.isClosedByServer()).isTrue();
            // SKIPME yes (the default) spares the caller.
            assertThat(me.callText("CLIENT", "KILL", "TYPE", "normal")).isEqualTo(":0\\r\\n");
            assertThat(me.callText("PING")).isEqualTo("+PONG\\r\\n");
            // SKIPME no: the caller gets its reply, then the connection closes.
            assertThat(me.callText("CLIENT", "KILL", "TYPE", "normal", "SKIPME", "no")).isEqualTo(":1\\r\\n");
            assertThat(me.isClosedByServer()).isTrue();
        }
    }

    @Test
    void replyOffSkipOn() throws Exception {
        try (RediscoverServer redis = RediscoverServer.start(); RawClient c = new RawClient(redis.port())) {
            String key = "k:" + UUID.randomUUID();
            c.sendCommand("CLIENT", "REPLY", "OFF");
            c.sendCommand("SET", key, "1");
            c.sendCommand("GET", key);
            c.sendCommand("CLIENT", "REPLY", "SKIP");   // still off: SKIP while OFF changes the mode only
            c.sendCommand("CLIENT", "REPLY", "ON");
            assertThat(c.readText()).isEqualTo("+OK\\r\\n");
            c.sendCommand("CLIENT", "REPLY", "SKIP");
            c.sendCommand("GET", key);                   // skipped
            c.sendCommand("ECHO", "after");
            assertThat(c.readText()).isEqualTo("$5\\r\\nafter\\r\\n");
            assertThat(c.callText("GET", key)).isEqualTo("$1\\r\\n1\\r\\n");
        }
    }

    @Test
    void noEvictShowsAsFlag() throws Exception {
        try (RediscoverServer redis = RediscoverServer.start(); RawClient c = new RawClient(redis.port())) {
            c.call("CLIENT", "NO-EVICT", "on");
            assertThat(body(c.call("CLIENT", "INFO"))).contains(" flags=e ");
            c.call("CLIENT", "NO-EVICT", "off");
            assertThat(body(c.call("CLIENT", "INFO"))).contains(" flags=N ");
        }
    }
}
