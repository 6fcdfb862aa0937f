/*
 * Task 7: the counters. INCR, DECR, INCRBY and DECRBY all end in StringCommands.incrBy, which
 * reads the stored value as a strict 64-bit integer, refuses to overflow, and stores the result.
 */
package dev.rediscover.lessons.lab03;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@Order(6)   // LabRunner runs the classes in task order
class CounterTest extends Lab03Support {
    static final String OVERFLOW = "-ERR increment or decrement would overflow\r\n";

    @Test
    @DisplayName("INCR on a missing key starts from 0 and answers 1; the value is stored as digits")
    void incrFromNothing() {
        String k = key();
        talk("a missing key counts as 0; store the result as its decimal digits so GET shows it")
                .send("INCR", k).expect(integer(1))
                .send("INCR", k).expect(integer(2))
                .send("GET", k).expect(bulk("2"))
                .send("DECR", key()).expect(integer(-1));
    }

    @Test
    @DisplayName("INCRBY, DECRBY, INCR and DECR with random amounts agree with a running total")
    void randomWalk() {
        String k = key();
        long total = rnd().nextLong(-1_000_000, 1_000_000);
        var talk = talk("every counter command adds its delta to the value stored, and answers the sum as :<n>")
                .send("SET", k, Long.toString(total)).expect(OK);
        for (int i = 0; i < 40; i++) {
            long d = rnd().nextLong(-1_000_000_000L, 1_000_000_000L);
            switch (rnd().nextInt(4)) {
                case 0 -> talk.send("INCRBY", k, Long.toString(d)).expect(integer(total += d));
                case 1 -> talk.send("DECRBY", k, Long.toString(d)).expect(integer(total -= d));
                case 2 -> talk.send("INCR", k).expect(integer(++total));
                default -> talk.send("DECR", k).expect(integer(--total));
            }
        }
        talk.send("GET", k).expect(bulk(Long.toString(total)));
    }

    @Test
    @DisplayName("a stored value that is not a canonical integer is refused, and left as it was")
    void notAnInteger() {
        var talk = talk("parse the stored bytes strictly: no spaces, no '+', no leading zeros, no decimals, not empty");
        for (String bad : new String[] {"abc", "1.0", " 1", "1 ", "+1", "01", "", "0x10", "1e3",
                "9223372036854775808", "-9223372036854775809"}) {
            String k = key();
            talk.send("SET", k, bad).expect(OK)
                    .send("INCR", k).expect(NOT_INTEGER)
                    .send("GET", k).expect(bulk(bad));
        }
    }

    @Test
    @DisplayName("an increment that is not an integer is refused before the key is touched")
    void badIncrement() {
        String k = key();
        talk("parse the argument strictly (Args.parseLong) before looking at the key")
                .send("INCRBY", k, "1.5").expect(NOT_INTEGER)
                .send("INCRBY", k, "ten").expect(NOT_INTEGER)
                .send("DECRBY", k, "99999999999999999999").expect(NOT_INTEGER)
                .send("EXISTS", k).expect(integer(0))
                .send("INCRBY", k, "-0").expect(NOT_INTEGER)
                .send("INCRBY", k, "0").expect(integer(0));
    }

    @Test
    @DisplayName("going past 2^63-1 or below -2^63 is an error, and the value stays")
    void overflow() {
        String hi = key(), lo = key();
        talk("check before adding: value + delta must stay within a long (Java wraps around silently)")
                .send("SET", hi, Long.toString(Long.MAX_VALUE)).expect(OK)
                .send("INCR", hi).expect(OVERFLOW)
                .send("INCRBY", hi, "-1").expect(integer(Long.MAX_VALUE - 1))
                .send("INCRBY", hi, "2").expect(OVERFLOW)
                .send("SET", lo, Long.toString(Long.MIN_VALUE)).expect(OK)
                .send("DECR", lo).expect(OVERFLOW)
                .send("DECRBY", lo, Long.toString(Long.MAX_VALUE)).expect(OVERFLOW)
                .send("INCRBY", lo, Long.toString(Long.MAX_VALUE)).expect(integer(-1))
                .send("GET", hi).expect(bulk(Long.toString(Long.MAX_VALUE - 1)));
    }

    @Test
    @DisplayName("DECRBY -9223372036854775808 cannot be negated: its own error")
    void decrbyMinValue() {
        String k = key();
        talk("-(-2^63) does not fit in a long; DECRBY refuses it with 'decrement would overflow'")
                .send("SET", k, "5").expect(OK)
                .send("DECRBY", k, Long.toString(Long.MIN_VALUE)).expect("-ERR decrement would overflow\r\n")
                .send("INCRBY", k, Long.toString(Long.MIN_VALUE)).expect(integer(Long.MIN_VALUE + 5));
    }

    @Test
    @DisplayName("a counter is stored so that OBJECT ENCODING says int")
    void counterEncoding() {
        String k = key();
        talk("store the result's canonical digits")
                .send("INCRBY", k, "12345").expect(integer(12345))
                .send("OBJECT", "ENCODING", k).expect(bulk("int"));
    }

    @Test
    @DisplayName("APPEND to a number keeps it a number: \"12\" + \"3\" is 123, and INCR gives 124")
    void appendToNumber() {
        String k = key();
        talk("after APPEND the value is a MutableString; every reader must handle both kinds of string value")
                .send("SET", k, "12").expect(OK)
                .send("APPEND", k, "3").expect(integer(3))
                .send("INCR", k).expect(integer(124))
                .send("APPEND", k, "x").expect(integer(4))
                .send("GET", k).expect(bulk("124x"));
    }
}
