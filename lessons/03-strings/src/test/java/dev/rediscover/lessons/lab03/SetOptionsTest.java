/*
 * Task 3: SET's options (StringCommands.setGeneric). NX, XX, GET and KEEPTTL; the expiry
 * options EX/PX/EXAT/PXAT are lab 04's, and SET without them must not need any lab-04 code.
 *
 * The option parsing is given (SetOptions.parseSet): a bad combination is a syntax error before
 * your code runs. What you write is what happens next: read the old value, decide, store.
 */
package dev.rediscover.lessons.lab03;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@Order(2)   // LabRunner runs the classes in task order
class SetOptionsTest extends Lab03Support {

    @Test
    @DisplayName("SET NX writes only a missing key; on an existing key it answers nil and changes nothing")
    void nx() {
        String k = key();
        String v1 = word(10), v2 = word(10);
        talk("NX: store only when lookup found nothing; when you do not store, the reply is $-1, not +OK")
                .send("SET", k, v1, "NX").expect(OK)
                .send("SET", k, v2, "nx").expect(NIL)
                .send("GET", k).expect(bulk(v1));
    }

    @Test
    @DisplayName("SET XX writes only an existing key; on a missing key it answers nil and creates nothing")
    void xx() {
        String k = key();
        String v1 = word(10), v2 = word(10);
        talk("XX: store only when lookup found the key")
                .send("SET", k, v1, "XX").expect(NIL)
                .send("EXISTS", k).expect(integer(0))
                .send("SET", k, v1).expect(OK)
                .send("SET", k, v2, "XX").expect(OK)
                .send("GET", k).expect(bulk(v2));
    }

    @Test
    @DisplayName("SET GET answers the old value (nil if none) instead of +OK, and stores the new one")
    void get() {
        String k = key();
        String v1 = word(10), v2 = word(10);
        talk("with GET the old value is the reply: send it before storing, and send no +OK after it")
                .send("SET", k, v1, "GET").expect(NIL)
                .send("SET", k, v2, "GET").expect(bulk(v1))
                .send("GET", k).expect(bulk(v2));
    }

    @Test
    @DisplayName("SET NX GET on an existing key answers the old value and keeps it")
    void nxGet() {
        String k = key();
        String v1 = word(10), v2 = word(10);
        talk("GET replies first, then NX decides; a refused write is not a second reply")
                .send("SET", k, v1).expect(OK)
                .send("SET", k, v2, "NX", "GET").expect(bulk(v1))
                .send("GET", k).expect(bulk(v1))
                .send("SET", key(), v2, "NX", "GET").expect(NIL);
    }

    @Test
    @DisplayName("SET XX GET on a missing key answers nil and creates nothing")
    void xxGetMissing() {
        String k = key();
        talk("with GET and XX on a missing key: one reply ($-1), no key")
                .send("SET", k, word(5), "XX", "GET").expect(NIL)
                .send("EXISTS", k).expect(integer(0));
    }

    @Test
    @DisplayName("SET KEEPTTL on a key without a TTL is a plain SET")
    void keepTtl() {
        String k = key();
        String v1 = word(10), v2 = word(10);
        talk("KEEPTTL only means: do not clear the TTL. Without EX/PX, setGeneric must not call any lab-04 method")
                .send("SET", k, v1, "KEEPTTL").expect(OK)
                .send("SET", k, v2, "KEEPTTL", "GET").expect(bulk(v1))
                .send("GET", k).expect(bulk(v2));
    }

    @Test
    @DisplayName("contradictory or unknown options are a syntax error, and the value is untouched")
    void syntaxErrors() {
        String k = key();
        String v = word(10);
        talk("an option error must come before any write")
                .send("SET", k, v).expect(OK)
                .send("SET", k, "other", "NX", "XX").expect("-ERR syntax error\r\n")
                .send("SET", k, "other", "SOON").expect("-ERR syntax error\r\n")
                .send("SET", k, "other", "GET", "GET", "XX", "NX").expect("-ERR syntax error\r\n")
                .send("GET", k).expect(bulk(v));
    }

    @Test
    @DisplayName("SETNX answers 1 when it created the key and 0 when the key was there")
    void setnx() {
        String k = key();
        String v1 = word(10), v2 = word(10);
        talk("SETNX is given, but it runs on your Database.lookup and set")
                .send("SETNX", k, v1).expect(integer(1))
                .send("SETNX", k, v2).expect(integer(0))
                .send("GET", k).expect(bulk(v1));
    }
}
