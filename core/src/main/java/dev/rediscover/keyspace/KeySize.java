/*
 * What one key costs in memory, as the engine estimates it for used_memory, maxmemory eviction
 * and MEMORY USAGE (lesson 14).
 *
 * Redis does not estimate: every allocation goes through zmalloc (zmalloc.c), which adds the
 * allocator's real size of each block (je_malloc_usable_size) to one global counter,
 * used_memory. Freeing subtracts it. The figure is exact and costs nothing per key.
 *
 * On the JVM there is no such counter: the heap in use includes garbage not yet collected and
 * everything the JVM itself holds, and it moves in GC-sized steps. So the engine keeps its own
 * counter of the DATA instead: every key carries the estimate it was last charged
 * (RedisObject.accountedBytes), and its database keeps the sum (Database.datasetBytes). Each
 * write re-estimates the key it changed and adds the difference; deleting a key subtracts its
 * charge. The estimate is HotSpot's layout with compressed references (12-byte headers, 8-byte
 * alignment): the Dict entry, the RedisObject, the key's byte[] and the value.
 *
 * Strings are priced in O(1). A collection's TypedValue.memory() may walk the collection, so a
 * big collection is re-measured only every so many writes (the bigger, the rarer: amortised O(1)
 * per write); in between its charge lags by at most those few writes, and eviction sampling
 * re-measures the keys it looks at (see remeasure).
 */
package dev.rediscover.keyspace;

public final class KeySize {
    private KeySize() {}

    /** Dict.Entry: header, key, value, next, hash. */
    public static final long DICT_ENTRY = align(12 + 4 + 4 + 4 + 4);
    /** RedisObject: header, value ref, expireAt, lru, accounting word, flag. */
    public static final long OBJECT = align(12 + 4 + 8 + 4 + 8 + 1);

    public static long align(long n) { return (n + 7) & ~7L; }

    public static long byteArray(int len) { return align(16 + len); }

    /** The whole key: entries in the main (and expires) dict, the object, key bytes, the value. */
    public static long of(byte[] key, RedisObject o) {
        long n = DICT_ENTRY + OBJECT + byteArray(key.length) + value(o.value);
        if (o.hasExpiry()) n += DICT_ENTRY;
        return n;
    }

    /** The value alone. */
    public static long value(Object v) {
        if (v instanceof byte[] b) return byteArray(b.length);
        if (v instanceof MutableString m) return m.memory();
        if (v instanceof TypedValue t) return t.memory();
        return 16;
    }

    /**
     * Whether a write to a collection charged `charged` bytes, `writes` writes ago, should
     * re-measure it now: always for small values, every charged/4096 writes for big ones, so the
     * walk TypedValue.memory() may do is paid for by that many writes.
     */
    static boolean due(Object v, long charged, long writes) {
        if (!(v instanceof TypedValue)) return true;
        return writes >= (charged >> 12);
    }
}
