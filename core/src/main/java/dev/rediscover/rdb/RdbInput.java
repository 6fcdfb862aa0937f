/*
 * The loader's view of its input: bytes counted (so every error can name its offset) and folded
 * into the CRC64 as they go by, plus RDB's length and string encodings (Redis: rdbLoadLen,
 * rdbGenericLoadStringObject, rdbLoadLzfStringObject in rdb.c).
 *
 * It must never consume more of the stream than the RDB itself (an AOF's commands may follow the
 * RDB preamble), yet reading byte by byte through InputStream.read() is slow. So it reads ahead
 * in chunks only when the stream can take them back (markSupported: BufferedInputStream,
 * ByteArrayInputStream), and finish() puts back what was read past the end; any other stream is
 * read one byte at a time.
 */
package dev.rediscover.rdb;

import dev.rediscover.lab.Lab;

import java.io.IOException;
import java.io.InputStream;

import static dev.rediscover.rdb.RdbTypes.*;

final class RdbInput {
    /** Strings longer than this in a length field are taken as corruption, not allocated. */
    private static final long MAX_STRING = 512L * 1024 * 1024;

    private final InputStream in;
    long offset;
    long crc;
    /** Set by length(): the length field was a special encoding (11xxxxxx), its low bits in the value. */
    boolean encoded;

    /** Read-ahead: buf[pos..lim) is read from the stream but not consumed yet. */
    private final byte[] buf;
    private int pos, lim;

    RdbInput(InputStream in) {
        this.in = in;
        this.buf = new byte[in.markSupported() ? 8192 : 1];
    }

    /** Give back to the stream what was read ahead past the last byte consumed. */
    void finish() throws IOException {
        if (pos < lim && buf.length > 1) {
            in.reset();                               // to the start of the last chunk
            long skip = pos;
            while (skip > 0) {
                long n = in.skip(skip);
                if (n <= 0) break;
                skip -= n;
            }
        }
        pos = lim = 0;
    }

    private boolean fill() throws IOException {
        if (buf.length > 1) in.mark(buf.length);
        int n = in.read(buf, 0, buf.length);
        pos = 0;
        lim = Math.max(n, 0);
        return n > 0;
    }

    int u8() throws IOException {
        if (pos == lim && !fill()) throw new RdbFormatException(offset, "unexpected end of file");
        int b = buf[pos++] & 0xff;
        crc = Crc64.update(crc, b);
        offset++;
        return b;
    }

    byte[] bytes(int n) throws IOException {
        // A corrupt length may promise far more than the file holds: grow as the bytes arrive
        // instead of trusting it with one big allocation.
        byte[] b = new byte[Math.min(n, 1 << 20)];
        int got = Math.min(n, lim - pos);
        System.arraycopy(buf, pos, b, 0, got);
        pos += got;
        if (got < n) {
            pos = lim = 0;                            // the read-ahead is used up; read directly
            while (got < n) {
                if (got == b.length) b = java.util.Arrays.copyOf(b, (int) Math.min(n, 2L * b.length));
                int r = in.read(b, got, b.length - got);
                if (r < 0) {
                    offset += got;
                    throw new RdbFormatException(offset, "unexpected end of file");
                }
                got += r;
            }
        }
        crc = Crc64.update(crc, b, 0, n);
        offset += n;
        return b;
    }

    long le(int n) throws IOException {
        byte[] b = bytes(n);
        long v = 0;
        for (int i = 0; i < n; i++) v |= (b[i] & 0xffL) << (8 * i);
        return v;
    }

    long be(int n) throws IOException {
        byte[] b = bytes(n);
        long v = 0;
        for (int i = 0; i < n; i++) v = v << 8 | (b[i] & 0xffL);
        return v;
    }

    // tag::rdb-read-length[]
    /**
     * A length (rdbLoadLenByRef), the mirror of RdbEncoder.length. The top two bits of the first
     * byte say which form: 00 six bits, 01 fourteen bits (with the next byte), 10 the byte 0x80
     * (4 bytes big endian follow) or 0x81 (8 bytes); anything else with 10 is corrupt. 11 is not
     * a length but a special string encoding: set `encoded` and answer the low six bits.
     */
    @Lab(11)
    long length() throws IOException {
        long at = offset;
        int b = u8();
        encoded = false;
        switch (b >>> 6) {
            case 0: return b & 0x3F;
            case 1: return (long) (b & 0x3F) << 8 | u8();
            case 3:
                encoded = true;
                return b & 0x3F;
            default:
                if (b == LEN_32BIT) return be(4);
                if (b == LEN_64BIT) return be(8);
                throw new RdbFormatException(at, "unknown length encoding " + b);
        }
    }
    // end::rdb-read-length[]

    /** A length that must not be a string encoding and must fit an int-sized collection. */
    int count() throws IOException {
        long at = offset;
        long n = length();
        if (encoded || n < 0 || n > Integer.MAX_VALUE) throw new RdbFormatException(at, "bad length " + n);
        return (int) n;
    }

    /** A plain length, any 64-bit value (IDs and counters). */
    long number() throws IOException {
        long at = offset;
        long n = length();
        if (encoded) throw new RdbFormatException(at, "a string encoding where a number was expected");
        return n;
    }

    // tag::rdb-read-string[]
    /**
     * A string in any of its encodings (rdbGenericLoadStringObject): after length(), if
     * `encoded`, the low bits say ENC_INT8/16/32 (1, 2 or 4 bytes little endian, signed: answer
     * the number's decimal digits) or ENC_LZF (lzf() reads the rest); otherwise read that many
     * bytes. A length beyond MAX_STRING is corruption: refuse it before allocating anything.
     */
    @Lab(11)
    byte[] string() throws IOException {
        long at = offset;
        long len = length();
        if (encoded) {
            switch ((int) len) {
                case ENC_INT8: return dev.rediscover.command.Args.bytes((byte) le(1));
                case ENC_INT16: return dev.rediscover.command.Args.bytes((short) le(2));
                case ENC_INT32: return dev.rediscover.command.Args.bytes((int) le(4));
                case ENC_LZF: return lzf(at);
                default: throw new RdbFormatException(at, "unknown string encoding " + len);
            }
        }
        if (len < 0 || len > MAX_STRING) throw new RdbFormatException(at, "string length " + len + " out of range");
        return bytes((int) len);
    }
    // end::rdb-read-string[]

    /** The rest of an LZF string (after its 0xC3): compressed length, length, data; at: its offset. */
    private byte[] lzf(long at) throws IOException {
        long clen = number();
        long len = number();
        if (clen < 0 || clen > MAX_STRING || len < 0 || len > MAX_STRING) {
            throw new RdbFormatException(at, "bad LZF lengths");
        }
        byte[] c = bytes((int) clen);
        try {
            return Lzf.decompress(c, c.length, (int) len);
        } catch (IllegalArgumentException e) {
            throw new RdbFormatException(at, "invalid LZF compressed string: " + e.getMessage());
        }
    }

    /** A double in the old ZSET text form: a length byte, 253 nan, 254 +inf, 255 -inf (rdbLoadDoubleValue). */
    double textDouble() throws IOException {
        long at = offset;
        int len = u8();
        if (len == 253) return Double.NaN;
        if (len == 254) return Double.POSITIVE_INFINITY;
        if (len == 255) return Double.NEGATIVE_INFINITY;
        byte[] b = bytes(len);
        try {
            return Double.parseDouble(new String(b, java.nio.charset.StandardCharsets.ISO_8859_1));
        } catch (NumberFormatException e) {
            throw new RdbFormatException(at, "bad double value");
        }
    }

    double binaryDouble() throws IOException {
        return Double.longBitsToDouble(le(8));
    }
}
