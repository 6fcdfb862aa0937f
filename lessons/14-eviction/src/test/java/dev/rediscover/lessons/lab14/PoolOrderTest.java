/*
 * Lab 14, task 4: which key goes first. Eviction.populate samples keys into the EvictionPool
 * (EvictionPool.offer keeps the best candidates sorted), scored by Eviction.score: idle time for
 * LRU, 255 minus the decayed counter for LFU, how soon the TTL ends for volatile-ttl.
 *
 * With maxmemory-samples 64 and at most 40 keys, every round samples every key (and offers the
 * pool more than its 16 slots), so the approximation is exact here: the keys must go in exactly
 * the policy's order. Each test checks that the keys gone are the first ones of that order.
 */
package dev.rediscover.lessons.lab14;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@Order(4)
class PoolOrderTest extends EvictLab {
    String p;

    @BeforeEach
    void everyKeyIsSampled() {
        config("maxmemory-samples", "64");
        p = prefix();
    }

    /** SET each key, one second apart on the clock (the LRU clock counts seconds). */
    void writeOneSecondApart(List<String> keys, String... extra) {
        for (String k : keys) {
            String[] cmd = new String[3 + extra.length];
            cmd[0] = "SET";
            cmd[1] = k;
            cmd[2] = value(BIG);
            System.arraycopy(extra, 0, cmd, 3, extra.length);
            expect("SET", OK, cmd);
            clock.advanceMillis(1000);
        }
    }

    @Test
    @DisplayName("allkeys-lru: the keys left alone longest go first, in order (40 candidates for 16 slots)")
    void lruEvictsOldestFirst() {
        List<String> keys = names(p, 40);
        writeOneSecondApart(keys);
        config("maxmemory-policy", "allkeys-lru");
        squeeze(5 * BIG + BIG / 2);
        assertEvictedInOrder(keys, 4, "score (LRU) = SecondsLruClock.idleMillis; offer keeps the pool sorted "
                + "ascending and, when full, drops slot 0 (the weakest), never the best; the best is the last slot");
    }

    @Test
    @DisplayName("allkeys-lru: a key read recently is young again and stays")
    void aReadMakesAKeyYoung() {
        List<String> keys = names(p, 20);
        writeOneSecondApart(keys);
        hit(p + "0", 1, "a read stamps the access time");
        hit(p + "1", 1, "a read stamps the access time");
        config("maxmemory-policy", "allkeys-lru");
        squeeze(5 * BIG + BIG / 2);
        List<String> order = new ArrayList<>(keys.subList(2, 20));
        order.add(p + "0");
        order.add(p + "1");
        assertEvictedInOrder(order, 4, "the idle time counts from the last access, not from the write");
    }

    @Test
    @DisplayName("allkeys-lfu: the least used go first, whatever their age")
    void lfuEvictsLeastUsedFirst() {
        config("maxmemory-policy", "allkeys-lfu");
        config("lfu-log-factor", "0");                    // every hit counts: exact counters
        List<String> keys = names(p, 30);
        writeOneSecondApart(keys);
        // The newest key is the most used: LRU would evict in the opposite order.
        for (int i = 0; i < 30; i++) hit(keys.get(i), 30 - i, "a read under allkeys-lfu");
        List<String> order = new ArrayList<>(keys);
        Collections.reverse(order);
        squeeze(5 * BIG + BIG / 2);
        assertEvictedInOrder(order, 4, "score (LFU) = 255 - lfu.decrAndReturn(o): the lowest counter is the best candidate");
    }

    @Test
    @DisplayName("allkeys-lfu scores the decayed counter: a key busy an hour ago goes before one busy now")
    void lfuScoresTheDecayedCounter() {
        config("maxmemory-policy", "allkeys-lfu");
        config("lfu-log-factor", "0");
        List<String> yesterday = names(p + "old", 10), today = names(p + "new", 10);
        setAll(yesterday, BIG, "SET under allkeys-lfu");
        for (String k : yesterday) hit(k, 100, "a read under allkeys-lfu");      // 105 each
        clock.advanceMillis(60 * 60_000);                                    // 105 - 60 = 45
        setAll(today, BIG, "SET under allkeys-lfu");
        for (String k : today) hit(k, 50, "a read under allkeys-lfu");         // 55 each
        squeeze(5 * BIG + BIG / 2);
        assertThat(keys()).as("score must use the counter after decay (decrAndReturn), not the stored one: "
                + "the old keys are at 45 now, the new at 55").containsAll(today);
        assertThat(evictedKeys()).isGreaterThanOrEqualTo(4);
    }

    @Test
    @DisplayName("volatile-ttl: the key whose TTL ends soonest goes first; keys without TTL never")
    void volatileTtlEvictsSoonestToExpire() {
        List<String> plain = names(p + "plain", 10);
        setAll(plain, BIG, "SET");
        List<String> ttl = names(p + "ttl", 30);
        // Written oldest first but with ever shorter TTLs: the newest key expires first.
        for (int i = 0; i < 30; i++) expect("SET EX", OK, "SET", ttl.get(i), value(BIG), "EX", Integer.toString(10_000 - 100 * i));
        List<String> order = new ArrayList<>(ttl);
        Collections.reverse(order);
        config("maxmemory-policy", "volatile-ttl");
        squeeze(5 * BIG + BIG / 2);
        assertThat(keys()).as("volatile-ttl never evicts a key without a TTL").containsAll(plain);
        assertEvictedInOrder(order, 4, "score (volatile-ttl) = Long.MAX_VALUE - o.expireAt: the soonest expiry scores highest");
    }

    @Test
    @DisplayName("volatile-lru: only keys with a TTL, the oldest of them first")
    void volatileLruSamplesOnlyTtlKeys() {
        List<String> plain = names(p + "plain", 10);
        writeOneSecondApart(plain);                        // the oldest keys, but no TTL
        List<String> ttl = names(p + "ttl", 20);
        writeOneSecondApart(ttl, "EX", "100000");
        config("maxmemory-policy", "volatile-lru");
        squeeze(5 * BIG + BIG / 2);
        assertThat(keys()).as("populate samples the dict it is given: for volatile-* that is db.expires()")
                .containsAll(plain);
        assertEvictedInOrder(ttl, 4, "among the keys with a TTL, LRU order");
    }

    @Test
    @DisplayName("volatile-lfu: only keys with a TTL, the least used of them first")
    void volatileLfuSamplesOnlyTtlKeys() {
        config("maxmemory-policy", "volatile-lfu");
        config("lfu-log-factor", "0");
        List<String> plain = names(p + "plain", 10);
        setAll(plain, BIG, "SET under volatile-lfu");
        List<String> ttl = names(p + "ttl", 20);
        for (int i = 0; i < 20; i++) {
            expect("SET EX", OK, "SET", ttl.get(i), value(BIG), "EX", "100000");
            hit(ttl.get(i), 1 + i, "a read under volatile-lfu");
        }
        squeeze(5 * BIG + BIG / 2);
        assertThat(keys()).as("keys without a TTL are never candidates").containsAll(plain);
        assertEvictedInOrder(ttl, 4, "among the keys with a TTL, the lowest counter first");
    }
}
