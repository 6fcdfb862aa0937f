/*
 * Thousands of members: the skip list grows real levels (about one node in 4^k reaches level k),
 * so spans of hundreds and walks that mostly stay on high levels are exercised. Also checks the
 * switch from the compact encoding to the skip list as a set grows past 128 members.
 */
package dev.rediscover.lessons.lab07;

import org.junit.jupiter.api.Test;

import java.util.List;

class LargeSetTest extends ZSetLab {

    @Test
    void thousandsOfMembersRankAndRangeLikeTheModel() {
        forceSkipList();
        String key = randomKey();
        Model m = fill(key, 3000, 2000);
        x("OBJECT ENCODING of a forced sorted set is skiplist").send("OBJECT", "ENCODING", key).expect("$8\r\nskiplist\r\n");
        x("ZCARD counts every member").send("ZCARD", key).expect(num(3000));
        List<Elem> sorted = m.list();
        for (int t = 0; t < 200; t++) {
            int r = rnd.nextInt(sorted.size());
            x("ZRANK in a big skip list: sum of spans along the search path, minus 1")
                    .send(b("ZRANK"), b(key), sorted.get(r).member()).expect(num(r));
        }
        for (int t = 0; t < 50; t++) {
            int start = rnd.nextInt(3000), len = rnd.nextInt(40);
            x("ZRANGE in a big skip list: byRank jumps by spans to the start")
                    .send("ZRANGE", key, "" + start, "" + (start + len), "WITHSCORES")
                    .expect(array(sorted.subList(start, Math.min(3000, start + len + 1)), true));
        }
        for (int t = 0; t < 50; t++) {
            double lo = randomScore(2000), hi = lo + rnd.nextInt(40);
            long n = sorted.stream().filter(e -> e.score() > lo && e.score() <= hi).count();
            x("ZCOUNT (lo hi in a big skip list").send("ZCOUNT", key, "(" + fmt(lo), fmt(hi)).expect(num(n));
        }
    }

    @Test
    void aSetGrowingPastTheListpackLimitKeepsItsOrder() {
        String key = randomKey();
        Model m = fill(key, 100, 50);
        x("a small sorted set starts as a listpack").send("OBJECT", "ENCODING", key).expect("$8\r\nlistpack\r\n");
        for (int i = 0; i < 100; i++) {
            byte[] member = randomMember();
            if (m.byMember.containsKey(Model.key(member))) continue;
            double s = randomScore(50);
            x("ZADD").send(b("ZADD"), b(key), b(fmt(s)), member).expect(num(1));
            m.put(member, s);
        }
        x("past 128 members it converts to a skip list").send("OBJECT", "ENCODING", key).expect("$8\r\nskiplist\r\n");
        x("every member survives the conversion, in order").send("ZRANGE", key, "0", "-1", "WITHSCORES").expect(array(m.list(), true));
    }
}
