/*
 * Shared helpers for lab 01's tests: bytes in, bytes out, and failures a learner can read.
 *
 * Lab 01 comes before the event loop (lab 02), so these tests cannot go over TCP: in a snapshot
 * where only lab 01 is done, nothing reads sockets yet. They drive RespReader and RespWriter
 * directly, with bytes exactly as a client sends them, and report every failure through the test
 * kit's Explain: what went in, what was expected, what came out (escaped, so \r\n is visible),
 * and a hint for the usual mistake.
 */
package dev.rediscover.lessons.lab01;

import dev.rediscover.resp.ProtocolException;
import dev.rediscover.resp.RespReader;
import dev.rediscover.resp.RespWriter;
import dev.rediscover.testing.Explain;
import dev.rediscover.testing.RawClient;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;

import static org.junit.jupiter.api.Assertions.fail;

final class Wire {
    /** proto-max-bulk-len's default: 512 MB. */
    static final long MAX_BULK = 512L * 1024 * 1024;

    private Wire() { }

    static Random random() { return ThreadLocalRandom.current(); }

    /** The bytes of a string, one byte per char (Latin-1), so "\r\n" is exactly two bytes. */
    static byte[] b(String s) { return s.getBytes(StandardCharsets.ISO_8859_1); }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) out.writeBytes(p);
        return out.toByteArray();
    }

    static byte[] repeat(char c, int n) {
        byte[] r = new byte[n];
        Arrays.fill(r, (byte) c);
        return r;
    }

    /** Random bytes, often holding \r, \n and 0: arguments and values are binary-safe. */
    static byte[] randomBytes(int maxLen) {
        Random rnd = random();
        byte[] b = new byte[rnd.nextInt(maxLen + 1)];
        rnd.nextBytes(b);
        for (int i = 0; i < b.length; i++) {
            int pick = rnd.nextInt(8);
            if (pick == 0) b[i] = '\r';
            else if (pick == 1) b[i] = '\n';
            else if (pick == 2) b[i] = 0;
        }
        return b;
    }

    /** A random word of letters and digits (safe inside an inline command). */
    static String randomWord() {
        Random rnd = random();
        String alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789:_-.";
        StringBuilder sb = new StringBuilder();
        int n = 1 + rnd.nextInt(12);
        for (int i = 0; i < n; i++) sb.append(alphabet.charAt(rnd.nextInt(alphabet.length())));
        return sb.toString();
    }

    static byte[][] args(String... words) {
        byte[][] r = new byte[words.length][];
        for (int i = 0; i < words.length; i++) r[i] = b(words[i]);
        return r;
    }

    /** A list of commands (List.of would take a lone byte[][] as its varargs array). */
    static List<byte[][]> commands(byte[][]... commands) { return Arrays.asList(commands); }

    // ------------------------------------------------------------------ the writer

    static RespWriter writer(int protocol) {
        RespWriter w = new RespWriter();
        w.setProtocol(protocol);
        return w;
    }

    /** Check that the writer holds exactly these bytes; `call` says what the test did. */
    static void expectWritten(String call, RespWriter writer, byte[] expected, String hint) {
        byte[] got = writer.pendingBytes();
        if (!Arrays.equals(expected, got)) {
            fail(Explain.exchange(call + " wrote the wrong bytes (RESP" + writer.protocol() + ")",
                    null, expected, got, hint));
        }
    }

    static void expectWritten(String call, RespWriter writer, String expected, String hint) {
        expectWritten(call, writer, b(expected), hint);
    }

    // ------------------------------------------------------------------ the reader

    static RespReader reader() { return new RespReader(MAX_BULK); }

    /** Call next() until it answers false, copying out each command's arguments. */
    static List<byte[][]> drain(RespReader reader) throws ProtocolException {
        List<byte[][]> commands = new ArrayList<>();
        while (reader.next()) {
            if (commands.size() > 100_000) fail("next() keeps returning true: it never runs out of commands");
            commands.add(Arrays.copyOf(reader.argv(), reader.argc()));
        }
        return commands;
    }

    /** Feed the wire bytes in pieces cut at these offsets, draining after each piece. */
    static List<byte[][]> feedInPieces(RespReader reader, byte[] wire, int[] cuts) throws ProtocolException {
        List<byte[][]> commands = new ArrayList<>();
        int from = 0;
        for (int i = 0; i <= cuts.length; i++) {
            int to = i < cuts.length ? cuts[i] : wire.length;
            reader.feed(Arrays.copyOfRange(wire, from, to));
            commands.addAll(drain(reader));
            from = to;
        }
        return commands;
    }

    /** Sorted random cut points strictly inside the wire bytes. */
    static int[] randomCuts(int length, int count) {
        if (length < 2) return new int[0];
        return random().ints(count, 1, length).distinct().sorted().toArray();
    }

    /** Compare the commands read with the commands sent; the failure shows both re-encoded. */
    static void expectCommands(String how, byte[] wire, List<byte[][]> expected, List<byte[][]> got, String hint) {
        boolean same = expected.size() == got.size();
        for (int i = 0; same && i < expected.size(); i++) same = Arrays.deepEquals(expected.get(i), got.get(i));
        if (!same) {
            byte[] encodedExpected = encodeAll(expected), encodedGot = encodeAll(got);
            int firstDiff = Arrays.mismatch(encodedExpected, encodedGot);
            fail(Explain.exchange("wrong commands read " + how + ": expected " + expected.size()
                            + " command(s), got " + got.size(), shorten(wire), around(encodedExpected, firstDiff),
                    around(encodedGot, firstDiff), hint)
                    + "\n  (expected and got show the commands re-encoded as multibulk, one after the other)");
        }
    }

    static byte[] encodeAll(List<byte[][]> commands) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[][] c : commands) out.writeBytes(RawClient.encode(c));
        return out.toByteArray();
    }

    /**
     * Feed bytes that break the protocol and check that next() throws a ProtocolException whose
     * reply is exactly "ERR Protocol error: detail".
     */
    static void expectProtocolError(RespReader reader, byte[] wire, String detail, String hint) {
        reader.feed(wire);
        byte[] shown = shorten(wire);
        String expected = "ERR Protocol error: " + detail;
        try {
            List<byte[][]> read = drain(reader);
            fail(Explain.exchange("no protocol error: next() read " + read.size() + " command(s) and then asked"
                    + " for more bytes", shown, b(expected), null, hint));
        } catch (ProtocolException e) {
            byte[] got = e.replyBytes();
            if (!Arrays.equals(b(expected), got)) {
                fail(Explain.exchange("wrong protocol error", shown, b(expected), got,
                        hint + " (the client sees the text after '-' byte for byte)"));
            }
        }
    }

    /** Long output shown around the byte at `at`, where expected and got first differ. */
    static byte[] around(byte[] bytes, int at) {
        if (bytes.length <= 200) return bytes;
        int from = Math.max(0, Math.min(at, bytes.length) - 80), to = Math.min(bytes.length, from + 160);
        return concat(b(from > 0 ? "...(" + from + " bytes)..." : ""), Arrays.copyOfRange(bytes, from, to),
                b(to < bytes.length ? "...(" + (bytes.length - to) + " more bytes)" : ""));
    }

    /** Long input shown as its head and tail, so a failure stays readable. */
    static byte[] shorten(byte[] wire) {
        if (wire.length <= 200) return wire;
        return concat(Arrays.copyOf(wire, 80), b("...(" + (wire.length - 120) + " more bytes)..."),
                Arrays.copyOfRange(wire, wire.length - 40, wire.length));
    }
}
