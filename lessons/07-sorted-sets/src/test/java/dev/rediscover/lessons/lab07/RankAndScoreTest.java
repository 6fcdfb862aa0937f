/*
 * ZADD, ZSCORE, ZRANK and ZREVRANK against the model, in both encodings. ZRANK on a skip list is
 * the sum of the spans on the way down (SkipList.rank); ZSCORE is the dict's job (SortedSet.score).
 */
package dev.rediscover.lessons.lab07;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.util.List;

class RankAndScoreTest extends ZSetLab {

    @ParameterizedTest(name = "skip list forced: {0}")
    @ValueSource(booleans = {false, true})
    void everyMemberHasTheModelsRankBothWays(boolean skipList) {
        if (skipList) forceSkipList();
        String key = randomKey();
        List<Elem> sorted = fill(key, 60, 40).list();
        for (int r = 0; r < sorted.size(); r++) {
            byte[] m = sorted.get(r).member();
            x("ZRANK is the 0-based position in (score, member) order; on the skip list it is the sum of "
                    + "the spans followed in SkipList.rank, minus 1").send(b("ZRANK"), b(key), m).expect(num(r));
            x("ZREVRANK counts from the highest score: size - 1 - rank").send(b("ZREVRANK"), b(key), m)
                    .expect(num(sorted.size() - 1 - r));
        }
    }

    @ParameterizedTest(name = "skip list forced: {0}")
    @ValueSource(booleans = {false, true})
    void zscoreFindsEveryMembersScore(boolean skipList) {
        if (skipList) forceSkipList();
        String key = randomKey();
        Model m = fill(key, 50, 400);
        for (Elem e : m.list()) {
            x("ZSCORE answers the score as a bulk string (Redis formats it like %.17g); SortedSet.score looks it up in the dict")
                    .send(b("ZSCORE"), b(key), e.member()).expect(bulk(e.score()));
        }
    }

    @ParameterizedTest(name = "skip list forced: {0}")
    @ValueSource(booleans = {false, true})
    void absentMembersAndKeysAnswerNil(boolean skipList) {
        if (skipList) forceSkipList();
        String key = randomKey();
        fill(key, 10, 40);
        x("ZSCORE of a member that is not there is nil").send("ZSCORE", key, "no-such-member-\u00e9").expect(NIL);
        x("ZRANK of a member that is not there is nil (SortedSet.rank returns -1)").send("ZRANK", key, "no-such-member").expect(NIL);
        x("ZREVRANK of a member that is not there is nil").send("ZREVRANK", key, "no-such-member").expect(NIL);
        x("ZRANK on a missing key is nil").send("ZRANK", randomKey(), "m").expect(NIL);
        x("ZSCORE on a missing key is nil").send("ZSCORE", randomKey(), "m").expect(NIL);
    }

    @ParameterizedTest(name = "skip list forced: {0}")
    @ValueSource(booleans = {false, true})
    void equalScoresAreOrderedByUnsignedMemberBytes(boolean skipList) {
        if (skipList) forceSkipList();
        String key = randomKey();
        // Inserted out of order; all score 5. Unsigned: "a" < "ab" < "b" < 0x7f < 0x80 < 0xff.
        byte[][] members = {{(byte) 0xff}, b("b"), {(byte) 0x80}, b("ab"), {0x7f}, b("a")};
        for (byte[] m : members) x("ZADD of a new member answers 1").send(b("ZADD"), b(key), b("5"), m).expect(num(1));
        byte[][] expected = {b("a"), b("ab"), b("b"), {0x7f}, {(byte) 0x80}, {(byte) 0xff}};
        for (int r = 0; r < expected.length; r++) {
            x("Equal scores are ordered by member bytes compared UNSIGNED, shorter prefix first "
                    + "(Arrays.compareUnsigned, not String.compareTo and not signed bytes)")
                    .send(b("ZRANK"), b(key), expected[r]).expect(num(r));
        }
    }

    @Test
    void zaddCountsOnlyNewMembersAndZremOnlyPresentOnes() {
        String key = randomKey();
        x("ZADD of two new members answers 2").send("ZADD", key, "1", "a", "2", "b").expect(num(2));
        x("ZADD that only changes a score adds nothing: 0").send("ZADD", key, "3", "a", "2", "b").expect(num(0));
        x("ZADD CH also counts members whose score changed").send("ZADD", key, "CH", "4", "a", "9", "c").expect(num(2));
        x("the updated score is stored").send("ZSCORE", key, "a").expect(bulk(4));
        x("ZREM answers how many of its members were there").send("ZREM", key, "a", "zz", "c").expect(num(2));
        x("a removed member has no score").send("ZSCORE", key, "a").expect(NIL);
        x("ZREM of the last member deletes the key").send("ZREM", key, "b").expect(num(1));
        x("an emptied sorted set is deleted: EXISTS answers 0").send("EXISTS", key).expect(num(0));
        x("ZREM on a missing key answers 0").send("ZREM", key, "b").expect(num(0));
    }

    @Test
    void wrongTypeIsRefused() {
        String key = randomKey();
        x("SET is lab 03's").send("SET", key, "v").expect(OK);
        String wrong = "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n";
        x("ZADD on a string key is a WRONGTYPE error").send("ZADD", key, "1", "m").expect(wrong);
        x("ZSCORE on a string key is a WRONGTYPE error").send("ZSCORE", key, "m").expect(wrong);
        x("ZRANK on a string key is a WRONGTYPE error").send("ZRANK", key, "m").expect(wrong);
        x("ZRANGE on a string key is a WRONGTYPE error").send("ZRANGE", key, "0", "-1").expect(wrong);
    }
}
