/*
 * Dict: lookups through incremental growth and shrinking, and the SCAN guarantee (every key
 * present for the whole scan is returned at least once) while the table resizes between calls.
 */
package dev.rediscover.keyspace;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class DictTest {
    private static byte[] key(String s) { return s.getBytes(StandardCharsets.UTF_8); }

    private static String text(byte[] b) { return new String(b, StandardCharsets.UTF_8); }

    @Test
    void putGetRemoveThroughGrowthAndShrink() {
        Dict<String> d = new Dict<>();
        Map<String, String> model = new HashMap<>();
        String prefix = UUID.randomUUID().toString();
        boolean sawRehash = false;
        for (int i = 0; i < 5000; i++) {
            String k = prefix + i;
            assertThat(d.put(key(k), "v" + i)).isNull();
            model.put(k, "v" + i);
            sawRehash |= d.isRehashing();
        }
        assertThat(sawRehash).as("growth rehashes incrementally").isTrue();
        assertThat(d.size()).isEqualTo(5000);
        for (Map.Entry<String, String> e : model.entrySet()) assertThat(d.get(key(e.getKey()))).isEqualTo(e.getValue());
        assertThat(d.put(key(prefix + 7), "replaced")).isEqualTo("v7");
        assertThat(d.get(key(prefix + 7))).isEqualTo("replaced");
        int bucketsWhenFull = d.buckets();

        for (int i = 0; i < 4990; i++) {
            assertThat(d.remove(key(prefix + i))).isNotNull();
            assertThat(d.remove(key(prefix + i))).isNull();
        }
        assertThat(d.size()).isEqualTo(10);
        assertThat(d.shrinkIfNeeded()).isTrue();
        // Lookups stay correct in the middle of the shrinking rehash.
        for (int i = 4990; i < 5000; i++) assertThat(d.get(key(prefix + i))).isEqualTo("v" + i);
        while (d.rehash(10)) { /* finish */ }
        assertThat(d.buckets()).isLessThan(bucketsWhenFull).isEqualTo(16);
        for (int i = 4990; i < 5000; i++) assertThat(d.get(key(prefix + i))).isEqualTo("v" + i);
        assertThat(d.get(key(prefix + 0))).isNull();
    }

    @Test
    void emptyAndBinaryKeys() {
        Dict<Integer> d = new Dict<>();
        assertThat(d.get(new byte[0])).isNull();
        assertThat(d.remove(new byte[0])).isNull();
        assertThat(d.scan(0, e -> { })).isZero();
        d.put(new byte[0], 1);
        d.put(new byte[]{0, (byte) 0xff}, 2);
        d.put(new byte[]{0, (byte) 0xfe}, 3);
        assertThat(d.get(new byte[0])).isEqualTo(1);
        assertThat(d.get(new byte[]{0, (byte) 0xff})).isEqualTo(2);
        assertThat(d.get(new byte[]{0, (byte) 0xfe})).isEqualTo(3);
    }

    @Test
    void growthAfterInsertsDuringAShrinkJumpsStraightToAFittingSize() {
        Dict<Integer> d = new Dict<>();
        for (int i = 0; i < 1024; i++) d.put(key("a" + i), i);
        while (d.rehash(100)) { }
        for (int i = 10; i < 1024; i++) d.remove(key("a" + i));
        assertThat(d.shrinkIfNeeded()).isTrue();
        // New keys go to the 16-bucket shrink target while the rehash walks 1024 mostly empty
        // buckets, so when it ends the small table is overloaded and must grow at once.
        assertThat(d.buckets()).isEqualTo(1024 + 16);
        int n = 0;
        while (d.buckets() == 1024 + 16) d.insertNew(key("b" + n++), n);
        assertThat(d.size()).isGreaterThan(32);
        assertThat(d.isRehashing()).isTrue();
        // The new table holds every entry at once: not a mere doubling to 32 buckets.
        int grownTo = d.buckets() - 16;
        assertThat(grownTo).isGreaterThanOrEqualTo(d.size()).isLessThan(2 * d.size());
        while (d.rehash(100)) { }
        assertThat(d.get(key("b" + (n - 1)))).isEqualTo(n);
        assertThat(d.get(key("a3"))).isEqualTo(3);
    }

    @Test
    void fullScanOfAStaticTableReturnsEveryKeyExactlyOnce() {
        Dict<Integer> d = new Dict<>();
        for (int i = 0; i < 3000; i++) d.put(key("k" + i), i);
        List<String> seen = new ArrayList<>();
        long cursor = 0;
        do {
            cursor = d.scan(cursor, e -> seen.add(text(e.key())));
        } while (cursor != 0);
        assertThat(seen).hasSize(d.size()).doesNotHaveDuplicates();
    }

    @Test
    void scanOfARehashingTableCoversBothTables() {
        Dict<Integer> d = new Dict<>();
        for (int i = 0; i < 64; i++) d.put(key("k" + i), i);
        while (d.rehash(100)) { }
        d.insertNew(key("grow"), 0);   // 65 entries: growth starts and is left (almost) undone
        assertThat(d.isRehashing()).isTrue();
        Set<String> seen = new HashSet<>();
        long cursor = 0;
        do {
            cursor = d.scan(cursor, e -> seen.add(text(e.key())));
        } while (cursor != 0);
        assertThat(seen).hasSize(65);
    }

    /**
     * The SCAN guarantee: between any two SCAN steps the table may gain keys (and grow), lose
     * keys (and shrink), or advance a rehash; keys present throughout are all returned.
     */
    @Property(tries = 300)
    void scanReturnsEveryKeyPresentForTheWholeScan(
            @ForAll long seed,
            @ForAll @IntRange(min = 0, max = 200) int stableCount,
            @ForAll @IntRange(min = 0, max = 2000) int churnCount) {
        SplittableRandom rnd = new SplittableRandom(seed);
        Dict<Integer> d = new Dict<>();
        Set<String> stable = new HashSet<>();
        List<String> churn = new ArrayList<>();
        int next = 0;
        for (int i = 0; i < stableCount; i++) {
            String k = "s" + i;
            stable.add(k);
            d.put(key(k), i);
        }
        for (int i = 0; i < churnCount; i++) {
            String k = "c" + next++;
            churn.add(k);
            d.put(key(k), i);
        }
        Set<String> seen = new HashSet<>();
        long cursor = 0;
        int steps = 0;
        do {
            cursor = d.scan(cursor, e -> seen.add(text(e.key())));
            switch (rnd.nextInt(6)) {
                case 0 -> {                       // a burst of new keys: growth
                    int n = rnd.nextInt(1, 600);
                    for (int i = 0; i < n; i++) {
                        String k = "c" + next++;
                        churn.add(k);
                        d.put(key(k), i);
                    }
                }
                case 1 -> {                       // mass deletion, then the cron's shrink check
                    int n = rnd.nextInt(churn.size() + 1);
                    for (int i = 0; i < n; i++) d.remove(key(churn.remove(churn.size() - 1)));
                    d.shrinkIfNeeded();
                }
                case 2 -> d.rehash(rnd.nextInt(1, 50));
                case 3 -> d.shrinkIfNeeded();
                case 4 -> {                       // blind inserts (Database.add): one rehash step
                    int n = rnd.nextInt(1, 300);  // each, so SCAN meets half-rehashed tables
                    for (int i = 0; i < n; i++) {
                        String k = "c" + next++;
                        churn.add(k);
                        d.insertNew(key(k), i);
                    }
                }
                default -> { }
            }
            steps++;
            assertThat(steps).as("scan must terminate").isLessThan(1_000_000);
        } while (cursor != 0);
        assertThat(seen).containsAll(stable);
    }

    @Property(tries = 100)
    void randomEntryAndSampleOnlyReturnPresentKeys(@ForAll long seed, @ForAll @IntRange(min = 1, max = 500) int n) {
        Random rnd = new Random(seed);
        Dict<Integer> d = new Dict<>();
        for (int i = 0; i < n; i++) d.put(key("k" + i), i);
        for (int i = 0; i < n / 2; i++) d.remove(key("k" + i));
        d.shrinkIfNeeded();
        Set<String> present = new HashSet<>();
        d.forEach(e -> present.add(text(e.key())));
        assertThat(present).hasSize(d.size());
        if (d.size() == 0) return;
        for (int i = 0; i < 20; i++) assertThat(present).contains(text(d.randomEntry(rnd).key()));
        List<String> sampled = new ArrayList<>();
        int got = d.sample(20, rnd, e -> sampled.add(text(e.key())));
        assertThat(got).isEqualTo(sampled.size()).isPositive();
        assertThat(present).containsAll(sampled);
    }
}
