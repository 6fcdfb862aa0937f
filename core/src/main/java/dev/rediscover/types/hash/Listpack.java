/*
 * Listpack: the compact encoding of a small hash, a run of field/value byte strings packed into
 * one byte[] (Redis: listpack.c, used for hashes by t_hash.c while the hash is small).
 *
 * Why pack at all: a hash of three fields stored as a hash table costs a table, three entry
 * objects and six arrays, easily 300 bytes of headers for 20 bytes of data. Packed, it is one
 * array with a one-byte length in front of each string. Every lookup is a linear scan, which is
 * faster than hashing for a few dozen short entries because the bytes sit next to each other in
 * the cache; the hash converts to a real table (HashValue) before the scan gets long.
 *
 * Layout: entry = varint(length) bytes; the hash is field0 value0 field1 value1 ... in insertion
 * order (new fields go at the tail, like Redis's lpAppend), which is the order HGETALL answers.
 * The varint uses 7 bits per byte, high bit set on every byte but the last, so a string of up to
 * 127 bytes pays one byte of overhead. Redis's listpack also stores integers in fewer bytes and
 * keeps a back-length per entry so it can walk backwards; we only walk forwards, so we skip both.
 *
 * Offsets into the array are the "pointers" here: find() answers the offset of a field's entry,
 * and valueOffset()/dataOffset()/dataLength() read the entry at an offset. Replies can then be
 * written straight from the array without copying (RespWriter.bulk(buf, off, len)).
 */
package dev.rediscover.types.hash;

import dev.rediscover.lab.Lab;

import java.util.Arrays;

public final class Listpack {
    private byte[] buf;
    private int used;       // bytes in use
    private int pairs;      // number of field/value pairs

    public Listpack() { this(32); }

    private Listpack(int capacity) { buf = new byte[capacity]; }

    public int size() { return pairs; }

    public int bytes() { return used; }

    public byte[] array() { return buf; }

    public Listpack copy() {
        Listpack l = new Listpack(0);
        l.buf = Arrays.copyOf(buf, used);
        l.used = used;
        l.pairs = pairs;
        return l;
    }

    // ---------------------------------------------------------------- reading one entry

    /** Where the bytes of the entry at off begin (just past its length prefix). */
    public int dataOffset(int off) {
        while (buf[off] < 0) off++;     // continuation bytes have the high bit set
        return off + 1;
    }

    /** The length of the string stored in the entry at off. */
    public int dataLength(int off) {
        int len = 0, shift = 0;
        byte b;
        do {
            b = buf[off++];
            len |= (b & 0x7f) << shift;
            shift += 7;
        } while (b < 0);
        return len;
    }

    /** Offset of the entry after the one at off. */
    public int next(int off) { return dataOffset(off) + dataLength(off); }

    /** Offset of the value that belongs to the field entry at off. */
    public int valueOffset(int fieldOff) { return next(fieldOff); }

    /** Offset of the first field, or -1 when empty. */
    public int first() { return used == 0 ? -1 : 0; }

    /** Offset of the field after the pair whose field is at off, or -1 at the end. */
    public int nextPair(int fieldOff) {
        int n = next(next(fieldOff));
        return n >= used ? -1 : n;
    }

    /** A copy of the string in the entry at off. */
    public byte[] copyOf(int off) {
        int d = dataOffset(off);
        return Arrays.copyOfRange(buf, d, d + dataLength(off));
    }

    // ---------------------------------------------------------------- the hash operations

    // tag::listpack-find[]
    /**
     * Offset of the field's entry, or -1 (Redis: lpFind, skipping values). A linear scan that
     * compares the length first, so most fields are rejected without touching their bytes.
     */
    @Lab(6)
    public int find(byte[] field) {
        int off = 0;
        while (off < used) {
            int d = dataOffset(off);
            int len = dataLength(off);
            if (len == field.length && Arrays.equals(buf, d, d + len, field, 0, len)) return off;
            off = next(d + len);          // skip the value that follows the field
        }
        return -1;
    }
    // end::listpack-find[]

    // tag::listpack-set[]
    /**
     * Set field to value (Redis: hashTypeSet's listpack branch). An existing field keeps its
     * place and has its value entry replaced; a new field is appended with its value. Returns
     * true when the field is new.
     */
    @Lab(6)
    public boolean set(byte[] field, byte[] value) {
        int off = find(field);
        if (off >= 0) {
            int v = valueOffset(off);
            replace(v, next(v), value);
            return false;
        }
        append(field);
        append(value);
        pairs++;
        return true;
    }
    // end::listpack-set[]

    /** Remove a field and its value. Returns true if the field was there (Redis: lpDeleteRange). */
    @Lab(6)
    public boolean delete(byte[] field) {
        int off = find(field);
        if (off < 0) return false;
        int end = next(valueOffset(off));
        System.arraycopy(buf, end, buf, off, used - end);
        used -= end - off;
        pairs--;
        return true;
    }

    // ---------------------------------------------------------------- raw editing

    /** Append one entry at the tail (Redis: lpAppend). */
    private void append(byte[] s) {
        int need = varintSize(s.length) + s.length;
        ensure(used + need);
        used = writeEntry(used, s);
    }

    /** Replace the entry in [from, to) by a new entry holding s, shifting the tail as needed. */
    private void replace(int from, int to, byte[] s) {
        int need = varintSize(s.length) + s.length;
        int delta = need - (to - from);
        ensure(used + delta);
        System.arraycopy(buf, to, buf, to + delta, used - to);
        used += delta;
        writeEntry(from, s);
    }

    private int writeEntry(int off, byte[] s) {
        int len = s.length;
        while (len >= 0x80) {
            buf[off++] = (byte) (len | 0x80);
            len >>>= 7;
        }
        buf[off++] = (byte) len;
        System.arraycopy(s, 0, buf, off, s.length);
        return off + s.length;
    }

    static int varintSize(int len) {
        int n = 1;
        while (len >= 0x80) {
            len >>>= 7;
            n++;
        }
        return n;
    }

    /** Grow the array geometrically, so a run of appends costs amortised O(1) copying. */
    private void ensure(int capacity) {
        if (capacity <= buf.length) return;
        buf = Arrays.copyOf(buf, Math.max(capacity, buf.length + (buf.length >> 1) + 16));
    }
}
