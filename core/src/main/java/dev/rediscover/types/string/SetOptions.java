/*
 * The options of SET (and the expiry options GETEX shares with it), parsed once into fields:
 * NX, XX, GET, KEEPTTL, and EX/PX/EXAT/PXAT turned into one absolute expiry time in ms.
 * Redis parses them in t_string.c, parseExtendedStringArgumentsOrReply().
 */
package dev.rediscover.types.string;

import dev.rediscover.command.Args;
import dev.rediscover.command.Errors;
import dev.rediscover.command.RedisException;
import dev.rediscover.keyspace.RedisObject;
import dev.rediscover.server.Client;

final class SetOptions {
    boolean nx, xx, get, keepTtl, persist;
    long expireAt = RedisObject.NO_EXPIRY;
    private boolean hasExpire;

    /** Parse SET's options starting at argv[from]. */
    static SetOptions parse(Client c, int from) {
        SetOptions o = new SetOptions();
        for (int i = from; i < c.argc; i++) {
            byte[] a = c.argv[i];
            boolean hasNext = i + 1 < c.argc;
            if (Args.equalsAscii(a, "NX") && !o.xx) {
                o.nx = true;
            } else if (Args.equalsAscii(a, "XX") && !o.nx) {
                o.xx = true;
            } else if (Args.equalsAscii(a, "GET")) {
                o.get = true;
            } else if (Args.equalsAscii(a, "KEEPTTL") && !o.hasExpire) {
                o.keepTtl = true;
            } else if (isExpireUnit(a) && !o.keepTtl && !o.hasExpire && hasNext) {
                o.expireAt = absoluteExpire(c, a, c.argv[++i], "set");
                o.hasExpire = true;
            } else {
                throw Errors.syntax();
            }
        }
        return o;
    }

    static boolean isExpireUnit(byte[] a) {
        return Args.equalsAscii(a, "EX") || Args.equalsAscii(a, "PX")
                || Args.equalsAscii(a, "EXAT") || Args.equalsAscii(a, "PXAT");
    }

    /**
     * Turn "EX 10" (or PX, EXAT, PXAT) into an absolute time in ms. Zero, negative and overflowing
     * times are rejected with "ERR invalid expire time in 'set' command".
     */
    static long absoluteExpire(Client c, byte[] unit, byte[] value, String command) {
        long n = Args.parseLong(value);
        RedisException invalid = new RedisException("ERR invalid expire time in '" + command + "' command");
        if (n <= 0) throw invalid;
        boolean seconds = Args.equalsAscii(unit, "EX") || Args.equalsAscii(unit, "EXAT");
        boolean relative = Args.equalsAscii(unit, "EX") || Args.equalsAscii(unit, "PX");
        if (seconds) {
            if (n > Long.MAX_VALUE / 1000) throw invalid;
            n *= 1000;
        }
        if (relative) {
            long now = c.server.clock.millis();
            if (n > Long.MAX_VALUE - now) throw invalid;
            n += now;
        }
        return n;
    }
}
