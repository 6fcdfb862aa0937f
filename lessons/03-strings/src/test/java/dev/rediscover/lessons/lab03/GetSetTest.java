/*
 * Task 1 and 2: the keyspace (Database.lookup, set, delete) and the plain GET and SET.
 *
 * Redis strings are bytes, not text: every test here sends values a String-based server would
 * mangle (\0, \r\n, bytes >= 0x80), and an empty value, which is not the same as no value.
 */
package dev.rediscover.lessons.lab03;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

@Order(1)   // LabRunner runs the classes in task order
class GetSetTest extends Lab03Support {

    @Test
    @DisplayName("GET of a key nobody set is the null bulk string $-1")
    void getMissing() {
        talk("a missing key is not an error and not an empty string: reply with c.reply.nullBulk()")
                .send("GET", key()).expect(NIL);
    }

    @Test
    @DisplayName("SET answers +OK and GET gives back exactly the bytes stored")
    void setThenGet() {
        String k = key();
        String v = word(30);
        talk("Database.set must store the value under the key; Database.lookup must find it again")
                .send("SET", k, v).expect(OK)
                .send("GET", k).expect(bulk(v));
    }

    @Test
    @DisplayName("values are binary-safe: every byte 0..255 survives SET and GET")
    void binaryValue() {
        byte[] k = binaryKey();
        byte[] v = new byte[256 + rnd().nextInt(100)];
        for (int i = 0; i < v.length; i++) v[i] = (byte) i;
        talk("never turn a value into a Java String: keep the byte[] from c.argv as it is")
                .send(bytes("SET"), k, v).expect(OK)
                .send(bytes("GET"), k).expect(bulk(v));
    }

    @Test
    @DisplayName("keys are binary-safe too: keys that differ in one byte are different keys")
    void binaryKeys() {
        byte[] a = binaryKey();
        byte[] b = a.clone();
        b[b.length - 1] ^= 1;
        byte[] va = randomBytes(12), vb = randomBytes(13);
        talk("the Dict compares keys by content (Arrays.equals on the bytes), never by reference or as text")
                .send(bytes("SET"), a, va).expect(OK)
                .send(bytes("SET"), b, vb).expect(OK)
                .send(bytes("GET"), a).expect(bulk(va))
                .send(bytes("GET"), b).expect(bulk(vb));
    }

    @Test
    @DisplayName("an empty value is stored: GET answers $0 (empty), not $-1 (missing)")
    void emptyValue() {
        String k = key();
        talk("an empty byte[] is a value; only a missing key is nil")
                .send("SET", k, "").expect(OK)
                .send("GET", k).expect(EMPTY)
                .send("GET", key()).expect(NIL);
    }

    @Test
    @DisplayName("SET on an existing key replaces the value, however long the old one was")
    void overwrite() {
        String k = key();
        String first = word(20) + word(20), second = word(5);
        talk("Database.set must replace the value of the existing entry, not keep the old one or add a second entry")
                .send("SET", k, first).expect(OK)
                .send("SET", k, second).expect(OK)
                .send("GET", k).expect(bulk(second))
                .send("SET", k, first).expect(OK)
                .send("GET", k).expect(bulk(first));
    }

    @Test
    @DisplayName("300 random keys, set then read back in another order (the Dict grows as it fills)")
    void manyKeys() {
        Map<String, String> model = new LinkedHashMap<>();
        for (int i = 0; i < 300; i++) model.put(key(), word(40));
        var talk = talk("a key must stay findable while the Dict grows: use the given Dict (dict.find, dict.insertNew); don't keep your own map");
        model.forEach((k, v) -> talk.send("SET", k, v).expect(OK));
        model.entrySet().stream().sorted(Map.Entry.comparingByValue())
                .forEach(e -> talk.send("GET", e.getKey()).expect(bulk(e.getValue())));
    }

    @Test
    @DisplayName("GET with no key or two keys is refused with the arity error, and nothing is stored")
    void getArity() {
        String k = key();
        talk("the command table says GET has arity 2; the dispatcher checks it before calling your code")
                .send("GET").expect("-ERR wrong number of arguments for 'get' command\r\n")
                .send("SET", k).expect("-ERR wrong number of arguments for 'set' command\r\n")
                .send("GET", k).expect(NIL)
                .send("GET", k, k).expect("-ERR wrong number of arguments for 'get' command\r\n");
    }

    @Test
    @DisplayName("OBJECT ENCODING reports int, embstr or raw from what you stored")
    void encodings() {
        String small = key(), text = key(), big = key();
        long n = rnd().nextLong(-1_000_000_000L, 1_000_000_000L);
        talk("store the argument's bytes as they came; the encoding is derived from them "
                + "(digits of a long: int, up to 44 bytes: embstr, longer: raw)")
                .send("SET", small, Long.toString(n)).expect(OK)
                .send("OBJECT", "ENCODING", small).expect(bulk("int"))
                .send("SET", text, "x" + word(40)).expect(OK)
                .send("OBJECT", "ENCODING", text).expect(bulk("embstr"))
                .send("SET", big, "y".repeat(45)).expect(OK)
                .send("OBJECT", "ENCODING", big).expect(bulk("raw"));
    }

    @Test
    @DisplayName("commands sent in one write (a pipeline) are answered in order")
    void pipeline() {
        String k = key();
        String a = word(10), b = word(10);
        talk("each command's reply goes out in the order the commands came")
                .sendRaw(concat(dev.rediscover.testing.RawClient.encode("SET", k, a),
                        dev.rediscover.testing.RawClient.encode("GET", k),
                        dev.rediscover.testing.RawClient.encode("SET", k, b),
                        dev.rediscover.testing.RawClient.encode("GET", k)))
                .expect(OK).expect(bulk(a)).expect(OK).expect(bulk(b));
    }
}
