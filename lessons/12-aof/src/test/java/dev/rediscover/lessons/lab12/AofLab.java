/*
 * What every lab-12 test shares: an embedded server with the AOF on (appendonly yes, the base
 * written as commands so lab 11's encoder is not needed) in a fresh temp directory, on a
 * ManualClock; a raw client; and helpers to read and write the AOF files themselves, since the
 * file format is what this lab is about.
 */
package dev.rediscover.lessons.lab12;

import dev.rediscover.embedded.RediscoverServer;
import dev.rediscover.server.ManualClock;
import dev.rediscover.testing.Exchange;
import dev.rediscover.testing.Explain;
import dev.rediscover.testing.RawClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

abstract class AofLab {
    static final long START = 1_800_000_000_000L;
    static final String OK = "+OK\r\n";
    static final String NIL = "$-1\r\n";
    static final String MANIFEST = "appendonly.aof.manifest";
    static final String BASE = "appendonly.aof.1.base.aof";
    static final String INCR = "appendonly.aof.1.incr.aof";

    @TempDir
    Path dir;

    ManualClock clock;
    RediscoverServer server;
    RawClient client;

    @BeforeEach
    void newClock() { clock = new ManualClock(START); }

    @AfterEach
    void stopServer() throws IOException {
        if (client != null) client.close();
        if (server != null) server.close();
        client = null;
        server = null;
    }

    Path aofDir() { return dir.resolve("appendonlydir"); }

    /** Start (or restart) the server on dir with the AOF on; extra options as redis-server takes them. */
    void start(String... extra) throws IOException {
        stopServer();
        List<String> args = new ArrayList<>(List.of("--dir", dir.toString(), "--appendonly", "yes",
                "--aof-use-rdb-preamble", "no"));
        args.addAll(List.of(extra));
        try {
            server = RediscoverServer.start(clock, args.toArray(new String[0]));
        } catch (RuntimeException e) {
            String unwritten = Explain.unwrittenMethod(String.valueOf(e.getMessage()));
            String msg = String.valueOf(e.getMessage());
            boolean loading = msg.contains("append only") || msg.contains("Aof") || msg.contains("AOF");
            fail("the server did not start" + (loading ? " (it loads the AOF in " + aofDir() + " first)" : "") + ": " + msg
                    + (unwritten != null ? "\n  hint: " + unwritten + " is still a stub" : ""), e);
        }
        client = new RawClient(server.port());
    }

    /** What start-up says when it refuses the AOF, or fails the test if it started. */
    String startFailure(String... extra) {
        stopServerQuietly();
        List<String> args = new ArrayList<>(List.of("--dir", dir.toString(), "--appendonly", "yes",
                "--aof-use-rdb-preamble", "no"));
        args.addAll(List.of(extra));
        try {
            server = RediscoverServer.start(clock, args.toArray(new String[0]));
        } catch (RuntimeException e) {
            return String.valueOf(e.getMessage());
        }
        fail("the server started, but this AOF must be refused");
        return null;
    }

    private void stopServerQuietly() {
        try {
            stopServer();
        } catch (IOException ignored) {
            // already gone
        }
    }

    /** A conversation on the client whose failures carry this hint. */
    Exchange x(String hint) { return Exchange.with(client).hint(hint); }

    byte[] read(String file) throws IOException { return Files.readAllBytes(aofDir().resolve(file)); }

    /** The incr file the server is appending to now (the manifest's last "type i" line). */
    String currentIncr() throws IOException {
        String last = null;
        for (String line : Files.readAllLines(aofDir().resolve(MANIFEST))) {
            if (line.endsWith("type i")) last = line.split(" ")[1];
        }
        return last;
    }

    /** The manifest's base file. */
    String currentBase() throws IOException {
        for (String line : Files.readAllLines(aofDir().resolve(MANIFEST))) {
            if (line.endsWith("type b")) return line.split(" ")[1];
        }
        return null;
    }

    /** Assert a file holds exactly these bytes, shown escaped (\r\n visible) when it does not. */
    void assertFile(String file, String expected, String hint) throws IOException {
        String got = RawClient.escape(read(file));
        assertThat(got).as("the AOF file %s\n  expected: %s\n  got:      %s\n  hint: %s", file,
                RawClient.escape(bytes(expected)), got, hint).isEqualTo(RawClient.escape(bytes(expected)));
    }

    /** Write the AOF directory by hand: a manifest naming an empty base and one incr file. */
    void writeAof(byte[] incr) throws IOException {
        Files.createDirectories(aofDir());
        Files.writeString(aofDir().resolve(MANIFEST), "file " + BASE + " seq 1 type b\nfile " + INCR + " seq 1 type i\n");
        Files.write(aofDir().resolve(BASE), new byte[0]);
        Files.write(aofDir().resolve(INCR), incr);
    }

    /** Commands in the AOF's form (RESP arrays of bulk strings), concatenated. */
    static byte[] resp(String[]... commands) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String[] c : commands) out.writeBytes(RawClient.encode(c));
        return out.toByteArray();
    }

    static String[] cmd(String... words) { return words; }

    static byte[] bytes(String s) { return s.getBytes(StandardCharsets.ISO_8859_1); }

    static String text(byte[] b) { return new String(b, StandardCharsets.ISO_8859_1); }

    /** An AOF file parsed back into commands, each one "WORD arg arg" (tests of the rewrite). */
    static List<String> commands(byte[] file) {
        List<String> out = new ArrayList<>();
        int[] at = {0};
        while (at[0] < file.length) {
            int argc = (int) number(file, at, '*');
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < argc; i++) {
                int len = (int) number(file, at, '$');
                if (i > 0) sb.append(' ');
                sb.append(new String(file, at[0], len, StandardCharsets.ISO_8859_1));
                at[0] += len + 2;
            }
            out.add(sb.toString());
        }
        return out;
    }

    private static long number(byte[] d, int[] at, char type) {
        if (d[at[0]] != type) throw new AssertionError("not an AOF command at byte " + at[0] + ": " + RawClient.escape(
                java.util.Arrays.copyOfRange(d, at[0], Math.min(d.length, at[0] + 40))));
        at[0]++;
        long n = 0;
        while (d[at[0]] != '\r') n = n * 10 + (d[at[0]++] - '0');
        at[0] += 2;
        return n;
    }

    static String randomKey() { return "aof:" + Long.toHexString(ThreadLocalRandom.current().nextLong()); }

    static String randomValue() { return "v" + ThreadLocalRandom.current().nextInt(1_000_000); }

    /** "*2\r\n$6\r\nSELECT\r\n$1\r\n0\r\n": what an incr file starts with. */
    static String select(int db) { return text(resp(cmd("SELECT", Integer.toString(db)))); }

    static String command(String... words) { return text(resp(words)); }

    static String bulk(String s) { return "$" + bytes(s).length + "\r\n" + s + "\r\n"; }

    static String err(String text) { return "-" + text + "\r\n"; }

    /** Run something on the server's loop thread (to look inside, e.g. at the fsync count). */
    <T> T onLoop(java.util.function.Function<dev.rediscover.server.Server, T> f) { return server.onLoop(f); }
}
