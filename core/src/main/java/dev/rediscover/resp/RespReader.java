/*
 * RespReader turns the bytes a client sends into commands: arrays of byte strings.
 *
 * Clients speak two request formats (see https://redis.io/docs/reference/protocol-spec/):
 *
 *   multibulk   *3\r\n$3\r\nSET\r\n$1\r\nk\r\n$1\r\nv\r\n      what every client library sends
 *   inline      SET k v\r\n                                    what you type over telnet
 *
 * Bytes arrive in arbitrary pieces: one read may hold half a command, or fifty pipelined commands
 * and a bit of the fifty-first. The reader keeps its position inside the current command between
 * calls (how many arguments are still to come, how long the next one is), so it never re-parses
 * what it has already seen. Redis does the same in networking.c: processMultibulkBuffer() and
 * processInlineBuffer(), with the state in client->multibulklen and client->bulklen.
 *
 * The buffer belongs to the reader: the event loop reads from the socket straight into it
 * (see {@link #readFrom}), then calls {@link #next} until it answers false.
 *
 * Redis's quirks are kept on purpose, so malformed input gets the same answer as from Redis:
 * a header ends at the first '\r' and the byte after it is skipped unchecked, as are the two bytes
 * after a bulk string's data; the search for a line end stops at a NUL byte (Redis uses strchr);
 * numbers follow string2ll (no '+', no leading zeros, no "-0").
 */
package dev.rediscover.resp;

import dev.rediscover.lab.Lab;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.util.Arrays;

public final class RespReader {
    /** Longest inline command, or multibulk/bulk header, Redis accepts (PROTO_INLINE_MAX_SIZE). */
    public static final int INLINE_MAX = 64 * 1024;
    /** Bulk strings at least this big are read into a buffer of their exact size (PROTO_MBULK_BIG_ARG). */
    private static final int BIG_ARG = 32 * 1024;

    private byte[] buf;
    private int pos;    // next byte to parse
    private int end;    // one past the last byte received

    // Where we are inside a multibulk command, kept across calls.
    private int argsLeft;        // arguments still to read; 0 when between commands
    private long bulkLen = -1;   // length of the bulk string being read, -1 before its $ header
    private byte[][] argv = new byte[8][];
    private int argc;

    private long maxBulkLen;     // proto-max-bulk-len
    private boolean authRequired; // not yet authenticated: Redis allows only small requests then

    public RespReader(long maxBulkLen) {
        this.buf = new byte[16 * 1024];
        this.maxBulkLen = maxBulkLen;
    }

    public void setMaxBulkLen(long maxBulkLen) { this.maxBulkLen = maxBulkLen; }

    /**
     * Whether the client still has to AUTH. Until it does, Redis refuses more than 10 arguments
     * and bulk strings over 16 KB (networking.c, authRequired), so a stranger cannot make the
     * server allocate much.
     */
    public void setAuthRequired(boolean required) { this.authRequired = required; }

    /** The arguments of the command {@link #next} just completed. Valid until the next call. */
    public byte[][] argv() { return argv; }

    public int argc() { return argc; }

    /** Bytes received and not yet consumed: Redis's "qbuf" in CLIENT LIST. */
    public int pending() { return end - pos; }

    /** Size of the buffer: Redis's query buffer size, checked against client-query-buffer-limit. */
    public int capacity() { return buf.length; }

    /** True when no command is half-way through being read. */
    public boolean idle() { return argsLeft == 0 && pos == end; }

    /** Append bytes (tests and embedded use; the event loop uses {@link #readFrom}). */
    public void feed(byte[] bytes, int off, int len) {
        makeRoom(len);
        System.arraycopy(bytes, off, buf, end, len);
        end += len;
    }

    public void feed(byte[] bytes) { feed(bytes, 0, bytes.length); }

    /** Read what the channel has into the buffer. Returns the byte count, or -1 at end of stream. */
    public int readFrom(ReadableByteChannel ch) throws IOException {
        int want = 16 * 1024;
        // A big bulk string: make room for all of it at once so it is read with few copies.
        if (bulkLen >= BIG_ARG) want = (int) Math.max(want, bulkLen + 2 - (end - pos));
        makeRoom(want);
        // Read at most `want` bytes, as Redis reads at most 16 KB (PROTO_IOBUF_LEN) per call: the
        // "too big" limits are then checked at the same points of a long stream as Redis does.
        int n = ch.read(ByteBuffer.wrap(buf, end, want));
        if (n > 0) end += n;
        return n;
    }

    /** Make sure at least n bytes fit after end, compacting or growing the buffer. */
    private void makeRoom(int n) {
        if (buf.length - end >= n) return;
        int live = end - pos;
        if (pos > 0 && buf.length - live >= n && live <= buf.length / 2) {
            System.arraycopy(buf, pos, buf, 0, live);
        } else {
            long size = Math.max((long) buf.length * 2, (long) live + n);
            byte[] bigger = new byte[(int) Math.min(size, Integer.MAX_VALUE - 16)];
            System.arraycopy(buf, pos, bigger, 0, live);
            buf = bigger;
        }
        end = live;
        pos = 0;
    }

    /** Give memory back after a big command, so an idle client does not pin megabytes. */
    public void shrinkIfIdle() {
        if (pos == end) { pos = 0; end = 0; }
        if (buf.length > 64 * 1024 && end - pos < 16 * 1024 && argsLeft == 0) {
            buf = Arrays.copyOfRange(buf, pos, pos + Math.max(16 * 1024, end - pos));
            end -= pos;
            pos = 0;
        }
    }

    // tag::next[]
    /**
     * Parse the next complete command. Returns true with argv()/argc() filled, or false when more
     * bytes are needed. Empty commands (a blank inline line, "*0", "*-1") are skipped silently, as
     * in Redis (processInputBuffer resets a client whose argc is 0).
     */
    @Lab(1)
    public boolean next() throws ProtocolException {
        while (pos < end || argsLeft > 0) {
            if (argsLeft == 0) {
                argc = 0;
                boolean complete = buf[pos] == '*' ? readMultibulkHeader() : readInline();
                if (!complete) return false;
                if (argsLeft == 0) {
                    if (argc > 0) return true;   // an inline command is complete at once
                    continue;                    // empty line or *0: nothing to run
                }
            }
            if (!readBulkArguments()) return false;
            if (argsLeft == 0) return true;
        }
        return false;
    }
    // end::next[]

    // tag::multibulk-header[]
    /** Parse "*<count>\r\n". Returns false if the line has not fully arrived. */
    @Lab(1)
    private boolean readMultibulkHeader() throws ProtocolException {
        int cr = lineEnd(pos, (byte) '\r');
        if (cr < 0) {
            if (end - pos > INLINE_MAX) throw new ProtocolException("too big mbulk count string");
            return false;
        }
        if (cr + 1 >= end) return false;        // the byte after '\r' has not arrived yet
        long count = parseLong(pos + 1, cr);
        if (!parsedOk || count > Integer.MAX_VALUE) throw new ProtocolException("invalid multibulk length");
        if (count > 10 && authRequired) throw new ProtocolException("unauthenticated multibulk length");
        pos = cr + 2;                            // Redis skips two bytes without checking the '\n'
        if (count <= 0) return true;             // "*0" and "*-1" are empty commands
        argsLeft = (int) count;
        bulkLen = -1;
        // Never trust a count to size memory: grow argv as arguments really arrive.
        if (argv.length < Math.min(count, 1024)) argv = new byte[(int) Math.min(count, 1024)][];
        return true;
    }
    // end::multibulk-header[]

    /** Read "$<len>\r\n<bytes>\r\n" arguments until the command is complete or the data runs out. */
    @Lab(1)
    private boolean readBulkArguments() throws ProtocolException {
        while (argsLeft > 0) {
            if (bulkLen == -1) {
                if (!readBulkHeader()) return false;
            }
            // tag::bulk-data[]
            if (end - pos < bulkLen + 2) return false;
            addArg(Arrays.copyOfRange(buf, pos, pos + (int) bulkLen));
            pos += (int) bulkLen + 2;   // Redis does not check the CRLF after the data either
            // end::bulk-data[]
            bulkLen = -1;
            argsLeft--;
        }
        return true;
    }

    // tag::bulk-header[]
    /** Parse "$<len>\r\n" into bulkLen. Returns false if the line has not fully arrived. */
    @Lab(1)
    private boolean readBulkHeader() throws ProtocolException {
        int cr = lineEnd(pos, (byte) '\r');
        if (cr < 0) {
            if (end - pos > INLINE_MAX) throw new ProtocolException("too big bulk count string");
            return false;
        }
        if (cr + 1 >= end) return false;
        if (buf[pos] != '$') {
            // Redis's addReplyErrorFormat turns CR and LF into spaces so the reply stays one line.
            char got = buf[pos] == '\r' || buf[pos] == '\n' ? ' ' : (char) (buf[pos] & 0xff);
            throw new ProtocolException("expected '$', got '" + got + "'");
        }
        long len = parseLong(pos + 1, cr);
        if (!parsedOk || len < 0 || len > maxBulkLen) throw new ProtocolException("invalid bulk length");
        if (len > 16 * 1024 && authRequired) throw new ProtocolException("unauthenticated bulk length");
        pos = cr + 2;
        bulkLen = len;
        return true;
    }
    // end::bulk-header[]

    // tag::inline[]
    /** Parse one inline command line: words split like redis-cli does, with quotes. */
    @Lab(1)
    private boolean readInline() throws ProtocolException {
        int nl = lineEnd(pos, (byte) '\n');
        if (nl < 0) {
            if (end - pos > INLINE_MAX) throw new ProtocolException("too big inline request");
            return false;
        }
        int lineEnd = nl > pos && buf[nl - 1] == '\r' ? nl - 1 : nl;
        byte[][] words = InlineSplitter.split(buf, pos, lineEnd);
        if (words == null) throw new ProtocolException("unbalanced quotes in request");
        pos = nl + 1;
        for (byte[] w : words) addArg(w);
        return true;
    }
    // end::inline[]

    private void addArg(byte[] arg) {
        if (argc == argv.length) argv = Arrays.copyOf(argv, argv.length * 2);
        argv[argc++] = arg;
    }

    /**
     * Index of the first `target` byte at or after from, or -1. Like C's strchr() on Redis's
     * NUL-terminated query buffer, the search also gives up at a 0 byte: Redis never finds a line
     * end behind a NUL, so neither do we (the client then waits, and eventually hits the 64 KB
     * "too big" limit, exactly as with redis-server).
     */
    private int lineEnd(int from, byte target) {
        for (int i = from; i < end; i++) {
            byte b = buf[i];
            if (b == target) return i;
            if (b == 0) return -1;
        }
        return -1;
    }

    /** Set by parseLong: whether the digits it looked at were a valid number. */
    private boolean parsedOk;

    /**
     * Parse a signed decimal in buf[from, to) with the rules of Redis's string2ll (util.c): at most
     * 20 characters, no '+', no leading zeros, no "-0", no overflow. Sets parsedOk.
     */
    private long parseLong(int from, int to) {
        parsedOk = false;
        int len = to - from;
        if (len <= 0 || len > 20) return 0;
        if (len == 1 && buf[from] == '0') {
            parsedOk = true;
            return 0;
        }
        boolean neg = buf[from] == '-';
        int i = neg ? from + 1 : from;
        if (i == to || buf[i] < '1' || buf[i] > '9') return 0;
        long v = 0;   // accumulated as a negative number so Long.MIN_VALUE fits
        for (; i < to; i++) {
            int d = buf[i] - '0';
            if (d < 0 || d > 9) return 0;
            if (v < (Long.MIN_VALUE + d) / 10) return 0;
            v = v * 10 - d;
        }
        if (!neg && v == Long.MIN_VALUE) return 0;
        parsedOk = true;
        return neg ? v : -v;
    }
}
