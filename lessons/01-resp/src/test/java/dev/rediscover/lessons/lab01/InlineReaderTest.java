/*
 * Lab 01, task 4: RespReader reads inline commands, the one-line form you type over telnet or nc:
 * words separated by spaces, ended by \n (with or without \r), with redis-cli's quoting.
 * InlineSplitter (given) splits a line into words; readInline finds the line and hands it over.
 */
package dev.rediscover.lessons.lab01;

import org.junit.jupiter.api.Order;
import dev.rediscover.resp.ProtocolException;
import dev.rediscover.resp.RespReader;
import dev.rediscover.testing.RawClient;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static dev.rediscover.lessons.lab01.Wire.args;
import static dev.rediscover.lessons.lab01.Wire.b;
import static dev.rediscover.lessons.lab01.Wire.commands;
import static dev.rediscover.lessons.lab01.Wire.concat;
import static dev.rediscover.lessons.lab01.Wire.drain;
import static dev.rediscover.lessons.lab01.Wire.expectCommands;
import static dev.rediscover.lessons.lab01.Wire.feedInPieces;
import static dev.rediscover.lessons.lab01.Wire.random;
import static dev.rediscover.lessons.lab01.Wire.randomBytes;
import static dev.rediscover.lessons.lab01.Wire.randomCuts;
import static dev.rediscover.lessons.lab01.Wire.randomWord;
import static dev.rediscover.lessons.lab01.Wire.reader;

@Order(4)   // LabRunner runs the classes in task order
class InlineReaderTest {

    private static List<byte[][]> read(byte[] wire) throws ProtocolException {
        RespReader reader = reader();
        reader.feed(wire);
        return drain(reader);
    }

    @Test
    @DisplayName("an inline command is its words, ended by \\r\\n or by \\n alone")
    void inlineWords() throws ProtocolException {
        String key = randomWord(), value = randomWord();
        byte[] wire = b("SET " + key + " " + value + "\r\nGET " + key + "\nPING\r\n");
        expectCommands("from inline lines", wire, commands(args("SET", key, value), args("GET", key), args("PING")),
                read(wire),
                "a line ends at \\n; drop the \\r before it if there is one, and split the rest with InlineSplitter.split");
    }

    @Test
    @DisplayName("spaces and tabs around and between words do not make empty arguments")
    void extraSpaces() throws ProtocolException {
        String word = randomWord();
        byte[] wire = b("  ECHO \t  " + word + "   \r\n");
        expectCommands("from a line with extra spaces", wire, commands(args("ECHO", word)), read(wire),
                "InlineSplitter already skips runs of spaces; pass it the line without its \\r\\n");
    }

    @Test
    @DisplayName("quotes: \"double\" with \\n \\\" \\xHH escapes, 'single', and \"\" for an empty argument")
    void quotedWords() throws ProtocolException {
        byte[] wire = b("SET \"my key\" \"a\\\"b\\n\\x41\\x00\" 'it\\'s' '' \"\"\r\n");
        byte[][] expected = {b("SET"), b("my key"), b("a\"b\nA\0"), b("it's"), new byte[0], new byte[0]};
        expectCommands("from a line with quotes", wire, commands(expected), read(wire),
                "split the line with InlineSplitter.split(buf, start, end): it knows redis-cli's quoting rules");
    }

    @Test
    @DisplayName("blank lines are skipped, and the command after them is read")
    void blankLines() throws ProtocolException {
        String word = randomWord();
        byte[] wire = b("\r\n\n   \r\nECHO " + word + "\r\n\r\n");
        expectCommands("around blank lines", wire, commands(args("ECHO", word)), read(wire),
                "a line with no words is no command: consume it and look at the next line");
    }

    @Test
    @DisplayName("an inline command cut at every byte waits for its \\n")
    void inlineCutAnywhere() throws ProtocolException {
        String key = randomWord();
        byte[] wire = b("SET " + key + " \"v a l\"\r\n");
        for (int cut = 1; cut < wire.length; cut++) {
            expectCommands("from an inline line cut at byte " + cut, wire, commands(args("SET", key, "v a l")),
                    feedInPieces(reader(), wire, new int[] {cut}),
                    "until the \\n has arrived the line is incomplete: return false and leave its bytes in the buffer");
        }
    }

    @Test
    @DisplayName("inline and multibulk commands mixed in one pipeline, in random pieces")
    void mixedPipeline() throws ProtocolException {
        List<byte[][]> sent = new ArrayList<>();
        java.io.ByteArrayOutputStream wire = new java.io.ByteArrayOutputStream();
        int commands = 2 + random().nextInt(20);
        for (int i = 0; i < commands; i++) {
            if (random().nextBoolean()) {
                byte[][] cmd = {b(randomWord()), randomBytes(20)};
                sent.add(cmd);
                wire.writeBytes(RawClient.encode(cmd));
            } else {
                String a = randomWord(), c = randomWord();
                sent.add(args(a, c));
                wire.writeBytes(b(a + " " + c + (random().nextBoolean() ? "\r\n" : "\n")));
            }
        }
        byte[] bytes = wire.toByteArray();
        expectCommands("from a mixed pipeline", bytes, sent, feedInPieces(reader(), bytes, randomCuts(bytes.length, 15)),
                "each command's first byte decides its form: '*' starts a multibulk, anything else an inline line");
    }

    @Test
    @DisplayName("an inline line holding \\r\\n-looking words keeps the multibulk parser out of it")
    void inlineAfterMultibulk() throws ProtocolException {
        String word = randomWord();
        byte[] wire = concat(RawClient.encode(args("PING")), b("ECHO $3\r\n"), RawClient.encode(args("ECHO", word)));
        expectCommands("from multibulk, inline, multibulk", wire,
                commands(args("PING"), args("ECHO", "$3"), args("ECHO", word)), read(wire),
                "after a multibulk command is done, the next command may be inline: decide again from its first byte");
    }
}
