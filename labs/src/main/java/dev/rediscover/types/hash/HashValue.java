/*
 * A hash value: field -> value, both binary-safe byte strings (Redis: the OBJ_HASH robj, with
 * the helpers of t_hash.c, hashTypeGet/Set/Delete/Convert).
 *
 * Two encodings, as in Redis, and OBJECT ENCODING names them:
 *   "listpack"   a Listpack (one packed byte[], linear scans) while the hash has at most
 *                hash-max-listpack-entries fields and no field or value longer than
 *                hash-max-listpack-value bytes. Most hashes in real life are small objects
 *                (a user, a session), and this is where Redis saves most of its memory.
 *   "hashtable"  a Dict (the same incremental-rehash table as the keyspace), O(1) per field
 *                and with the reverse-bit SCAN cursor.
 * Conversion goes one way only, listpack -> hashtable, like Redis: shrinking a big hash does
 * not pack it again (that would make a hash that hovers around the threshold convert back and
 * forth on every write).
 */
package dev.rediscover.types.hash;

import dev.rediscover.keyspace.Dict;
import dev.rediscover.keyspace.TypedValue;
import dev.rediscover.lab.Lab;
import dev.rediscover.lab.LabNotDone;
import dev.rediscover.resp.RespWriter;
import dev.rediscover.types.EncodingLimits;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

public final class HashValue implements TypedValue {
    /** Receives one field/value pair as slices of arrays, so replies need no copies. */
    @FunctionalInterface
    public interface PairVisitor {
        void pair(byte[] f, int fOff, int fLen, byte[] v, int vOff, int vLen);
    }

    private Listpack lp = new Listpack();   // non-null while the encoding is listpack
    private Dict<byte[]> ht;                 // non-null once converted

    @Override
    public String typeName() { return "hash"; }

    @Override
    public String encoding() { return lp != null ? "listpack" : "hashtable"; }

    public boolean isListpack() { return lp != null; }

    public int size() { return lp != null ? lp.size() : ht.size(); }

    @Override
    public long memory() {
        if (lp != null) return 48 + lp.array().length;
        long[] sum = {64 + 8L * ht.buckets()};
        ht.forEach(e -> sum[0] += 32 + 16 + e.key().length + 16 + e.value().length);
        return sum[0];
    }

    @Override
    public HashValue copy() {
        HashValue h = new HashValue();
        if (lp != null) {
            h.lp = lp.copy();
        } else {
            h.lp = null;
            h.ht = new Dict<>();
            // byte[] values are never changed in place (set replaces them), so sharing is safe
            ht.forEach(e -> h.ht.insertNew(e.key(), e.value()));
        }
        return h;
    }

    // ---------------------------------------------------------------- reading

    public boolean contains(byte[] field) {
        return lp != null ? lp.find(field) >= 0 : ht.containsKey(field);
    }

    /** The value of field (a copy when packed), or null. */
    public byte[] get(byte[] field) {
        if (ht != null) return ht.get(field);
        int off = lp.find(field);
        return off < 0 ? null : lp.copyOf(lp.valueOffset(off));
    }

    /** Reply with the value as a bulk string, or nil; answers whether the field exists. */
    public boolean replyValue(byte[] field, RespWriter w) {
        if (ht != null) {
            byte[] v = ht.get(field);
            w.bulk(v);      // null -> nil
            return v != null;
        }
        int off = lp.find(field);
        if (off < 0) {
            w.nullBulk();
            return false;
        }
        int v = lp.valueOffset(off);
        w.bulk(lp.array(), lp.dataOffset(v), lp.dataLength(v));
        return true;
    }

    /** Length of the field's value, 0 when absent (HSTRLEN). */
    public int valueLength(byte[] field) {
        if (ht != null) {
            byte[] v = ht.get(field);
            return v == null ? 0 : v.length;
        }
        int off = lp.find(field);
        return off < 0 ? 0 : lp.dataLength(lp.valueOffset(off));
    }

    /** Visit every pair: insertion order when packed, table order otherwise. */
    public void forEach(PairVisitor visitor) {
        if (lp != null) {
            byte[] b = lp.array();
            for (int f = lp.first(); f >= 0; f = lp.nextPair(f)) {
                int v = lp.valueOffset(f);
                visitor.pair(b, lp.dataOffset(f), lp.dataLength(f), b, lp.dataOffset(v), lp.dataLength(v));
            }
        } else {
            ht.forEach(e -> visitor.pair(e.key(), 0, e.key().length, e.value(), 0, e.value().length));
        }
    }

    /** Every pair as {field, value} arrays, in forEach order (for HRANDFIELD's sampling). */
    public List<byte[][]> pairs() {
        List<byte[][]> out = new ArrayList<>(size());
        forEach((f, fo, fl, v, vo, vl) -> out.add(new byte[][]{
                Arrays.copyOfRange(f, fo, fo + fl), Arrays.copyOfRange(v, vo, vo + vl)}));
        return out;
    }

    /** One random pair {field, value}, or null when empty (Redis: hashTypeRandomElement). */
    public byte[][] randomPair(RandomGenerator rnd) {
        if (size() == 0) return null;
        if (ht != null) {
            Dict.Entry<byte[]> e = ht.randomEntry(rnd);
            return new byte[][]{e.key(), e.value()};
        }
        int i = rnd.nextInt(lp.size());
        int f = lp.first();
        while (i-- > 0) f = lp.nextPair(f);
        return new byte[][]{lp.copyOf(f), lp.copyOf(lp.valueOffset(f))};
    }

    // ---------------------------------------------------------------- writing

    /**
     * Convert before a write if any of the strings about to be stored is too long for the
     * packed form (Redis: hashTypeTryConversion, called by HSET/HSETNX/HMSET on their
     * arguments; HSETNX only once it knows the field is new, so an HSETNX that writes nothing
     * leaves the encoding alone).
     */
    public void convertIfAnyTooLong(byte[][] argv, int from, int to, EncodingLimits limits) {
        if (lp == null) return;
        for (int i = from; i < to; i++) {
            if (argv[i].length > limits.hashMaxValue) {
                convert();
                return;
            }
        }
    }

    // tag::hash-set[]
    /**
     * Set a field (Redis: hashTypeSet). Returns true when the field is new. A packed hash
     * converts when the new strings are too long or the field count passes the limit.
     */
    @Lab(6)
    public boolean set(byte[] field, byte[] value, EncodingLimits limits) {
        throw new LabNotDone(6, "HashValue.set");
    }
    // end::hash-set[]

    /** Remove a field; true if it was there. The caller deletes the key when the hash is empty. */
    @Lab(6)
    public boolean delete(byte[] field) {
        throw new LabNotDone(6, "HashValue.delete");
    }

    /**
     * Move every pair from the listpack into a hash table (Redis: hashTypeConvertListpack).
     * The dict is sized by inserting, so it grows through the usual doublings.
     */
    @Lab(6)
    public void convert() {
        throw new LabNotDone(6, "HashValue.convert");
    }

    // ---------------------------------------------------------------- HSCAN

    // tag::hash-scan[]
    /**
     * One HSCAN step. A packed hash has no buckets to walk, so like Redis (scanGenericCommand)
     * it returns every pair at once with cursor 0; a table walks its buckets with the Dict
     * cursor, calling Dict.scan until the cursor is 0, count pairs were visited, or 10*count
     * buckets were walked. Returns the next cursor.
     */
    @Lab(6)
    public long scan(long cursor, long count, PairVisitor visitor) {
        throw new LabNotDone(6, "HashValue.scan");
    }
    // end::hash-scan[]
}
