/*
 * Dict: a hash table from byte-string keys to values, built the way Redis builds its dict
 * (dict.c), because two of Redis's promises depend on how the table works inside:
 *
 * 1. Incremental rehashing. When the table must grow, Redis does not move every entry at once
 *    (a million keys would stall the server). It allocates the bigger table and moves one bucket
 *    per operation, and a little more on every server cron tick, until the old table is empty.
 *    While rehashing, lookups check both tables.
 *
 * 2. The SCAN guarantee. SCAN returns a cursor; every key present for the whole scan is returned
 *    at least once, even when the table grows or shrinks between calls. The trick (dictScan):
 *    the cursor walks bucket indexes in *reverse-bit* order. Growing the table from 2^n to
 *    2^(n+1) buckets splits bucket i into i and i + 2^n, which in reversed-bit order are
 *    neighbours, so buckets already visited stay visited in the bigger table.
 *
 *        table of 8:  cursor order 0 4 2 6 1 5 3 7   (000 100 010 110 001 101 011 111)
 *
 * Buckets are singly linked chains of Entry, like Redis's dictEntry. Table sizes are powers of
 * two so a bucket index is hash & mask. The hash is seeded per process, as Redis seeds SipHash, so
 * a client cannot pick keys that all land in one bucket.
 */
package dev.rediscover.keyspace;

import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

public final class Dict<V> {
    /** One key/value pair in a bucket's chain. */
    public static final class Entry<V> {
        final byte[] key;
        final int hash;
        V value;
        Entry<V> next;

        Entry(byte[] key, int hash, V value, Entry<V> next) {
            this.key = key;
            this.hash = hash;
            this.value = value;
            this.next = next;
        }

        public byte[] key() { return key; }

        public V value() { return value; }

        public void setValue(V v) { value = v; }
    }

    private static final int INITIAL_SIZE = 4;
    private static final int SEED = ThreadLocalRandom.current().nextInt() | 1;

    // Two tables, as in Redis: [0] is the live one, [1] is the target during a rehash.
    @SuppressWarnings("unchecked")
    private Entry<V>[][] tables = new Entry[2][];
    private final int[] used = new int[2];
    /** Next bucket of tables[0] to move to tables[1], or -1 when not rehashing. */
    private int rehashIndex = -1;

    /** Told of every value put in (new or replacing): see onStore. */
    public interface StoreHook<V> { void stored(V value); }

    private StoreHook<V> storeHook;

    /** Call hook with each value stored by insertNew or put (the keyspace's snapshot colour). */
    public void onStore(StoreHook<V> hook) { this.storeHook = hook; }

    /** Told of every value taken out by remove: see onRemove. */
    public interface RemoveHook<V> { void removed(V value); }

    private RemoveHook<V> removeHook;

    /**
     * Call hook with each value remove takes out (the keyspace's memory accounting: a deleted
     * key gives its bytes back, like Redis's dictType value destructor freeing through zfree).
     */
    public void onRemove(RemoveHook<V> hook) { this.removeHook = hook; }

    public int size() { return used[0] + used[1]; }

    public boolean isEmpty() { return size() == 0; }

    public boolean isRehashing() { return rehashIndex != -1; }

    /** Number of buckets (of the main table, plus the target while rehashing). */
    public int buckets() {
        return (tables[0] == null ? 0 : tables[0].length) + (tables[1] == null ? 0 : tables[1].length);
    }

    // ---------------------------------------------------------------- lookups

    public V get(byte[] key) {
        Entry<V> e = find(key);
        return e == null ? null : e.value;
    }

    public boolean containsKey(byte[] key) { return find(key) != null; }

    public Entry<V> find(byte[] key) {
        if (size() == 0) return null;
        if (isRehashing()) rehashStep();
        int h = hash(key);
        for (int t = 0; t <= 1; t++) {
            Entry<V>[] table = tables[t];
            if (table == null) break;
            for (Entry<V> e = table[h & (table.length - 1)]; e != null; e = e.next) {
                if (e.hash == h && Arrays.equals(e.key, key)) return e;
            }
            if (!isRehashing()) break;
        }
        return null;
    }

    // ---------------------------------------------------------------- updates

    /** Insert or replace. Returns the previous value, or null. */
    public V put(byte[] key, V value) {
        Entry<V> e = find(key);
        if (e != null) {
            V old = e.value;
            e.value = value;
            if (storeHook != null) storeHook.stored(value);
            return old;
        }
        insertNew(key, value);
        return null;
    }

    /** Insert a key known to be absent (the caller just looked). */
    public Entry<V> insertNew(byte[] key, V value) {
        // Adding is an operation like any other: it pays one rehash step (Redis: dictAddRaw), so
        // a workload of pure inserts (Database.add) still finishes a rehash it started.
        if (isRehashing()) rehashStep();
        expandIfNeeded();
        int h = hash(key);
        // While rehashing, new entries go to the new table so the old one only shrinks.
        int t = isRehashing() ? 1 : 0;
        Entry<V>[] table = tables[t];
        int i = h & (table.length - 1);
        Entry<V> e = new Entry<>(key, h, value, table[i]);
        table[i] = e;
        used[t]++;
        if (storeHook != null) storeHook.stored(value);
        return e;
    }

    /** Remove a key. Returns its value, or null if it was absent. */
    public V remove(byte[] key) {
        if (size() == 0) return null;
        if (isRehashing()) rehashStep();
        int h = hash(key);
        for (int t = 0; t <= 1; t++) {
            Entry<V>[] table = tables[t];
            if (table == null) break;
            int i = h & (table.length - 1);
            Entry<V> prev = null;
            for (Entry<V> e = table[i]; e != null; prev = e, e = e.next) {
                if (e.hash == h && Arrays.equals(e.key, key)) {
                    if (prev == null) table[i] = e.next;
                    else prev.next = e.next;
                    used[t]--;
                    if (removeHook != null) removeHook.removed(e.value);
                    return e.value;
                }
            }
            if (!isRehashing()) break;
        }
        return null;
    }

    public void clear() {
        tables[0] = null;
        tables[1] = null;
        used[0] = used[1] = 0;
        rehashIndex = -1;
    }

    // ---------------------------------------------------------------- resizing

    /**
     * Grow when there are as many entries as buckets (Redis: _dictExpandIfNeeded). The new size
     * is the power of two above the entry count, not just double the old size: keys added while
     * a shrink was rehashing can leave a small table holding far more entries than buckets, and
     * doubling would take several rounds of rehashing to bring the chains back to length ~1.
     */
    private void expandIfNeeded() {
        if (isRehashing()) return;
        if (tables[0] == null) {
            tables[0] = newTable(INITIAL_SIZE);
            return;
        }
        if (used[0] >= tables[0].length) startRehash(sizeFor(used[0] + 1));
    }

    /** The smallest power of two >= n, at least INITIAL_SIZE (Redis: _dictNextExp). */
    private static int sizeFor(long n) {
        if (n >= 1 << 30) return 1 << 30;
        int size = INITIAL_SIZE;
        while (size < n) size <<= 1;
        return size;
    }

    /**
     * Shrink when less than a tenth of the buckets are used (Redis: htNeedsResize, called from
     * the server cron). Returns true if a rehash started.
     */
    public boolean shrinkIfNeeded() {
        if (isRehashing() || tables[0] == null) return false;
        int size = tables[0].length;
        if (size > INITIAL_SIZE && (long) used[0] * 100 / size < 10) {
            int target = sizeFor(used[0]);
            if (target < size) {
                startRehash(target);
                return true;
            }
        }
        return false;
    }

    private void startRehash(int newSize) {
        tables[1] = newTable(newSize);
        rehashIndex = 0;
    }

    /** Move one non-empty bucket (visiting at most ten empty ones), as dictRehash(d, 1) does. */
    private void rehashStep() { rehash(1); }

    /**
     * Move up to n buckets from the old table to the new. Returns true if more work remains.
     * The server cron calls this with a time budget (Redis: dictRehashMilliseconds).
     */
    public boolean rehash(int n) {
        if (!isRehashing()) return false;
        Entry<V>[] from = tables[0];
        Entry<V>[] to = tables[1];
        int emptyVisits = n * 10;
        while (n-- > 0 && used[0] != 0) {
            while (from[rehashIndex] == null) {
                rehashIndex++;
                if (--emptyVisits == 0) return true;
            }
            Entry<V> e = from[rehashIndex];
            while (e != null) {
                Entry<V> next = e.next;
                int i = e.hash & (to.length - 1);
                e.next = to[i];
                to[i] = e;
                used[0]--;
                used[1]++;
                e = next;
            }
            from[rehashIndex] = null;
            rehashIndex++;
        }
        if (used[0] == 0) {
            tables[0] = tables[1];
            used[0] = used[1];
            tables[1] = null;
            used[1] = 0;
            rehashIndex = -1;
            return false;
        }
        return true;
    }

    // ---------------------------------------------------------------- iteration

    /**
     * One step of SCAN: call visitor for every entry in the bucket(s) at cursor and return the
     * next cursor, 0 when the scan is complete. See the class comment for why the cursor is
     * incremented in reversed-bit order.
     */
    public long scan(long cursor, Consumer<Entry<V>> visitor) {
        if (size() == 0) return 0;
        long v = cursor;
        if (!isRehashing()) {
            Entry<V>[] t0 = tables[0];
            long m0 = t0.length - 1;
            emitBucket(t0[(int) (v & m0)], visitor);
            v |= ~m0;        // set the bits above the mask so the increment carries past them
            v = Long.reverse(v);
            v++;
            v = Long.reverse(v);
        } else {
            // Visit the bucket in the small table, then all its expansions in the big one.
            Entry<V>[] small = tables[0], big = tables[1];
            if (small.length > big.length) { Entry<V>[] tmp = small; small = big; big = tmp; }
            long m0 = small.length - 1, m1 = big.length - 1;
            emitBucket(small[(int) (v & m0)], visitor);
            do {
                emitBucket(big[(int) (v & m1)], visitor);
                v |= ~m1;
                v = Long.reverse(v);
                v++;
                v = Long.reverse(v);
            } while ((v & (m0 ^ m1)) != 0);
        }
        return v;
    }

    private void emitBucket(Entry<V> e, Consumer<Entry<V>> visitor) {
        while (e != null) {
            Entry<V> next = e.next;   // the visitor may not remove entries, but be defensive
            visitor.accept(e);
            e = next;
        }
    }

    /** Visit every entry. The visitor must not add or remove keys. */
    public void forEach(Consumer<Entry<V>> visitor) {
        for (int t = 0; t <= 1; t++) {
            Entry<V>[] table = tables[t];
            if (table == null) continue;
            for (Entry<V> head : table) emitBucket(head, visitor);
        }
    }

    /**
     * A random entry, or null when empty (Redis: dictGetFairRandomKey, simplified). Picks random
     * buckets until a non-empty one turns up, then a random entry of its chain.
     */
    public Entry<V> randomEntry(RandomGenerator rnd) {
        if (size() == 0) return null;
        if (isRehashing()) rehashStep();
        Entry<V> head = null;
        while (head == null) {
            if (isRehashing()) {
                // Buckets of the old table below rehashIndex are known to be empty.
                int total = tables[0].length + tables[1].length;
                int i = rehashIndex + rnd.nextInt(total - rehashIndex);
                head = i >= tables[0].length ? tables[1][i - tables[0].length] : tables[0][i];
            } else {
                head = tables[0][rnd.nextInt(tables[0].length)];
            }
        }
        int len = 0;
        for (Entry<V> e = head; e != null; e = e.next) len++;
        int pick = rnd.nextInt(len);
        Entry<V> e = head;
        while (pick-- > 0) e = e.next;
        return e;
    }

    /**
     * Up to count entries from a random stretch of buckets (Redis: dictGetSomeKeys). Cheaper than
     * count calls to randomEntry and good enough for sampling: active expiry and eviction use it.
     */
    public int sample(int count, RandomGenerator rnd, Consumer<Entry<V>> visitor) {
        int n = Math.min(count, size());
        if (n == 0) return 0;
        int found = 0;
        int maxSteps = n * 10;
        for (int t = 0; t <= 1 && found < n; t++) {
            Entry<V>[] table = tables[t];
            if (table == null) continue;
            int mask = table.length - 1;
            int i = rnd.nextInt(table.length);
            for (int steps = 0; steps < Math.max(maxSteps, table.length) && steps <= mask && found < n; steps++) {
                for (Entry<V> e = table[(i + steps) & mask]; e != null && found < n; e = e.next) {
                    visitor.accept(e);
                    found++;
                }
                if (steps >= maxSteps) break;
            }
        }
        return found;
    }

    // ---------------------------------------------------------------- hashing

    @SuppressWarnings("unchecked")
    private static <V> Entry<V>[] newTable(int size) { return new Entry[size]; }

    /** Murmur3-style 32-bit hash of the key bytes, seeded per process. */
    public static int hash(byte[] key) {
        int h = SEED ^ key.length;
        int i = 0;
        for (; i + 4 <= key.length; i += 4) {
            int k = (key[i] & 0xff) | (key[i + 1] & 0xff) << 8 | (key[i + 2] & 0xff) << 16 | key[i + 3] << 24;
            k *= 0xcc9e2d51;
            k = Integer.rotateLeft(k, 15);
            k *= 0x1b873593;
            h ^= k;
            h = Integer.rotateLeft(h, 13);
            h = h * 5 + 0xe6546b64;
        }
        int k = 0;
        switch (key.length - i) {
            case 3: k ^= (key[i + 2] & 0xff) << 16;
            case 2: k ^= (key[i + 1] & 0xff) << 8;
            case 1:
                k ^= key[i] & 0xff;
                k *= 0xcc9e2d51;
                k = Integer.rotateLeft(k, 15);
                k *= 0x1b873593;
                h ^= k;
            default:
        }
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        h ^= h >>> 16;
        return h;
    }
}
