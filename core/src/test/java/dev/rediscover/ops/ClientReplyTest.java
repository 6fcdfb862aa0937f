/*
 * CLIENT REPLY OFF|SKIP|ON in the corners where Redis 7.0.15 was measured: refused commands are
 * silenced too and use up a SKIP, SKIP while OFF changes nothing, a SKIP given inside EXEC
 * silences the command after EXEC, and (UN)SUBSCRIBE confirmations are pushes that silencing lets
 * through. Each sequence is pipelined; the first reply read proves what came before it.
 */
package dev.rediscover.ops;

import dev.rediscover.embedded.RediscoverServer;
import dev.rediscover.testing.RawClient;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

class ClientReplyTest {
    private static void pipeline(RawClient c, String[]... commands) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String[] cmd : commands) out.write(RawClient.encode(cmd));
        c.send(out.toByteArray());
    }

    private static String[] cmd(String... words) { return words; }

    @Test
    void refusedCommandsAreSilencedAndSkipWhileOffIsIgnored() throws Exception {
        try (RediscoverServer redis = RediscoverServer.start(); RawClient c = new RawClient(redis.port())) {
            pipeline(c, cmd("CLIENT", "REPLY", "OFF"), cmd("CLIENT", "REPLY", "SKIP"), cmd("PING"),
                    cmd("NOSUCHCMD"), cmd("GET"), cmd("CLIENT", "REPLY", "ON"));
            assertThat(c.readText()).isEqualTo("+OK\\r\\n");
            assertThat(c.callText("PING")).isEqualTo("+PONG\\r\\n");
        }
    }

    @Test
    void aRefusedCommandUsesUpASkip() throws Exception {
        try (RediscoverServer redis = RediscoverServer.start(); RawClient c = new RawClient(redis.port())) {
            pipeline(c, cmd("CLIENT", "REPLY", "SKIP"), cmd("GET"), cmd("PING", "b"));
            assertThat(c.readText()).isEqualTo("$1\\r\\nb\\r\\n");
            pipeline(c, cmd("CLIENT", "REPLY", "SKIP"), cmd("NOSUCHCMD"), cmd("PING", "a"));
            assertThat(c.readText()).isEqualTo("$1\\r\\na\\r\\n");
        }
    }

    @Test
    void skipInsideExecSilencesTheCommandAfterExec() throws Exception {
        try (RediscoverServer redis = RediscoverServer.start(); RawClient c = new RawClient(redis.port())) {
            pipeline(c, cmd("MULTI"), cmd("CLIENT", "REPLY", "SKIP"), cmd("PING"), cmd("EXEC"), cmd("PING", "z"),
                    cmd("PING", "after"));
            assertThat(c.readText()).isEqualTo("+OK\\r\\n");
            assertThat(c.readText()).isEqualTo("+QUEUED\\r\\n");
            assertThat(c.readText()).isEqualTo("+QUEUED\\r\\n");
            // Byte for byte what Redis sends: EXEC announces 2 replies but CLIENT REPLY SKIP wrote
            // none, so a RESP reader takes the reply to PING after (PING z is skipped) as the 2nd.
            assertThat(c.readText()).isEqualTo("*2\\r\\n+PONG\\r\\n$5\\r\\nafter\\r\\n");
        }
    }

    @Test
    void subscribeConfirmationsAndMessagesGetThroughOff() throws Exception {
        try (RediscoverServer redis = RediscoverServer.start(); RawClient c = new RawClient(redis.port());
             RawClient pub = new RawClient(redis.port())) {
            pipeline(c, cmd("CLIENT", "REPLY", "OFF"), cmd("SUBSCRIBE", "ch"));
            assertThat(c.readText()).isEqualTo("*3\\r\\n$9\\r\\nsubscribe\\r\\n$2\\r\\nch\\r\\n:1\\r\\n");
            assertThat(pub.callText("PUBLISH", "ch", "m")).isEqualTo(":1\\r\\n");
            assertThat(c.readText()).isEqualTo("*3\\r\\n$7\\r\\nmessage\\r\\n$2\\r\\nch\\r\\n$1\\r\\nm\\r\\n");
        }
    }
}
