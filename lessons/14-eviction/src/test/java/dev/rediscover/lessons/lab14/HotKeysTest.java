/*
 * Lab 14, task 5: the point of it all. A cache holds more keys than fit; a fifth of them are
 * used, the rest are not; then a flood of new keys arrives. With the default kind of sampling
 * (a few keys per round, not all of them), allkeys-lru and allkeys-lfu must keep nearly every
 * hot key, where a policy blind to use (allkeys-random) keeps only about as many as it keeps
 * of the rest.
 *
 * Sampling is random, so the bounds are loose on purpose: with 10 samples (what Redis suggests
 * for near-true LRU) the engine kept every hot key in 40 runs of 40; the tests ask for 90%.
 */
package dev.rediscover.lessons.lab14;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

@Order(5)
class HotKeysTest extends EvictLab {
    static final int KEYS = 1000, HOT = 200, FLOOD = 500, SIZE = 300;

    int hotKept(Set<String> left, List<String> hot) {
        int n = 0;
        for (String k : hot) if (left.contains(k)) n++;
        return n;
    }

    @Test
    @DisplayName("allkeys-lru under a flood of new keys keeps the keys read recently")
    void lruKeepsHotKeys() {
        String p = prefix();
        config("maxmemory-samples", "10");
        config("maxmemory-policy", "allkeys-lru");
        List<String> all = names(p, KEYS), hot = all.subList(0, HOT);
        setAll(all, SIZE, "SET");
        clock.advanceMillis(100_000);
        for (String k : hot) hit(k, 1, "a read of a hot key");
        clock.advanceMillis(10_000);
        squeeze(-1000);                                      // a little room left, then the flood
        setAll(names(p + "flood", FLOOD), SIZE, "SET over maxmemory must evict, not fail");
        Set<String> left = keys();
        assertThat(evictedKeys()).as("evicted_keys after the flood").isGreaterThan(FLOOD * 8 / 10);
        assertThat(hotKept(left, hot)).as("hot keys kept of " + HOT + " (allkeys-random keeps about 130): "
                + "populate, score and offer together approximate LRU").isGreaterThanOrEqualTo(HOT * 9 / 10);
    }

    @Test
    @DisplayName("allkeys-lfu under a flood of new keys keeps the keys used often")
    void lfuKeepsHotKeys() {
        String p = prefix();
        config("maxmemory-samples", "10");
        config("maxmemory-policy", "allkeys-lfu");
        List<String> all = names(p, KEYS), hot = all.subList(0, HOT);
        setAll(all, SIZE, "SET");
        for (String k : hot) hit(k, 30, "reads of a hot key");
        squeeze(-1000);
        setAll(names(p + "flood", FLOOD), SIZE, "SET over maxmemory must evict, not fail");
        Set<String> left = keys();
        assertThat(evictedKeys()).as("evicted_keys after the flood").isGreaterThan(FLOOD * 8 / 10);
        assertThat(hotKept(left, hot)).as("hot keys kept of " + HOT + ": their counters (about 8) beat the "
                + "cold keys' 5").isGreaterThanOrEqualTo(HOT * 9 / 10);
    }
}
