/*
 * SkipList: the ordered half of a big sorted set, built the way Redis builds its zskiplist
 * (t_zset.c, zslCreate / zslInsert / zslDelete / zslGetRank / zslGetElementByRank ...).
 *
 * Elements are kept in order of (score, member): by score, and members with equal scores by
 * their bytes, compared unsigned like memcmp (a shorter prefix first). A skip list is a sorted
 * linked list with "express lanes": every node is on level 0, about a quarter of them also on
 * level 1, a quarter of those on level 2, and so on (p = 0.25, at most 32 levels). A search
 * starts on the highest lane at the header and drops a level whenever the next step would
 * overshoot, so it visits O(log n) nodes, just like a balanced tree, with much simpler code.
 *
 * Spans: what makes ZRANK O(log n). Each forward link also records how many level-0 steps it
 * jumps over. Adding up the spans of the links taken on the way to a node gives its rank,
 * and walking until the sum reaches r finds the node of rank r.
 *
 *   level 2   H ----------------------------(3)--------------> c ------------(2)-----------> NULL
 *   level 1   H -----------(1)----------> a ---(2)------------> c ---(1)--> d ---(1)--> e --> NULL
 *   level 0   H ---(1)--> a ---(1)--> b ---(1)--> c ---(1)--> d ---(1)--> e --> NULL
 *   score               1.0       2.0         2.0        5.0        7.5
 *   rank                 1         2           3          4          5
 *
 *   rank of d: take H->c on level 2 (span 3), then c->d on level 1 (span 1): 3 + 1 = 4.
 *   A link to NULL spans the distance to the end of the list (here 5 - 3 = 2 on level 2), which
 *   keeps insert and delete uniform: they only ever add to or subtract from spans.
 *
 * Level 0 is also doubly linked (the `backward` pointer) so that ZREVRANGE can walk from the
 * tail. The header is a node with no member that sits on every level; `tail` is the last node.
 *
 * This class only orders elements. Finding a member's score quickly is the dict's job: the
 * sorted set (SortedSet) pairs this list with a Dict from member to node, as Redis pairs its
 * zskiplist with a dict in struct zset. Callers must not insert a member that is already
 * present; they ask the dict first, as Redis does.
 */
package dev.rediscover.types.zset;

import dev.rediscover.lab.Lab;

import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

public final class SkipList {
    /** Enough levels for 4^32 elements (Redis: ZSKIPLIST_MAXLEVEL). */
    public static final int MAX_LEVEL = 32;
    /** Chance that a node on level i is also on level i+1 (Redis: ZSKIPLIST_P). */
    public static final double P = 0.25;

    /** One element: its member, its score, and one forward link (with its span) per level. */
    public static final class Node {
        final byte[] member;
        double score;
        Node backward;
        final Node[] forward;
        final int[] span;

        Node(byte[] member, double score, int levels) {
            this.member = member;
            this.score = score;
            this.forward = new Node[levels];
            this.span = new int[levels];
        }

        public byte[] member() { return member; }

        public double score() { return score; }

        /** The next node in order, or null at the tail. */
        public Node next() { return forward[0]; }

        /** The previous node in order, or null at the head. */
        public Node prev() { return backward; }

        int levels() { return forward.length; }
    }

    private final Node header = new Node(null, 0, MAX_LEVEL);
    private Node tail;
    private int length;
    private int level = 1;

    public int length() { return length; }

    /** The lowest element, or null when empty. */
    public Node first() { return header.forward[0]; }

    /** The highest element, or null when empty. */
    public Node last() { return tail; }

    // ------------------------------------------------------------------ ordering

    /** Order of (score, member) pairs: by score, then by member bytes (Redis: zslInsert's test). */
    static int compare(double s1, byte[] m1, double s2, byte[] m2) {
        if (s1 < s2) return -1;
        if (s1 > s2) return 1;
        return Arrays.compareUnsigned(m1, m2);
    }

    /** True when node x comes before (score, member). */
    private static boolean before(Node x, double score, byte[] member) {
        return x.score < score || (x.score == score && Arrays.compareUnsigned(x.member, member) < 0);
    }

    // tag::zsl-random-level[]
    /**
     * A random level for a new node: 1, then one more with probability P each time, capped at
     * MAX_LEVEL (Redis: zslRandomLevel). So half the work of a search happens on few nodes.
     */
    @Lab(7)
    static int randomLevel() {
        int lvl = 1;
        ThreadLocalRandom r = ThreadLocalRandom.current();
        while (lvl < MAX_LEVEL && r.nextInt(0x10000) < (int) (P * 0x10000)) lvl++;
        return lvl;
    }
    // end::zsl-random-level[]

    // ------------------------------------------------------------------ insert and delete

    // tag::zsl-insert[]
    /**
     * Insert a new element; the member must not be in the list already (Redis: zslInsert).
     *
     * Walk down from the top level remembering, per level, the last node before the new one
     * (update[i]) and its rank (rank[i]). The new node is spliced in after update[i] on each of
     * its levels; the rank difference tells how to split update[i]'s old span into the part
     * before the new node and the part after it. Levels above the new node's height just grow
     * by one, because their links now jump over one more element.
     */
    @Lab(7)
    public Node insert(double score, byte[] member) {
        Node[] update = new Node[MAX_LEVEL];
        int[] rank = new int[MAX_LEVEL];
        Node x = header;
        for (int i = level - 1; i >= 0; i--) {
            rank[i] = i == level - 1 ? 0 : rank[i + 1];
            while (x.forward[i] != null && before(x.forward[i], score, member)) {
                rank[i] += x.span[i];
                x = x.forward[i];
            }
            update[i] = x;
        }
        int lvl = randomLevel();
        if (lvl > level) {
            // New levels start at the header, whose link to NULL spans the whole list.
            for (int i = level; i < lvl; i++) {
                rank[i] = 0;
                update[i] = header;
                header.span[i] = length;
            }
            level = lvl;
        }
        Node node = new Node(member, score, lvl);
        link(node, update, rank);
        return node;
    }
    // end::zsl-insert[]

    // tag::zsl-link[]
    /** Splice node in after update[i] on each of its levels, fixing spans and back links. */
    @Lab(7)
    private void link(Node node, Node[] update, int[] rank) {
        int lvl = node.levels();
        for (int i = 0; i < lvl; i++) {
            node.forward[i] = update[i].forward[i];
            update[i].forward[i] = node;
            // rank[0] - rank[i] = how many nodes lie between update[i] and the new node.
            node.span[i] = update[i].span[i] - (rank[0] - rank[i]);
            update[i].span[i] = (rank[0] - rank[i]) + 1;
        }
        for (int i = lvl; i < level; i++) update[i].span[i]++;
        node.backward = update[0] == header ? null : update[0];
        if (node.forward[0] != null) node.forward[0].backward = node;
        else tail = node;
        length++;
    }
    // end::zsl-link[]

    // tag::zsl-delete[]
    /**
     * Remove the element (score, member). Returns the removed node, or null if it is absent
     * (Redis: zslDelete). The score must be the element's current score: it is how we find it.
     */
    @Lab(7)
    public Node delete(double score, byte[] member) {
        Node[] update = new Node[MAX_LEVEL];
        Node x = header;
        for (int i = level - 1; i >= 0; i--) {
            while (x.forward[i] != null && before(x.forward[i], score, member)) x = x.forward[i];
            update[i] = x;
        }
        x = x.forward[0];
        if (x == null || x.score != score || !Arrays.equals(x.member, member)) return null;
        unlink(x, update);
        return x;
    }
    // end::zsl-delete[]

    // tag::zsl-unlink[]
    /**
     * Take node x out of the list, given update[i] = the last node before x on every level
     * (Redis: zslDeleteNode). Links that jumped over x now span one element less.
     */
    @Lab(7)
    private void unlink(Node x, Node[] update) {
        for (int i = 0; i < level; i++) {
            if (update[i].forward[i] == x) {
                update[i].span[i] += x.span[i] - 1;
                update[i].forward[i] = x.forward[i];
            } else {
                update[i].span[i]--;
            }
        }
        if (x.forward[0] != null) x.forward[0].backward = x.backward;
        else tail = x.backward;
        while (level > 1 && header.forward[level - 1] == null) level--;
        length--;
    }
    // end::zsl-unlink[]

    /**
     * Change an element's score (Redis: zslUpdateScore, used by ZADD and ZINCRBY on an existing
     * member). When the node stays between the same neighbours only the score changes; otherwise
     * it is unlinked and linked again at its new place. The node object itself is reused, so the
     * dict that maps the member to this node stays valid.
     */
    public void updateScore(Node node, double newScore) {
        Node prev = node.backward, next = node.forward[0];
        if ((prev == null || prev.score < newScore || (prev.score == newScore && Arrays.compareUnsigned(prev.member, node.member) < 0))
                && (next == null || next.score > newScore || (next.score == newScore && Arrays.compareUnsigned(next.member, node.member) > 0))) {
            node.score = newScore;
            return;
        }
        Node[] update = new Node[MAX_LEVEL];
        int[] rank = new int[MAX_LEVEL];
        // Find the predecessors at the old place and unlink.
        Node x = header;
        for (int i = level - 1; i >= 0; i--) {
            while (x.forward[i] != null && before(x.forward[i], node.score, node.member)) x = x.forward[i];
            update[i] = x;
        }
        unlink(node, update);
        // Find the predecessors at the new place and link the same node there.
        node.score = newScore;
        Arrays.fill(node.forward, null);
        if (node.levels() > level) {
            for (int i = level; i < node.levels(); i++) header.span[i] = length;
            level = node.levels();
        }
        x = header;
        for (int i = level - 1; i >= 0; i--) {
            rank[i] = i == level - 1 ? 0 : rank[i + 1];
            while (x.forward[i] != null && before(x.forward[i], newScore, node.member)) {
                rank[i] += x.span[i];
                x = x.forward[i];
            }
            update[i] = x;
        }
        link(node, update, rank);
    }

    // ------------------------------------------------------------------ ranks

    // tag::zsl-rank[]
    /**
     * The 1-based rank of (score, member), or 0 if absent (Redis: zslGetRank). Sums the spans of
     * the links followed on the way down; see the picture in the class comment.
     */
    @Lab(7)
    public long rank(double score, byte[] member) {
        long rank = 0;
        Node x = header;
        for (int i = level - 1; i >= 0; i--) {
            while (x.forward[i] != null && compare(x.forward[i].score, x.forward[i].member, score, member) <= 0) {
                rank += x.span[i];
                x = x.forward[i];
            }
            // x may be the element itself: then we are done.
            if (x.member != null && x.score == score && Arrays.equals(x.member, member)) return rank;
        }
        return 0;
    }
    // end::zsl-rank[]

    // tag::zsl-by-rank[]
    /** The node at 1-based rank, or null when rank is out of range (Redis: zslGetElementByRank). */
    @Lab(7)
    public Node byRank(long rank) {
        if (rank < 1 || rank > length) return null;
        long traversed = 0;
        Node x = header;
        for (int i = level - 1; i >= 0; i--) {
            while (x.forward[i] != null && traversed + x.span[i] <= rank) {
                traversed += x.span[i];
                x = x.forward[i];
            }
            if (traversed == rank) return x;
        }
        return null;
    }
    // end::zsl-by-rank[]

    // ------------------------------------------------------------------ score ranges

    /** True when some element may fall in the range: it is not empty and overlaps [first, last]. */
    public boolean overlaps(ScoreRange range) {
        if (range.isEmpty() || tail == null) return false;
        return range.gteMin(tail.score) && range.lteMax(header.forward[0].score);
    }

    // tag::zsl-first-in-range[]
    /** The first node with a score in range, or null (Redis: zslNthInRange / zslFirstInRange). */
    @Lab(7)
    public Node firstInRange(ScoreRange range) {
        if (!overlaps(range)) return null;
        Node x = header;
        for (int i = level - 1; i >= 0; i--) {
            // Go forward while the next node is still below the minimum.
            while (x.forward[i] != null && !range.gteMin(x.forward[i].score)) x = x.forward[i];
        }
        x = x.forward[0];
        return x != null && range.lteMax(x.score) ? x : null;
    }
    // end::zsl-first-in-range[]

    // tag::zsl-last-in-range[]
    /** The last node with a score in range, or null (Redis: zslLastInRange). */
    @Lab(7)
    public Node lastInRange(ScoreRange range) {
        if (!overlaps(range)) return null;
        Node x = header;
        for (int i = level - 1; i >= 0; i--) {
            // Go forward while the next node is still within the maximum.
            while (x.forward[i] != null && range.lteMax(x.forward[i].score)) x = x.forward[i];
        }
        return x != header && range.gteMin(x.score) ? x : null;
    }
    // end::zsl-last-in-range[]

    /**
     * Remove every element with a score in range, telling `removed` about each so the caller can
     * drop it from the dict too. Returns how many were removed (Redis: zslDeleteRangeByScore).
     */
    public long deleteRangeByScore(ScoreRange range, Consumer<Node> removed) {
        Node[] update = new Node[MAX_LEVEL];
        Node x = header;
        for (int i = level - 1; i >= 0; i--) {
            while (x.forward[i] != null && !range.gteMin(x.forward[i].score)) x = x.forward[i];
            update[i] = x;
        }
        x = x.forward[0];
        long n = 0;
        while (x != null && range.lteMax(x.score)) {
            Node next = x.forward[0];
            unlink(x, update);
            removed.accept(x);
            n++;
            x = next;
        }
        return n;
    }

    // ------------------------------------------------------------------ lex ranges

    /** As overlaps, for a member range (meaningful when all scores are equal, as ZRANGEBYLEX assumes). */
    public boolean overlaps(LexRange range) {
        if (range.isEmpty() || tail == null) return false;
        return range.gteMin(tail.member) && range.lteMax(header.forward[0].member);
    }

    // tag::zsl-first-in-lex-range[]
    /** The first node whose member is in range, or null (Redis: zslFirstInLexRange). */
    @Lab(7)
    public Node firstInLexRange(LexRange range) {
        if (!overlaps(range)) return null;
        Node x = header;
        for (int i = level - 1; i >= 0; i--) {
            while (x.forward[i] != null && !range.gteMin(x.forward[i].member)) x = x.forward[i];
        }
        x = x.forward[0];
        return x != null && range.lteMax(x.member) ? x : null;
    }
    // end::zsl-first-in-lex-range[]

    // tag::zsl-last-in-lex-range[]
    /** The last node whose member is in range, or null (Redis: zslLastInLexRange). */
    @Lab(7)
    public Node lastInLexRange(LexRange range) {
        if (!overlaps(range)) return null;
        Node x = header;
        for (int i = level - 1; i >= 0; i--) {
            while (x.forward[i] != null && range.lteMax(x.forward[i].member)) x = x.forward[i];
        }
        return x != header && range.gteMin(x.member) ? x : null;
    }
    // end::zsl-last-in-lex-range[]

    /** Remove every element whose member is in range (Redis: zslDeleteRangeByLex). */
    public long deleteRangeByLex(LexRange range, Consumer<Node> removed) {
        Node[] update = new Node[MAX_LEVEL];
        Node x = header;
        for (int i = level - 1; i >= 0; i--) {
            while (x.forward[i] != null && !range.gteMin(x.forward[i].member)) x = x.forward[i];
            update[i] = x;
        }
        x = x.forward[0];
        long n = 0;
        while (x != null && range.lteMax(x.member)) {
            Node next = x.forward[0];
            unlink(x, update);
            removed.accept(x);
            n++;
            x = next;
        }
        return n;
    }

    /** Remove the elements of 1-based ranks start..end inclusive (Redis: zslDeleteRangeByRank). */
    public long deleteRangeByRank(long start, long end, Consumer<Node> removed) {
        Node[] update = new Node[MAX_LEVEL];
        long traversed = 0;
        Node x = header;
        for (int i = level - 1; i >= 0; i--) {
            while (x.forward[i] != null && traversed + x.span[i] < start) {
                traversed += x.span[i];
                x = x.forward[i];
            }
            update[i] = x;
        }
        traversed++;
        x = x.forward[0];
        long n = 0;
        while (x != null && traversed <= end) {
            Node next = x.forward[0];
            unlink(x, update);
            removed.accept(x);
            n++;
            traversed++;
            x = next;
        }
        return n;
    }

    // ------------------------------------------------------------------ checking

    /**
     * Check every invariant: order, back links, tail, length, and that each span equals the
     * number of level-0 steps it covers. For tests; O(n * levels).
     */
    void verify() {
        int n = 0;
        Node prev = null;
        java.util.Map<Node, Integer> ranks = new java.util.IdentityHashMap<>();
        for (Node x = header.forward[0]; x != null; x = x.forward[0]) {
            ranks.put(x, n + 1);
            if (x.backward != prev) throw new IllegalStateException("bad backward link at " + n);
            if (prev != null && compare(prev.score, prev.member, x.score, x.member) >= 0) {
                throw new IllegalStateException("out of order at " + n);
            }
            prev = x;
            n++;
        }
        if (n != length) throw new IllegalStateException("length " + length + " but " + n + " nodes");
        if (tail != prev) throw new IllegalStateException("bad tail");
        for (int i = 0; i < level; i++) {
            long pos = 0;   // rank of the node we stand on (0 = header)
            for (Node x = header; x != null; ) {
                Node next = x.forward[i];
                long target = next == null ? length : ranks.get(next);
                if (x.span[i] != target - pos) {
                    throw new IllegalStateException("level " + i + " span " + x.span[i] + " at rank " + pos
                            + " should be " + (target - pos));
                }
                pos = target;
                x = next;
            }
        }
        for (int i = level; i < MAX_LEVEL; i++) {
            if (header.forward[i] != null) throw new IllegalStateException("link above the level");
        }
    }
}
