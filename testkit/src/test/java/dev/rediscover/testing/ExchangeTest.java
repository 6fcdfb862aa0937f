/*
 * The learner-facing failure text: Exchange against a tiny fake server that answers with fixed
 * bytes, and Explain's recognition of a carved stub's error.
 */
package dev.rediscover.testing;

import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ExchangeTest {
    /** Accepts one connection, reads one chunk, answers `reply`. */
    private static ServerSocket fakeServer(String reply) throws IOException {
        ServerSocket ss = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        Thread t = new Thread(() -> {
            try (Socket s = ss.accept()) {
                InputStream in = s.getInputStream();
                in.read(new byte[4096]);
                s.getOutputStream().write(reply.getBytes(StandardCharsets.UTF_8));
                s.getOutputStream().flush();
                in.read();   // wait for the client to close
            } catch (IOException ignored) {
                // the test is over
            }
        });
        t.setDaemon(true);
        t.start();
        return ss;
    }

    @Test
    void passesOnTheExactBytes() throws Exception {
        try (ServerSocket ss = fakeServer("$2\r\nhi\r\n"); RawClient c = new RawClient(ss.getLocalPort())) {
            Exchange.with(c).send("ECHO", "hi").expect("$2\r\nhi\r\n");
        }
    }

    @Test
    void failureShowsSentExpectedGotAndHint() throws Exception {
        try (ServerSocket ss = fakeServer("+hi\r\n"); RawClient c = new RawClient(ss.getLocalPort())) {
            assertThatThrownBy(() -> Exchange.with(c).hint("ECHO replies with a bulk string").send("ECHO", "hi").expect("$2\r\nhi\r\n"))
                    .isInstanceOf(AssertionFailedError.class)
                    .hasMessageContaining("sent:     *2\\r\\n$4\\r\\nECHO\\r\\n$2\\r\\nhi\\r\\n")
                    .hasMessageContaining("expected: $2\\r\\nhi\\r\\n")
                    .hasMessageContaining("got:      +hi\\r\\n")
                    .hasMessageContaining("hint:     ECHO replies with a bulk string");
        }
    }

    @Test
    void aStubErrorIsNamed() throws Exception {
        String stub = "-ERR lab 03 is not done yet: StringCommands.get (see lessons/03-strings)\r\n";
        try (ServerSocket ss = fakeServer(stub); RawClient c = new RawClient(ss.getLocalPort())) {
            assertThatThrownBy(() -> Exchange.with(c).send("GET", "k").expect("$-1\r\n"))
                    .hasMessageContaining("hint:     StringCommands.get is still a stub");
        }
        assertThat(Explain.unwrittenMethod("ERR lab 01 is not done yet: RespReader.next (see lessons/01-resp)"))
                .isEqualTo("RespReader.next");
        assertThat(Explain.unwrittenMethod("ERR wrong number of arguments")).isNull();
    }
}
