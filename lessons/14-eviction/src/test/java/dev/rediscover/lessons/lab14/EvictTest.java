/*
 * Lab 14, task 3: evicting a key (Eviction.evict) inside the loop (freeMemory), with the random
 * policies, whose choice of key is given (evictOne). An evicted key is deleted like any other, is
 * counted in INFO stats evicted_keys, is announced as the keyspace event "evicted", and
 * eviction stops as soon as used_memory is under maxmemory again.
 */
package dev.rediscover.lessons.lab14;

import dev.rediscover.testing.Exchange;
import dev.rediscover.testing.RawClient;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

@Order(3)
class EvictTest extends EvictLab {

    @Test
    @DisplayName("allkeys-random: a SET over the limit evicts just enough keys, counted in evicted_keys")
    void evictsJustEnough() {
        String p = prefix();
        setAll(names(p, 20), BIG, "SET before any maxmemory is set");
        config("maxmemory-policy", "allkeys-random");
        long max = squeeze(2 * BIG + BIG / 2);                    // 2.5 keys over: 3 must go
        expect("freeMemory evicts (evictOne) until the bytes freed cover what was over; then the SET runs",
                OK, "SET", p + "new", "v");
        long evicted = evictedKeys();
        assertThat(evicted).as("evicted_keys after freeing 2.5 keys' worth (evict must count each key: "
                + "keyspace.stats.evictedKeys++); more than 5 means the loop did not stop when enough was freed")
                .isBetween(2L, 5L);
        assertThat(keys()).as("keys left: 20 + 1 new - evicted").hasSize((int) (21 - evicted));
        assertThat(usedMemory()).as("used_memory after the eviction (maxmemory " + max + ")").isLessThanOrEqualTo(max);
    }

    @Test
    @DisplayName("setting maxmemory below what is used evicts at once, before any write comes")
    void configSetEvictsAtOnce() {
        String p = prefix();
        setAll(names(p, 10), BIG, "SET before any maxmemory is set");
        config("maxmemory-policy", "allkeys-random");
        squeeze(3 * BIG);
        assertThat(keys().size()).as("keys left after CONFIG SET maxmemory, with nothing written since "
                + "(the gate also runs before KEYS: a read still makes room)").isBetween(5, 7);
        assertThat(evictedKeys()).isBetween(3L, 5L);
    }

    @Test
    @DisplayName("an evicted key is announced as the keyspace event \"evicted\"")
    void evictionIsAnnounced() throws IOException {
        String p = prefix();
        String key = p + "only";
        expect("SET", OK, "SET", key, value(BIG));
        config("notify-keyspace-events", "Ee");
        RawClient sub = connect();
        Exchange.with(sub).send("SUBSCRIBE", "__keyevent@0__:evicted")
                .expect("*3\r\n$9\r\nsubscribe\r\n$22\r\n__keyevent@0__:evicted\r\n:1\r\n");
        config("maxmemory-policy", "allkeys-random");
        squeeze(BIG / 2);
        String event = "*3\r\n$7\r\nmessage\r\n$22\r\n__keyevent@0__:evicted\r\n$" + key.length() + "\r\n" + key + "\r\n";
        Exchange.with(sub).hint("evict: keyspace.notify(NotifyFlags.EVICTED, \"evicted\", key, db.id) after the delete")
                .expect(event);
        expect("the evicted key is gone", num(0), "EXISTS", key);
    }

    @Test
    @DisplayName("volatile-random evicts only keys with a TTL")
    void volatileRandomSparesKeysWithoutTtl() {
        String p = prefix();
        List<String> plain = names(p + "plain", 10);
        setAll(plain, BIG, "SET before any maxmemory is set");
        for (int i = 0; i < 10; i++) expect("SET EX", OK, "SET", p + "ttl" + i, value(BIG), "EX", "1000");
        config("maxmemory-policy", "volatile-random");
        squeeze(3 * BIG);
        Set<String> left = keys();
        assertThat(left).as("volatile-random must not evict a key without a TTL").containsAll(plain);
        assertThat(left.size()).as("keys left").isBetween(15, 17);
    }

    @Test
    @DisplayName("an eviction is a deletion: a WATCHed key that is evicted makes EXEC fail")
    void evictionTouchesWatchers() throws IOException {
        String key = prefix() + "watched";
        expect("SET", OK, "SET", key, value(BIG));
        expect("WATCH", OK, "WATCH", key);
        config("maxmemory-policy", "allkeys-random");
        RawClient other = connect();
        byte[] r = other.call("CONFIG", "SET", "maxmemory", "1");     // everything must go
        assertThat(new String(r, StandardCharsets.UTF_8)).isEqualTo(OK);
        other.call("CONFIG", "SET", "maxmemory", "0");
        expect("MULTI", OK, "MULTI");
        expect("queued", "+QUEUED\r\n", "PING");
        expect("evict deletes through Database.delete, which tells WATCH (keyModified): EXEC fails",
                "*-1\r\n", "EXEC");
    }
}
