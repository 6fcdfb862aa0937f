/*
 * When an exception escapes the event loop (a bug, or a learner's unwritten lab 02 method), the
 * loop cannot go on. It must still close every socket, so clients see their connection drop at
 * once instead of waiting for a reply that never comes, and it must say why it stopped
 * (EventLoop.stoppedBy), which is what lab 02's tests show the learner. Redis has no equivalent:
 * a crash there takes the whole process down (and prints its bug report, debug.c).
 */
package dev.rediscover.server;

import dev.rediscover.embedded.RediscoverServer;
import dev.rediscover.testing.RawClient;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventLoopDeathTest {
    @Test
    void aDyingLoopClosesItsSocketsAndSaysWhy() throws Exception {
        try (RediscoverServer redis = RediscoverServer.start(); RawClient client = new RawClient(redis.port())) {
            assertThat(client.callText("PING")).isEqualTo("+PONG\\r\\n");
            assertThat(redis.server().loop().stoppedBy()).isNull();
            // Tasks catch RuntimeException; an Error is what still gets through to run().
            Error boom = new Error("boom " + System.nanoTime());
            redis.server().loop().execute(() -> { throw boom; });

            assertThat(client.isClosedByServer()).as("the client's connection is closed").isTrue();
            assertThat(redis.server().loop().stoppedBy()).isSameAs(boom);
            assertThat(redis.server().loop().running()).isFalse();
            redis.server().awaitStopped();
            assertThatThrownBy(() -> new Socket("127.0.0.1", redis.port()).close())
                    .as("the listening socket is closed too")
                    .isInstanceOf(ConnectException.class);
        }
    }

    @Test
    void aNormalStopLeavesNoCause() throws IOException {
        RediscoverServer redis = RediscoverServer.start();
        redis.close();
        assertThat(redis.server().loop().stoppedBy()).isNull();
        assertThat(redis.isRunning()).isFalse();
    }
}
