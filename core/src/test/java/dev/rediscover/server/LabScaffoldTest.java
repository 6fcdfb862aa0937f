/*
 * The stand-in a learner's command-line server falls back to while lab 01 or 02 is a stub: every
 * request gets the error naming the method to write, so redis-cli shows the next step.
 */
package dev.rediscover.server;

import dev.rediscover.lab.LabNotDone;
import dev.rediscover.testing.RawClient;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;

import static org.assertj.core.api.Assertions.assertThat;

class LabScaffoldTest {
    @Test
    void answersEveryRequestWithTheLabError() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        int p = port;
        Log quiet = new Log();
        quiet.setLevel("nothing");
        Thread t = new Thread(() -> {
            try {
                LabScaffold.serve("127.0.0.1", p, new LabNotDone(2, "EventLoop.accept"), quiet);
            } catch (Exception ignored) {
                // the test ends with the JVM's daemon threads
            }
        });
        t.setDaemon(true);
        t.start();
        RawClient c = null;
        for (int i = 0; i < 100 && c == null; i++) {
            try {
                c = new RawClient(p);
            } catch (java.io.IOException notYet) {
                Thread.sleep(10);
            }
        }
        assertThat(c).as("scaffold listening on " + p).isNotNull();
        String expected = "-ERR lab 02 is not done yet: EventLoop.accept (see lessons/02-event-loop)\\r\\n";
        assertThat(c.callText("PING")).isEqualTo(expected);
        assertThat(c.callText("SET", "k", "v")).isEqualTo(expected);
        c.close();
    }
}
