/*
 * BZPOPMIN, BZPOPMAX and BZMPOP: the pops that wait for data (Redis: blockingGenericZpopCommand
 * in t_zset.c, and blocked.c for the waiting).
 *
 *   BZPOPMIN key [key ...] timeout                     -> [key, member, score]
 *   BZMPOP timeout numkeys key [key ...] MIN | MAX [COUNT count]   -> [key, [[member, score], ...]]
 *
 * The first key (in argument order) holding a non-empty sorted set is popped at once, exactly like
 * ZPOPMIN/ZMPOP. Only when all are empty does the client wait: inside MULTI it cannot, and gets a
 * nil array straight away, as in Redis.
 *
 * Waiting itself is the blocking subsystem's job (the one the list commands use: clients parked on
 * the event loop, woken first-come first-served when a key gets data, timed out by the loop).
 * It plugs in through park(); see the HOOK below.
 *
 * The timeout is in seconds, fractions allowed, read as Redis reads it (getTimeoutFromObjectOrReply):
 * a long double, converted to milliseconds rounded up; 0 means forever.
 */
package dev.rediscover.types.zset;

import dev.rediscover.command.CommandTable;
import dev.rediscover.command.RedisException;
import dev.rediscover.server.Client;
import dev.rediscover.server.Server;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;

public final class BlockingZPop {
    private BlockingZPop() {}

    static final String NOT_FLOAT = "ERR timeout is not a float or out of range";
    static final String NEGATIVE = "ERR timeout is negative";
    /** The largest long double (x87 80-bit): strtold overflows beyond it. */
    private static final BigDecimal LDBL_MAX = new BigDecimal("1.18973149535723176502e4932");

    /**
     * Parks a client until one of `keys` may have data or `timeoutMillis` passes (0: forever).
     * When woken by a write to one of the keys, the blocking subsystem runs the client's command
     * (c.argv) again; on timeout it answers the nil array.
     */
    public interface Parker {
        void park(Client c, byte[][] keys, long timeoutMillis);
    }

    // HOOK for the blocking subsystem (branch `lists`): it calls acceptParker() once at start-up.
    // Until then a pop that would block answers as if its timeout had already passed (nil array).
    private static volatile Parker parker;

    public static void acceptParker(Parker p) { parker = p; }

    static void register(Server server) {
        CommandTable t = server.commands;
        String cost = "O(log(N)) with N being the number of elements in the sorted set.";
        t.add("bzpopmin", -3, BlockingZPop::bzpopmin).flags("write noscript fast blocking").keys(1, -2, 1).group("sorted_set")
                .doc("Pops the lowest scoring member of the first non-empty sorted set, waiting for one if none has any.", "5.0.0", cost);
        t.add("bzpopmax", -3, BlockingZPop::bzpopmax).flags("write noscript fast blocking").keys(1, -2, 1).group("sorted_set")
                .doc("Pops the highest scoring member of the first non-empty sorted set, waiting for one if none has any.", "5.0.0", cost);
        t.add("bzmpop", -5, BlockingZPop::bzmpop).flags("write blocking movablekeys").keys(0, 0, 0).group("sorted_set")
                .doc("Pops members from the first non-empty sorted set of several keys, waiting for one if all are empty.", "7.0.0", "O(K) + O(M*log(N)) where K is the number of provided keys, N being the number of elements in the sorted set, and M being the number of elements popped.");
    }

    static void bzpopmin(Client c) { bzpop(c, false); }

    static void bzpopmax(Client c) { bzpop(c, true); }

    private static void bzpop(Client c, boolean max) {
        long timeout = parseTimeout(c.argv[c.argc - 1]);
        for (int i = 1; i < c.argc - 1; i++) {
            byte[] key = c.argv[i];
            SortedSet z = SortedSetCommands.lookupWrite(c, key);
            if (z == null) continue;
            ScoredMembers popped = SortedSetCommands.popAndNotify(c, key, z, max, 1);
            c.reply.arrayHeader(3);
            c.reply.bulk(key);
            c.reply.bulk(popped.member(0));
            c.reply.doubleReply(popped.score(0));
            return;
        }
        block(c, java.util.Arrays.copyOfRange(c.argv, 1, c.argc - 1), timeout);
    }

    /** BZMPOP timeout numkeys key [key ...] MIN | MAX [COUNT count] */
    static void bzmpop(Client c) {
        long timeout = parseTimeout(c.argv[1]);
        SortedSetCommands.MPopArgs a = SortedSetCommands.MPopArgs.parse(c, 2);
        for (int i = 0; i < a.numKeys; i++) {
            byte[] key = c.argv[a.firstKey + i];
            SortedSet z = SortedSetCommands.lookupWrite(c, key);
            if (z == null) continue;
            SortedSetCommands.replyMPop(c, key, SortedSetCommands.popAndNotify(c, key, z, a.max, a.count));
            return;
        }
        block(c, java.util.Arrays.copyOfRange(c.argv, a.firstKey, a.firstKey + a.numKeys), timeout);
    }

    /** Nothing to pop: wait, unless this client may not (MULTI), or nobody can park it yet. */
    private static void block(Client c, byte[][] keys, long timeoutMillis) {
        Parker p = parker;
        if (c.has(Client.MULTI) || p == null) {
            c.reply.nullArray();
            return;
        }
        p.park(c, keys, timeoutMillis);
    }

    /**
     * Seconds as text to milliseconds (Redis: getTimeoutFromObjectOrReply with UNIT_SECONDS).
     * Redis converts the long double with a C cast, so anything past 2^63 ms (and inf) wraps to a
     * negative number and is refused as "timeout is negative".
     */
    static long parseTimeout(byte[] arg) {
        if (arg.length == 0 || Strtod.isSpace(arg[0])) throw new RedisException(NOT_FLOAT);
        Strtod p = new Strtod();
        double seconds = p.parse(arg, 0);
        if (p.end != arg.length || Double.isNaN(seconds)) throw new RedisException(NOT_FLOAT);
        if (p.outOfRange) {
            if (seconds == 0) return arg[0] == '-' ? 0 : 1;          // tiny, but a long double holds it
            if (beyondLongDouble(arg)) throw new RedisException(NOT_FLOAT);
            throw new RedisException(NEGATIVE);
        }
        double ms = Math.ceil(seconds * 1000);
        if (Double.isInfinite(ms) || ms >= 0x1p63 || ms < -0x1p63) throw new RedisException(NEGATIVE);
        if (ms < 0) throw new RedisException(NEGATIVE);
        return (long) ms;
    }

    private static boolean beyondLongDouble(byte[] arg) {
        try {
            return new BigDecimal(new String(arg, StandardCharsets.ISO_8859_1)).abs().compareTo(LDBL_MAX) > 0;
        } catch (NumberFormatException hexOrOther) {
            return false;
        }
    }
}
