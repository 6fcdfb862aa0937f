/*
 * IntSet: the compact encoding of a set whose members are all integers (Redis: intset.c).
 *
 * The members are kept sorted in a plain long[], so membership is a binary search (O(log n))
 * and the memory is 8 bytes per member with no per-member object at all; a hash table would
 * spend some 60 bytes per member on the entry and the string. Inserting shifts the tail
 * (O(n)), which is why the set converts to a hash table past set-max-intset-entries (512).
 * Being sorted is also visible to clients: SMEMBERS on an intset answers in ascending order.
 *
 * Redis goes one step further and stores the numbers as int16, int32 or int64 depending on the
 * largest one, upgrading the whole array when a wider number arrives (intsetUpgradeAndAdd). We
 * keep one width (long), and only report the width Redis would use in memory(), because the
 * upgrade dance saves memory but teaches nothing the sorted array does not already show.
 */
package dev.rediscover.types.set;

import dev.rediscover.lab.Lab;

import java.util.Arrays;

public final class IntSet {
    private long[] values;
    private int size;

    public IntSet() { values = new long[4]; }

    private IntSet(long[] values, int size) {
        this.values = values;
        this.size = size;
    }

    public int size() { return size; }

    public long get(int i) { return values[i]; }

    public IntSet copy() { return new IntSet(Arrays.copyOf(values, Math.max(size, 1)), size); }

    /** Bytes Redis would use: a 8-byte header plus size entries of the width the extremes need. */
    public long redisBytes() {
        if (size == 0) return 8;
        return 8 + (long) size * width(values[0], values[size - 1]);
    }

    private static int width(long min, long max) {
        if (min >= Short.MIN_VALUE && max <= Short.MAX_VALUE) return 2;
        if (min >= Integer.MIN_VALUE && max <= Integer.MAX_VALUE) return 4;
        return 8;
    }

    // tag::intset-search[]
    /**
     * Index of v, or -(insertion point) - 1 when absent (Redis: intsetSearch, which checks the
     * two ends first so that appending ascending numbers costs no search).
     */
    @Lab(6)
    int search(long v) {
        if (size == 0) return -1;
        if (v > values[size - 1]) return -(size + 1);
        if (v < values[0]) return -1;
        int lo = 0, hi = size - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            long m = values[mid];
            if (m < v) lo = mid + 1;
            else if (m > v) hi = mid - 1;
            else return mid;
        }
        return -(lo + 1);
    }
    // end::intset-search[]

    public boolean contains(long v) { return search(v) >= 0; }

    // tag::intset-add[]
    /** Insert v in order; false if it was already there (Redis: intsetAdd). */
    @Lab(6)
    public boolean add(long v) {
        int i = search(v);
        if (i >= 0) return false;
        int at = -i - 1;
        if (size == values.length) values = Arrays.copyOf(values, size + (size >> 1) + 4);
        System.arraycopy(values, at, values, at + 1, size - at);
        values[at] = v;
        size++;
        return true;
    }
    // end::intset-add[]

    /** Remove v; false if it was absent (Redis: intsetRemove). */
    public boolean remove(long v) {
        int i = search(v);
        if (i < 0) return false;
        System.arraycopy(values, i + 1, values, i, size - i - 1);
        size--;
        return true;
    }

    /** Remove and return the member at index i (for SPOP). */
    public long removeAt(int i) {
        long v = values[i];
        System.arraycopy(values, i + 1, values, i, size - i - 1);
        size--;
        return v;
    }
}
