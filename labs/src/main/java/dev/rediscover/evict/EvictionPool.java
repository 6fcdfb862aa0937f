/*
 * The eviction pool of Redis's approximated LRU/LFU/TTL (evict.c: EVPOOL_SIZE,
 * evictionPoolAlloc, evictionPoolPopulate).
 *
 * Redis never keeps keys sorted by access time: that would cost memory and work on every read.
 * Instead, each time it must free memory, it samples maxmemory-samples keys and keeps, across
 * rounds, the 16 best candidates seen so far sorted by "idle" score (higher = better to evict:
 * idle time for LRU, 255 - frequency for LFU, how soon the TTL ends for volatile-ttl). The best
 * candidate is evicted, and the rest of the pool carries over to the next round, which is what
 * makes a sample of 5 come close to true LRU.
 *
 * Entries are ascending by idle: slot 0 the weakest candidate, the last filled slot the best.
 */
package dev.rediscover.evict;

import dev.rediscover.lab.Lab;
import dev.rediscover.lab.LabNotDone;

final class EvictionPool {
    static final int SIZE = 16;              // EVPOOL_SIZE

    final long[] idle = new long[SIZE];
    final byte[][] key = new byte[SIZE][];   // null = empty slot
    final int[] db = new int[SIZE];

    // tag::offer[]
    /**
     * Offer a sampled key (Redis: the insertion loop of evictionPoolPopulate). A key weaker than
     * every candidate of a full pool is dropped; otherwise it goes in sorted, pushing out the
     * weakest candidate when the pool is full.
     */
    @Lab(14)
    void offer(long score, byte[] k, int dbId) {
        throw new LabNotDone(14, "EvictionPool.offer");
    }
    // end::offer[]

    /** Empty slot i (the key was evicted or is gone). Later slots stay where they are. */
    void clear(int i) { key[i] = null; }

    /** Compact after clears so the filled slots are again 0..n-1 in order. */
    void compact() {
        int w = 0;
        for (int r = 0; r < SIZE; r++) {
            if (key[r] == null) continue;
            idle[w] = idle[r];
            key[w] = key[r];
            db[w] = db[r];
            w++;
        }
        for (; w < SIZE; w++) key[w] = null;
    }

    int size() {
        int n = 0;
        for (byte[] k : key) if (k != null) n++;
        return n;
    }
}
