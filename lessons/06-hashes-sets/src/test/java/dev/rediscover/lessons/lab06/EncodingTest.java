/*
 * Tasks 3 and 5: when a compact encoding turns into a hash table (HashValue.set/convert,
 * SetValue.add/convert), checked with OBJECT ENCODING at the thresholds CONFIG SET gives, and
 * that every field or member survives the conversion.
 */
package dev.rediscover.lessons.lab06;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class EncodingTest extends HashSetLab {

    @Test
    @DisplayName("a hash stays a listpack up to hash-max-listpack-entries fields, then becomes a hashtable")
    void hashEntriesThreshold() {
        int limit = 3 + rnd().nextInt(10);
        config("hash-max-listpack-entries", limit);
        String k = key();
        Map<String, String> model = new HashMap<>();
        for (int i = 0; i < limit; i++) {
            String f = field(), v = word(8);
            model.put(f, v);
            x("HSET of a new field answers 1").send("HSET", k, f, v).expect(num(1));
        }
        expectEncoding(k, "listpack", "exactly hash-max-listpack-entries (" + limit + ") fields still fit: convert only when size() > the limit");
        String f = field();
        model.put(f, "last");
        x("HSET of a new field answers 1").send("HSET", k, f, "last").expect(num(1));
        expectEncoding(k, "hashtable", "field number " + (limit + 1) + " must convert: after lp.set, check lp.size() > hashMaxEntries and call convert()");
        for (Map.Entry<String, String> e : model.entrySet()) {
            x("convert() must copy every field and value from the listpack into the Dict")
                    .send("HGET", k, e.getKey()).expect(bulk(e.getValue()));
        }
        x("HLEN counts the table now").send("HLEN", k).expect(num(limit + 1));
    }

    @Test
    @DisplayName("a value or field longer than hash-max-listpack-value converts the hash at once")
    void hashValueThreshold() {
        int limit = 8 + rnd().nextInt(30);
        config("hash-max-listpack-value", limit);
        String a = key(), b = key();
        x("HSET answers 1").send("HSET", a, "f", letters(limit)).expect(num(1));
        expectEncoding(a, "listpack", "a value of exactly hash-max-listpack-value (" + limit + ") bytes still fits: compare with >");
        x("HSET answers 1").send("HSET", a, "g", letters(limit + 1)).expect(num(1));
        expectEncoding(a, "hashtable", "a value of " + (limit + 1) + " bytes is too long to pack: convert before storing it");
        x("both values must still be there").send("HGET", a, "f").expect(bulk(letters(limit)))
                .send("HGET", a, "g").expect(bulk(letters(limit + 1)));
        x("HSET answers 1").send("HSET", b, letters(limit + 1), "v").expect(num(1));
        expectEncoding(b, "hashtable", "the limit is on fields too, not only on values");
    }

    @Test
    @DisplayName("a converted hash stays a hashtable when it shrinks again, and all commands still work")
    void hashNeverPacksAgain() {
        config("hash-max-listpack-entries", 4);
        String k = key();
        x("HSET answers the new fields").send("HSET", k, "a", "1", "b", "2", "c", "3", "d", "4", "e", "5").expect(num(5));
        expectEncoding(k, "hashtable", "5 fields with a limit of 4 must convert");
        x("HDEL on the table (HashValue.delete's hashtable branch)")
                .send("HDEL", k, "a", "b", "c", "d").expect(num(4))
                .send("HGETALL", k).expect(array("e", "5"));
        expectEncoding(k, "hashtable", "conversion goes one way: deleting fields never packs the hash again");
        x("the table's HSET and HINCRBY paths").send("HSET", k, "e", "6", "f", "7").expect(num(1))
                .send("HINCRBY", k, "f", "3").expect(num(10))
                .send("HDEL", k, "e", "f").expect(num(2))
                .send("EXISTS", k).expect(num(0));
    }

    @Test
    @DisplayName("a big hash (hundreds of random fields) agrees with a HashMap through HSET, HDEL, HGETALL")
    void bigHashAgainstModel() {
        config("hash-max-listpack-entries", 32);
        String k = key();
        Map<String, String> model = new HashMap<>();
        for (int i = 0; i < 600; i++) {
            String f = "f" + rnd().nextInt(400), v = word(10);
            boolean isNew = model.put(f, v) == null;
            x("HSET answers 1 for a new field, 0 for an update").send("HSET", k, f, v).expect(num(isNew ? 1 : 0));
            if (rnd().nextInt(4) == 0) {
                String d = "f" + rnd().nextInt(400);
                boolean had = model.remove(d) != null;
                x("HDEL answers 1 only if the field was there").send("HDEL", k, d).expect(num(had ? 1 : 0));
            }
        }
        expectEncoding(k, "hashtable", "more than 32 fields (hash-max-listpack-entries 32) must have converted");
        Map<String, String> got = call("HGETALL " + k, "the " + model.size() + " fields of the model",
                "HGETALL walks every pair of the table", () -> jedis.hgetAll(k));
        assertThat(got).as("HGETALL %s against a HashMap that saw the same HSETs and HDELs", k).isEqualTo(model);
    }

    @Test
    @DisplayName("a set of integers is an intset up to set-max-intset-entries members, then a hashtable")
    void intsetEntriesThreshold() {
        int limit = 3 + rnd().nextInt(10);
        config("set-max-intset-entries", limit);
        String k = key();
        for (int i = 0; i < limit; i++) {
            x("SADD of a new member answers 1").send("SADD", k, Integer.toString(i * 7 - 20)).expect(num(1));
        }
        expectEncoding(k, "intset", "a set whose first member is an integer starts as an intset; " + limit + " members still fit");
        x("SADD answers 1").send("SADD", k, "1000").expect(num(1));
        expectEncoding(k, "hashtable", "member number " + (limit + 1) + " must convert: after is.add, check is.size() > setMaxIntsetEntries");
        for (int i = 0; i < limit; i++) {
            x("SetValue.convert must move every number into the Dict, as its decimal text")
                    .send("SISMEMBER", k, Integer.toString(i * 7 - 20)).expect(num(1));
        }
        x("still a member").send("SISMEMBER", k, "1000").expect(num(1))
                .send("SCARD", k).expect(num(limit + 1));
    }

    @Test
    @DisplayName("a member that is not a canonical integer converts an intset for good")
    void intsetNonInteger() {
        String k = key(), w = word(6);
        x("SADD answers the new members").send("SADD", k, "1", "2", "3").expect(num(3));
        expectEncoding(k, "intset", "integers only: an intset");
        x("a word is not an integer: SetValue.add must convert first, then add it to the table")
                .send("SADD", k, w).expect(num(1))
                .send("SISMEMBER", k, w).expect(num(1))
                .send("SISMEMBER", k, "2").expect(num(1));
        expectEncoding(k, "hashtable", "a non-integer member cannot live in an intset");
        x("SREM answers 1").send("SREM", k, w).expect(num(1));
        expectEncoding(k, "hashtable", "removing the word does not pack the set again");
        String z = key();
        x("\"007\" and \"+1\" are not canonical integers (they would come back as 7 and 1)")
                .send("SADD", z, "007").expect(num(1));
        expectEncoding(z, "hashtable", "createFor/add must use the strict test (SetValue.isInteger), not Long.parseLong");
        x("SMEMBERS answers the text as it was added").send("SMEMBERS", z).expect(array("007"));
    }

    @Test
    @DisplayName("an intset answers SMEMBERS in ascending order, whatever order the numbers came in")
    void intsetSorted() {
        String k = key();
        java.util.TreeSet<Long> model = new java.util.TreeSet<>();
        model.add(Long.MIN_VALUE);
        model.add(Long.MAX_VALUE);
        while (model.size() < 200) model.add(rnd().nextLong(-100_000, 100_000));
        java.util.List<Long> shuffled = new java.util.ArrayList<>(model);
        java.util.Collections.shuffle(shuffled);
        for (long v : shuffled) {
            x("SADD of a new integer answers 1 (IntSet.add inserts at the point search found)")
                    .send("SADD", k, Long.toString(v)).expect(num(1));
        }
        x("SADD of an integer already there answers 0 (IntSet.search must find it)")
                .send("SADD", k, Long.toString(shuffled.get(rnd().nextInt(shuffled.size())))).expect(num(0));
        expectEncoding(k, "intset", "200 integers are under the default set-max-intset-entries (512)");
        String[] sorted = model.stream().map(String::valueOf).toArray(String[]::new);
        x("the long[] must stay sorted: insert at -(search result) - 1, shifting the tail right")
                .send("SMEMBERS", k).expect(array(sorted));
    }
}
