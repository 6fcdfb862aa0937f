/*
 * ZADD's flags and score/member pairs, parsed and checked the way Redis's zaddGenericCommand does
 * it, in the same order so the same bad command gets the same error:
 *
 *   1. flags NX XX GT LT CH INCR, in any order and case, until the first non-flag
 *   2. an even, non-zero number of remaining arguments      else "ERR syntax error"
 *   3. flag conflicts: NX with XX; GT, LT and NX together    (their own error texts)
 *   4. INCR with more than one pair                          "ERR INCR option supports ..."
 *   5. every score a valid float                             "ERR value is not a valid float"
 *
 * Only then does ZADD look at the key, so a bad command never half-applies.
 */
package dev.rediscover.types.zset;

import dev.rediscover.command.Args;
import dev.rediscover.command.Errors;
import dev.rediscover.command.RedisException;
import dev.rediscover.server.Client;

final class ZAddOptions {
    int flags;             // SortedSet.IN_*
    boolean ch;            // reply counts changed members, not only added ones
    int firstScore;        // argv index of the first score
    double[] scores;

    int pairs() { return scores.length; }

    static ZAddOptions parse(Client c, int from) {
        ZAddOptions o = new ZAddOptions();
        int i = from;
        for (; i < c.argc; i++) {
            byte[] a = c.argv[i];
            if (Args.equalsAscii(a, "nx")) o.flags |= SortedSet.IN_NX;
            else if (Args.equalsAscii(a, "xx")) o.flags |= SortedSet.IN_XX;
            else if (Args.equalsAscii(a, "gt")) o.flags |= SortedSet.IN_GT;
            else if (Args.equalsAscii(a, "lt")) o.flags |= SortedSet.IN_LT;
            else if (Args.equalsAscii(a, "ch")) o.ch = true;
            else if (Args.equalsAscii(a, "incr")) o.flags |= SortedSet.IN_INCR;
            else break;
        }
        o.firstScore = i;
        int rest = c.argc - i;
        if (rest == 0 || rest % 2 != 0) throw Errors.syntax();
        boolean nx = o.has(SortedSet.IN_NX), xx = o.has(SortedSet.IN_XX);
        boolean gt = o.has(SortedSet.IN_GT), lt = o.has(SortedSet.IN_LT);
        if (nx && xx) throw new RedisException("ERR XX and NX options at the same time are not compatible");
        if ((gt && nx) || (lt && nx) || (gt && lt)) {
            throw new RedisException("ERR GT, LT, and/or NX options at the same time are not compatible");
        }
        if (o.has(SortedSet.IN_INCR) && rest > 2) {
            throw new RedisException("ERR INCR option supports a single increment-element pair");
        }
        o.parseScores(c);
        return o;
    }

    /** Read every score from firstScore on (pairs of score, member). */
    void parseScores(Client c) {
        int n = (c.argc - firstScore) / 2;
        scores = new double[n];
        for (int k = 0; k < n; k++) {
            double s = Strtod.score(c.argv[firstScore + 2 * k]);
            if (Double.isNaN(s)) throw Errors.notFloat();
            scores[k] = s;
        }
    }

    private boolean has(int flag) { return (flags & flag) != 0; }
}
