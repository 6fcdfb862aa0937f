/*
 * Changes that move members: ZADD with a new score, ZINCRBY, ZADD's NX/XX/GT/LT, ZREM, and
 * ZPOPMIN / ZPOPMAX, each checked by reading the whole order back against the model. A score
 * update must move the node in the skip list, not just overwrite its score
 * (SortedSet.add -> SkipList.updateScore, given).
 */
package dev.rediscover.lessons.lab07;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

class UpdateAndPopTest extends ZSetLab {

    void expectOrder(String key, Model m, String hint) {
        x(hint).send("ZRANGE", key, "0", "-1", "WITHSCORES").expect(array(m.list(), true));
    }

    @ParameterizedTest(name = "skip list forced: {0}")
    @ValueSource(booleans = {false, true})
    void scoreUpdatesMoveMembers(boolean skipList) {
        if (skipList) forceSkipList();
        String key = randomKey();
        Model m = fill(key, 50, 40);
        for (int t = 0; t < 100; t++) {
            List<Elem> l = m.list();
            byte[] member = l.get(rnd.nextInt(l.size())).member();
            double s = randomScore(40);
            x("ZADD of an existing member changes its score and answers 0 (nothing added)")
                    .send(b("ZADD"), b(key), b(fmt(s)), member).expect(num(0));
            m.put(member, s);
            int r = m.list().indexOf(m.byMember.get(Model.key(member)));
            x("after a score update the member must be at its NEW place in the order: moving it means "
                    + "taking the node out and putting it back, fixing spans on both sides")
                    .send(b("ZRANK"), b(key), member).expect(num(r));
        }
        expectOrder(key, m, "after many score updates the whole order must still match");
    }

    @ParameterizedTest(name = "skip list forced: {0}")
    @ValueSource(booleans = {false, true})
    void randomAddsAndRemovesKeepRanksRight(boolean skipList) {
        if (skipList) forceSkipList();
        String key = randomKey();
        Model m = fill(key, 40, 20);
        for (int t = 0; t < 200; t++) {
            List<Elem> l = m.list();
            if (rnd.nextInt(3) == 0 && !l.isEmpty()) {
                byte[] member = l.get(rnd.nextInt(l.size())).member();
                x("ZREM of a present member answers 1").send(b("ZREM"), b(key), member).expect(num(1));
                m.remove(member);
            } else {
                byte[] member = randomMember();
                double s = randomScore(20);
                boolean isNew = !m.byMember.containsKey(Model.key(member));
                x("ZADD answers 1 for a new member, 0 for an update").send(b("ZADD"), b(key), b(fmt(s)), member).expect(num(isNew ? 1 : 0));
                m.put(member, s);
            }
            if (m.size() > 0) {
                Elem probe = m.list().get(rnd.nextInt(m.size()));
                x("ranks after inserts and deletes: every span on every level must be kept exact "
                        + "(a link to NULL spans to the end of the list)")
                        .send(b("ZRANK"), b(key), probe.member()).expect(num(m.list().indexOf(probe)));
            }
        }
        expectOrder(key, m, "after random adds and removes the whole order must match");
    }

    @Test
    void zaddFlagsAndZincrby() {
        String key = randomKey();
        x("ZADD new members").send("ZADD", key, "10", "a", "20", "b").expect(num(2));
        x("ZADD NX never updates an existing member").send("ZADD", key, "NX", "99", "a").expect(num(0));
        x("NX left the score alone").send("ZSCORE", key, "a").expect(bulk(10));
        x("ZADD XX never adds a new member").send("ZADD", key, "XX", "5", "new").expect(num(0));
        x("XX added nothing").send("ZSCORE", key, "new").expect(NIL);
        x("ZADD GT only raises a score").send("ZADD", key, "GT", "CH", "5", "a", "30", "b").expect(num(1));
        x("GT refused to lower a").send("ZSCORE", key, "a").expect(bulk(10));
        x("ZADD LT only lowers a score").send("ZADD", key, "LT", "CH", "1", "a", "40", "b").expect(num(1));
        x("LT lowered a to 1").send("ZSCORE", key, "a").expect(bulk(1));
        x("ZINCRBY adds to the score and answers the new one").send("ZINCRBY", key, "2.5", "a").expect(bulk(3.5));
        x("ZADD INCR answers the new score").send("ZADD", key, "INCR", "-0.25", "a").expect(bulk(3.25));
        x("ZADD INCR stopped by NX answers nil").send("ZADD", key, "NX", "INCR", "1", "a").expect(NIL);
        x("ZINCRBY on a new member starts from 0").send("ZINCRBY", key, "7", "c").expect(bulk(7));
        x("order after the updates: a(3.25) c(7) b(30)").send("ZRANGE", key, "0", "-1")
                .expect("*3\r\n$1\r\na\r\n$1\r\nc\r\n$1\r\nb\r\n");
        x("inf + -inf is not a number").send("ZADD", key, "inf", "d").expect(num(1));
        x("an increment that makes NaN is refused").send("ZINCRBY", key, "-inf", "d")
                .expect("-ERR resulting score is not a number (NaN)\r\n");
    }

    @ParameterizedTest(name = "skip list forced: {0}")
    @ValueSource(booleans = {false, true})
    void zpopminAndZpopmaxTakeFromTheEnds(boolean skipList) {
        if (skipList) forceSkipList();
        String key = randomKey();
        Model m = fill(key, 40, 8);
        while (m.size() > 0) {
            boolean max = rnd.nextBoolean();
            int count = 1 + rnd.nextInt(6);
            List<Elem> l = max ? reversed(m.list()) : m.list();
            List<Elem> popped = new ArrayList<>(l.subList(0, Math.min(count, l.size())));
            x((max ? "ZPOPMAX" : "ZPOPMIN") + " key count pops from the " + (max ? "highest" : "lowest")
                    + " end, answering member, score pairs in pop order")
                    .send(max ? "ZPOPMAX" : "ZPOPMIN", key, "" + count).expect(array(popped, true));
            for (Elem e : popped) m.remove(e.member());
            if (m.size() > 0) x("ZCARD after a pop").send("ZCARD", key).expect(num(m.size()));
        }
        x("popping the last members deletes the key").send("EXISTS", key).expect(num(0));
        x("ZPOPMIN of a missing key is an empty array").send("ZPOPMIN", key).expect("*0\r\n");
    }

    @Test
    void zpopWithoutCountAnswersOnePair() {
        String key = randomKey();
        x("ZADD").send("ZADD", key, "1", "lo", "2", "hi").expect(num(2));
        ByteArrayOutputStream want = new ByteArrayOutputStream();
        want.writeBytes(b("*2\r\n$2\r\nhi\r\n$1\r\n2\r\n"));
        x("ZPOPMAX without a count answers one flat [member, score]").send("ZPOPMAX", key).expect(want.toByteArray());
        x("a negative count is an error").send("ZPOPMIN", key, "-1").expect("-ERR value is out of range, must be positive\r\n");
    }
}
