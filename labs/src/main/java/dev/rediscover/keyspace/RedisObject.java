/*
 * The value stored under a key, with its per-key metadata: Redis's robj (server.h) plus the expiry
 * time, which Redis keeps in a second dict (db->expires) and we keep on the object as well so that
 * a lookup answers "is it expired?" without a second hash lookup.
 *
 *   value      byte[] for a string whose bytes never change after SET (encodings int / embstr /
 *              raw are reported from its content, as Redis would have chosen them), or a
 *              MutableString once APPEND or SETRANGE has grown it in place (always "raw").
 *              Later labs add the collection types.
 *   expireAt   absolute Unix time in milliseconds, or NO_EXPIRY
 *   lru        last access time in the LRU clock's units, or the LFU counter (eviction, lab 14)
 *   accounting the bytes this key is charged in its database's memory total (KeySize), and
 *              the writes since it was last measured, packed in one long to keep the object small
 */
package dev.rediscover.keyspace;

public final class RedisObject {
    public static final long NO_EXPIRY = -1;

    public Object value;
    public long expireAt = NO_EXPIRY;
    public int lru;
    /**
     * A string Redis stored without trying the integer encoding: INCRBYFLOAT's result is an embstr
     * even when it reads "3" (t_string.c creates it with createStringObjectFromLongDouble). Cleared
     * whenever the value is replaced.
     */
    public boolean notIntEncoded;
    /**
     * Which background snapshot has this value (persistence.Snapshot): a snapshot flips the
     * keyspace's colour when it starts, so every object then is "owed"; it paints each object as
     * it encodes it, and new objects are born in the new colour. Fits in the object's padding.
     */
    public boolean colour;
    /** Low 40 bits: bytes charged (KeySize); high 24 bits: writes since measured. */
    long accounting;

    public RedisObject(Object value) { this.value = value; }

    /** The bytes this key is charged in used_memory (KeySize.of when last measured). */
    public long accountedBytes() { return accounting & CHARGE_MASK; }

    static final long CHARGE_MASK = (1L << 40) - 1;

    public boolean hasExpiry() { return expireAt != NO_EXPIRY; }

    public boolean isString() { return value instanceof byte[] || value instanceof MutableString; }

    /** The Redis type name TYPE answers with. */
    public String typeName() { return ValueTypes.typeName(value); }

    /** The encoding OBJECT ENCODING answers with. */
    public String encoding() {
        if (notIntEncoded && value instanceof byte[] b) {
            return b.length <= ValueTypes.EMBSTR_LIMIT ? "embstr" : "raw";
        }
        return ValueTypes.encoding(value);
    }
}
