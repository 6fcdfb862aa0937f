/*
 * A stream entry ID, <milliseconds>-<sequence>, both unsigned 64-bit numbers (held in Java longs
 * and compared unsigned). Redis: streamID in stream.h, parsed by streamGenericParseIDOrReply in
 * t_stream.c. Parsing covers what the commands accept:
 *
 *   1526919030474-55   explicit
 *   1526919030474      partial: the sequence is filled in (0 for a range start, max for an end)
 *   1526919030474-*    XADD: the server picks the sequence
 *   *                  XADD: the server picks both (see StreamValue.nextId)
 *   - and +            the smallest and largest possible IDs (ranges only)
 *   (id                exclusive range bound (XRANGE/XREVRANGE)
 */
package dev.rediscover.stream;

import dev.rediscover.command.RedisException;
import dev.rediscover.lab.Lab;

import java.nio.charset.StandardCharsets;

public record StreamId(long ms, long seq) implements Comparable<StreamId> {
    public static final StreamId MIN = new StreamId(0, 0);
    public static final StreamId MAX = new StreamId(-1L, -1L);
    static final String INVALID = "ERR Invalid stream ID specified as stream command argument";

    /** Unsigned order: ms first, then seq. */
    @Override
    public int compareTo(StreamId o) {
        int c = Long.compareUnsigned(ms, o.ms);
        return c != 0 ? c : Long.compareUnsigned(seq, o.seq);
    }

    public boolean isMax() { return ms == -1L && seq == -1L; }

    /** The next ID, or null when this is the largest one (Redis: streamIncrID). */
    public StreamId next() {
        if (seq != -1L) return new StreamId(ms, seq + 1);
        if (ms != -1L) return new StreamId(ms + 1, 0);
        return null;
    }

    /** The previous ID, or null when this is 0-0 (Redis: streamDecrID). */
    public StreamId previous() {
        if (seq != 0) return new StreamId(ms, seq - 1);
        if (ms != 0) return new StreamId(ms - 1, -1L);
        return null;
    }

    @Override
    public String toString() { return Long.toUnsignedString(ms) + "-" + Long.toUnsignedString(seq); }

    /** "ms-seq" as bytes, written digit by digit: every XADD replies with one (no String on the way). */
    public byte[] bytes() {
        int lm = digits(ms), ls = digits(seq);
        byte[] out = new byte[lm + 1 + ls];
        write(out, lm, ms);
        out[lm] = '-';
        write(out, out.length, seq);
        return out;
    }

    private static int digits(long v) {
        if (v < 0) return 1 + digits(Long.divideUnsigned(v, 10));   // 2^63 and above
        int n = 1;
        while (v >= 10) { v /= 10; n++; }
        return n;
    }

    /** Write v's unsigned decimal digits ending just before index end. */
    private static void write(byte[] out, int end, long v) {
        if (v < 0) {
            long q = Long.divideUnsigned(v, 10);
            out[--end] = (byte) ('0' + (v - q * 10));
            v = q;
        }
        do {
            out[--end] = (byte) ('0' + v % 10);
            v /= 10;
        } while (v != 0);
    }

    // ---------------------------------------------------------------- parsing

    // tag::parse[]
    /**
     * Parse an ID: `-`/`+` when allowed, full or partial (`ms` alone takes missingSeq).
     * Anything else is Redis's "Invalid stream ID" error.
     */
    @Lab(9)
    public static StreamId parse(byte[] s, long missingSeq, boolean strict) {
        if (s.length == 1 && !strict) {
            if (s[0] == '-') return MIN;
            if (s[0] == '+') return MAX;
        }
        if (s.length > 127) throw new RedisException(INVALID);
        int dash = indexOf(s, (byte) '-');
        if (dash < 0) return new StreamId(parseU64(s, 0, s.length), missingSeq);
        long ms = parseU64(s, 0, dash);
        long seq = parseU64(s, dash + 1, s.length);
        return new StreamId(ms, seq);
    }
    // end::parse[]

    /** A strict ID (no `-`/`+`), as MINID, XSETID and XGROUP take. */
    public static StreamId parseStrict(byte[] s) { return parse(s, 0, true); }

    /**
     * XADD's ID: `*` (null ms and seq), `ms-*` (seq to pick) or explicit. Answers
     * {ms, seq, flags} where flags bit 1 = ms given, bit 2 = seq given.
     */
    @Lab(9)
    public static long[] parseForAdd(byte[] s) {
        if (s.length == 1 && s[0] == '*') return new long[]{0, 0, 0};
        if (s.length > 127) throw new RedisException(INVALID);
        int dash = indexOf(s, (byte) '-');
        if (dash >= 0 && dash == s.length - 2 && s[s.length - 1] == '*') {
            return new long[]{parseU64(s, 0, dash), 0, 1};
        }
        StreamId id = parse(s, 0, true);
        return new long[]{id.ms, id.seq, 3};
    }

    private static int indexOf(byte[] s, byte b) {
        for (int i = 0; i < s.length; i++) if (s[i] == b) return i;
        return -1;
    }

    /**
     * An unsigned 64-bit decimal the way Redis's string2ull reads it: a canonical non-negative
     * long, or else what strtoull accepts in full (leading blanks, a sign, digits up to 2^64-1).
     */
    static long parseU64(byte[] s, int from, int to) {
        int i = from;
        while (i < to && (s[i] == ' ' || (s[i] >= '\t' && s[i] <= '\r'))) i++;
        boolean neg = false;
        if (i < to && (s[i] == '+' || s[i] == '-')) {
            neg = s[i] == '-';
            i++;
        }
        if (i >= to) throw new RedisException(INVALID);
        long v = 0;
        for (; i < to; i++) {
            int d = s[i] - '0';
            if (d < 0 || d > 9) throw new RedisException(INVALID);
            if (Long.compareUnsigned(v, Long.divideUnsigned(-1L, 10)) > 0) throw new RedisException(INVALID);
            long nv = v * 10 + d;
            if (Long.compareUnsigned(nv, v * 10) < 0) throw new RedisException(INVALID);
            v = nv;
        }
        if (neg) {
            // string2ll succeeds on a plain negative number: refused as out of range
            if (from < to && s[from] == '-' && v != 0 && Long.compareUnsigned(v, Long.MIN_VALUE) <= 0) {
                throw new RedisException(INVALID);
            }
            v = -v;
        }
        return v;
    }
}
