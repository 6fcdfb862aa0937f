/*
 * Implemented by every non-string value class (lists, hashes, sets, sorted sets, streams), so
 * the keyspace can answer TYPE and OBJECT ENCODING and estimate memory without knowing each type.
 */
package dev.rediscover.keyspace;

public interface TypedValue {
    /** "list", "hash", "set", "zset", "stream". */
    String typeName();

    /** Redis's encoding name: "listpack", "quicklist", "hashtable", "intset", "skiplist"... */
    String encoding();

    /** Approximate heap bytes, for MEMORY USAGE and maxmemory accounting. */
    default long memory() { return 64; }

    /** A deep copy for COPY (Redis: the per-type dup functions in copyCommand). */
    default TypedValue copy() {
        throw new UnsupportedOperationException("COPY of a " + typeName() + " is not implemented");
    }
}
