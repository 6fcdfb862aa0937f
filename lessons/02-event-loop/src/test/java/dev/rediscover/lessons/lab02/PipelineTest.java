/*
 * Bytes arrive in pieces that have nothing to do with commands: a client may send a hundred
 * commands in one write (pipelining), or one command over many writes. The server must answer
 * each whole command, in order, as soon as it has all of it, and keep the rest for later.
 * Inline commands (what you type over telnet) go through the same path.
 */
package dev.rediscover.lessons.lab02;

import org.junit.jupiter.api.Order;
import dev.rediscover.testing.Exchange;
import dev.rediscover.testing.Explain;
import dev.rediscover.testing.RawClient;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.opentest4j.AssertionFailedError;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import static dev.rediscover.lessons.lab02.Wire.ascii;
import static dev.rediscover.lessons.lab02.Wire.bulk;
import static dev.rediscover.lessons.lab02.Wire.concat;

@Order(3)   // LabRunner runs the classes in task order
class PipelineTest {
    @RegisterExtension
    final LabServer server = new LabServer();

    @Test
    @DisplayName("a hundred commands sent in one write get a hundred replies, in order")
    void pipeline() throws Exception {
        ByteArrayOutputStream pipeline = new ByteArrayOutputStream();
        List<byte[]> commands = new ArrayList<>();
        List<byte[]> replies = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            int kind = ThreadLocalRandom.current().nextInt(3);
            byte[] value = Wire.random(0, 16);
            if (kind == 0) {
                commands.add(RawClient.encode("PING"));
                replies.add(ascii("+PONG\r\n"));
            } else {
                commands.add(RawClient.encode(ascii(kind == 1 ? "ECHO" : "PING"), value));
                replies.add(bulk(value));
            }
            pipeline.writeBytes(commands.get(i));
        }
        RawClient client = server.client();
        client.send(pipeline.toByteArray());
        for (int i = 0; i < replies.size(); i++) {
            // Shown per command: the whole pipeline would be pages of bytes.
            expectReply(client, "reply " + (i + 1) + " of the 100 commands sent in one write", commands.get(i), replies.get(i),
                    "one read can hold many commands: processInput must run every whole command in the buffer "
                            + "(a loop until next() returns false), not only the first; the replies keep their order");
        }
    }

    /** Read one reply and compare it, showing only the command it answers. */
    private static void expectReply(RawClient client, String which, byte[] command, byte[] expected, String hint) {
        byte[] got;
        try {
            got = client.readReply();
        } catch (IOException e) {
            throw new AssertionFailedError(Explain.exchange(which + ": no reply (" + e.getMessage() + ")", command, expected, null, hint));
        }
        if (!Arrays.equals(expected, got)) {
            throw new AssertionFailedError(Explain.exchange(which + ": wrong reply", command, expected, got, hint),
                    RawClient.escape(expected), RawClient.escape(got));
        }
    }

    @Test
    @DisplayName("a whole command is answered at once, even if half of the next one came with it")
    void halfOfTheNextCommandWaits() throws Exception {
        byte[] first = Wire.random(1, 30);
        byte[] second = Wire.random(1, 30);
        byte[] next = RawClient.encode(ascii("ECHO"), second);
        int cut = ThreadLocalRandom.current().nextInt(1, next.length);
        Exchange.with(server.client())
                .hint("answer every whole command now; the half command stays in the reader until the rest arrives")
                .sendRaw(concat(RawClient.encode(ascii("ECHO"), first), Arrays.copyOfRange(next, 0, cut)))
                .expect(bulk(first))
                .sendRaw(Arrays.copyOfRange(next, cut, next.length))
                .expect(bulk(second));
    }

    @Test
    @DisplayName("a pipeline cut in two at any byte gets the same replies")
    void cutAnywhere() throws Exception {
        byte[] a = Wire.random(1, 12);
        byte[] b = Wire.random(1, 12);
        byte[] pipeline = concat(RawClient.encode(ascii("ECHO"), a), RawClient.encode("PING"), RawClient.encode(ascii("ECHO"), b));
        RawClient client = server.client();
        RawClient other = server.client();
        for (int cut = 1; cut < pipeline.length; cut++) {
            Exchange e = Exchange.with(client)
                    .hint("cut after byte " + cut + ": the reader must keep a half command between reads; "
                            + "readFromClient must not drop or re-read what is already buffered")
                    .sendRaw(Arrays.copyOfRange(pipeline, 0, cut));
            // One round trip on another connection: the server has had a turn with the first part alone.
            Exchange.with(other).send("PING").expect("+PONG\r\n");
            e.sendRaw(Arrays.copyOfRange(pipeline, cut, pipeline.length))
                    .expect(bulk(a)).expect("+PONG\r\n").expect(bulk(b));
        }
    }

    @Test
    @DisplayName("a command trickling in byte by byte is answered once whole, while another client is served")
    void byteByByte() throws Exception {
        byte[] value = Wire.random(5, 20);
        byte[] command = RawClient.encode(ascii("ECHO"), value);
        RawClient slow = server.client();
        Exchange fast = Exchange.with(server.client())
                .hint("a client with half a command must not hold up the others: readFromClient reads what is there "
                        + "and returns, it never waits for the rest");
        for (byte x : command) {
            slow.send(new byte[]{x});
            fast.send("PING").expect("+PONG\r\n");
        }
        Exchange.with(slow)
                .hint("the command arrived one byte per read: every byte must be kept until the command is whole")
                .expect(bulk(value));
    }

    @Test
    @DisplayName("inline commands: words separated by spaces, ended by \\r\\n or \\n")
    void inline() throws Exception {
        String word = Wire.word();
        Exchange.with(server.client())
                .hint("inline commands come through the same reader (lab 01): processInput treats them like any other")
                .sendRaw("PING\r\n").expect("+PONG\r\n")
                .sendRaw("ECHO " + word + "\r\n").expect(bulk(word))
                .sendRaw("PING\n").expect("+PONG\r\n")
                .sendRaw("\r\n\r\nPING " + word + "\r\n").expect(bulk(word))
                .sendRaw("ECHO \"" + word + " " + word + "\"\r\n").expect(bulk(word + " " + word));
    }

    @Test
    @DisplayName("inline and multibulk commands mixed in one pipeline")
    void mixedPipeline() throws Exception {
        String a = Wire.word();
        byte[] b = Wire.random(1, 20);
        Exchange.with(server.client())
                .hint("each command in the buffer may be inline or multibulk: the reader decides from its first byte")
                .sendRaw(concat(ascii("ECHO " + a + "\r\n"), RawClient.encode(ascii("ECHO"), b), ascii("PING\r\n"),
                        RawClient.encode("PING")))
                .expect(bulk(a)).expect(bulk(b)).expect("+PONG\r\n").expect("+PONG\r\n");
    }
}
