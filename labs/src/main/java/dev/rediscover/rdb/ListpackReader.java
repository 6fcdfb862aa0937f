/*
 * Reads the entries of a listpack (the layout is described in ListpackWriter) front to back, as
 * the RDB loader needs them: each entry as a string (integers as their decimal text, which is
 * what Redis hands out too, lpGet) or, for stream nodes, as a number. Everything is bounds-checked:
 * the bytes come from a file or a RESTORE payload and may be corrupt (Redis: lpValidateIntegrity).
 */
package dev.rediscover.rdb;

import dev.rediscover.command.Args;

public final class ListpackReader {
    private final byte[] b;
    private final int end;      // offset of the 0xFF terminator
    private int p = 6;
    private long intValue;
    private int strOff, strLen;
    private boolean isInt;

    public ListpackReader(byte[] lp) {
        if (lp.length < 7) throw new IllegalArgumentException("listpack too short");
        long total = (lp[0] & 0xffL) | (lp[1] & 0xffL) << 8 | (lp[2] & 0xffL) << 16 | (lp[3] & 0xffL) << 24;
        if (total != lp.length) throw new IllegalArgumentException("listpack size mismatch");
        if ((lp[lp.length - 1] & 0xff) != 0xFF) throw new IllegalArgumentException("listpack without terminator");
        this.b = lp;
        this.end = lp.length - 1;
    }

    /** The count in the header (65535 means "count them"). */
    public int headerCount() { return (b[4] & 0xff) | (b[5] & 0xff) << 8; }

    public boolean hasNext() { return p < end; }

    /** The next entry as a string. */
    public byte[] next() {
        advance();
        if (isInt) return Args.bytes(intValue);
        byte[] s = new byte[strLen];
        System.arraycopy(b, strOff, s, 0, strLen);
        return s;
    }

    /** The next entry as an integer (a string entry must hold one). */
    public long nextLong() {
        advance();
        if (isInt) return intValue;
        byte[] s = new byte[strLen];
        System.arraycopy(b, strOff, s, 0, strLen);
        if (!Args.isLong(s)) throw new IllegalArgumentException("listpack entry is not an integer");
        return Args.parseLong(s);
    }

    /** Number of entries, by walking them all (does not move this reader). */
    public int countEntries() {
        ListpackReader r = new ListpackReader(b);
        int n = 0;
        while (r.hasNext()) { r.advance(); n++; }
        return n;
    }

    private void advance() {
        if (p >= end) throw new IllegalArgumentException("listpack has no more entries");
        int start = p;
        int e = b[p] & 0xff;
        isInt = true;
        if ((e & 0x80) == 0) {
            intValue = e;
            p += 1;
        } else if ((e & 0xC0) == 0x80) {
            string(p + 1, e & 0x3F);
        } else if ((e & 0xE0) == 0xC0) {
            need(2);
            long u = ((e & 0x1F) << 8) | (b[p + 1] & 0xff);
            intValue = u >= (1 << 12) ? u - (1 << 13) : u;
            p += 2;
        } else if ((e & 0xF0) == 0xE0) {
            need(2);
            string(p + 2, ((e & 0x0F) << 8) | (b[p + 1] & 0xff));
        } else if (e == 0xF0) {
            need(5);
            long len = le(p + 1, 4) & 0xffffffffL;
            if (len > end) throw new IllegalArgumentException("listpack string too long");
            string(p + 5, (int) len);
        } else if (e >= 0xF1 && e <= 0xF4) {
            int n = e == 0xF1 ? 2 : e == 0xF2 ? 3 : e == 0xF3 ? 4 : 8;
            need(1 + n);
            long v = le(p + 1, n);
            int shift = 64 - 8 * n;
            intValue = v << shift >> shift;    // sign-extend
            p += 1 + n;
        } else {
            throw new IllegalArgumentException("bad listpack encoding byte " + e);
        }
        // skip the backlen, checking it matches
        int l = p - start;
        int bl = l <= 127 ? 1 : l < 16383 ? 2 : l < 2097151 ? 3 : l < 268435455 ? 4 : 5;
        if (p + bl > end) throw new IllegalArgumentException("listpack entry overruns");
        p += bl;
    }

    private void string(int off, int len) {
        isInt = false;
        if (off + len > end) throw new IllegalArgumentException("listpack string overruns");
        strOff = off;
        strLen = len;
        p = off + len;
    }

    private void need(int n) {
        if (p + n > end) throw new IllegalArgumentException("listpack entry overruns");
    }

    private long le(int off, int n) {
        long v = 0;
        for (int i = 0; i < n; i++) v |= (b[off + i] & 0xffL) << (8 * i);
        return v;
    }
}
