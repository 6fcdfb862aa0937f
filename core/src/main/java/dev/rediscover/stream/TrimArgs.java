/*
 * The options XADD and XTRIM share: NOMKSTREAM (XADD), MAXLEN|MINID [=|~] threshold, LIMIT count,
 * and for XADD the entry ID that ends them. Redis: streamParseAddOrTrimArgsOrReply in t_stream.c,
 * whose checks and error texts (and their order) this follows.
 */
package dev.rediscover.stream;

import dev.rediscover.command.Args;
import dev.rediscover.command.Errors;
import dev.rediscover.command.RedisException;
import dev.rediscover.server.Client;

final class TrimArgs {
    static final int MAXLEN = 1, MINID = 2;
    /** Redis's default LIMIT for `~`: 100 * stream-node-max-entries. */
    static final long APPROX_LIMIT = 100L * StreamLog.CHUNK_ENTRIES;

    int strategy;
    boolean approx;
    long maxLen;
    StreamId minId;
    long limit;
    boolean noMkStream;
    /** XADD: the parsed ID ({ms, seq, flags}, see StreamId.parseForAdd) and its position. */
    long[] addId;
    int next;
    /** Where the threshold (MAXLEN/MINID's argument) is, for rewriting what is propagated. */
    int thresholdPos = -1;

    static TrimArgs parse(Client c, int from, boolean xadd) {
        TrimArgs a = new TrimArgs();
        boolean limitGiven = false;
        int i = from;
        for (; i < c.argc; i++) {
            int more = c.argc - 1 - i;
            byte[] opt = c.argv[i];
            if (xadd && opt.length == 1 && opt[0] == '*') {
                break;
            } else if (Args.equalsAscii(opt, "maxlen") && more > 0) {
                a.strategyOnce();
                i = a.approxSign(c, i, more);
                a.thresholdPos = i + 1;
                a.maxLen = Args.parseLong(c.argv[i + 1]);
                if (a.maxLen < 0) throw new RedisException("ERR The MAXLEN argument must be >= 0.");
                a.strategy = MAXLEN;
                i++;
            } else if (Args.equalsAscii(opt, "minid") && more > 0) {
                a.strategyOnce();
                i = a.approxSign(c, i, more);
                a.thresholdPos = i + 1;
                a.minId = StreamId.parseStrict(c.argv[i + 1]);
                a.strategy = MINID;
                i++;
            } else if (Args.equalsAscii(opt, "limit") && more > 0) {
                a.limit = Args.parseLong(c.argv[i + 1]);
                if (a.limit < 0) throw new RedisException("ERR The LIMIT argument must be >= 0.");
                limitGiven = true;
                i++;
            } else if (xadd && Args.equalsAscii(opt, "nomkstream")) {
                a.noMkStream = true;
            } else if (xadd) {
                a.addId = StreamId.parseForAdd(opt);
                break;
            } else {
                throw Errors.syntax();
            }
        }
        if (xadd && a.addId == null) a.addId = new long[]{0, 0, 0};
        a.next = i;
        if (a.limit != 0 && a.strategy == 0) {
            throw new RedisException("ERR syntax error, LIMIT cannot be used without specifying a trimming strategy");
        }
        if (!xadd && a.strategy == 0) {
            throw new RedisException("ERR syntax error, XTRIM must be called with a trimming strategy");
        }
        if (limitGiven && c.has(dev.rediscover.server.Client.FAKE)) {
            // Replaying the AOF: the trim was propagated exact ("=") with its LIMIT kept, and
            // must be obeyed as written (Redis: mustObeyClient sets limit 0).
            a.limit = 0;
        } else if (limitGiven) {
            if (!a.approx) throw new RedisException("ERR syntax error, LIMIT cannot be used without the special ~ option");
        } else {
            a.limit = a.approx ? APPROX_LIMIT : 0;
        }
        return a;
    }

    private void strategyOnce() {
        if (strategy != 0) {
            throw new RedisException("ERR syntax error, MAXLEN and MINID options at the same time are not compatible");
        }
    }

    /** Skip an optional `=` or `~` after MAXLEN/MINID (only when a threshold follows it). */
    private int approxSign(Client c, int i, int more) {
        approx = false;
        byte[] next = c.argv[i + 1];
        if (more >= 2 && next.length == 1 && (next[0] == '~' || next[0] == '=')) {
            approx = next[0] == '~';
            return i + 1;
        }
        return i;
    }

    /** Trim s as asked; answers how many entries went. */
    long trim(StreamValue s) {
        return strategy == MAXLEN ? s.log.trim(maxLen, null, approx, limit) : s.log.trim(0, minId, approx, limit);
    }

    /**
     * An approximate trim ("~") cuts at node boundaries, which a replay need not reproduce:
     * propagate it as the exact trim it amounted to, "= <length now>" or "= <first ID now>"
     * (Redis: streamRewriteApproxSpecifier, streamRewriteTrimArgument). Edits argv in place.
     */
    void rewriteApproxTrim(byte[][] argv, StreamValue s) {
        if (!approx || thresholdPos < 1) return;
        argv[thresholdPos - 1] = EXACT;
        if (strategy == MAXLEN) argv[thresholdPos] = Long.toString(s.length()).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        else argv[thresholdPos] = s.log.size() == 0 ? s.lastId.bytes() : s.log.firstId().bytes();
    }

    private static final byte[] EXACT = {'='};
}
