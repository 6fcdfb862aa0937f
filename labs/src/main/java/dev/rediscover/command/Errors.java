/*
 * Redis's error replies, word for word. Clients parse some of them (WRONGTYPE, MOVED, NOAUTH),
 * and the differential tests compare them byte for byte with a real redis-server, so they live in
 * one place. The texts come from Redis's server.c (createSharedObjects) and the command files.
 */
package dev.rediscover.command;

public final class Errors {
    private Errors() {}

    public static final String WRONGTYPE = "WRONGTYPE Operation against a key holding the wrong kind of value";
    public static final String SYNTAX = "ERR syntax error";
    public static final String NOT_INTEGER = "ERR value is not an integer or out of range";
    public static final String NOT_FLOAT = "ERR value is not a valid float";
    public static final String OVERFLOW = "ERR increment or decrement would overflow";
    public static final String NO_SUCH_KEY = "ERR no such key";
    public static final String OUT_OF_RANGE = "ERR index out of range";
    public static final String INVALID_DB = "ERR DB index is out of range";
    public static final String NAN_OR_INF = "ERR increment would produce NaN or Infinity";
    public static final String MAX_STRING = "ERR string exceeds maximum allowed size (proto-max-bulk-len)";

    public static RedisException wrongType() { return new RedisException(WRONGTYPE); }

    public static RedisException syntax() { return new RedisException(SYNTAX); }

    public static RedisException notInteger() { return new RedisException(NOT_INTEGER); }

    public static RedisException notFloat() { return new RedisException(NOT_FLOAT); }

    /** "ERR wrong number of arguments for 'get' command" (the name as the client typed it, lower-cased). */
    public static RedisException arity(String fullName) {
        return new RedisException("ERR wrong number of arguments for '" + fullName + "' command");
    }

    /** "ERR unknown subcommand 'foo'. Try CONFIG HELP." */
    public static RedisException unknownSubcommand(String sub, String container) {
        return new RedisException("ERR unknown subcommand '" + abbreviate(sub, 128) + "'. Try "
                + container.toUpperCase(java.util.Locale.ROOT) + " HELP.");
    }

    static String abbreviate(String s, int max) { return s.length() <= max ? s : s.substring(0, max); }
}
