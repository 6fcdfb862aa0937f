/*
 * Replays an AOF at start-up: the base file (an RDB, or commands), then each incr file, every
 * command run by a client with no connection, as if a user had sent it again (Redis: aof.c,
 * loadAppendOnlyFiles and loadSingleAppendOnlyFile, with a "fake client").
 *
 * What can go wrong, and what Redis does about it:
 *   - the last file ends in the middle of a command (the server died while writing): with
 *     aof-load-truncated yes, keep what is whole, cut the file there and go on, logging it;
 *     with no, refuse to start;
 *   - it ends inside MULTI ... without its EXEC: the transaction never happened, drop it (and cut
 *     the file before the MULTI);
 *   - anything else malformed, or truncation in a file that is not the last: refuse to start,
 *     naming the file and the offset.
 */
package dev.rediscover.aof;

import dev.rediscover.command.CommandSpec;
import dev.rediscover.lab.Lab;
import dev.rediscover.lab.LabNotDone;
import dev.rediscover.rdb.RdbLoader;
import dev.rediscover.server.Client;
import dev.rediscover.server.Server;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

public final class AofLoader {
    private final Server server;
    private final Client fake;
    /** Commands replayed, for the log and the tests. */
    long commandsLoaded;

    AofLoader(Server server) {
        this.server = server;
        this.fake = Client.fake(server);
    }

    /** Load every file of the manifest, in order. */
    void loadAll(Path dir, AofManifest m) throws IOException {
        List<AofManifest.FileInfo> files = m.loadOrder();
        for (int i = 0; i < files.size(); i++) {
            AofManifest.FileInfo f = files.get(i);
            Path p = dir.resolve(f.name());
            if (!Files.exists(p)) {
                // An empty incr file may be missing if we crashed just after writing the manifest.
                if (f.type() == 'i' && i == files.size() - 1) continue;
                throw new AofFormatException(f.name(), 0, "The AOF file " + f.name() + " doesn't exist");
            }
            loadFile(p, f.name(), i == files.size() - 1);
        }
        fake.select(0);
    }

    /** One file: an optional RDB preamble, then commands. */
    void loadFile(Path path, String name, boolean last) throws IOException {
        long valid;
        boolean truncated = false;
        try (CountingInput in = new CountingInput(new BufferedInputStream(Files.newInputStream(path), 64 * 1024))) {
            if (startsWithRdb(in)) {
                try {
                    RdbLoader.load(in, server.keyspace, server.clock.millis(), true, true);
                } catch (dev.rediscover.rdb.RdbFormatException e) {
                    throw new AofFormatException(name, e.offset, "Bad RDB preamble in the append only file " + name + ": " + e.getMessage());
                }
            }
            valid = in.offset;
            long beforeMulti = -1;
            while (true) {
                long start = in.offset;
                byte[][] argv;
                try {
                    argv = readCommand(in, name);
                } catch (EOFException e) {
                    truncated = in.offset > start;      // a clean end falls exactly on a boundary
                    break;
                }
                if (argv == null) {                   // an annotation line, skipped
                    valid = in.offset;
                    continue;
                }
                boolean isMulti = argv.length == 1 && equalsIgnoreCase(argv[0], "multi");
                if (isMulti) beforeMulti = start;
                replay(argv, name, start);
                if (equalsIgnoreCase(argv[0], "exec")) beforeMulti = -1;
                valid = in.offset;
            }
            if (fake.has(Client.MULTI)) {
                // The file ends inside a transaction: it never committed.
                replay(new byte[][] {"DISCARD".getBytes()}, name, valid);
                truncated = true;
                valid = beforeMulti;
            }
        }
        if (truncated) handleTruncated(path, name, last, valid);
    }

    private void handleTruncated(Path path, String name, boolean last, long valid) throws IOException {
        if (!last) throw new AofFormatException(name, valid, "Unexpected end of file reading the append only file " + name
                + ", which is not the last one");
        if (!server.config.getBool("aof-load-truncated")) {
            throw new AofFormatException(name, valid, "Unexpected end of file reading the append only file " + name
                    + ". You can: 1) Make a backup of your AOF file, then use ./redis-check-aof --fix <filename.manifest>. 2) Alternatively you can set the 'aof-load-truncated' configuration option to yes and restart the server.");
        }
        server.log.warning("!!! Warning: short read while loading the AOF file " + name + "!!!");
        server.log.warning("!!! Truncating the AOF " + name + " at offset " + valid + " !!!");
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.WRITE)) {
            ch.truncate(valid);
            ch.force(true);
        }
        server.log.warning("AOF " + name + " loaded anyway because aof-load-truncated is enabled");
    }

    private static boolean startsWithRdb(CountingInput in) throws IOException {
        in.mark(5);
        byte[] b = in.readNBytes(5);
        in.reset();
        return b.length == 5 && b[0] == 'R' && b[1] == 'E' && b[2] == 'D' && b[3] == 'I' && b[4] == 'S';
    }

    // ---------------------------------------------------------------- parsing

    /**
     * Read one command: *<argc>\r\n then, per argument, $<len>\r\n<bytes>\r\n. Returns null for
     * an annotation line ("#TS:..." and the like, skipped), throws EOFException when the file ends,
     * whole or in the middle of the command (the caller tells the two apart), and the
     * AofFormatException of bad() for anything else, with the offset where this command starts.
     */
    // tag::read-command[]
    @Lab(12)
    static byte[][] readCommand(CountingInput in, String name) throws IOException {
        throw new LabNotDone(12, "AofLoader.readCommand");
    }
    // end::read-command[]

    /**
     * A decimal number up to \r\n (the count after * or $). EOFException if the file ends first,
     * bad(name, commandStart) if it is not digits.
     */
    static long readNumber(CountingInput in, String name, long commandStart) throws IOException {
        long n = 0;
        int digits = 0;
        while (true) {
            int b = in.read();
            if (b == -1) throw new EOFException();
            if (b == '\r') break;
            if (b < '0' || b > '9' || digits > 18) throw bad(name, commandStart);
            n = n * 10 + (b - '0');
            digits++;
        }
        int lf = in.read();
        if (lf == -1) throw new EOFException();
        if (lf != '\n' || digits == 0) throw bad(name, commandStart);
        return n;
    }

    private static void readLine(CountingInput in) throws IOException {
        int b;
        while ((b = in.read()) != '\n') if (b == -1) throw new EOFException();
    }

    static AofFormatException bad(String name, long offset) {
        return new AofFormatException(name, offset, "Bad file format reading the append only file " + name
                + ": make a backup of your AOF file, then use ./redis-check-aof --fix <filename.manifest>");
    }

    // ---------------------------------------------------------------- running

    /** Run one command on the fake client, throwing away its reply. */
    // tag::replay[]
    @Lab(12)
    void replay(byte[][] argv, String name, long offset) throws AofFormatException {
        throw new LabNotDone(12, "AofLoader.replay");
    }
    // end::replay[]

    private static boolean equalsIgnoreCase(byte[] a, String s) {
        if (a.length != s.length()) return false;
        for (int i = 0; i < a.length; i++) if (Character.toLowerCase(a[i]) != s.charAt(i)) return false;
        return true;
    }

    /** An InputStream that knows how far it has read, for the offsets in error messages. */
    static final class CountingInput extends InputStream {
        private final InputStream in;
        long offset;
        private long markOffset;

        CountingInput(InputStream in) { this.in = in; }

        @Override public int read() throws IOException {
            int b = in.read();
            if (b != -1) offset++;
            return b;
        }

        @Override public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) offset += n;
            return n;
        }

        @Override public void mark(int limit) { in.mark(limit); markOffset = offset; }

        @Override public void reset() throws IOException { in.reset(); offset = markOffset; }

        @Override public boolean markSupported() { return true; }

        @Override public void close() throws IOException { in.close(); }
    }
}
