/*
 * Task 8: DEL, EXISTS and TYPE (keyspace/KeyCommands.java), the first commands that are about
 * keys rather than values.
 */
package dev.rediscover.lessons.lab03;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@Order(3)   // LabRunner runs the classes in task order
class KeyCommandsTest extends Lab03Support {

    @Test
    @DisplayName("DEL answers how many of the keys existed, and they are gone afterwards")
    void del() {
        String a = key(), b = key(), missing = key();
        talk("count only the keys Database.delete really removed")
                .send("SET", a, word(5)).expect(OK)
                .send("SET", b, word(5)).expect(OK)
                .send("DEL", a, missing, b).expect(integer(2))
                .send("GET", a).expect(NIL)
                .send("GET", b).expect(NIL)
                .send("DEL", a).expect(integer(0));
    }

    @Test
    @DisplayName("DEL of the same key twice in one call counts it once")
    void delTwice() {
        String k = key();
        talk("the second delete of the same key finds nothing: it must not be counted")
                .send("SET", k, word(5)).expect(OK)
                .send("DEL", k, k).expect(integer(1));
    }

    @Test
    @DisplayName("a deleted key can be set again, with a fresh value")
    void delThenSet() {
        byte[] k = binaryKey();
        byte[] v1 = randomBytes(10), v2 = randomBytes(3);
        talk("Database.delete must remove the entry from the Dict, so a later set inserts a new one")
                .send(bytes("SET"), k, v1).expect(OK)
                .send(bytes("DEL"), k).expect(integer(1))
                .send(bytes("GET"), k).expect(NIL)
                .send(bytes("SET"), k, v2, bytes("NX")).expect(OK)
                .send(bytes("GET"), k).expect(bulk(v2));
    }

    @Test
    @DisplayName("EXISTS counts the keys that exist, a key named twice counted twice")
    void exists() {
        String a = key(), b = key(), missing = key();
        talk("EXISTS answers a count, not a boolean: one per argument that names a live key")
                .send("SET", a, "1").expect(OK)
                .send("SET", b, "2").expect(OK)
                .send("EXISTS", a).expect(integer(1))
                .send("EXISTS", missing).expect(integer(0))
                .send("EXISTS", a, b, missing, a).expect(integer(3));
    }

    @Test
    @DisplayName("TYPE answers +string for a string key and +none for a missing one")
    void type() {
        String k = key();
        talk("TYPE answers a simple string (+...), never a bulk string")
                .send("TYPE", k).expect("+none\r\n")
                .send("SET", k, word(5)).expect(OK)
                .send("TYPE", k).expect("+string\r\n")
                .send("SET", k, "").expect(OK)
                .send("TYPE", k).expect("+string\r\n");
    }

    @Test
    @DisplayName("DBSIZE follows SET, overwrite and DEL (in a database of our own)")
    void dbsize() {
        String a = key(), b = key();
        talk("an overwrite must not add an entry; a delete must remove one")
                .send("SELECT", "7").expect(OK)
                .send("FLUSHDB").expect(OK)
                .send("SET", a, "1").expect(OK)
                .send("SET", a, "2").expect(OK)
                .send("SET", b, "3").expect(OK)
                .send("DBSIZE").expect(integer(2))
                .send("DEL", a, b).expect(integer(2))
                .send("DBSIZE").expect(integer(0));
    }
}
