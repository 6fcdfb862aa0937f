/*
 * The background snapshot's point-in-time promise, checked with a fake sink that records what it
 * is handed: whatever happens to the keyspace while the walk advances a slice at a time, the
 * snapshot holds exactly the keys, values and TTLs of the moment it began, each key once.
 * (The copy-before-write through the dispatcher is exercised end to end in BackgroundSaveTest.)
 */
package dev.rediscover.persistence;

import dev.rediscover.keyspace.Database;
import dev.rediscover.keyspace.Keyspace;
import dev.rediscover.keyspace.RedisObject;
import dev.rediscover.server.ManualClock;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class SnapshotTest {
    /** Records "db/key" -> "value@expireAt" as handed over, and how the snapshot ended. */
    static class RecordingSink implements SnapshotSink {
        final Map<String, String> seen = new HashMap<>();
        final List<String> duplicates = new ArrayList<>();
        Boolean aborted;

        @Override public void key(int db, byte[] key, RedisObject o) {
            String k = db + "/" + str(key);
            if (seen.put(k, describe(o)) != null) duplicates.add(k);
        }

        @Override public void end(boolean aborted) { this.aborted = aborted; }
    }

    static String str(byte[] b) { return new String(b, StandardCharsets.UTF_8); }

    static String describe(RedisObject o) { return str((byte[]) o.value) + "@" + o.expireAt; }

    private final ManualClock clock = new ManualClock(1_700_000_000_000L);

    private static byte[] b(String s) { return s.getBytes(StandardCharsets.UTF_8); }

    /** What the keyspace holds now, in the recording sink's notation. */
    private static Map<String, String> contents(Keyspace ks) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < ks.count(); i++) {
            int db = i;
            ks.db(i).forEach(e -> m.put(db + "/" + str(e.key()), describe(e.value())));
        }
        return m;
    }

    @Test
    void walkHandsOverEveryKeyOnceWhenNothingChanges() {
        Keyspace ks = new Keyspace(4, clock);
        for (int i = 0; i < 1000; i++) ks.db(i % 4).set(b("k" + i), b("v" + i), false);
        RecordingSink sink = new RecordingSink();
        Snapshot s = new Snapshot(ks, sink);
        assertThat(s.keysTotal()).isEqualTo(1000);
        while (!s.step(0)) { }
        s.complete();
        assertThat(sink.seen).isEqualTo(contents(ks));
        assertThat(sink.duplicates).isEmpty();
        assertThat(sink.aborted).isFalse();
        assertThat(s.keysProcessed()).isEqualTo(1000);
    }

    @Test
    void snapshotKeepsThePointInTimeWhileKeysChange() {
        SplittableRandom rnd = new SplittableRandom(42);
        Keyspace ks = new Keyspace(4, clock);
        for (int i = 0; i < 20_000; i++) {
            Database db = ks.db(rnd.nextInt(4));
            db.set(b("k" + i), b("v" + i), false);
            if (rnd.nextInt(5) == 0) db.setExpire(b("k" + i), db.peek(b("k" + i)), clock.millis() + 100_000 + i);
        }
        Map<String, String> before = contents(ks);
        RecordingSink sink = new RecordingSink();
        Snapshot s = new Snapshot(ks, sink);
        int round = 0;
        while (!s.step(0)) {
            // Between slices, what commands would do, each preceded by the copy-before-write the
            // dispatcher hook performs for the keys a write command names.
            for (int n = 0; n < 20; n++) {
                Database db = ks.db(rnd.nextInt(4));
                byte[] key = b("k" + rnd.nextInt(25_000));
                s.encodeIfOwed(db, key);
                switch (rnd.nextInt(5)) {
                    case 0 -> db.set(key, b("changed" + round), false);
                    case 1 -> db.delete(key);
                    case 2 -> {
                        RedisObject o = db.peek(key);
                        if (o != null) db.setExpire(key, o, clock.millis() + 5);
                    }
                    case 3 -> {
                        byte[] dst = b("k" + rnd.nextInt(25_000));
                        s.encodeIfOwed(db, dst);
                        RedisObject o = db.peek(key);
                        if (o != null) {
                            db.delete(key);
                            db.put(dst, o);
                        }
                    }
                    default -> db.set(b("new" + round + "-" + n), b("x"), false);
                }
            }
            round++;
        }
        s.complete();
        assertThat(round).as("the walk took many slices").isGreaterThan(10);
        assertThat(sink.duplicates).isEmpty();
        assertThat(sink.seen).isEqualTo(before);
    }

    @Test
    void flushdbAndSwapdbDuringTheWalkDoNotChangeTheSnapshot() {
        Keyspace ks = new Keyspace(4, clock);
        for (int i = 0; i < 4000; i++) ks.db(i % 4).set(b("k" + i), b("v" + i), false);
        Map<String, String> before = contents(ks);
        RecordingSink sink = new RecordingSink();
        Snapshot s = new Snapshot(ks, sink);
        s.step(0);
        ks.flush(0);
        ks.db(0).set(b("after-flush"), b("x"), false);
        ks.swap(2, 3);
        // After SWAPDB, db 2 holds what db 3 had: a write there owes the key to db 3.
        s.encodeIfOwed(ks.db(2), b("k3"));
        ks.db(2).set(b("k3"), b("changed"), false);
        while (!s.step(0)) { }
        s.complete();
        assertThat(sink.duplicates).isEmpty();
        assertThat(sink.seen).isEqualTo(before);
    }

    @Test
    void aNewSnapshotOwesEveryKeyAgainIncludingOnesBornDuringTheLastOne() {
        Keyspace ks = new Keyspace(1, clock);
        for (int i = 0; i < 100; i++) ks.db(0).set(b("k" + i), b("v"), false);
        Snapshot first = new Snapshot(ks, new RecordingSink());
        first.step(0);
        for (int i = 0; i < 50; i++) ks.db(0).set(b("born" + i), b("v"), false);
        while (!first.step(0)) { }
        first.complete();
        for (int i = 0; i < 50; i++) ks.db(0).set(b("between" + i), b("v"), false);
        RecordingSink sink = new RecordingSink();
        Snapshot second = new Snapshot(ks, sink);
        while (!second.step(0)) { }
        second.complete();
        assertThat(sink.seen).hasSize(200).isEqualTo(contents(ks));
    }

    @Test
    void abortTellsTheSinkAndStopsHandingOver() {
        Keyspace ks = new Keyspace(1, clock);
        for (int i = 0; i < 100; i++) ks.db(0).set(b("k" + i), b("v"), false);
        RecordingSink sink = new RecordingSink();
        Snapshot s = new Snapshot(ks, sink);
        s.abort();
        s.encodeIfOwed(ks.db(0), b("k1"));
        assertThat(sink.aborted).isTrue();
        assertThat(sink.seen).isEmpty();
    }
}
