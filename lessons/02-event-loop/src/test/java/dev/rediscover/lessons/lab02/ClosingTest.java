/*
 * How connections end. QUIT and a protocol error both close the connection, but only after the
 * reply is written (Redis's CLIENT_CLOSE_AFTER_REPLY). A client may also vanish at any moment, in
 * the middle of a command or of a reply, politely (FIN) or not (RST): the server must then
 * forget it and go on serving everyone else. And a client that sends more than
 * client-query-buffer-limit is cut off without a reply.
 */
package dev.rediscover.lessons.lab02;

import org.junit.jupiter.api.Order;
import dev.rediscover.server.Clock;
import dev.rediscover.testing.Exchange;
import dev.rediscover.testing.RawClient;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.net.Socket;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

import static dev.rediscover.lessons.lab02.Wire.ascii;
import static dev.rediscover.lessons.lab02.Wire.bulk;
import static dev.rediscover.lessons.lab02.Wire.concat;
import static org.assertj.core.api.Assertions.assertThat;

@Order(2)   // LabRunner runs the classes in task order
class ClosingTest {
    private static final String CLOSE_AFTER_REPLY = "processInput stops at a client marked CLOSE_AFTER_REPLY; "
            + "writeToClient closes it once everything before is written (not before: the reply would be lost)";
    private static final String HUNG_UP = "a client whose socket fails (read returns -1, or read/write throws an "
            + "IOException) must be closed with close(c), and only that client: catch the exception there";

    @RegisterExtension
    final LabServer server = new LabServer();

    @Test
    @DisplayName("QUIT answers +OK, then the server closes the connection")
    void quit() throws Exception {
        RawClient client = server.client();
        Exchange.with(client).hint(CLOSE_AFTER_REPLY).send("QUIT").expect("+OK\r\n");
        Closed.expect(client, RawClient.encode("QUIT"), CLOSE_AFTER_REPLY);
        server.awaitClients(0, "after QUIT the client must be closed with close(c), which forgets it");
    }

    @Test
    @DisplayName("commands pipelined after QUIT are not run")
    void quitInAPipeline() throws Exception {
        byte[] value = Wire.random(1, 20);
        byte[] sent = concat(RawClient.encode("PING"), RawClient.encode("QUIT"), RawClient.encode(ascii("ECHO"), value));
        RawClient client = server.client();
        Exchange.with(client).hint(CLOSE_AFTER_REPLY).sendRaw(sent).expect("+PONG\r\n").expect("+OK\r\n");
        Closed.expect(client, sent, CLOSE_AFTER_REPLY + ". Nothing after QUIT may run");
    }

    static Stream<Arguments> protocolErrors() {
        return Stream.of(
                Arguments.of("a bulk length that is not a number", "*1\r\n$x\r\n",
                        "-ERR Protocol error: invalid bulk length\r\n"),
                Arguments.of("an argument count that is not a number", "*abc\r\n",
                        "-ERR Protocol error: invalid multibulk length\r\n"),
                Arguments.of("an argument without its $ header", "*1\r\nPING\r\n",
                        "-ERR Protocol error: expected '$', got 'P'\r\n"),
                Arguments.of("an inline command with an open quote", "ECHO \"abc\r\n",
                        "-ERR Protocol error: unbalanced quotes in request\r\n"));
    }

    @ParameterizedTest(name = "after {0}")
    @DisplayName("a protocol error is answered, then the connection is closed")
    @MethodSource("protocolErrors")
    void protocolError(String what, String sent, String reply) throws Exception {
        byte[] value = Wire.random(1, 20);
        byte[] pipeline = concat(RawClient.encode(ascii("ECHO"), value), ascii(sent), RawClient.encode("PING"));
        String hint = "the reader throws ProtocolException: processInput answers with its error (e.replyBytes()), "
                + "marks the client closeAfterReply() and stops. The replies before it still go out first";
        RawClient client = server.client();
        Exchange.with(client).hint(hint).sendRaw(pipeline).expect(bulk(value)).expect(reply);
        Closed.expect(client, pipeline, hint);
    }

    @Test
    @DisplayName("clients hanging up mid-command, politely or not, leave the server serving the others")
    void hangUpMidCommand() throws Exception {
        RawClient stays = server.client();
        byte[] command = RawClient.encode(ascii("ECHO"), Wire.random(100, 200));
        for (boolean reset : new boolean[]{false, true, false, true}) {
            Socket s = server.connect(server.socket());
            s.getOutputStream().write(Arrays.copyOf(command, ThreadLocalRandom.current().nextInt(1, command.length)));
            s.getOutputStream().flush();
            server.awaitClients(2, "accept() must register every connection");
            if (reset) s.setSoLinger(true, 0);   // close with a RST: the server's read throws instead of returning -1
            s.close();
            server.awaitClients(1, HUNG_UP + (reset ? " (this one reset the connection)" : " (this one closed it)"));
            Exchange.with(stays).hint(HUNG_UP).send("PING").expect("+PONG\r\n");
        }
    }

    @Test
    @DisplayName("a client hanging up in the middle of a 4 MB reply leaves the server serving the others")
    void hangUpMidReply() throws Exception {
        RawClient stays = server.client();
        byte[] value = Wire.random(4 << 20, 4 << 20);
        for (int round = 0; round < 3; round++) {
            Socket s = server.socket();
            s.setReceiveBufferSize(4096);
            server.connect(s);
            s.getOutputStream().write(RawClient.encode(ascii("ECHO"), value));
            BigReply.read(s.getInputStream(), 1000, value, "the reply to ECHO is its argument as a bulk string");
            s.setSoLinger(true, 0);
            s.close();   // with most of the reply still to come: the server's next write fails
            server.awaitClients(1, HUNG_UP + " (this one left in the middle of its reply)");
            Exchange.with(stays).hint(HUNG_UP).send("PING").expect("+PONG\r\n");
        }
    }

    @Test
    @DisplayName("a client sending more than client-query-buffer-limit is cut off without a reply")
    void queryBufferLimit() throws Exception {
        server.restart(Clock.SYSTEM, "--client-query-buffer-limit", "1mb");
        RawClient stays = server.client();
        Socket greedy = server.connect(server.socket());
        try {
            greedy.getOutputStream().write(RawClient.encode(ascii("ECHO"), new byte[2 << 20]));
        } catch (IOException resetWhileWriting) {
            // the server may close before we finish: that is the point
        }
        int first;
        try {
            first = greedy.getInputStream().read();
        } catch (IOException reset) {
            first = -1;
        }
        assertThat(first).as("the server must close a client whose unparsed input (c.reader.pending()) grows past "
                + "client-query-buffer-limit (server.clientQueryBufferLimit), without replying. Check it after each read "
                + "in readFromClient").isEqualTo(-1);
        server.awaitClients(1, "the greedy client must be closed with close(c)");
        Exchange.with(stays).send("PING").expect("+PONG\r\n");
    }
}
