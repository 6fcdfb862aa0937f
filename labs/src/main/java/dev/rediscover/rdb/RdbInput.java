/*
 * The loader's view of its input: bytes counted (so every error can name its offset) and folded
 * into the CRC64 as they go by, plus RDB's length and string encodings (Redis: rdbLoadLen,
 * rdbGenericLoadStringObject, rdbLoadLzfStringObject in rdb.c). Reads one byte at a time from
 * the stream it is given and never more than it needs: give it a buffered stream.
 */
package dev.rediscover.rdb;

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

    RdbInput(InputStream in) { this.in = in; }

    int u8() throws IOException {
        int b = in.read();
        if (b < 0) throw new RdbFormatException(offset, "unexpected end of file");
        crc = Crc64.update(crc, b);
        offset++;
        return b;
    }

    byte[] bytes(int n) throws IOException {
        // A corrupt length may promise far more than the file holds: grow as the bytes arrive
        // instead of trusting it with one big allocation.
        byte[] b = new byte[Math.min(n, 1 << 20)];
        int got = 0;
        while (got < n) {
            if (got == b.length) b = java.util.Arrays.copyOf(b, (int) Math.min(n, 2L * b.length));
            int r = in.read(b, got, b.length - got);
            if (r < 0) {
                offset += got;
                throw new RdbFormatException(offset, "unexpected end of file");
            }
            got += r;
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

    /** A length (rdbLoadLenByRef); `encoded` tells whether it was a special string encoding. */
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

    /** A string in any of its encodings. */
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
