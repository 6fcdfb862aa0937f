/*
 * LCS key1 key2 [LEN] [IDX] [MINMATCHLEN n] [WITHMATCHLEN]: the longest common subsequence of
 * two string values (Redis 7.0, t_string.c, lcsCommand).
 *
 * The classic dynamic programme: table[i][j] is the LCS length of the first i bytes of a and the
 * first j bytes of b. Walking back from the bottom-right corner rebuilds the subsequence itself
 * and, for IDX, the matching ranges, reported from the end of the strings towards the start,
 * which is the order Redis reports them in. Missing keys count as empty strings.
 */
package dev.rediscover.types.string;

import dev.rediscover.command.Args;
import dev.rediscover.command.CommandTable;
import dev.rediscover.command.Errors;
import dev.rediscover.command.RedisException;
import dev.rediscover.keyspace.RedisObject;
import dev.rediscover.resp.RespWriter;
import dev.rediscover.server.Client;
import dev.rediscover.server.Server;

import java.util.ArrayList;
import java.util.List;

final class LcsCommand {
    private LcsCommand() {}

    static void register(Server server) {
        CommandTable t = server.commands;
        t.add("lcs", -3, LcsCommand::lcs).flags("readonly").keys(1, 2, 1, "RO access").group("string")
                .doc("Finds the longest common subsequence of two string values.", "7.0.0",
                        "O(N*M) where N and M are the lengths of s1 and s2, respectively");
    }

    /** A run of matching bytes: a[aStart..aEnd] equals b[bStart..bEnd]. */
    private record Range(int aStart, int aEnd, int bStart, int bEnd) {
        int length() { return aEnd - aStart + 1; }
    }

    static void lcs(Client c) {
        RedisObject oa = c.db.lookupRead(c.argv[1]);
        RedisObject ob = c.db.lookupRead(c.argv[2]);
        if ((oa != null && !oa.isString()) || (ob != null && !ob.isString())) {
            throw new RedisException("ERR The specified keys must contain string values");
        }
        byte[] a = oa == null ? new byte[0] : StringValues.bytes(oa);
        byte[] b = ob == null ? new byte[0] : StringValues.bytes(ob);

        boolean len = false, idx = false, withMatchLen = false;
        long minMatchLen = 0;
        for (int i = 3; i < c.argc; i++) {
            byte[] opt = c.argv[i];
            if (Args.equalsAscii(opt, "IDX")) idx = true;
            else if (Args.equalsAscii(opt, "LEN")) len = true;
            else if (Args.equalsAscii(opt, "WITHMATCHLEN")) withMatchLen = true;
            else if (Args.equalsAscii(opt, "MINMATCHLEN") && i + 1 < c.argc) minMatchLen = Math.max(0, Args.parseLong(c.argv[++i]));
            else throw Errors.syntax();
        }
        if (idx && len) throw new RedisException("ERR If you want both the length and indexes, please just use IDX.");

        long cells = (long) (a.length + 1) * (b.length + 1);
        if (cells * 4 > c.server.protoMaxBulkLen()) {
            throw new RedisException("ERR Insufficient memory, transient memory for LCS exceeds proto-max-bulk-len");
        }
        if (cells > Integer.MAX_VALUE - 16) {
            throw new RedisException("ERR Insufficient memory, failed allocating transient memory for LCS");
        }
        int[] table = buildTable(a, b);
        int total = table[table.length - 1];
        if (len) {
            c.reply.integer(total);
            return;
        }
        List<Range> ranges = new ArrayList<>();
        byte[] sequence = walkBack(a, b, table, total, ranges);
        if (!idx) {
            c.reply.bulk(sequence);
            return;
        }
        replyIdx(c.reply, ranges, minMatchLen, withMatchLen, total);
    }

    /** table[i * (b.length + 1) + j] = LCS length of a[0, i) and b[0, j). */
    private static int[] buildTable(byte[] a, byte[] b) {
        int w = b.length + 1;
        int[] t = new int[(a.length + 1) * w];
        for (int i = 1; i <= a.length; i++) {
            for (int j = 1; j <= b.length; j++) {
                t[i * w + j] = a[i - 1] == b[j - 1]
                        ? t[(i - 1) * w + j - 1] + 1
                        : Math.max(t[(i - 1) * w + j], t[i * w + j - 1]);
            }
        }
        return t;
    }

    /**
     * Rebuild the subsequence from the end, collecting each maximal run of matches as a Range
     * when it ends (a step that is not a match, or the start of either string is reached).
     * On a tie the walk moves left in b, exactly as Redis does, so the same ranges come out.
     */
    private static byte[] walkBack(byte[] a, byte[] b, int[] t, int total, List<Range> ranges) {
        int w = b.length + 1;
        byte[] seq = new byte[total];
        int k = total;
        int i = a.length, j = b.length;
        int aStart = -1, aEnd = 0, bStart = 0, bEnd = 0;   // aStart == -1: no open range
        while (i > 0 && j > 0) {
            boolean close = false;
            if (a[i - 1] == b[j - 1]) {
                seq[--k] = a[i - 1];
                if (aStart == -1) {
                    aStart = aEnd = i - 1;
                    bStart = bEnd = j - 1;
                } else if (aStart == i && bStart == j) {
                    aStart--;
                    bStart--;
                } else {
                    close = true;
                }
                if (aStart == 0 || bStart == 0) close = true;
                i--;
                j--;
            } else {
                if (t[(i - 1) * w + j] > t[i * w + j - 1]) i--;
                else j--;
                if (aStart != -1) close = true;
            }
            if (close) {
                ranges.add(new Range(aStart, aEnd, bStart, bEnd));
                aStart = -1;
            }
        }
        return seq;
    }

    /** {"matches": [[[a0, a1], [b0, b1], len?], ...], "len": n} as a map (RESP3) or flat array. */
    private static void replyIdx(RespWriter r, List<Range> ranges, long minMatchLen, boolean withMatchLen, int total) {
        r.mapHeader(2);
        r.bulk("matches");
        int shown = 0;
        for (Range m : ranges) if (m.length() >= minMatchLen) shown++;
        r.arrayHeader(shown);
        for (Range m : ranges) {
            if (m.length() < minMatchLen) continue;
            r.arrayHeader(withMatchLen ? 3 : 2);
            r.arrayHeader(2);
            r.integer(m.aStart());
            r.integer(m.aEnd());
            r.arrayHeader(2);
            r.integer(m.bStart());
            r.integer(m.bEnd());
            if (withMatchLen) r.integer(m.length());
        }
        r.bulk("len");
        r.integer(total);
    }
}
