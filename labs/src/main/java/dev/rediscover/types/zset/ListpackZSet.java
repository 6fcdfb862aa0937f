/*
 * The compact encoding of a small sorted set: what Redis stores as one listpack of alternating
 * member and score entries, kept sorted (t_zset.c, the zzl* functions). OBJECT ENCODING calls it
 * "listpack".
 *
 * We keep two parallel arrays instead of one packed byte array: members[i] and scores[i], sorted
 * by (score, member). It has the listpack's properties that matter: a handful of objects instead
 * of one node per element, elements in order so a rank is an index, and O(n) inserts and
 * member lookups, which are cheap for the few dozen elements this encoding is used for (at most
 * zset-max-listpack-entries, 128 by default, each member at most zset-max-listpack-value bytes).
 * Beyond that the set converts to the skip list plus dict (SortedSet.convertToSkipList).
 */
package dev.rediscover.types.zset;

import java.util.Arrays;

final class ListpackZSet {
    byte[][] members;
    double[] scores;
    int size;

    ListpackZSet(int capacity) {
        members = new byte[Math.max(capacity, 2)][];
        scores = new double[members.length];
    }

    int size() { return size; }

    /** The index of member, or -1 (Redis: zzlFind, a linear scan). */
    int indexOf(byte[] member) {
        for (int i = 0; i < size; i++) {
            if (Arrays.equals(members[i], member)) return i;
        }
        return -1;
    }

    /**
     * Redis writes a listpack score as text and the listpack stores "-0" as the integer 0, so a
     * compact set never keeps a negative zero (the skip list does: ZSCORE answers "-0" there).
     */
    static double normalize(double score) { return score == 0 ? 0.0 : score; }

    /** Insert a member known to be absent at its sorted place (Redis: zzlInsert). */
    void insert(byte[] member, double score) {
        score = normalize(score);
        int i = insertionPoint(score, member);
        if (size == members.length) grow();
        System.arraycopy(members, i, members, i + 1, size - i);
        System.arraycopy(scores, i, scores, i + 1, size - i);
        members[i] = member;
        scores[i] = score;
        size++;
    }

    /** Where (score, member) belongs: the first element that sorts after it. */
    private int insertionPoint(double score, byte[] member) {
        int lo = 0, hi = size;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (SkipList.compare(scores[mid], members[mid], score, member) < 0) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    void removeAt(int i) {
        System.arraycopy(members, i + 1, members, i, size - i - 1);
        System.arraycopy(scores, i + 1, scores, i, size - i - 1);
        members[--size] = null;
    }

    /** Remove the elements at indexes [from, to). */
    void removeRange(int from, int to) {
        System.arraycopy(members, to, members, from, size - to);
        System.arraycopy(scores, to, scores, from, size - to);
        int newSize = size - (to - from);
        Arrays.fill(members, newSize, size, null);
        size = newSize;
    }

    /** Change the score of the element at i, moving it to keep the order. */
    void updateScore(int i, double score) {
        byte[] member = members[i];
        removeAt(i);
        insert(member, score);
    }

    /** Index of the first element with a score in range, or -1. */
    int firstInRange(ScoreRange r) {
        if (r.isEmpty()) return -1;
        int lo = 0, hi = size;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (!r.gteMin(scores[mid])) lo = mid + 1;
            else hi = mid;
        }
        return lo < size && r.lteMax(scores[lo]) ? lo : -1;
    }

    /** Index of the last element with a score in range, or -1. */
    int lastInRange(ScoreRange r) {
        if (r.isEmpty()) return -1;
        int lo = 0, hi = size;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (r.lteMax(scores[mid])) lo = mid + 1;
            else hi = mid;
        }
        int i = lo - 1;
        return i >= 0 && r.gteMin(scores[i]) ? i : -1;
    }

    /**
     * Index of the first element whose member is in range, or -1. A linear scan like Redis's
     * zzlFirstInLexRange: with mixed scores the members are not sorted, and Redis answers with
     * the first element at or above the minimum (if it is also below the maximum).
     */
    int firstInLexRange(LexRange r) {
        if (!overlapsLex(r)) return -1;
        for (int i = 0; i < size; i++) {
            if (r.gteMin(members[i])) return r.lteMax(members[i]) ? i : -1;
        }
        return -1;
    }

    /** Index of the last element whose member is in range, or -1 (Redis: zzlLastInLexRange). */
    int lastInLexRange(LexRange r) {
        if (!overlapsLex(r)) return -1;
        for (int i = size - 1; i >= 0; i--) {
            if (r.lteMax(members[i])) return r.gteMin(members[i]) ? i : -1;
        }
        return -1;
    }

    /** Redis: zzlIsInLexRange, the quick test on the first and last member. */
    private boolean overlapsLex(LexRange r) {
        if (r.isEmpty() || size == 0) return false;
        return r.gteMin(members[size - 1]) && r.lteMax(members[0]);
    }

    ListpackZSet copy() {
        ListpackZSet c = new ListpackZSet(size);
        System.arraycopy(members, 0, c.members, 0, size);
        System.arraycopy(scores, 0, c.scores, 0, size);
        c.size = size;
        return c;
    }

    private void grow() {
        int cap = members.length * 2;
        members = Arrays.copyOf(members, cap);
        scores = Arrays.copyOf(scores, cap);
    }
}
