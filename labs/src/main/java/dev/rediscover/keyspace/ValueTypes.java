/*
 * Type and encoding names of stored values, as TYPE, OBJECT ENCODING and SCAN TYPE report them.
 * Redis keeps both as small numbers in the robj (OBJ_STRING, OBJ_ENCODING_EMBSTR...); we ask the
 * value's class instead. Each data type adds its class here when its lab arrives.
 */
package dev.rediscover.keyspace;

import dev.rediscover.command.Args;

public final class ValueTypes {
    private ValueTypes() {}

    /** Strings up to this many bytes are "embstr" in Redis (OBJ_ENCODING_EMBSTR_SIZE_LIMIT). */
    public static final int EMBSTR_LIMIT = 44;

    public static String typeName(Object value) {
        if (value instanceof byte[] || value instanceof MutableString) return "string";
        if (value instanceof TypedValue t) return t.typeName();
        throw new IllegalStateException("unknown value class " + value.getClass());
    }

    public static String encoding(Object value) {
        if (value instanceof byte[] b) return stringEncoding(b);
        if (value instanceof MutableString) return "raw";
        if (value instanceof TypedValue t) return t.encoding();
        throw new IllegalStateException("unknown value class " + value.getClass());
    }

    /**
     * The encoding Redis would pick for a string set with SET (object.c, tryObjectEncoding):
     * "int" for a canonical 64-bit integer of at most 20 characters, "embstr" up to 44 bytes,
     * "raw" beyond.
     */
    public static String stringEncoding(byte[] b) {
        if (b.length <= 20 && Args.isLong(b)) return "int";
        return b.length <= EMBSTR_LIMIT ? "embstr" : "raw";
    }
}
