/*
 * Tasks 1-3 and 7: the listpack (Listpack.find/set/delete), HashValue.set/delete, and the hash
 * commands HSET, HGET, HDEL, HGETALL, HINCRBY, on hashes small enough to stay packed.
 */
package dev.rediscover.lessons.lab06;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

class HashCommandsTest extends HashSetLab {

    @Test
    @DisplayName("HSET answers how many fields were new; HGET reads each one back, nil for the rest")
    void hsetThenHget() {
        String k = key();
        Map<String, String> model = new LinkedHashMap<>();
        int n = 2 + rnd().nextInt(8);
        while (model.size() < n) model.put(field(), word(12));
        List<String> args = new ArrayList<>(List.of("HSET", k));
        model.forEach((f, v) -> { args.add(f); args.add(v); });
        x("HSET answers the number of fields that did not exist before (setPairs counts HashValue.set's true)")
                .send(args.toArray(String[]::new)).expect(num(n));
        for (Map.Entry<String, String> e : model.entrySet()) {
            x("HGET must find the field with Listpack.find and answer the value entry right after it")
                    .send("HGET", k, e.getKey()).expect(bulk(e.getValue()));
        }
        x("a field the hash does not have is the null bulk string, not an error")
                .send("HGET", k, field()).expect(NIL)
                .send("HGET", key(), "f").expect(NIL);
    }

    @Test
    @DisplayName("HSET of an existing field replaces the value in place and is not counted")
    void overwrite() {
        String k = key(), a = field(), b = field(), c = field();
        String longer = word(5) + letters(40), shorter = word(3);
        x("setting an existing field is an update: HSET counts only the new field c")
                .send("HSET", k, a, "1", b, "2").expect(num(2))
                .send("HSET", k, b, longer, c, "3").expect(num(1));
        x("Listpack.set must replace the value entry and shift the bytes after it (here: a longer value)")
                .send("HGET", k, b).expect(bulk(longer))
                .send("HGET", k, c).expect(bulk("3"))
                .send("HGET", k, a).expect(bulk("1"));
        x("a shorter value moves the tail the other way; the fields after it must still be found")
                .send("HSET", k, b, shorter).expect(num(0))
                .send("HGET", k, b).expect(bulk(shorter))
                .send("HGET", k, c).expect(bulk("3"))
                .send("HLEN", k).expect(num(3));
    }

    @Test
    @DisplayName("HGETALL of a packed hash answers field, value, field, value... in insertion order")
    void hgetallOrder() {
        String k = key(), a = field(), b = field(), c = field();
        x("HGETALL of a missing key is an empty array")
                .send("HGETALL", k).expect("*0\r\n");
        x("a listpack keeps pairs in the order they were added; an update keeps the field's place")
                .send("HSET", k, a, "1", b, "2", c, "3").expect(num(3))
                .send("HSET", k, a, "one").expect(num(0))
                .send("HGETALL", k).expect(array(a, "one", b, "2", c, "3"));
    }

    @Test
    @DisplayName("a value equal to a field name is not mistaken for that field")
    void valueLooksLikeField() {
        String k = key(), a = field(), b = field();
        x("Listpack.find must compare fields only: skip every value entry, even one that equals the field you look for")
                .send("HSET", k, a, b).expect(num(1))
                .send("HGET", k, b).expect(NIL)
                .send("HSET", k, b, a).expect(num(1))
                .send("HGET", k, b).expect(bulk(a))
                .send("HGET", k, a).expect(bulk(b));
    }

    @Test
    @DisplayName("binary fields and values, and entries longer than 127 bytes, survive the packing")
    void binaryAndLongEntries() {
        config("hash-max-listpack-value", 1000);
        String k = key();
        byte[] f1 = concat(bytes("f"), new byte[]{0, '\r', '\n', (byte) 0xff}, randomBytes(4));
        byte[] v1 = randomBytes(200 + rnd().nextInt(300));      // a two-byte length prefix
        byte[] f2 = randomBytes(130), v2 = new byte[0];
        x("the length prefix of a long entry takes two varint bytes; find and set must read and skip it")
                .send(bytes("HSET"), bytes(k), f1, v1, f2, v2).expect(num(2))
                .send(bytes("HGET"), bytes(k), f1).expect(bulk(v1))
                .send(bytes("HGET"), bytes(k), f2).expect(bulk(v2));
        expectEncoding(k, "listpack", "with hash-max-listpack-value 1000 these entries may stay packed");
    }

    @Test
    @DisplayName("HSET with a field but no value is an arity error, and writes nothing")
    void hsetOddArguments() {
        String k = key();
        x("HSET's table arity is -4, so HSET k f v f2 reaches you: refuse an odd pair count before writing")
                .send("HSET", k, "f", "v", "f2").expect(err("ERR wrong number of arguments for 'hset' command"))
                .send("EXISTS", k).expect(num(0))
                .send("HSET", k, "f").expect(err("ERR wrong number of arguments for 'hset' command"));
    }

    @Test
    @DisplayName("HDEL counts the fields it removed, and removing the last one deletes the key")
    void hdel() {
        String k = key(), a = field(), b = field(), c = field();
        x("HDEL counts only fields that were there; the others stay readable")
                .send("HSET", k, a, "1", b, "2", c, "3").expect(num(3))
                .send("HDEL", k, b, field(), b).expect(num(1))
                .send("HGET", k, b).expect(NIL)
                .send("HGET", k, a).expect(bulk("1"))
                .send("HGET", k, c).expect(bulk("3"))
                .send("HGETALL", k).expect(array(a, "1", c, "3"));
        x("a hash never exists empty: when the last field goes, delete the key (c.db.delete)")
                .send("HDEL", k, a, c).expect(num(2))
                .send("EXISTS", k).expect(num(0))
                .send("TYPE", k).expect("+none\r\n")
                .send("HDEL", k, a).expect(num(0));
    }

    @Test
    @DisplayName("HINCRBY starts a missing field at 0 and adds, refusing non-integers and overflow")
    void hincrby() {
        String k = key(), f = field();
        long a = rnd().nextLong(-1_000_000, 1_000_000), b = rnd().nextLong(-1_000_000, 1_000_000);
        x("a missing key or field counts from 0")
                .send("HINCRBY", k, f, Long.toString(a)).expect(num(a))
                .send("HINCRBY", k, f, Long.toString(b)).expect(num(a + b))
                .send("HGET", k, f).expect(bulk(Long.toString(a + b)));
        x("the increment is parsed strictly (Args.parseLong) before anything else")
                .send("HINCRBY", k, f, "1.5").expect(err("ERR value is not an integer or out of range"));
        x("a stored value that is not an integer has its own error text (NOT_INTEGER_VALUE)")
                .send("HSET", k, "s", "abc").expect(num(1))
                .send("HINCRBY", k, "s", "1").expect(err("ERR hash value is not an integer"));
        x("check for overflow before adding, and leave the value as it was")
                .send("HSET", k, "big", Long.toString(Long.MAX_VALUE - 1)).expect(num(1))
                .send("HINCRBY", k, "big", "2").expect(err("ERR increment or decrement would overflow"))
                .send("HINCRBY", k, "big", "1").expect(num(Long.MAX_VALUE))
                .send("HGET", k, "big").expect(bulk(Long.toString(Long.MAX_VALUE)));
    }
}
