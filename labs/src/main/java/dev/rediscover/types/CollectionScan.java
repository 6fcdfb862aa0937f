/*
 * The options and the reply of HSCAN and SSCAN (and later ZSCAN): Redis parses them in one
 * function for all four SCANs (db.c, scanGenericCommand); TYPE is only for SCAN over keys, so
 * here it is a syntax error.
 */
package dev.rediscover.types;

import dev.rediscover.command.Args;
import dev.rediscover.command.Errors;
import dev.rediscover.keyspace.Glob;
import dev.rediscover.server.Client;

import java.util.List;

public final class CollectionScan {
    /** null when there is no pattern or it is "*" (matches everything: skip the check). */
    public byte[] pattern;
    public long count = 10;

    private CollectionScan() {}

    /** Parse MATCH/COUNT pairs from argv[from..]; a later one replaces an earlier one. */
    public static CollectionScan parse(Client c, int from) {
        CollectionScan o = new CollectionScan();
        for (int i = from; i < c.argc; i += 2) {
            byte[] a = c.argv[i];
            boolean hasValue = i + 1 < c.argc;
            if (hasValue && Args.equalsAscii(a, "count")) {
                o.count = Args.parseLong(c.argv[i + 1]);
                if (o.count < 1) throw Errors.syntax();
            } else if (hasValue && Args.equalsAscii(a, "match")) {
                o.pattern = Glob.matchesEverything(c.argv[i + 1]) ? null : c.argv[i + 1];
            } else {
                throw Errors.syntax();
            }
        }
        return o;
    }

    /** [cursor, [elements...]], the cursor as an unsigned decimal. */
    public static void reply(Client c, long cursor, List<byte[]> elements) {
        c.reply.arrayHeader(2);
        c.reply.bulk(Args.bytes(Long.toUnsignedString(cursor)));
        c.reply.arrayHeader(elements.size());
        for (byte[] e : elements) c.reply.bulk(e);
    }
}
