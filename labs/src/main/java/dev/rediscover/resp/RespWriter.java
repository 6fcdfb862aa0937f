/*
 * RespWriter builds a client's replies in one growable byte array, in RESP2 or RESP3.
 *
 * Commands never write to the socket themselves: they append replies here, and the event loop
 * writes the whole buffer once per loop iteration. A pipeline of fifty commands read in one go is
 * answered with one write system call. Redis does the same: addReply*() in networking.c append to
 * client->buf / client->reply, and handleClientsWithPendingWrites() writes them before the loop
 * sleeps again.
 *
 * The protocol version matters for a few types only. RESP3 (chosen with HELLO 3) has real maps,
 * sets, doubles, booleans, a single null and out-of-band push messages; in RESP2 each of these
 * falls back to the nearest RESP2 type:
 *
 *   type       RESP3                  RESP2 fallback
 *   null       _\r\n                  $-1\r\n (or *-1\r\n for a null array)
 *   map        %2\r\n k v k v         *4\r\n k v k v
 *   set        ~3\r\n ...             *3\r\n ...
 *   double     ,3.14\r\n              $4\r\n3.14\r\n
 *   boolean    #t\r\n                 :1\r\n
 *   verbatim   =15\r\ntxt:some text   $9\r\nsome text
 *   push       >3\r\n ...             *3\r\n ...
 */
package dev.rediscover.resp;

import dev.rediscover.lab.Lab;
import dev.rediscover.lab.LabNotDone;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

public final class RespWriter {
    /** Encoded ":n\r\n" for small n, shared by every client (Redis: shared.integers, OBJ_SHARED_INTEGERS). */
    private static final int SHARED_INTS = 10_000;
    private static final byte[][] INTEGER_REPLIES = new byte[SHARED_INTS][];
    /** Encoded "$n\r\n" and "*n\r\n" headers for small n (Redis: shared.bulkhdr, shared.mbulkhdr). */
    private static final int SHARED_HEADERS = 32;
    private static final byte[][] BULK_HEADERS = new byte[SHARED_HEADERS][];
    private static final byte[][] ARRAY_HEADERS = new byte[SHARED_HEADERS][];
    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] OK = "+OK\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NULL_BULK2 = "$-1\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NULL_ARRAY2 = "*-1\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NULL3 = "_\r\n".getBytes(StandardCharsets.US_ASCII);

    static {
        for (int i = 0; i < SHARED_INTS; i++) INTEGER_REPLIES[i] = ascii(":" + i + "\r\n");
        for (int i = 0; i < SHARED_HEADERS; i++) {
            BULK_HEADERS[i] = ascii("$" + i + "\r\n");
            ARRAY_HEADERS[i] = ascii("*" + i + "\r\n");
        }
    }

    private byte[] buf = new byte[16 * 1024];
    private int start;   // first byte not yet written to the socket
    private int end;     // one past the last byte appended
    private int protocol = 2;
    private long bytesOut;                 // lifetime total, for INFO/CLIENT LIST
    private final byte[] digits = new byte[24];
    /** Told about every error reply, for INFO errorstats (Redis: afterErrorReply). */
    private java.util.function.Consumer<String> errorListener;
    private static final byte[] TRUE3 = ascii("#t\r\n"), FALSE3 = ascii("#f\r\n");

    public void onError(java.util.function.Consumer<String> listener) { this.errorListener = listener; }

    public int protocol() { return protocol; }

    public void setProtocol(int protocol) { this.protocol = protocol; }

    public boolean resp3() { return protocol == 3; }

    /** Bytes appended and not yet written: Redis's "omem"-ish figure for this buffer. */
    public int pending() { return end - start; }

    public boolean hasPending() { return end > start; }

    public int capacity() { return buf.length; }

    // ---------------------------------------------------------------- replies

    public void ok() { raw(OK); }

    /** +text\r\n. The text must not contain CR or LF. */
    @Lab(1)
    public void simple(String text) {
        throw new LabNotDone(1, "RespWriter.simple");
    }

    /**
     * -ERR text\r\n. The message includes its code ("ERR ...", "WRONGTYPE ..."). Like Redis
     * (addReplyErrorLength), CR and LF inside it become spaces so one error can never break
     * the protocol stream.
     */
    public void error(String message) {
        if (errorListener != null) errorListener.accept(message);
        errorLine(message);
    }

    /** Error text given as bytes (it may quote a key or argument the client sent). */
    public void error(byte[] message) {
        if (errorListener != null) errorListener.accept(new String(message, StandardCharsets.UTF_8));
        errorBytes(message);
    }

    /** Write -message\r\n for a String, with CR and LF turned into spaces. */
    @Lab(1)
    private void errorLine(String message) {
        throw new LabNotDone(1, "RespWriter.errorLine");
    }

    /** Write -message\r\n for bytes, with CR and LF turned into spaces. */
    @Lab(1)
    private void errorBytes(byte[] message) {
        throw new LabNotDone(1, "RespWriter.errorBytes");
    }

    // tag::integer[]
    @Lab(1)
    public void integer(long n) {
        throw new LabNotDone(1, "RespWriter.integer");
    }
    // end::integer[]

    // tag::bulk[]
    @Lab(1)
    public void bulk(byte[] data, int off, int len) {
        throw new LabNotDone(1, "RespWriter.bulk");
    }
    // end::bulk[]

    public void bulk(byte[] data) {
        if (data == null) nullBulk();
        else bulk(data, 0, data.length);
    }

    public void bulk(String text) { bulk(text.getBytes(StandardCharsets.UTF_8)); }

    /** A number as a bulk string, e.g. INCRBYFLOAT's answer or CONFIG GET's values. */
    public void bulk(long n) {
        ensure(48);
        int len = formatLong(n);
        bulkHeader(len);
        System.arraycopy(digits, digits.length - len, buf, end, len);
        end += len;
        crlf();
    }

    /** The "no value" reply: $-1 in RESP2, _ in RESP3. */
    @Lab(1)
    public void nullBulk() { throw new LabNotDone(1, "RespWriter.nullBulk"); }

    /** The "no array" reply: *-1 in RESP2, _ in RESP3. */
    @Lab(1)
    public void nullArray() { throw new LabNotDone(1, "RespWriter.nullArray"); }

    @Lab(1)
    public void arrayHeader(long n) { throw new LabNotDone(1, "RespWriter.arrayHeader"); }

    // tag::map-header[]
    /** A map of n key/value pairs. In RESP2 it is a flat array of 2n elements. */
    @Lab(1)
    public void mapHeader(long n) {
        throw new LabNotDone(1, "RespWriter.mapHeader");
    }
    // end::map-header[]

    /** A set of n members. In RESP2 it is an array. */
    @Lab(1)
    public void setHeader(long n) { throw new LabNotDone(1, "RespWriter.setHeader"); }

    /** An out-of-band push message (pub/sub, invalidation). In RESP2 it is an array. */
    @Lab(1)
    public void pushHeader(long n) { throw new LabNotDone(1, "RespWriter.pushHeader"); }

    // tag::double[]
    /** A double. RESP3 has its own type; RESP2 sends the same text as a bulk string. */
    @Lab(1)
    public void doubleReply(double d) {
        throw new LabNotDone(1, "RespWriter.doubleReply");
    }
    // end::double[]

    /** A boolean: #t / #f in RESP3, :1 / :0 in RESP2. */
    @Lab(1)
    public void bool(boolean b) {
        throw new LabNotDone(1, "RespWriter.bool");
    }

    /** Verbatim text (INFO, CLIENT LIST...): =len\r\ntxt:... in RESP3, a bulk string in RESP2. */
    @Lab(1)
    public void verbatim(String text) {
        throw new LabNotDone(1, "RespWriter.verbatim");
    }

    /** Bytes already in RESP form (shared replies, or a reply built elsewhere). */
    public void raw(byte[] encoded) {
        ensure(encoded.length);
        System.arraycopy(encoded, 0, buf, end, encoded.length);
        end += encoded.length;
    }

    // ---------------------------------------------------------------- output

    /**
     * Write what the socket accepts. Returns true when everything pending was written, false when
     * the socket is full and the rest must wait for the channel to become writable.
     */
    public boolean writeTo(WritableByteChannel ch) throws IOException {
        while (start < end) {
            int n = ch.write(ByteBuffer.wrap(buf, start, end - start));
            if (n == 0) return false;
            start += n;
            bytesOut += n;
        }
        start = 0;
        end = 0;
        // A huge reply (KEYS * on a big keyspace) should not pin its buffer forever.
        if (buf.length > 1024 * 1024) buf = new byte[16 * 1024];
        return true;
    }

    public long bytesOut() { return bytesOut; }

    /** Everything appended and not yet written (tests use this to look at the replies). */
    public byte[] pendingBytes() { return Arrays.copyOfRange(buf, start, end); }

    /** Forget pending output (a client being closed, or a test reading replies directly). */
    public void discard() { start = 0; end = 0; }

    // ---------------------------------------------------------------- helpers

    private void aggregateHeader(char type, long n) {
        if (type == '*' && n >= 0 && n < SHARED_HEADERS) {
            raw(ARRAY_HEADERS[(int) n]);
            return;
        }
        ensure(24);
        buf[end++] = (byte) type;
        writeLong(n);
        crlf();
    }

    private void bulkHeader(int len) {
        if (len < SHARED_HEADERS) raw(BULK_HEADERS[len]);
        else bulkHeaderWith('$', len);
    }

    private void bulkHeaderWith(char type, int len) {
        ensure(24);
        buf[end++] = (byte) type;
        writeLong(len);
        crlf();
    }

    private void crlf() {
        ensure(2);
        buf[end++] = '\r';
        buf[end++] = '\n';
    }

    private void writeAscii(String s) {
        ensure(s.length());
        for (int i = 0; i < s.length(); i++) buf[end++] = (byte) s.charAt(i);
    }

    private void writeLong(long n) {
        int len = formatLong(n);
        ensure(len);
        System.arraycopy(digits, digits.length - len, buf, end, len);
        end += len;
    }

    /** Format n into the tail of `digits`, returning the length. No String, no garbage. */
    private int formatLong(long n) {
        int i = digits.length;
        if (n == Long.MIN_VALUE) {
            byte[] min = ascii(Long.toString(n));
            System.arraycopy(min, 0, digits, digits.length - min.length, min.length);
            return min.length;
        }
        boolean neg = n < 0;
        if (neg) n = -n;
        do {
            digits[--i] = (byte) ('0' + (n % 10));
            n /= 10;
        } while (n != 0);
        if (neg) digits[--i] = '-';
        return digits.length - i;
    }

    private void ensure(int n) {
        if (buf.length - end >= n) return;
        int live = end - start;
        if (start > 0 && buf.length - live >= n) {
            System.arraycopy(buf, start, buf, 0, live);
        } else {
            byte[] bigger = new byte[Math.max(buf.length * 2, live + n)];
            System.arraycopy(buf, start, bigger, 0, live);
            buf = bigger;
        }
        start = 0;
        end = live;
    }

    private static byte[] ascii(String s) { return s.getBytes(StandardCharsets.US_ASCII); }
}
