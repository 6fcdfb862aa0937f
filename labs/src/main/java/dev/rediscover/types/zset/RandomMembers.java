/*
 * ZRANDMEMBER's picking rules (Redis: zrandmemberWithCountCommand in t_zset.c). The count's sign
 * chooses the semantics:
 *
 *   count < 0   |count| picks, each from the whole set: members may repeat
 *   count >= n  the whole set; Redis answers it from the highest score down
 *   count < n   count distinct members. When count is close to n (count*3 > n) Redis copies
 *               the set and removes random members until count remain; otherwise it picks at
 *               random and skips members it already has. Both give a uniform distinct sample;
 *               we do the same two things.
 *
 * A positive count of 1 is served like a negative one: one pick.
 */
package dev.rediscover.types.zset;

import dev.rediscover.keyspace.Dict;

import java.util.random.RandomGenerator;

final class RandomMembers {
    private RandomMembers() {}

    /** Picks for a count of 2 or more (negative counts and 1 are streamed by the command). */
    static ScoredMembers pick(SortedSet z, long count, RandomGenerator rnd) {
        int size = z.size();
        if (count >= size) {
            ScoredMembers all = new ScoredMembers(size);
            z.rangeByRank(0, size - 1, true, all);
            return all;
        }
        if (count * 3 > size) return byRemoval(z, (int) count, rnd);
        return byPicking(z, (int) count, rnd);
    }

    /** Copy everything, then drop random elements until count remain (Redis's CASE 3). */
    private static ScoredMembers byRemoval(SortedSet z, int count, RandomGenerator rnd) {
        int size = z.size();
        byte[][] members = new byte[size][];
        double[] scores = new double[size];
        int[] n = {0};
        z.forEach((m, s) -> {
            members[n[0]] = m;
            scores[n[0]++] = s;
        });
        int live = size;
        while (live > count) {
            int i = rnd.nextInt(live);
            live--;
            members[i] = members[live];
            scores[i] = scores[live];
        }
        ScoredMembers out = new ScoredMembers(count);
        for (int i = 0; i < count; i++) out.add(members[i], scores[i]);
        return out;
    }

    /** Pick at random, skipping members already picked (Redis's CASE 4). */
    private static ScoredMembers byPicking(SortedSet z, int count, RandomGenerator rnd) {
        Dict<Boolean> seen = new Dict<>();
        ScoredMembers out = new ScoredMembers(count);
        while (out.size() < count) {
            z.randomElement(rnd, (m, s) -> {
                if (!seen.containsKey(m)) {
                    seen.insertNew(m, Boolean.TRUE);
                    out.add(m, s);
                }
            });
        }
        return out;
    }
}
