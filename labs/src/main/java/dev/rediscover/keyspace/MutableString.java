/*
 * A string value that grows in place: what APPEND and SETRANGE turn a string into, so that
 * appending to it a thousand times costs amortised O(1) per append instead of copying the whole
 * value each time. Redis's sds strings do the same by keeping free space at the end of the
 * allocation (sds.c, sdsMakeRoomFor), and OBJECT ENCODING reports such a string as "raw".
 */
package dev.rediscover.keyspace;

import java.util.Arrays;

public final class MutableString {
    private byte[] buf;
    private int len;

    public MutableString(byte[] initial) {
        this.buf = Arrays.copyOf(initial, Math.max(16, initial.length));
        this.len = initial.length;
    }

    public int length() { return len; }

    /** The backing array; only the first length() bytes are the value. */
    public byte[] array() { return buf; }

    public byte[] toBytes() { return Arrays.copyOf(buf, len); }

    public void append(byte[] data) {
        ensureLength(len + data.length);
        System.arraycopy(data, 0, buf, len - data.length, data.length);
    }

    /** Grow to newLen bytes, zero-filling the new tail (SETRANGE and SETBIT pad with zeros). */
    public void ensureLength(int newLen) {
        if (newLen <= len) return;
        if (newLen > buf.length) {
            // Like sdsMakeRoomFor: double while small, then grow by 1MB at a time.
            int cap = newLen < 1024 * 1024 ? newLen * 2 : newLen + 1024 * 1024;
            buf = Arrays.copyOf(buf, Math.max(cap, newLen));
        } else {
            Arrays.fill(buf, len, newLen, (byte) 0);
        }
        len = newLen;
    }

    public void write(int offset, byte[] data) {
        ensureLength(offset + data.length);
        System.arraycopy(data, 0, buf, offset, data.length);
    }

    /** Approximate heap bytes, for MEMORY USAGE. */
    public long memory() { return 16 + 16 + buf.length; }
}
