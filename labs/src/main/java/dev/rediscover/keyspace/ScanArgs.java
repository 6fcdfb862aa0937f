/*
 * The arguments of the SCAN family (SCAN, HSCAN, SSCAN, ZSCAN) and the shape of their answer.
 * Redis parses them in one function for all four (db.c, scanGenericCommand): MATCH and COUNT
 * pairs in any order, a later one replacing an earlier one, COUNT at least 1; TYPE is allowed only
 * for SCAN over keys. The answer is always [cursor, [elements...]] with the cursor as an unsigned
 * decimal (the cursor is a reversed bucket index: see Dict.scan).
 */
package dev.rediscover.keyspace;

import dev.rediscover.command.Args;
import dev.rediscover.command.Errors;
import dev.rediscover.server.Client;

import java.util.List;

public final class ScanArgs {
    /** null when there is no pattern or it is "*" (matches everything: skip the check). */
    public byte[] pattern;
    public long count = 10;
    /** SCAN's TYPE filter, or null. */
    public byte[] type;

    private ScanArgs() {}

    /** Parse option pairs from argv[from..]; TYPE is a syntax error unless allowType. */
    public static ScanArgs parse(Client c, int from, boolean allowType) {
        ScanArgs o = new ScanArgs();
        for (int i = from; i < c.argc; i += 2) {
            byte[] a = c.argv[i];
            boolean hasValue = i + 1 < c.argc;
            if (hasValue && Args.equalsAscii(a, "count")) {
                o.count = Args.parseLong(c.argv[i + 1]);
                if (o.count < 1) throw Errors.syntax();
            } else if (hasValue && Args.equalsAscii(a, "match")) {
                o.pattern = Glob.matchesEverything(c.argv[i + 1]) ? null : c.argv[i + 1];
            } else if (allowType && hasValue && Args.equalsAscii(a, "type")) {
                o.type = c.argv[i + 1];
            } else {
                throw Errors.syntax();
            }
        }
        return o;
    }

    /** True when name passes the MATCH filter. */
    public boolean matches(byte[] name) { return pattern == null || Glob.matches(pattern, name); }

    /**
     * How many buckets one call may walk: stop at the end, after COUNT elements, or after
     * 10*COUNT buckets, so a sparse table cannot make one call walk forever.
     */
    public long maxIterations() { return count > Long.MAX_VALUE / 10 ? Long.MAX_VALUE : count * 10; }

    /** The header of the answer: [cursor, [n elements...]]; the caller writes the elements. */
    public static void replyHeader(Client c, long cursor, long elements) {
        c.reply.arrayHeader(2);
        c.reply.bulk(Args.bytes(Long.toUnsignedString(cursor)));
        c.reply.arrayHeader(elements);
    }

    /** The whole answer for a list of plain elements. */
    public static void reply(Client c, long cursor, List<byte[]> elements) {
        replyHeader(c, cursor, elements.size());
        for (byte[] e : elements) c.reply.bulk(e);
    }
}
