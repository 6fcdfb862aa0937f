/*
 * Lab 01, task 3: RespReader reads multibulk commands (*<n>\r\n then n times $<len>\r\n<bytes>\r\n),
 * however the bytes are cut into pieces.
 *
 * A socket read returns whatever has arrived: half a command, or fifty commands and a bit. These
 * tests feed the same bytes whole, one byte at a time, cut at every position and in random pieces,
 * and expect the same commands every time.
 */
package dev.rediscover.lessons.lab01;

import org.junit.jupiter.api.Order;
import dev.rediscover.resp.ProtocolException;
import dev.rediscover.resp.RespReader;
import dev.rediscover.testing.Explain;
import dev.rediscover.testing.RawClient;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static dev.rediscover.lessons.lab01.Wire.args;
import static dev.rediscover.lessons.lab01.Wire.b;
import static dev.rediscover.lessons.lab01.Wire.commands;
import static dev.rediscover.lessons.lab01.Wire.concat;
import static dev.rediscover.lessons.lab01.Wire.drain;
import static dev.rediscover.lessons.lab01.Wire.encodeAll;
import static dev.rediscover.lessons.lab01.Wire.expectCommands;
import static dev.rediscover.lessons.lab01.Wire.feedInPieces;
import static dev.rediscover.lessons.lab01.Wire.random;
import static dev.rediscover.lessons.lab01.Wire.randomBytes;
import static dev.rediscover.lessons.lab01.Wire.randomCuts;
import static dev.rediscover.lessons.lab01.Wire.randomWord;
import static dev.rediscover.lessons.lab01.Wire.reader;
import static org.junit.jupiter.api.Assertions.fail;

@Order(3)   // LabRunner runs the classes in task order
class MultibulkReaderTest {

    @Test
    @DisplayName("a whole command is read at once; then next() answers false")
    void oneCommand() throws ProtocolException {
        byte[][] cmd = args("SET", randomWord(), randomWord());
        byte[] wire = RawClient.encode(cmd);
        RespReader reader = reader();
        reader.feed(wire);
        if (!reader.next()) {
            fail(Explain.exchange("next() returned false, though the command was complete", wire, null, null,
                    "next() must return true as soon as the buffer holds a whole command"));
        }
        expectCommands("from one complete command", wire, commands(cmd),
                commands(Arrays.copyOf(reader.argv(), reader.argc())),
                "each argument is exactly the <len> bytes after its $<len>\\r\\n; argc() is the count from *<n>");
        if (reader.next()) {
            fail(Explain.exchange("next() returned true a second time with no bytes left", wire, null, null,
                    "after a command, reset your state so the next call starts a new command and finds nothing"));
        }
        if (reader.pending() != 0) {
            fail(Explain.exchange("after the whole command was read, pending() is " + reader.pending() + ", not 0", wire,
                    null, null, "move pos past every byte of the command, the final \\r\\n included, and never beyond end"));
        }
    }

    @Test
    @DisplayName("next() on an empty buffer answers false")
    void emptyBuffer() throws ProtocolException {
        RespReader reader = reader();
        if (reader.next()) fail("next() returned true before any byte was fed: there is no command yet");
        reader.feed(new byte[0]);
        if (reader.next()) fail("next() returned true after an empty feed: there is no command yet");
    }

    @Test
    @DisplayName("arguments are binary: \\r, \\n and 0 inside, and empty ones ($0)")
    void binaryArguments() throws ProtocolException {
        byte[][] cmd = {b("SET"), randomBytes(50), b("\r\n"), new byte[0], b("$3\r\n*1\r\n"), {0, 0, 0}};
        byte[] wire = RawClient.encode(cmd);
        RespReader reader = reader();
        reader.feed(wire);
        expectCommands("with binary arguments", wire, commands(cmd), drain(reader),
                "never look for \\r\\n inside an argument's data: take exactly <len> bytes, then skip the \\r\\n after them");
    }

    @Test
    @DisplayName("a command cut at every possible byte waits for the rest, then reads whole")
    void cutAtEveryByte() throws ProtocolException {
        byte[][] cmd = {b("HSET"), randomBytes(20), b(randomWord()), randomBytes(12)};
        byte[] wire = RawClient.encode(cmd);
        for (int cut = 1; cut < wire.length; cut++) {
            RespReader reader = reader();
            reader.feed(Arrays.copyOf(wire, cut));
            List<byte[][]> early = drain(reader);
            if (!early.isEmpty()) {
                fail(Explain.exchange("next() returned a command after only " + cut + " of its " + wire.length
                                + " bytes", Arrays.copyOf(wire, cut), null, null,
                        "a command is complete only when its last argument's data AND the \\r\\n after it are in the buffer"));
            }
            reader.feed(Arrays.copyOfRange(wire, cut, wire.length));
            expectCommands("when the bytes arrive in two pieces cut at byte " + cut, wire, commands(cmd), drain(reader),
                    "when a header line, an argument or its \\r\\n is incomplete, return false and keep your place;"
                            + " the next call must resume there, not start the command again");
        }
    }

    @Test
    @DisplayName("a command fed one byte at a time reads the same")
    void oneByteAtATime() throws ProtocolException {
        byte[][] cmd = {b("MSET"), b(randomWord()), randomBytes(30), b(randomWord()), randomBytes(30)};
        byte[] wire = RawClient.encode(cmd);
        int[] cuts = new int[wire.length - 1];
        for (int i = 0; i < cuts.length; i++) cuts[i] = i + 1;
        expectCommands("one byte at a time", wire, commands(cmd), feedInPieces(reader(), wire, cuts),
                "the line end \\r\\n can itself be split: \\r in one piece, \\n in the next");
    }

    @RepeatedTest(5)
    @DisplayName("a pipeline of random commands, cut into random pieces, reads as sent")
    void pipelineInRandomPieces() throws ProtocolException {
        List<byte[][]> sent = new ArrayList<>();
        int commands = 1 + random().nextInt(40);
        for (int i = 0; i < commands; i++) {
            byte[][] cmd = new byte[1 + random().nextInt(6)][];
            for (int j = 0; j < cmd.length; j++) cmd[j] = randomBytes(random().nextInt(4) == 0 ? 300 : 15);
            sent.add(cmd);
        }
        byte[] wire = encodeAll(sent);
        int[] cuts = randomCuts(wire.length, random().nextInt(30));
        expectCommands("from " + commands + " pipelined commands cut at " + Arrays.toString(cuts), wire, sent,
                feedInPieces(reader(), wire, cuts),
                "after one command, the next may already be in the buffer: next() returns one command per call"
                        + " and must find the following ones on the next calls");
    }

    @Test
    @DisplayName("a pipeline fed in one go is read one command per next() call")
    void pipelineInOneGo() throws ProtocolException {
        List<byte[][]> sent = commands(args("PING"), args("SET", randomWord(), randomWord()), args("GET", randomWord()));
        byte[] wire = encodeAll(sent);
        RespReader reader = reader();
        reader.feed(wire);
        expectCommands("from three commands fed at once", wire, sent, drain(reader),
                "return true after each command; do not skip or merge the ones behind it");
    }

    @Test
    @DisplayName("*0 and *-1 are empty commands: skipped, and what follows is still read")
    void emptyCommandsAreSkipped() throws ProtocolException {
        byte[][] cmd = args("ECHO", randomWord());
        byte[] wire = concat(b("*0\r\n*-1\r\n"), RawClient.encode(cmd), b("*0\r\n"));
        RespReader reader = reader();
        reader.feed(wire);
        expectCommands("around empty commands", wire, commands(cmd), drain(reader),
                "a count of 0 or less is no command at all: consume the line and go on to the next one");
    }

    @Test
    @DisplayName("a big argument (over 100 KB) arriving in pieces reads whole")
    void bigArgument() throws ProtocolException {
        byte[] value = randomBytes(1);
        value = concat(value, new byte[100_000 + random().nextInt(50_000)]);
        random().nextBytes(value);
        byte[][] cmd = {b("SET"), b(randomWord()), value};
        byte[] wire = RawClient.encode(cmd);
        int[] cuts = new int[wire.length / 16384];
        for (int i = 0; i < cuts.length; i++) cuts[i] = (i + 1) * 16384;
        expectCommands("with a " + value.length + "-byte value fed in 16 KB pieces", wire, commands(cmd), feedInPieces(reader(), wire, cuts),
                "wait until all <len> bytes and the \\r\\n after them are in the buffer before copying the argument");
    }

    @Test
    @DisplayName("a command with thousands of arguments reads whole")
    void manyArguments() throws ProtocolException {
        byte[][] cmd = new byte[3000 + random().nextInt(2000)][];
        cmd[0] = b("RPUSH");
        for (int i = 1; i < cmd.length; i++) cmd[i] = b(Integer.toString(i));
        byte[] wire = RawClient.encode(cmd);
        int[] cuts = randomCuts(wire.length, 20);
        List<byte[][]> got = feedInPieces(reader(), wire, cuts);
        expectCommands("with " + cmd.length + " arguments", wire, commands(cmd), got,
                "argv starts small; grow it as arguments arrive (addArg does this for you)");
    }

    @Test
    @DisplayName("a huge declared count or length waits for the data without allocating it")
    void hugeLengthsAllocateNothing() throws ProtocolException {
        RespReader reader = reader();
        byte[] wire = b("*2147483647\r\n$3\r\nSET\r\n$536870912\r\nabc");
        reader.feed(wire);
        if (reader.next()) fail(Explain.exchange("next() returned true for an incomplete command", wire, null, null,
                "2147483647 arguments are announced and one has arrived: keep waiting"));
        if (reader.capacity() > 1024 * 1024) {
            fail(Explain.exchange("the read buffer grew to " + reader.capacity() + " bytes for " + wire.length
                            + " bytes received", wire, null, null,
                    "never size memory from a count or length the client sent: a stranger could make you allocate gigabytes"
                            + " with 20 bytes. Grow as bytes really arrive"));
        }
    }
}
