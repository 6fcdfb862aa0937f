/*
 * Task 5: keys in a file. An RDB file is a header, aux fields, database selectors and one record
 * per key: [0xFC + expiry in ms, 8 bytes little endian] type key value. The loader's main loop
 * is given; these tests load a file redis-server wrote, and check that the records the engine
 * writes (RdbEncoder.keyValue) load back the same.
 */
package dev.rediscover.lessons.lab11;

import dev.rediscover.rdb.RdbLoader;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

@Order(5)   // LabRunner runs the classes in task order
class RdbFileTest extends RdbLab {
    @Test
    @DisplayName("a file redis-server wrote loads: strings of every form and a list")
    void aFileRedisWroteLoads() {
        RdbLoader.Result r = load(RedisFixtures.rdbFile());
        assertThat(r.keysLoaded()).as("keys loaded from redis-server's file (one more had expired)").isEqualTo(7);
        assertThat(r.aux()).as("aux fields").containsEntry("redis-ver", RedisFixtures.REDIS_VERSION);
        x("a plain string").send("GET", "greeting").expect(bulk(bytes("hello")));
        x("an int8-encoded string").send("GET", "counter").expect(bulk(bytes("42")));
        x("a 20-character number is a plain string").send("GET", "big").expect(bulk(bytes("-9223372036854775808")));
        x("an LZF string").send("GET", "repeated").expect(bulk(bytes("abc".repeat(100))));
        x("a list").send("LRANGE", "queue", "0", "-1").expect("*3\r\n$5\r\nfirst\r\n$1\r\n2\r\n$5\r\nthird\r\n");
    }

    @Test
    @DisplayName("expiry times and databases come from the file; an expired key is dropped")
    void expiryTimesAndDatabasesComeFromTheFile() {
        load(RedisFixtures.rdbFile());
        x("the expiry before the key (0xFC, ms, little endian)").send("PEXPIRETIME", "session").expect(":4102444800000\r\n");
        x("a key without a TTL").send("PEXPIRETIME", "greeting").expect(":-1\r\n");
        x("a key that had expired when the file was loaded is dropped").send("EXISTS", "gone").expect(":0\r\n");
        x("SELECT 2").send("SELECT", "2").expect(OK);
        x("keys after SELECTDB 2 go to database 2").send("GET", "elsewhere").expect(bulk(bytes("db two")));
    }

    @Test
    @DisplayName("a file the engine saves loads back with the same keys, values and TTLs")
    void whatTheEngineSavesLoadsBackUnchanged() {
        load(RedisFixtures.rdbFile());
        String k = randomKey();
        set(k, noise(5000, 9));
        x("PEXPIREAT").send("PEXPIREAT", k, "4200000000000").expect(":1\r\n");
        byte[] file = save();
        x("FLUSHALL").send("FLUSHALL").expect(OK);
        RdbLoader.Result r = load(file);
        assertThat(r.keysLoaded()).as("keys in the file the engine wrote").isEqualTo(8);
        x("the new key").send("GET", k).expect(bulk(noise(5000, 9)));
        x("its TTL").send("PEXPIRETIME", k).expect(":4200000000000\r\n");
        x("a key from redis's file, saved again").send("GET", "repeated").expect(bulk(bytes("abc".repeat(100))));
        x("its TTL, saved again").send("PEXPIRETIME", "session").expect(":4102444800000\r\n");
        x("SELECT 2").send("SELECT", "2").expect(OK);
        x("database 2").send("GET", "elsewhere").expect(bulk(bytes("db two")));
    }

    @Test
    @DisplayName("an expiring key is written as FC <ms little endian> 00 <key> <value>")
    void anExpiringKeyIsWrittenWithTheExpiryRecordFirst() {
        String k = randomKey();
        set(k, bytes("v"));
        x("PEXPIREAT").send("PEXPIREAT", k, "4102444800123").expect(":1\r\n");
        byte[] file = save();
        ByteArrayOutputStream record = new ByteArrayOutputStream();
        record.write(0xFC);
        long at = 4102444800123L;
        for (int i = 0; i < 8; i++) record.write((int) (at >>> (8 * i)));
        record.write(0);                                     // type: string
        record.write(k.length());
        record.writeBytes(bytes(k));
        record.write(1);
        record.write('v');
        assertThat(indexOf(file, record.toByteArray()))
                .as("the file must contain FC <8-byte little-endian ms> 00 <key> <value> for an expiring key "
                        + "(RdbEncoder.keyValue)").isNotNegative();
    }

    @Test
    @DisplayName("a key without a TTL has no expiry record")
    void aKeyWithoutTtlHasNoExpiryRecord() {
        String k = randomKey();
        set(k, bytes("plain"));
        byte[] file = save();
        byte[] key = bytes(k);
        int at = indexOf(file, key);
        assertThat(at).as("the key must be in the file").isPositive();
        assertThat(file[at - 2] & 0xff).as("the key's record starts with its type byte 0x00 (no 0xFC before it)").isZero();
        assertThat(file[at - 1] & 0xff).as("then the key's length").isEqualTo(k.length());
    }

    static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) if (hay[i + j] != needle[j]) continue outer;
            return i;
        }
        return -1;
    }
}
