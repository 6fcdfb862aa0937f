/*
 * A set value: distinct binary-safe members (Redis: the OBJ_SET robj with the setType*
 * helpers of t_set.c).
 *
 * Two encodings, as in Redis 7.0 (7.2 added a third, listpack, for small sets of strings; the
 * redis-server this engine is checked against is 7.0, so we follow it):
 *   "intset"     an IntSet (sorted long[]) while every member is a canonical 64-bit integer
 *                and there are at most set-max-intset-entries of them. Sets of ids are common
 *                and this stores them in a fraction of the memory.
 *   "hashtable"  a Dict whose keys are the members (the values are unused), O(1) per member
 *                and with the reverse-bit SCAN cursor.
 * Adding a non-integer, or one integer too many, converts intset -> hashtable for good
 * (Redis: setTypeConvert); removing members never packs a set again.
 */
package dev.rediscover.types.set;

import dev.rediscover.command.Args;
import dev.rediscover.keyspace.Dict;
import dev.rediscover.keyspace.TypedValue;
import dev.rediscover.lab.Lab;
import dev.rediscover.resp.RespWriter;
import dev.rediscover.types.EncodingLimits;

import java.util.Arrays;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

public final class SetValue implements TypedValue {
    private static final byte[] MIN_LONG = Args.bytes(Long.MIN_VALUE);

    private IntSet is;              // non-null while the encoding is intset
    private Dict<Boolean> ht;       // non-null otherwise

    private SetValue() {}

    /**
     * An empty set in the encoding its first member calls for (Redis: setTypeCreate): an
     * intset if that member is an integer, a hash table otherwise.
     */
    public static SetValue createFor(byte[] firstMember) {
        SetValue s = new SetValue();
        if (isInteger(firstMember)) s.is = new IntSet();
        else s.ht = new Dict<>();
        return s;
    }

    @Override
    public String typeName() { return "set"; }

    @Override
    public String encoding() { return is != null ? "intset" : "hashtable"; }

    public boolean isIntset() { return is != null; }

    public int size() { return is != null ? is.size() : ht.size(); }

    @Override
    public long memory() {
        if (is != null) return 32 + is.redisBytes();
        long[] sum = {64 + 8L * ht.buckets()};
        ht.forEach(e -> sum[0] += 32 + 16 + e.key().length);
        return sum[0];
    }

    @Override
    public SetValue copy() {
        SetValue s = new SetValue();
        if (is != null) {
            s.is = is.copy();
        } else {
            s.ht = new Dict<>();
            ht.forEach(e -> s.ht.insertNew(e.key(), Boolean.TRUE));   // members are never edited in place
        }
        return s;
    }

    // ---------------------------------------------------------------- integers

    /** True if m is a canonical 64-bit integer (Redis: isSdsRepresentableAsLongLong). */
    static boolean isInteger(byte[] m) {
        return Args.parseLongOr(m, 0, m.length, Long.MIN_VALUE) != Long.MIN_VALUE
                || Arrays.equals(m, MIN_LONG);
    }

    /** m as a long; only call after isInteger(m). */
    private static long toLong(byte[] m) {
        return Args.parseLongOr(m, 0, m.length, Long.MIN_VALUE);
    }

    // ---------------------------------------------------------------- the set operations

    @Lab(6)
    public boolean contains(byte[] member) {
        if (is != null) return isInteger(member) && is.contains(toLong(member));
        return ht.containsKey(member);
    }

    // tag::set-add[]
    /**
     * Add a member; false if it was already there (Redis: setTypeAdd). An intset takes the
     * member if it is an integer and converts when it then holds too many; a non-integer
     * converts it first.
     */
    @Lab(6)
    public boolean add(byte[] member, EncodingLimits limits) {
        if (is != null) {
            if (isInteger(member)) {
                if (!is.add(toLong(member))) return false;
                if (is.size() > limits.setMaxIntsetEntries) convert();
                return true;
            }
            convert();
        }
        if (ht.containsKey(member)) return false;
        ht.insertNew(member, Boolean.TRUE);
        return true;
    }
    // end::set-add[]

    /** Remove a member; false if absent. The caller deletes the key when the set is empty. */
    @Lab(6)
    public boolean remove(byte[] member) {
        if (is != null) return isInteger(member) && is.remove(toLong(member));
        if (ht.remove(member) == null) return false;
        // Shrink a table emptied by removals, as Redis's setTypeRemove does (dictResize), so
        // that SPOP and SRANDMEMBER do not wander over empty buckets.
        ht.shrinkIfNeeded();
        return true;
    }

    /** Move every member into a hash table (Redis: setTypeConvert). */
    @Lab(6)
    public void convert() {
        if (is == null) return;
        Dict<Boolean> d = new Dict<>();
        for (int i = 0; i < is.size(); i++) d.insertNew(Args.bytes(is.get(i)), Boolean.TRUE);
        ht = d;
        is = null;
    }

    // ---------------------------------------------------------------- iteration and sampling

    /** Visit every member: ascending for an intset, table order otherwise. */
    public void forEach(Consumer<byte[]> visitor) {
        if (is != null) {
            for (int i = 0; i < is.size(); i++) visitor.accept(Args.bytes(is.get(i)));
        } else {
            ht.forEach(e -> visitor.accept(e.key()));
        }
    }

    /** Reply every member as a bulk string; an intset's numbers go out without a byte[] each. */
    public void replyMembers(RespWriter w) {
        if (is != null) {
            for (int i = 0; i < is.size(); i++) w.bulk(is.get(i));
        } else {
            ht.forEach(e -> w.bulk(e.key()));
        }
    }

    /** A random member, or null when empty (Redis: setTypeRandomElement). */
    public byte[] random(RandomGenerator rnd) {
        if (size() == 0) return null;
        if (is != null) return Args.bytes(is.get(rnd.nextInt(is.size())));
        return ht.randomEntry(rnd).key();
    }

    /** Remove and return a random member, or null when empty (SPOP). */
    public byte[] pop(RandomGenerator rnd) {
        if (size() == 0) return null;
        if (is != null) return Args.bytes(is.removeAt(rnd.nextInt(is.size())));
        byte[] m = ht.randomEntry(rnd).key();
        remove(m);
        return m;
    }

    /**
     * One SSCAN step. An intset has no buckets, so like Redis it answers every member at once
     * with cursor 0; a table walks its buckets with the Dict's reverse-bit cursor, until the
     * cursor is 0, count members were visited, or 10*count buckets were walked.
     */
    @Lab(6)
    public long scan(long cursor, long count, Consumer<byte[]> visitor) {
        if (is != null) {
            forEach(visitor);
            return 0;
        }
        long maxIterations = count > Long.MAX_VALUE / 10 ? Long.MAX_VALUE : count * 10;
        long[] found = {0};
        do {
            cursor = ht.scan(cursor, e -> {
                found[0]++;
                visitor.accept(e.key());
            });
        } while (cursor != 0 && maxIterations-- > 0 && found[0] < count);
        return cursor;
    }
}
