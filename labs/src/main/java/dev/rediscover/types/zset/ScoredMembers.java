/*
 * A list of (member, score) pairs being gathered for a reply or a store: the result of a range,
 * a pop, ZRANDMEMBER or ZUNION. Redis streams such results straight into the reply with a
 * deferred array length (zrange_result_handler in t_zset.c, which also has a "store" flavour for
 * ZRANGESTORE); our RespWriter wants the length first, so results are gathered here, then
 * written (SortedSetCommands.replyPairs) or stored. Two parallel arrays, grown by doubling, no per-element
 * objects.
 */
package dev.rediscover.types.zset;

import java.util.Arrays;

public final class ScoredMembers {
    private byte[][] members;
    private double[] scores;
    private int size;

    public ScoredMembers() { this(8); }

    public ScoredMembers(int capacity) {
        members = new byte[Math.max(1, capacity)][];
        scores = new double[members.length];
    }

    public void add(byte[] member, double score) {
        if (size == members.length) {
            members = Arrays.copyOf(members, size * 2);
            scores = Arrays.copyOf(scores, size * 2);
        }
        members[size] = member;
        scores[size] = score;
        size++;
    }

    public int size() { return size; }

    public byte[] member(int i) { return members[i]; }

    public double score(int i) { return scores[i]; }

    /** The longest member, for choosing the encoding of a stored result. */
    public int maxMemberLength() {
        int max = 0;
        for (int i = 0; i < size; i++) max = Math.max(max, members[i].length);
        return max;
    }
}
