/*
 * The sorted set value: what a key holds after ZADD. TYPE says "zset"; OBJECT ENCODING says
 * "listpack" while it is small and "skiplist" once it is not (Redis: the zset* functions of
 * t_zset.c, which switch on zobj->encoding exactly like the methods here).
 *
 *   listpack   ListpackZSet: sorted parallel arrays. Compact; O(n) per operation, and n <= 128.
 *   skiplist   SkipList + Dict<member, Node>, as Redis's struct zset pairs a zskiplist with a dict:
 *              the skip list keeps the order (ranks, ranges, pops in O(log n)), the dict answers
 *              ZSCORE and "is it there?" in O(1). The dict's values are the skip list's nodes, so
 *              a score lives in one place only and ZINCRBY moves the node without touching the
 *              dict.
 *
 * Why the keyspace's Dict and not a java.util.HashMap<ByteKey, Node>: it hashes byte[] directly
 * (no wrapper object per member, no String), it grows by incremental rehashing like the keyspace
 * (no latency spike when a million-member set doubles its table), and its reverse-binary cursor
 * gives ZSCAN the same guarantees as SCAN (every member present throughout is returned at least
 * once) for free. It also offers the random entry ZRANDMEMBER needs.
 *
 * A set starts compact and converts once, one way, when it grows past zset-max-listpack-entries
 * or gets a member longer than zset-max-listpack-value (Redis: zsetConvert). Only stored results
 * of ZUNIONSTORE and friends are built big and made compact if they turn out small.
 */
package dev.rediscover.types.zset;

import dev.rediscover.command.RedisException;
import dev.rediscover.keyspace.Dict;
import dev.rediscover.keyspace.TypedValue;
import dev.rediscover.lab.Lab;

import java.util.function.Consumer;
import java.util.random.RandomGenerator;

public final class SortedSet implements TypedValue {
    // ZADD's input flags (Redis: ZADD_IN_*).
    public static final int IN_INCR = 1, IN_NX = 1 << 1, IN_XX = 1 << 2, IN_GT = 1 << 3, IN_LT = 1 << 4;
    // What happened to one element (Redis: ZADD_OUT_*).
    public static final int OUT_NOP = 1, OUT_ADDED = 1 << 1, OUT_UPDATED = 1 << 2;

    static final String NAN_SCORE = "ERR resulting score is not a number (NaN)";

    /** Called with each (member, score) pair, in order. */
    public interface Visitor {
        void visit(byte[] member, double score);
    }

    private ListpackZSet listpack;          // the small encoding, or null
    private SkipList skiplist;              // the big encoding: both of these, or null
    private Dict<SkipList.Node> dict;

    private SortedSet() {}

    /** An empty set in the compact encoding. */
    public static SortedSet newListpack(int capacity) {
        SortedSet z = new SortedSet();
        z.listpack = new ListpackZSet(capacity);
        return z;
    }

    /** An empty set in the skip list encoding. */
    public static SortedSet newSkipList() {
        SortedSet z = new SortedSet();
        z.skiplist = new SkipList();
        z.dict = new Dict<>();
        return z;
    }

    /**
     * The set ZADD creates for a new key (Redis 7.0: zaddGenericCommand): compact unless the
     * listpack is disabled (zset-max-listpack-entries 0) or the first member is already too long.
     * Later members convert it as they arrive, so ZADD of 200 pairs fills a listpack first.
     */
    public static SortedSet createForAdd(long firstMemberLength, ZSetLimits limits) {
        if (limits.maxEntries() == 0 || firstMemberLength > limits.maxValue()) return newSkipList();
        return newListpack(8);
    }

    // ------------------------------------------------------------------ TypedValue

    @Override
    public String typeName() { return "zset"; }

    @Override
    public String encoding() { return listpack != null ? "listpack" : "skiplist"; }

    public boolean isListpack() { return listpack != null; }

    @Override
    public long memory() {
        long bytes = 48;
        if (listpack != null) {
            bytes += 32 + 12L * listpack.members.length;
            for (int i = 0; i < listpack.size; i++) bytes += 16 + listpack.members[i].length;
            return bytes;
        }
        // Like Redis's objectComputeSize, sample a few elements and scale up: MEMORY USAGE and
        // eviction must not walk a million nodes. Per element: node, its two level arrays
        // (1.33 levels on average), the member array and the dict entry.
        bytes += 16L * dict.buckets();
        int sampled = 0;
        long sampleBytes = 0;
        for (SkipList.Node x = skiplist.first(); x != null && sampled < 5; x = x.next(), sampled++) {
            sampleBytes += 40 + 32 + 12L * x.levels() + 16 + x.member.length + 32;
        }
        if (sampled > 0) bytes += sampleBytes * skiplist.length() / sampled;
        return bytes;
    }

    @Override
    public SortedSet copy() {
        if (listpack != null) {
            SortedSet z = new SortedSet();
            z.listpack = listpack.copy();
            return z;
        }
        SortedSet z = newSkipList();
        for (SkipList.Node x = skiplist.first(); x != null; x = x.next()) z.insertSkipList(x.member, x.score);
        return z;
    }

    // ------------------------------------------------------------------ reading

    public int size() { return listpack != null ? listpack.size : skiplist.length(); }

    // tag::zset-score[]
    /** The member's score, or NaN when it is not in the set (NaN is never a valid score). */
    @Lab(7)
    public double score(byte[] member) {
        if (listpack != null) {
            int i = listpack.indexOf(member);
            return i < 0 ? Double.NaN : listpack.scores[i];
        }
        SkipList.Node n = dict.get(member);
        return n == null ? Double.NaN : n.score;
    }
    // end::zset-score[]

    // tag::zset-rank[]
    /** 0-based rank, counted from the highest score when reverse; -1 when absent (Redis: zsetRank). */
    @Lab(7)
    public long rank(byte[] member, boolean reverse) {
        long r;
        if (listpack != null) {
            r = listpack.indexOf(member);
            if (r < 0) return -1;
        } else {
            SkipList.Node n = dict.get(member);
            if (n == null) return -1;
            r = skiplist.rank(n.score, member) - 1;
        }
        return reverse ? size() - 1 - r : r;
    }
    // end::zset-rank[]

    /** Visit every element in order. */
    public void forEach(Visitor v) {
        if (listpack != null) {
            for (int i = 0; i < listpack.size; i++) v.visit(listpack.members[i], listpack.scores[i]);
        } else {
            for (SkipList.Node x = skiplist.first(); x != null; x = x.next()) v.visit(x.member, x.score);
        }
    }

    // ------------------------------------------------------------------ ZADD

    // tag::zset-add[]
    /**
     * Add or update one element under ZADD's flags (Redis: zsetAdd). Returns OUT_ADDED,
     * OUT_UPDATED or OUT_NOP; newScore[0] receives the element's score afterwards (ZADD INCR
     * replies with it). An increment that makes NaN (inf + -inf) throws Redis's error.
     */
    @Lab(7)
    public int add(byte[] member, double score, int flags, double[] newScore, ZSetLimits limits) {
        double current = score(member);
        if (!Double.isNaN(current)) {
            if ((flags & IN_NX) != 0) return OUT_NOP;
            if ((flags & IN_INCR) != 0) {
                score += current;
                if (Double.isNaN(score)) throw new RedisException(NAN_SCORE);
            }
            // GT and LT only let the score move in their direction.
            if (((flags & IN_LT) != 0 && score >= current) || ((flags & IN_GT) != 0 && score <= current)) {
                return OUT_NOP;
            }
            if (newScore != null) newScore[0] = score;
            if (score == current) return 0;
            updateScore(member, score);
            return OUT_UPDATED;
        }
        if ((flags & IN_XX) != 0) return OUT_NOP;
        insert(member, score, limits);
        if (newScore != null) newScore[0] = score;
        return OUT_ADDED;
    }
    // end::zset-add[]

    /** Insert an absent member, converting to the skip list first if it would not fit. */
    public void insert(byte[] member, double score, ZSetLimits limits) {
        if (listpack != null && (listpack.size + 1 > limits.maxEntries() || member.length > limits.maxValue())) {
            convertToSkipList();
        }
        if (listpack != null) listpack.insert(member, score);
        else insertSkipList(member, score);
    }

    private void insertSkipList(byte[] member, double score) {
        dict.insertNew(member, skiplist.insert(score, member));
    }

    private void updateScore(byte[] member, double score) {
        if (listpack != null) {
            listpack.updateScore(listpack.indexOf(member), score);
        } else {
            skiplist.updateScore(dict.get(member), score);
        }
    }

    // tag::zset-remove[]
    /** Remove a member. Returns false if it was not there (Redis: zsetRemoveFromSkiplist / zzlDelete). */
    @Lab(7)
    public boolean remove(byte[] member) {
        if (listpack != null) {
            int i = listpack.indexOf(member);
            if (i < 0) return false;
            listpack.removeAt(i);
            return true;
        }
        SkipList.Node n = dict.remove(member);
        if (n == null) return false;
        skiplist.delete(n.score, member);
        shrinkDict();
        return true;
    }
    // end::zset-remove[]

    /**
     * After removals, let the dict shrink when it is mostly empty buckets (Redis: zsetDel and
     * zremrangeGenericCommand call dictResize when htNeedsResize says so). O(1) to check; the
     * shrink itself is an incremental rehash.
     */
    private void shrinkDict() {
        if (dict != null) dict.shrinkIfNeeded();
    }

    // ------------------------------------------------------------------ encodings

    /** Move every element into a skip list and a dict (Redis: zsetConvert to OBJ_ENCODING_SKIPLIST). */
    public void convertToSkipList() {
        if (listpack == null) return;
        ListpackZSet small = listpack;
        listpack = null;
        skiplist = new SkipList();
        dict = new Dict<>();
        for (int i = 0; i < small.size; i++) insertSkipList(small.members[i], small.scores[i]);
    }

    /** Go compact if the set fits (Redis: zsetConvertToListpackIfNeeded, for stored results). */
    public void convertToListpackIfFits(ZSetLimits limits) {
        if (listpack != null) return;
        long maxLen = 0;
        for (SkipList.Node x = skiplist.first(); x != null; x = x.next()) maxLen = Math.max(maxLen, x.member.length);
        if (!limits.fitsListpack(skiplist.length(), maxLen)) return;
        ListpackZSet small = new ListpackZSet(skiplist.length());
        for (SkipList.Node x = skiplist.first(); x != null; x = x.next()) {
            small.members[small.size] = x.member;
            small.scores[small.size++] = ListpackZSet.normalize(x.score);
        }
        listpack = small;
        skiplist = null;
        dict = null;
    }

    // ------------------------------------------------------------------ ranges

    // tag::zset-range-by-rank[]
    /**
     * Gather the elements of 0-based ranks start..end inclusive (both already within the set),
     * from the highest score down when reverse (Redis: genericZrangebyrankCommand).
     */
    @Lab(7)
    public void rangeByRank(long start, long end, boolean reverse, ScoredMembers out) {
        long n = end - start + 1;
        if (listpack != null) {
            for (long k = 0; k < n; k++) {
                int i = (int) (reverse ? size() - 1 - start - k : start + k);
                out.add(listpack.members[i], listpack.scores[i]);
            }
            return;
        }
        // Find the first node by its rank in O(log n), then walk the level-0 links.
        SkipList.Node x = reverse ? skiplist.byRank(size() - start) : skiplist.byRank(start + 1);
        for (long k = 0; k < n && x != null; k++) {
            out.add(x.member, x.score);
            x = reverse ? x.prev() : x.next();
        }
    }
    // end::zset-range-by-rank[]

    // tag::zset-range-by-score[]
    /**
     * Gather the elements with a score in range, skipping `offset` and stopping after `limit`
     * (negative: no limit), from the highest score down when reverse
     * (Redis: genericZrangebyscoreCommand).
     */
    @Lab(7)
    public void rangeByScore(ScoreRange range, boolean reverse, long offset, long limit, ScoredMembers out) {
        // A negative offset skips everything (Redis's `while (offset--)` never reaches 0).
        if (offset < 0 || offset >= size()) return;
        if (listpack != null) {
            int i = reverse ? listpack.lastInRange(range) : listpack.firstInRange(range);
            if (i < 0) return;
            for (i += reverse ? -offset : offset; i >= 0 && i < listpack.size && limit != 0; i += reverse ? -1 : 1, limit--) {
                if (reverse ? !range.gteMin(listpack.scores[i]) : !range.lteMax(listpack.scores[i])) break;
                out.add(listpack.members[i], listpack.scores[i]);
            }
            return;
        }
        SkipList.Node x = reverse ? skiplist.lastInRange(range) : skiplist.firstInRange(range);
        while (x != null && offset-- > 0) x = reverse ? x.prev() : x.next();
        for (; x != null && limit != 0; x = reverse ? x.prev() : x.next(), limit--) {
            if (reverse ? !range.gteMin(x.score) : !range.lteMax(x.score)) break;
            out.add(x.member, x.score);
        }
    }
    // end::zset-range-by-score[]

    /** As rangeByScore, for a member range (Redis: genericZrangebylexCommand). */
    public void rangeByLex(LexRange range, boolean reverse, long offset, long limit, ScoredMembers out) {
        if (offset < 0 || offset >= size()) return;
        if (listpack != null) {
            int i = reverse ? listpack.lastInLexRange(range) : listpack.firstInLexRange(range);
            if (i < 0) return;
            for (i += reverse ? -offset : offset; i >= 0 && i < listpack.size && limit != 0; i += reverse ? -1 : 1, limit--) {
                if (reverse ? !range.gteMin(listpack.members[i]) : !range.lteMax(listpack.members[i])) break;
                out.add(listpack.members[i], listpack.scores[i]);
            }
            return;
        }
        SkipList.Node x = reverse ? skiplist.lastInLexRange(range) : skiplist.firstInLexRange(range);
        while (x != null && offset-- > 0) x = reverse ? x.prev() : x.next();
        for (; x != null && limit != 0; x = reverse ? x.prev() : x.next(), limit--) {
            if (reverse ? !range.gteMin(x.member) : !range.lteMax(x.member)) break;
            out.add(x.member, x.score);
        }
    }

    // tag::zset-count[]
    /** How many scores fall in range: by ranks on the skip list, O(log n) (Redis: zcountCommand). */
    @Lab(7)
    public long count(ScoreRange range) {
        if (listpack != null) {
            int first = listpack.firstInRange(range);
            return first < 0 ? 0 : listpack.lastInRange(range) - first + 1;
        }
        SkipList.Node first = skiplist.firstInRange(range);
        if (first == null) return 0;
        SkipList.Node last = skiplist.lastInRange(range);
        return skiplist.rank(last.score, last.member) - skiplist.rank(first.score, first.member) + 1;
    }
    // end::zset-count[]

    /** How many members fall in the lex range (Redis: zlexcountCommand). */
    public long lexCount(LexRange range) {
        if (listpack != null) {
            int i = listpack.firstInLexRange(range);
            if (i < 0) return 0;
            long n = 0;
            for (; i < listpack.size && range.lteMax(listpack.members[i]); i++) n++;
            return n;
        }
        SkipList.Node first = skiplist.firstInLexRange(range);
        if (first == null) return 0;
        SkipList.Node last = skiplist.lastInLexRange(range);
        return skiplist.rank(last.score, last.member) - skiplist.rank(first.score, first.member) + 1;
    }

    // ------------------------------------------------------------------ removing ranges

    /** Remove 0-based ranks start..end inclusive (already within the set). Returns how many. */
    public long removeRangeByRank(long start, long end) {
        if (listpack != null) {
            listpack.removeRange((int) start, (int) end + 1);
            return end - start + 1;
        }
        long n = skiplist.deleteRangeByRank(start + 1, end + 1, dropFromDict());
        shrinkDict();
        return n;
    }

    public long removeRangeByScore(ScoreRange range) {
        if (listpack != null) {
            int first = listpack.firstInRange(range);
            if (first < 0) return 0;
            int last = listpack.lastInRange(range);
            listpack.removeRange(first, last + 1);
            return last - first + 1;
        }
        long n = skiplist.deleteRangeByScore(range, dropFromDict());
        shrinkDict();
        return n;
    }

    public long removeRangeByLex(LexRange range) {
        if (listpack != null) {
            int first = listpack.firstInLexRange(range);
            if (first < 0) return 0;
            int end = first;
            while (end < listpack.size && range.lteMax(listpack.members[end])) end++;
            listpack.removeRange(first, end);
            return end - first;
        }
        long n = skiplist.deleteRangeByLex(range, dropFromDict());
        shrinkDict();
        return n;
    }

    private Consumer<SkipList.Node> dropFromDict() { return n -> dict.remove(n.member); }

    // ------------------------------------------------------------------ pops and random picks

    // tag::zset-pop[]
    /** Remove up to count elements from the low end (or the high end when max), gathering them. */
    @Lab(7)
    public void pop(boolean max, long count, ScoredMembers out) {
        while (count-- > 0 && size() > 0) {
            if (listpack != null) {
                int i = max ? listpack.size - 1 : 0;
                out.add(listpack.members[i], listpack.scores[i]);
                listpack.removeAt(i);
            } else {
                SkipList.Node x = max ? skiplist.last() : skiplist.first();
                out.add(x.member, x.score);
                dict.remove(x.member);
                skiplist.delete(x.score, x.member);
            }
        }
        shrinkDict();
    }
    // end::zset-pop[]

    /** One random element, visited; the set must not be empty (Redis: zsetTypeRandomElement). */
    public void randomElement(RandomGenerator rnd, Visitor v) {
        if (listpack != null) {
            int i = rnd.nextInt(listpack.size);
            v.visit(listpack.members[i], listpack.scores[i]);
        } else {
            SkipList.Node n = dict.randomEntry(rnd).value();
            v.visit(n.member, n.score);
        }
    }

    /**
     * One step of ZSCAN. A listpack is returned whole with cursor 0, as Redis does for compact
     * encodings; the skip list encoding is scanned through its dict with SCAN's cursor.
     */
    public long scan(long cursor, Visitor v) {
        if (listpack != null) {
            forEach(v);
            return 0;
        }
        return dict.scan(cursor, e -> v.visit(e.key(), e.value().score));
    }

    /** For tests: check the skip list's invariants and that the dict agrees with it. */
    void verify() {
        if (listpack != null) {
            for (int i = 1; i < listpack.size; i++) {
                if (SkipList.compare(listpack.scores[i - 1], listpack.members[i - 1], listpack.scores[i], listpack.members[i]) >= 0) {
                    throw new IllegalStateException("listpack out of order at " + i);
                }
            }
            return;
        }
        skiplist.verify();
        if (dict.size() != skiplist.length()) throw new IllegalStateException("dict and skip list sizes differ");
        for (SkipList.Node x = skiplist.first(); x != null; x = x.next()) {
            if (dict.get(x.member) != x) throw new IllegalStateException("dict does not point at the node");
        }
    }
}
