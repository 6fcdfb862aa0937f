/*
 * A growable byte buffer that commands are appended to in the RESP form the AOF stores them in:
 * *<argc>\r\n then $<len>\r\n<bytes>\r\n per argument (Redis: catAppendOnlyGenericCommand in
 * aof.c, feeding server.aof_buf). The loop appends while commands run and writes it out once per
 * iteration, in beforeSleep.
 */
package dev.rediscover.aof;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import dev.rediscover.lab.Lab;
import dev.rediscover.lab.LabNotDone;

import java.util.Arrays;

public final class CommandBuffer {
    private byte[] buf;
    private int len;

    public CommandBuffer(int capacity) { buf = new byte[capacity]; }

    public int length() { return len; }

    public boolean isEmpty() { return len == 0; }

    public void clear() {
        len = 0;
        if (buf.length > 1 << 20) buf = new byte[64 * 1024];   // give back a burst's memory
    }

    /**
     * Append one command as a RESP array of bulk strings: *<argc>\r\n, then $<len>\r\n<bytes>\r\n
     * for each argument. Binary-safe: the length says where an argument ends, whatever it holds.
     */
    // tag::command[]
    @Lab(12)
    public void command(byte[][] argv) {
        throw new LabNotDone(12, "CommandBuffer.command");
    }
    // end::command[]

    /** "*3\r\n" or "$5\r\n": a type byte, a decimal count, CRLF. */
    void header(char type, long n) {
        ensure(24);
        buf[len++] = (byte) type;
        if (n == 0) {
            buf[len++] = '0';
        } else {
            int start = len;
            for (long v = n; v > 0; v /= 10) buf[len++] = (byte) ('0' + v % 10);
            for (int i = start, j = len - 1; i < j; i++, j--) {
                byte t = buf[i];
                buf[i] = buf[j];
                buf[j] = t;
            }
        }
        buf[len++] = '\r';
        buf[len++] = '\n';
    }

    /** A line of text and CRLF (the AOF's "#..." annotations). */
    public void line(String text) {
        append(text.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        crlf();
    }

        /** The bytes of a, as they are. */
    void append(byte[] a) {
        ensure(a.length);
        System.arraycopy(a, 0, buf, len, a.length);
        len += a.length;
    }

    /** The line end every RESP element has: \r\n. */
    void crlf() {
        ensure(2);
        buf[len++] = '\r';
        buf[len++] = '\n';
    }

    /** Make room for extra more bytes. */
    void ensure(int extra) {
        if (len + extra > buf.length) buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + extra));
    }

    /** Write everything to ch; the buffer is empty afterwards. */
    public void writeTo(WritableByteChannel ch) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(buf, 0, len);
        while (b.hasRemaining()) ch.write(b);
        clear();
    }

    /** Write everything to out; the buffer is empty afterwards. */
    public void writeTo(OutputStream out) throws IOException {
        out.write(buf, 0, len);
        clear();
    }
}
