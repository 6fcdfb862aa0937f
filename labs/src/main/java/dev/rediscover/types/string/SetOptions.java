/*
 * The options of SET and GETEX, parsed once into fields: NX, XX, GET, KEEPTTL (SET only), PERSIST
 * (GETEX only), and one of EX/PX/EXAT/PXAT with its still unparsed time.
 * Redis parses them in t_string.c, parseExtendedStringArgumentsOrReply(), and checks the time
 * later (getExpireMillisecondsOrReply), so "SET k v EX abc BAD" is a syntax error, not a number
 * error, and "GETEX missing EX 0" answers nil: the time is only looked at once the key is found.
 *
 * Conflicts are Redis's: NX with XX, KEEPTTL or PERSIST with any expiry, two different expiry
 * units. Repeating the same option is allowed (the last EX wins), as in Redis.
 */
package dev.rediscover.types.string;

import dev.rediscover.command.Args;
import dev.rediscover.command.Errors;
import dev.rediscover.command.RedisException;
import dev.rediscover.lab.Lab;
import dev.rediscover.lab.LabNotDone;
import dev.rediscover.server.Client;

final class SetOptions {
    static final int NONE = 0, EX = 1, PX = 2, EXAT = 3, PXAT = 4;

    boolean nx, xx, get, keepTtl, persist;
    int unit = NONE;        // which expiry option was given, if any
    byte[] time;            // its argument, validated by expireAt()

    /** SET key value [NX|XX] [GET] [EX|PX|EXAT|PXAT t | KEEPTTL], options from argv[from]. */
    static SetOptions parseSet(Client c, int from) { return parse(c, from, true); }

    /** GETEX key [EX|PX|EXAT|PXAT t | PERSIST], options from argv[from]. */
    static SetOptions parseGetex(Client c, int from) { return parse(c, from, false); }

    /** No options at all, the common case: shared so a plain SET allocates nothing. Never modify. */
    private static final SetOptions PLAIN = new SetOptions();

    private static SetOptions parse(Client c, int from, boolean isSet) {
        if (from >= c.argc) return PLAIN;
        SetOptions o = new SetOptions();
        for (int i = from; i < c.argc; i++) {
            byte[] a = c.argv[i];
            int u = unitOf(a);
            if (isSet && Args.equalsAscii(a, "NX") && !o.xx) {
                o.nx = true;
            } else if (isSet && Args.equalsAscii(a, "XX") && !o.nx) {
                o.xx = true;
            } else if (isSet && Args.equalsAscii(a, "GET")) {
                o.get = true;
            } else if (isSet && Args.equalsAscii(a, "KEEPTTL") && o.unit == NONE) {
                o.keepTtl = true;
            } else if (!isSet && Args.equalsAscii(a, "PERSIST") && o.unit == NONE) {
                o.persist = true;
            } else if (u != NONE && !o.keepTtl && !o.persist && (o.unit == NONE || o.unit == u)
                    && i + 1 < c.argc) {
                o.unit = u;
                o.time = c.argv[++i];
            } else {
                throw Errors.syntax();
            }
        }
        return o;
    }

    private static int unitOf(byte[] a) {
        if (Args.equalsAscii(a, "EX")) return EX;
        if (Args.equalsAscii(a, "PX")) return PX;
        if (Args.equalsAscii(a, "EXAT")) return EXAT;
        if (Args.equalsAscii(a, "PXAT")) return PXAT;
        return NONE;
    }

    boolean hasExpire() { return unit != NONE; }

    /** EXAT and PXAT name a moment; EX and PX a delay from now. */
    boolean isAbsolute() { return unit == EXAT || unit == PXAT; }

    /** The absolute expiry time in ms, or an error reply naming `command`. */
    long expireAt(Client c, String command) { return absoluteExpire(c, unit, time, command); }

    /**
     * Turn "EX 10" (or PX, EXAT, PXAT) into an absolute time in ms. Zero, negative and overflowing
     * times are rejected with "ERR invalid expire time in 'set' command". Lab 4 writes it: it is
     * the relative-to-absolute step EXPIRE also takes, and lab 3's SET never needs it without EX/PX.
     */
    // tag::absolute-expire[]
    @Lab(4)
    static long absoluteExpire(Client c, int unit, byte[] value, String command) {
        throw new LabNotDone(4, "SetOptions.absoluteExpire");
    }
    // end::absolute-expire[]

    private static RedisException invalidExpire(String command) {
        return new RedisException("ERR invalid expire time in '" + command + "' command");
    }
}
