/*
 * The LFU counter's arithmetic (Lfu) and the eviction pool's ordering (EvictionPool), without a
 * server: the two pieces lesson 14's learner writes.
 */
package dev.rediscover.evict;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class LfuTest {
    @Test
    void logIncrAlwaysClimbsAtFirstThenRarely() {
        assertThat(Lfu.logIncr(0, 10, 0.999)).isEqualTo(1);        // below INIT_VAL: p = 1
        assertThat(Lfu.logIncr(5, 10, 0.999)).isEqualTo(6);        // at INIT_VAL: p = 1
        assertThat(Lfu.logIncr(6, 10, 0.5)).isEqualTo(6);          // p = 1/11
        assertThat(Lfu.logIncr(6, 10, 0.05)).isEqualTo(7);
        assertThat(Lfu.logIncr(255, 0, 0.0)).isEqualTo(255);       // saturates
        assertThat(Lfu.logIncr(100, 0, 0.999)).isEqualTo(101);     // factor 0: every hit counts
    }

    @Test
    void aMillionHitsWithFactorTenLandNearTheTopLikeRedisTable() {
        // Redis's redis.conf table: factor 10, 1M hits -> 255; 100K hits -> ~142 (it is random).
        Random r = new Random(42);
        int c = Lfu.INIT_VAL;
        for (int i = 0; i < 100_000; i++) c = Lfu.logIncr(c, 10, r.nextDouble());
        assertThat(c).isBetween(120, 165);
        for (int i = 0; i < 900_000; i++) c = Lfu.logIncr(c, 10, r.nextDouble());
        assertThat(c).isGreaterThan(220);
    }

    @Test
    void decayIsOneUnitPerDecayPeriodAndAllowsOneWrap() {
        int lru = (10 << 8) | 20;
        assertThat(Lfu.decayed(lru, 13, 1)).isEqualTo(17);
        assertThat(Lfu.decayed(lru, 13, 2)).isEqualTo(19);         // 3 minutes = 1 period of 2
        assertThat(Lfu.decayed(lru, 13, 0)).isEqualTo(20);         // decay off
        assertThat(Lfu.decayed(lru, 100, 1)).isZero();             // never below zero
        int wrapped = (65530 << 8) | 20;
        assertThat(Lfu.decayed(wrapped, 4, 1)).isEqualTo(11);      // 65535-65530+4 = 9 minutes
    }

    @Test
    void poolKeepsTheSixteenBestCandidatesInAscendingOrder() {
        EvictionPool pool = new EvictionPool();
        Random r = new Random(7);
        long[] scores = r.longs(200, 0, 1_000_000).toArray();
        for (int i = 0; i < scores.length; i++) pool.offer(scores[i], ("k" + i).getBytes(), 0);
        long[] sorted = scores.clone();
        java.util.Arrays.sort(sorted);
        assertThat(pool.size()).isEqualTo(EvictionPool.SIZE);
        for (int i = 0; i < EvictionPool.SIZE; i++) {
            assertThat(pool.idle[i]).isEqualTo(sorted[sorted.length - EvictionPool.SIZE + i]);
        }
        pool.offer(-1, "weak".getBytes(), 0);                       // weaker than all: dropped
        assertThat(pool.idle[0]).isEqualTo(sorted[sorted.length - EvictionPool.SIZE]);
        pool.clear(EvictionPool.SIZE - 1);
        pool.offer(5, "x".getBytes(), 1);                          // room again: goes in sorted
        pool.compact();
        assertThat(pool.size()).isEqualTo(EvictionPool.SIZE);
        assertThat(new String(pool.key[0])).isEqualTo("x");
        assertThat(pool.db[0]).isEqualTo(1);
    }
}
