/*
 * Access to a string value's bytes without copying, in either of its two forms: a byte[] (as SET
 * stored it) or a MutableString (after an in-place edit). Readers take array()+length(); writers
 * that edit in place (SETBIT, BITFIELD) first turn the value into a MutableString with mutable().
 *
 * Redis has the same split: getObjectReadOnlyString() in bitops.c reads any string encoding, and
 * dbUnshareStringValue() in db.c turns an int/embstr/shared string into a private raw sds before a
 * command writes into it.
 */
package dev.rediscover.types.string;

import dev.rediscover.command.Errors;
import dev.rediscover.keyspace.MutableString;
import dev.rediscover.keyspace.RedisObject;
import dev.rediscover.server.Client;

public final class StringValues {
    private StringValues() {}

    /** The array holding the value's bytes (only the first length(o) count), or WRONGTYPE. */
    static byte[] array(RedisObject o) {
        if (o.value instanceof byte[] b) return b;
        if (o.value instanceof MutableString m) return m.array();
        throw Errors.wrongType();
    }

    /** A copy-free byte[] when the value is one, else a copy of exactly its bytes; or WRONGTYPE. */
    public static byte[] bytes(RedisObject o) {
        if (o.value instanceof byte[] b) return b;
        if (o.value instanceof MutableString m) return m.toBytes();
        throw Errors.wrongType();
    }

    /** Reply with the value as a bulk string without copying it, or WRONGTYPE. */
    public static void reply(Client c, RedisObject o) {
        if (o.value instanceof byte[] b) c.reply.bulk(b);
        else if (o.value instanceof MutableString m) c.reply.bulk(m.array(), 0, m.length());
        else throw Errors.wrongType();
    }

    /** The value's length in bytes, or WRONGTYPE. */
    static int length(RedisObject o) {
        if (o.value instanceof byte[] b) return b.length;
        if (o.value instanceof MutableString m) return m.length();
        throw Errors.wrongType();
    }

    /** Throw WRONGTYPE unless o is a string (Redis: checkType(c, o, OBJ_STRING)). */
    static void checkString(RedisObject o) {
        if (!o.isString()) throw Errors.wrongType();
    }

    /**
     * The value as a MutableString that may be edited in place, converting a byte[] once (the
     * byte[] may be shared with a client buffer or another key, so it is never written to).
     */
    static MutableString mutable(RedisObject o) {
        if (o.value instanceof MutableString m) return m;
        if (o.value instanceof byte[] b) {
            MutableString m = new MutableString(b);
            o.value = m;
            return m;
        }
        throw Errors.wrongType();
    }
}
