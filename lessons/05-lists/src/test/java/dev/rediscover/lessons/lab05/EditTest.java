/*
 * Lab 05, task 4: changing a list in the middle. LINSERT next to a pivot, LREM from either end,
 * LTRIM to a range (deleteRange), and LPOS (given code, but it walks the same cursor).
 */
package dev.rediscover.lessons.lab05;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

class EditTest extends ListLab {

    @Test
    @DisplayName("LINSERT BEFORE/AFTER the first match; -1 without the pivot, 0 without the key")
    void linsert() {
        String key = randomKey(), n1 = randomValue(), n2 = randomValue();
        rpush(key, List.of("a", "p", "b", "p"), 4);
        x("LINSERT goes next to the FIRST occurrence of the pivot, from the head")
                .send("LINSERT", key, "BEFORE", "p", n1).expect(num(5))
                .send("LINSERT", key, "after", "p", n2).expect(num(6))
                .send("LRANGE", key, "0", "-1").expect(arr("a", n1, "p", n2, "b", "p"));
        x("at the very ends too")
                .send("LINSERT", key, "BEFORE", "a", "first").expect(num(7))
                .send("LINSERT", key, "AFTER", "b", "x").expect(num(8))
                .send("LINDEX", key, "0").expect(bulk("first"))
                .send("LINDEX", key, "-2").expect(bulk("x"));
        x("no pivot: -1 and nothing changes; no key: 0 and no key is created")
                .send("LINSERT", key, "BEFORE", "nope", n1).expect(num(-1))
                .send("LLEN", key).expect(num(8))
                .send("LINSERT", randomKey(), "BEFORE", "p", n1).expect(num(0))
                .send("LINSERT", key, "NEAR", "p", n1).expect(err("ERR syntax error"));
    }

    @Test
    @DisplayName("LREM count > 0 from the head, < 0 from the tail, 0 every match")
    void lrem() {
        String key = randomKey();
        List<String> v = List.of("x", "a", "x", "b", "x", "c", "x");
        rpush(key, v, 7);
        x("LREM 2 removes the first two matches, walking from the head")
                .send("LREM", key, "2", "x").expect(num(2))
                .send("LRANGE", key, "0", "-1").expect(arr("a", "b", "x", "c", "x"));
        x("LREM -1 removes the last match, walking from the tail")
                .send("LREM", key, "-1", "x").expect(num(1))
                .send("LRANGE", key, "0", "-1").expect(arr("a", "b", "x", "c"));
        x("LREM 0 removes them all; no match answers 0")
                .send("LREM", key, "0", "x").expect(num(1))
                .send("LREM", key, "0", "zzz").expect(num(0))
                .send("LRANGE", key, "0", "-1").expect(arr("a", "b", "c"));
        x("removing every element deletes the key")
                .send("RPUSH", key, "a", "a").expect(num(5))
                .send("LREM", key, "0", "a").expect(num(3))
                .send("LREM", key, "-5", "b").expect(num(1))
                .send("LREM", key, "1", "c").expect(num(1))
                .send("EXISTS", key).expect(num(0))
                .send("LREM", key, "0", "c").expect(num(0));
    }

    @Test
    @DisplayName("LREM of adjacent matches from both directions keeps the cursor on the right element")
    void lremAdjacent() {
        String key = randomKey();
        rpush(key, List.of("y", "y", "z", "y", "y", "y", "z"), 7);
        x("after removing, the cursor must stand on the next element, not skip it (Cursor.remove)")
                .send("LREM", key, "-3", "y").expect(num(3))
                .send("LRANGE", key, "0", "-1").expect(arr("y", "y", "z", "z"))
                .send("LREM", key, "2", "y").expect(num(2))
                .send("LRANGE", key, "0", "-1").expect(arr("z", "z"));
    }

    @Test
    @DisplayName("LTRIM keeps [start, stop] with LRANGE's index rules; an empty range deletes the key")
    void ltrim() {
        String key = randomKey();
        List<String> v = randomValues(10);
        rpush(key, v, 10);
        x("LTRIM 2 -3 keeps elements 2..7")
                .send("LTRIM", key, "2", "-3").expect(OK)
                .send("LRANGE", key, "0", "-1").expect(arr(v.subList(2, 8)));
        x("an end past the list is clamped")
                .send("LTRIM", key, "-100", "100").expect(OK)
                .send("LLEN", key).expect(num(6));
        x("start > stop leaves nothing, and the key is deleted")
                .send("LTRIM", key, "4", "1").expect(OK)
                .send("EXISTS", key).expect(num(0))
                .send("LTRIM", key, "0", "1").expect(OK);
    }

    @Test
    @DisplayName("LPOS: RANK from either end, COUNT 0 for all, MAXLEN, and the errors")
    void lpos() {
        String key = randomKey();
        rpush(key, List.of("a", "b", "c", "1", "2", "3", "c", "c"), 8);
        x("LPOS answers the index of the first match, nil without one")
                .send("LPOS", key, "c").expect(num(2))
                .send("LPOS", key, "zz").expect(NIL)
                .send("LPOS", key, "c", "RANK", "2").expect(num(6))
                .send("LPOS", key, "c", "RANK", "-1").expect(num(7))
                .send("LPOS", key, "c", "COUNT", "0").expect("*3\r\n:2\r\n:6\r\n:7\r\n")
                .send("LPOS", key, "c", "RANK", "-1", "COUNT", "2").expect("*2\r\n:7\r\n:6\r\n")
                .send("LPOS", key, "c", "COUNT", "0", "MAXLEN", "3").expect("*1\r\n:2\r\n")
                .send("LPOS", key, "zz", "COUNT", "2").expect("*0\r\n")
                .send("LPOS", randomKey(), "c", "COUNT", "1").expect("*0\r\n");
        x("LPOS's argument errors")
                .send("LPOS", key, "c", "RANK", "0").expectError("-ERR RANK can't be zero")
                .send("LPOS", key, "c", "COUNT", "-1").expect(err("ERR COUNT can't be negative"))
                .send("LPOS", key, "c", "MAXLEN", "-1").expect(err("ERR MAXLEN can't be negative"))
                .send("LPOS", key, "c", "FIRST").expect(err("ERR syntax error"));
    }

    @Test
    @DisplayName("a random mix of LINSERT, LREM, LSET and LTRIM matches a model list")
    void randomEdits() {
        var rnd = java.util.concurrent.ThreadLocalRandom.current();
        String key = randomKey();
        List<String> model = new ArrayList<>();
        for (int i = 0; i < 30; i++) model.add("e" + rnd.nextInt(6));
        rpush(key, model, model.size());
        for (int step = 0; step < 80 && !model.isEmpty(); step++) {
            String e = "e" + rnd.nextInt(6), n = "n" + step;
            switch (rnd.nextInt(4)) {
                case 0 -> {
                    int at = model.indexOf(e);
                    boolean after = rnd.nextBoolean();
                    if (at >= 0) model.add(after ? at + 1 : at, n);
                    x("LINSERT " + (after ? "AFTER " : "BEFORE ") + e)
                            .send("LINSERT", key, after ? "AFTER" : "BEFORE", e, n).expect(num(at < 0 ? -1 : model.size()));
                }
                case 1 -> {
                    int count = rnd.nextInt(-2, 3), removed = 0;
                    if (count >= 0) {
                        for (int i = 0; i < model.size(); ) {
                            if (model.get(i).equals(e) && (count == 0 || removed < count)) { model.remove(i); removed++; }
                            else i++;
                        }
                    } else {
                        for (int i = model.size() - 1; i >= 0; i--) {
                            if (model.get(i).equals(e) && removed < -count) { model.remove(i); removed++; }
                        }
                    }
                    x("LREM " + count + " " + e).send("LREM", key, String.valueOf(count), e).expect(num(removed));
                }
                case 2 -> {
                    int at = rnd.nextInt(model.size());
                    model.set(at, n);
                    x("LSET " + at).send("LSET", key, String.valueOf(at), n).expect(OK);
                }
                default -> {
                    if (model.size() < 10) continue;
                    model.remove(model.size() - 1);
                    model.remove(0);
                    x("LTRIM 1 -2").send("LTRIM", key, "1", "-2").expect(OK);
                }
            }
            x("after step " + step + " the whole list must match the model")
                    .send("LRANGE", key, "0", "-1").expect(model.isEmpty() ? "*0\r\n" : arr(model));
        }
    }
}
