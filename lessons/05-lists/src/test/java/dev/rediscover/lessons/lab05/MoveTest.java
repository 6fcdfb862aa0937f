/*
 * Lab 05, task 5: LMOVE and RPOPLPUSH (moveElement): pop from one end of a list, push onto an end
 * of another or the same list, in one step no client can see half done.
 */
package dev.rediscover.lessons.lab05;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;

class MoveTest extends ListLab {

    @Test
    @DisplayName("LMOVE in all four directions")
    void fourDirections() {
        String src = randomKey(), dst = randomKey();
        rpush(src, List.of("a", "b", "c", "d"), 4);
        x("LMOVE src dst LEFT RIGHT pops a from the head, appends it to dst (created)")
                .send("LMOVE", src, dst, "LEFT", "RIGHT").expect(bulk("a"))
                .send("LMOVE", src, dst, "RIGHT", "LEFT").expect(bulk("d"))
                .send("LMOVE", src, dst, "right", "right").expect(bulk("c"))
                .send("LMOVE", src, dst, "Left", "Left").expect(bulk("b"))
                .send("LRANGE", dst, "0", "-1").expect(arr("b", "d", "a", "c"));
        x("the source emptied, so its key is gone")
                .send("EXISTS", src).expect(num(0))
                .send("LMOVE", src, dst, "LEFT", "LEFT").expect(NIL)
                .send("LLEN", dst).expect(num(4));
    }

    @Test
    @DisplayName("LMOVE onto the same list rotates it; a one-element list stays as it is")
    void rotate() {
        String key = randomKey(), one = randomKey();
        List<String> v = randomValues(4);
        rpush(key, v, 4);
        x("RPOPLPUSH k k moves the tail to the head")
                .send("RPOPLPUSH", key, key).expect(bulk(v.get(3)))
                .send("LRANGE", key, "0", "-1").expect(arr(v.get(3), v.get(0), v.get(1), v.get(2)))
                .send("LMOVE", key, key, "LEFT", "RIGHT").expect(bulk(v.get(3)))
                .send("LRANGE", key, "0", "-1").expect(arr(v));
        x("pop first, then push: a single element must survive being moved onto its own list")
                .send("RPUSH", one, "solo").expect(num(1))
                .send("LMOVE", one, one, "LEFT", "RIGHT").expect(bulk("solo"))
                .send("LRANGE", one, "0", "-1").expect(arr("solo"));
    }

    @Test
    @DisplayName("a destination of the wrong type: WRONGTYPE, and the source keeps its element")
    void wrongTypeDestination() {
        String src = randomKey(), dst = randomKey();
        rpush(src, List.of("keep"), 1);
        x("SET is lab 03's").send("SET", dst, "string").expect(OK);
        x("check the destination's type before popping (listOf(db.lookupWrite(dst)) first)")
                .send("LMOVE", src, dst, "LEFT", "RIGHT").expect(WRONGTYPE)
                .send("LRANGE", src, "0", "-1").expect(arr("keep"))
                .send("RPOPLPUSH", dst, src).expect(WRONGTYPE)
                .send("LMOVE", src, dst, "UP", "RIGHT").expect(err("ERR syntax error"));
    }
}
