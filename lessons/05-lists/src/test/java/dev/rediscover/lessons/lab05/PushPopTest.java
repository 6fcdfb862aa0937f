/*
 * Lab 05, task 2: the ends of a list. LPUSH/RPUSH (and the X variants), LPOP/RPOP with and
 * without a count, LLEN, and the rule every list command keeps: a list never exists empty.
 */
package dev.rediscover.lessons.lab05;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

class PushPopTest extends ListLab {

    @Test
    @DisplayName("RPUSH appends in argument order, LPUSH prepends one by one (so reversed)")
    void pushOrder() {
        String key = randomKey();
        List<String> tail = randomValues(3), head = randomValues(3);
        rpush(key, tail, 3);
        x("LPUSH a b c pushes a, then b, then c at the head: the list starts c b a")
                .send(withArgs("LPUSH", key, head)).expect(num(6));
        List<String> expected = new ArrayList<>(head);
        Collections.reverse(expected);
        expected.addAll(tail);
        x("LRANGE 0 -1 is the whole list, head first (replyRange)")
                .send("LRANGE", key, "0", "-1").expect(arr(expected))
                .send("LLEN", key).expect(num(6));
    }

    @Test
    @DisplayName("LPOP and RPOP take one element from each end; the last pop deletes the key")
    void popOne() {
        String key = randomKey();
        List<String> v = randomValues(3);
        rpush(key, v, 3);
        x("LPOP takes the head, RPOP the tail")
                .send("LPOP", key).expect(bulk(v.get(0)))
                .send("RPOP", key).expect(bulk(v.get(2)))
                .send("LLEN", key).expect(num(1));
        x("popping the last element deletes the key: a list never exists empty (afterRemoval)")
                .send("RPOP", key).expect(bulk(v.get(1)))
                .send("EXISTS", key).expect(num(0))
                .send("LLEN", key).expect(num(0))
                .send("LPOP", key).expect(NIL);
    }

    @Test
    @DisplayName("LPOP/RPOP with a count: an array, capped at the length; count 0; missing key")
    void popCount() {
        String key = randomKey();
        List<String> v = randomValues(5);
        rpush(key, v, 5);
        x("with a count the reply is an array, even for one element")
                .send("LPOP", key, "2").expect(arr(v.get(0), v.get(1)))
                .send("RPOP", key, "1").expect(arr(v.get(4)))
                .send("LPOP", key, "0").expect("*0\r\n");
        x("a count larger than the list pops everything and deletes the key")
                .send("RPOP", key, "100").expect(arr(v.get(3), v.get(2)))
                .send("EXISTS", key).expect(num(0));
        x("a missing key with a count answers a null array, without one a null bulk")
                .send("LPOP", key, "3").expect(NIL_ARRAY)
                .send("RPOP", key).expect(NIL);
        x("a negative count is refused before the key is looked at")
                .send("LPOP", key, "-1").expect(err("ERR value is out of range, must be positive"));
    }

    @Test
    @DisplayName("LPUSHX and RPUSHX push only onto an existing list")
    void pushx() {
        String key = randomKey(), a = randomValue(), b = randomValue();
        x("no key: nothing is created, the answer is 0")
                .send("LPUSHX", key, a).expect(num(0))
                .send("RPUSHX", key, a).expect(num(0))
                .send("EXISTS", key).expect(num(0));
        x("on an existing list they push like LPUSH/RPUSH")
                .send("RPUSH", key, "mid").expect(num(1))
                .send("LPUSHX", key, a).expect(num(2))
                .send("RPUSHX", key, b, b).expect(num(4))
                .send("LRANGE", key, "0", "-1").expect(arr(a, "mid", b, b));
    }

    @Test
    @DisplayName("list commands on a string answer WRONGTYPE and change nothing")
    void wrongType() {
        String key = randomKey(), value = randomValue();
        x("SET is lab 03's").send("SET", key, value).expect(OK);
        x("listOf throws WRONGTYPE for a value that is not a QuickList")
                .send("LPUSH", key, "a").expect(WRONGTYPE)
                .send("RPOP", key).expect(WRONGTYPE)
                .send("LLEN", key).expect(WRONGTYPE)
                .send("LRANGE", key, "0", "-1").expect(WRONGTYPE)
                .send("LINDEX", key, "0").expect(WRONGTYPE)
                .send("GET", key).expect(bulk(value));
    }

    @Test
    @DisplayName("elements are binary safe: empty, CR LF inside, and bytes that are not UTF-8")
    void binarySafe() {
        String key = randomKey();
        byte[] odd = {0, (byte) 0xff, '\r', '\n', (byte) 0x80};
        x("elements are byte[]: store and return them untouched")
                .send("RPUSH".getBytes(), key.getBytes(), new byte[0], odd).expect(num(2))
                .send("LINDEX", key, "0").expect("$0\r\n\r\n")
                .send("RPOP", key).expect(concat("$5\r\n".getBytes(), odd, "\r\n".getBytes()));
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) n += p.length;
        byte[] out = new byte[n];
        int i = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, i, p.length);
            i += p.length;
        }
        return out;
    }
}
