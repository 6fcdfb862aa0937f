package dev.rediscover.ops;

import dev.rediscover.embedded.RediscoverServer;
import dev.rediscover.server.ManualClock;
import dev.rediscover.testing.RawClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class MonitorTest {
    private final ManualClock clock = new ManualClock(1_700_000_000_042L);
    private RediscoverServer server;

    @BeforeEach
    void start() { server = RediscoverServer.start(clock); }

    @AfterEach
    void stop() { server.close(); }

    private static String text(byte[] b) { return new String(b, StandardCharsets.ISO_8859_1); }

    /** "127.0.0.1:port" of the other connection, from its CLIENT INFO. */
    private static String addr(RawClient c) throws Exception {
        String info = text(c.call("CLIENT", "INFO"));
        int at = info.indexOf("addr=") + 5;
        return info.substring(at, info.indexOf(' ', at));
    }

    @Test
    void aMonitorGetsOneQuotedLinePerCommandWithTimeDbAndAddress() throws Exception {
        try (RawClient m = new RawClient(server.port()); RawClient o = new RawClient(server.port())) {
            assertThat(text(m.call("MONITOR"))).isEqualTo("+OK\r\n");
            String addr = addr(o);                                  // CLIENT INFO: admin? no, shown
            assertThat(text(m.readReply())).isEqualTo("+1700000000.042000 [0 " + addr + "] \"CLIENT\" \"INFO\"\r\n");
            o.call("SELECT", "5");
            o.call("SET".getBytes(), "k\"\\".getBytes(), new byte[]{0, (byte) 0xff, '\n', '\t', ' '});
            assertThat(text(m.readReply())).isEqualTo("+1700000000.042000 [5 " + addr + "] \"SELECT\" \"5\"\r\n");
            assertThat(text(m.readReply()))
                    .isEqualTo("+1700000000.042000 [5 " + addr + "] \"SET\" \"k\\\"\\\\\" \"\\x00\\xff\\n\\t \"\r\n");
        }
    }

    @Test
    void adminCommandsAreHiddenAndPasswordsRedacted() throws Exception {
        try (RawClient m = new RawClient(server.port()); RawClient o = new RawClient(server.port())) {
            m.call("MONITOR");
            o.call("CONFIG", "GET", "maxmemory");
            o.call("SLOWLOG", "LEN");
            o.call("AUTH", "user", "pw");
            o.call("ECHO", "end");
            assertThat(text(m.readReply())).endsWith("\"AUTH\" \"(redacted)\" \"(redacted)\"\r\n");
            assertThat(text(m.readReply())).endsWith("\"ECHO\" \"end\"\r\n");
        }
    }

    @Test
    void transactionsShowMultiTheQueuedCommandsThenExec() throws Exception {
        try (RawClient m = new RawClient(server.port()); RawClient o = new RawClient(server.port())) {
            m.call("MONITOR");
            o.call("MULTI");
            o.call("INCR", "n");
            o.call("EXEC");
            assertThat(text(m.readReply())).endsWith("\"MULTI\"\r\n");
            assertThat(text(m.readReply())).endsWith("\"INCR\" \"n\"\r\n");
            assertThat(text(m.readReply())).endsWith("\"EXEC\"\r\n");
        }
    }

    @Test
    void aMonitorMayPingButNotTouchKeysAndResetEndsIt() throws Exception {
        try (RawClient m = new RawClient(server.port()); RawClient o = new RawClient(server.port())) {
            m.call("HELLO", "3");
            m.call("MONITOR");
            assertThat(text(o.call("CLIENT", "LIST"))).contains("flags=O");
            assertThat(text(m.call("GET", "k"))).isEqualTo("-ERR Replica can't interact with the keyspace\r\n");
            assertThat(text(m.call("PING"))).isEqualTo("+PONG\r\n");
            assertThat(text(m.readReply())).endsWith("\"PING\"\r\n");   // its own command, same line in RESP3
            assertThat(server.server().extension(Monitor.class, s -> null).count()).isEqualTo(1);
            assertThat(text(m.call("RESET"))).isEqualTo("+RESET\r\n");
            o.call("SET", "k", "v");
            assertThat(text(m.call("GET", "k"))).isEqualTo("$1\r\nv\r\n");
            assertThat(server.server().extension(Monitor.class, s -> null).count()).isZero();
        }
    }

    @Test
    void monitorInsideMultiIsRefusedAndAClosedMonitorIsForgotten() throws Exception {
        try (RawClient c = new RawClient(server.port())) {
            c.call("MULTI");
            c.call("MONITOR");
            assertThat(text(c.call("EXEC"))).isEqualTo("*1\r\n-ERR MONITOR isn't allowed for DENY BLOCKING client\r\n");
        }
        RawClient m = new RawClient(server.port());
        m.call("MONITOR");
        Monitor monitors = server.server().extension(Monitor.class, s -> null);
        assertThat(monitors.count()).isEqualTo(1);
        m.close();
        try (RawClient o = new RawClient(server.port())) {
            for (int i = 0; i < 50 && monitors.count() > 0; i++) {
                o.call("PING");
                Thread.sleep(2);
            }
        }
        assertThat(monitors.count()).isZero();
    }
}
