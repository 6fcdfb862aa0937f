/*
 * SAMPLE tests for lab 01 (RESP), written with the course machinery to prove it end to end; the
 * lesson-01 author replaces and extends them.
 *
 * Lab 01 comes before the event loop (lab 02), so its tests cannot go over TCP: in a snapshot
 * where only lab 01 is done, nothing reads sockets yet. They drive RespReader and RespWriter
 * directly instead, with bytes exactly as a client would send them, and report failures through
 * the test kit's Explain: what went in, what was expected, what came out, and a hint.
 */
package dev.rediscover.lessons.lab01;

import dev.rediscover.resp.ProtocolException;
import dev.rediscover.resp.RespReader;
import dev.rediscover.resp.RespWriter;
import dev.rediscover.testing.Explain;
import dev.rediscover.testing.RawClient;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;

import static org.junit.jupiter.api.Assertions.fail;

class RespCodecTest {
    private static final long MAX_BULK = 512L * 1024 * 1024;

    @Test
    @DisplayName("the reader returns a command's arguments once all its bytes are in")
    void readsOneCommand() throws ProtocolException {
        byte[][] args = {"ECHO".getBytes(), randomBytes()};
        byte[] wire = RawClient.encode(args);
        RespReader reader = new RespReader(MAX_BULK);
        reader.feed(wire);
        if (!reader.next()) {
            fail(Explain.exchange("next() returned false: no command, though it was complete", wire, null, null,
                    "next() must return true as soon as the buffer holds a whole command"));
        }
        expectArgs(wire, args, reader, "each argument is exactly the <length> bytes after its $<length>\\r\\n");
    }

    @Test
    @DisplayName("a command cut at any byte waits for the rest, then reads whole")
    void commandSplitAnywhere() throws ProtocolException {
        byte[][] args = {"SET".getBytes(), randomBytes(), randomBytes()};
        byte[] wire = RawClient.encode(args);
        int cut = 1 + ThreadLocalRandom.current().nextInt(wire.length - 1);
        RespReader reader = new RespReader(MAX_BULK);
        reader.feed(Arrays.copyOfRange(wire, 0, cut));
        if (reader.next()) {
            fail(Explain.exchange("next() returned true after only " + cut + " of " + wire.length + " bytes",
                    Arrays.copyOfRange(wire, 0, cut), null, null,
                    "when the buffer ends mid-command, return false and keep the partial bytes for later"));
        }
        reader.feed(Arrays.copyOfRange(wire, cut, wire.length));
        if (!reader.next()) {
            fail(Explain.exchange("next() returned false after the rest arrived (cut at byte " + cut + ")", wire, null, null,
                    "a reader that forgets where it stopped, or re-parses from the wrong place, never completes"));
        }
        expectArgs(wire, args, reader, "the arguments must not depend on where the bytes were cut");
    }

    @Test
    @DisplayName("the writer encodes a bulk string as $<length>\\r\\n<bytes>\\r\\n")
    void writesABulkString() {
        byte[] value = randomBytes();
        RespWriter writer = new RespWriter();
        writer.bulk(value, 0, value.length);
        byte[] expected = concat(("$" + value.length + "\r\n").getBytes(), value, "\r\n".getBytes());
        byte[] got = writer.pendingBytes();
        if (!Arrays.equals(expected, got)) {
            fail(Explain.exchange("bulk(" + RawClient.escape(value) + ") wrote the wrong bytes", null, expected, got,
                    "the length counts bytes, not characters, and the data is followed by \\r\\n"));
        }
    }

    private static void expectArgs(byte[] wire, byte[][] args, RespReader reader, String hint) {
        byte[][] got = Arrays.copyOf(reader.argv(), reader.argc());
        if (!Arrays.deepEquals(args, got)) {
            fail(Explain.exchange("wrong arguments", wire, RawClient.encode(args), RawClient.encode(got), hint)
                    + "\n  (expected and got show the arguments re-encoded as a command)");
        }
    }

    /** Random bytes, including \r, \n and zero: arguments are binary-safe. */
    private static byte[] randomBytes() {
        byte[] b = new byte[1 + ThreadLocalRandom.current().nextInt(40)];
        ThreadLocalRandom.current().nextBytes(b);
        b[0] = '\r';
        if (b.length > 1) b[1] = '\n';
        return b;
    }

    private static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte[] p : parts) out.writeBytes(p);
        return out.toByteArray();
    }
}
